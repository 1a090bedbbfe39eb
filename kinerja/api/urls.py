"""URLs of the REST API (mounted at ``/api/v1/``; namespace ``api``)."""

from django.http import JsonResponse
from django.urls import URLPattern, path, re_path
from django.utils.translation import gettext as _
from django.views.decorators.csrf import csrf_exempt
from django.views.generic import RedirectView

from .api import api
from .docs import docs_page
from .errors import json_method_not_allowed


@csrf_exempt  # any method, with or without a session cookie: the answer is the JSON 404, never the CSRF page
def not_found(request, rest=""):
    """Unknown API paths answer JSON like every other API error."""
    return JsonResponse({"detail": _("Not found.")}, status=404)


app_name = "api"
urlpatterns = [
    path("", RedirectView.as_view(pattern_name="api:docs"), name="index"),  # before ninja's bare root
    path("docs", docs_page, name="docs"),
    # openapi.json ("api:openapi-json"), docs/swagger ("api:openapi-view"), the operations
    *(URLPattern(p.pattern, json_method_not_allowed(p.callback), p.default_args, p.name) for p in api.urls[0]),
    re_path(r"^(?P<rest>.+)$", not_found, name="not-found"),
]
