"""After a one-time password, the password page comes before anything else."""

from __future__ import annotations

from django.contrib.auth import SESSION_KEY
from django.http import HttpResponse, JsonResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.http import urlencode
from django.utils.translation import gettext as _

# Reachable while a new password is due: the page itself, logging out, the language switch.
ALLOWED_NAMES = ("accounts:password_change", "accounts:logout", "set_language")
API_ALLOWED = ("/api/v1/me/password",)


class PasswordChangeRequiredMiddleware:
    """A session whose user carries ``must_change_password`` is sent to the password page (the API
    answers 403 JSON, except the endpoint that changes the password). Token requests are unaffected:
    a token was issued by its owner after choosing a password."""

    def __init__(self, get_response):
        self.get_response = get_response
        self._allowed: set[str] | None = None

    def allowed_paths(self) -> set[str]:
        if self._allowed is None:
            self._allowed = {reverse(name) for name in ALLOWED_NAMES}
        return self._allowed

    def __call__(self, request):
        session = getattr(request, "session", None)
        if session is not None and session.get(SESSION_KEY) is not None:
            user = request.user
            if user.is_authenticated and getattr(user, "must_change_password", False):
                response = self._divert(request)
                if response is not None:
                    return response
        return self.get_response(request)

    def _divert(self, request):
        path = request.path_info
        if path in self.allowed_paths() or path.startswith(("/static/", "/media/")):
            return None
        if path.startswith("/api/"):
            if path in API_ALLOWED or request.headers.get("Authorization", "").startswith("Bearer "):
                return None
            return JsonResponse({"detail": _("Change your one-time password first."), "errors": {}}, status=403)
        target = reverse("accounts:password_change")
        if request.method == "GET" and not getattr(request, "htmx", False):
            target = f"{target}?{urlencode({'next': request.get_full_path()})}"
        if getattr(request, "htmx", False):  # a fragment request: the whole page goes to the password page
            response = HttpResponse(status=204)
            response["HX-Redirect"] = target
            return response
        return redirect(target)
