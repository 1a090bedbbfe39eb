"""URLs of the REST API (mounted at ``/api/v1/``; namespace ``api``)."""

from django.http import JsonResponse
from django.urls import URLPattern, path, re_path
from django.urls.resolvers import RoutePattern
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


def literal_first(patterns: list) -> list:
    """The routes without a converter (``progress/reports/submit``) ahead of the others, unless an earlier route
    also matches that path (then the order decides, and it is kept). Django resolves by trying the routes in
    turn and lists every one it passed (``ResolverMatch.tried``): the month-end rush's endpoint stood 128th.
    Moving a literal route forward changes the answer for its own path only, and nothing earlier matched it."""
    first, rest = [], []
    for i, pattern in enumerate(patterns):
        route = pattern.pattern
        literal = isinstance(route, RoutePattern) and not route.converters
        if literal and not any(other.pattern.match(str(route)) for other in patterns[:i]):
            first.append(pattern)
        else:
            rest.append(pattern)
    return first + rest


app_name = "api"
urlpatterns = [
    path("", RedirectView.as_view(pattern_name="api:docs"), name="index"),  # before ninja's bare root
    path("docs", docs_page, name="docs"),
    # openapi.json ("api:openapi-json"), docs/swagger ("api:openapi-view"), the operations
    *literal_first([URLPattern(p.pattern, json_method_not_allowed(p.callback), p.default_args, p.name)
                    for p in api.urls[0]]),
    re_path(r"^(?P<rest>.+)$", not_found, name="not-found"),
]
