"""Request guards shared by the web pages and the API."""

from __future__ import annotations

from django.http import HttpResponseBadRequest, JsonResponse
from django.utils.translation import gettext as _

from .text import FORBIDDEN, forbidden_message


def is_api_path(path: str) -> bool:
    return path.startswith("/api/")


class ControlCharacterMiddleware:
    """Refuse a query string (or path) carrying a control character (``core/text.py``).

    Search boxes and filters read the query string in many places; a NUL byte there reached
    PostgreSQL, which refuses it (a 500). One check here covers them all: 422 with the parameter
    named on the API, 400 on a page. Form bodies are checked by the forms, with field errors.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        problem = self.find(request)
        if problem is not None:
            name, message = problem
            if is_api_path(request.path_info):
                return JsonResponse({"detail": _("Validation failed"), "errors": {name: [message]}}, status=422)
            return HttpResponseBadRequest(message, content_type="text/plain; charset=utf-8")
        return self.get_response(request)

    @staticmethod
    def find(request) -> tuple[str, str] | None:
        if FORBIDDEN.search(request.path_info):
            return "__all__", forbidden_message(request.path_info)
        for key, values in request.GET.lists():
            for text in (key, *values):
                message = forbidden_message(text)
                if message is not None:
                    return ("__all__" if FORBIDDEN.search(key) else key), message
        return None
