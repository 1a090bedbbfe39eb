"""Who is calling: what the installed apps authenticate (``AppConfig.api_auth``: the bearer tokens of
``accounts/api_auth.py``), else a logged-in browser session (CSRF checked on writes).
"""

from __future__ import annotations

from django.apps import apps
from django.conf import settings
from django.utils.module_loading import import_string
from django.utils.translation import gettext as _
from ninja.errors import HttpError
from ninja.security import APIKeyCookie
from ninja.utils import check_csrf


class SessionAuth(APIKeyCookie):
    """The Django session of a logged-in user; unsafe methods need the CSRF token."""

    param_name = settings.SESSION_COOKIE_NAME

    def __call__(self, request):
        user = getattr(request, "user", None)
        if user is None or not user.is_authenticated or not user.is_active:
            return None
        if self.csrf and not getattr(request, "_ninja_csrf_exempt", False) and check_csrf(request):
            raise HttpError(403, _("CSRF check failed. Send the X-CSRFToken header with the csrftoken cookie."))
        return user

    def authenticate(self, request, key):  # pragma: no cover - __call__ does the work
        return None


def installed_auth() -> list:
    """The apps' authentications first (a request carrying a token is judged by it alone, whatever cookies
    it has), then the session."""
    registered = [import_string(path)() for config in apps.get_app_configs()
                  for path in getattr(config, "api_auth", ())]
    return [*registered, SessionAuth()]
