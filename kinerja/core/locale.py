"""The interface language: Indonesian unless the user chose English (the language cookie).

Django's ``LocaleMiddleware`` follows the browser's ``Accept-Language`` when no language was chosen,
so an office PC with an English browser got English pages. Kinerja is Indonesian first: a web page
uses the language the user picked with the language switch (``set_language`` stores it in a cookie
that outlives the session, so it survives logging out and in), else ``LANGUAGE_CODE``.

The API is different: a program states the language it wants in ``Accept-Language`` (docs/api.md),
so requests under ``/api/`` keep Django's negotiation (cookie, then header, then the default).
"""

from __future__ import annotations

from django.conf import settings
from django.utils import translation
from django.utils.cache import patch_vary_headers

API_PREFIX = "/api/"


def chosen_language(request) -> str:
    """The language of a web page: the one chosen (cookie) when it is offered, else the default."""
    code = request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME)
    if code:
        try:
            return translation.get_supported_language_variant(code)
        except LookupError:
            pass
    return settings.LANGUAGE_CODE


def is_api(request) -> bool:
    return request.path_info.startswith(API_PREFIX)


class LocaleMiddleware:
    """Activate the request's language (see the module docstring); replaces Django's LocaleMiddleware."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        api = is_api(request)
        language = translation.get_language_from_request(request) if api else chosen_language(request)
        translation.activate(language)
        request.LANGUAGE_CODE = translation.get_language()
        response = self.get_response(request)
        patch_vary_headers(response, ("Accept-Language",) if api else ("Cookie",))
        response.headers.setdefault("Content-Language", language)
        return response
