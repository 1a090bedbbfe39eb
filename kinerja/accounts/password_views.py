"""Passwords: one's own change (also forced after a one-time password) and the reset by e-mail.

The e-mail reset exists only where real mail is configured (``KINERJA["PASSWORD_RESET_EMAIL"]``,
derived from ``KINERJA_EMAIL_BACKEND``); elsewhere its pages are 404 and the login page has no link.
"""

from __future__ import annotations

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import update_session_auth_hash
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse_lazy
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from kinerja.core.forms import run_service

from . import services
from .password_forms import OwnPasswordForm, ResetRequestForm, ResetSetPasswordForm


def reset_by_email_enabled() -> bool:
    return bool(settings.KINERJA.get("PASSWORD_RESET_EMAIL"))


def _safe_next(request) -> str | None:
    target = request.POST.get("next") or request.GET.get("next")
    if target and url_has_allowed_host_and_scheme(target, {request.get_host()}, request.is_secure()):
        return target
    return None


@login_required
def password_change(request):
    forced = request.user.must_change_password
    form = OwnPasswordForm(request.POST or None)
    done = run_service(request, form, lambda data: services.change_password(
        actor=request.user, user=request.user, old_password=data["old_password"],
        new_password=data["new_password"]))
    if done.ok:
        update_session_auth_hash(request, done.result)  # stay logged in on this device
        messages.success(request, _("Your password was changed."))
        return redirect(_safe_next(request) or "home:home")
    return render(request, "accounts/password_change.html", {
        "form": form, "forced": forced, "next": _safe_next(request) or "",
    })


RESET_WINDOW_SECONDS = 3600


def _reset_request_allowed(request) -> bool:
    """At most ``KINERJA_PASSWORD_RESET_PER_HOUR`` reset requests per client address an hour, so the
    form can neither flood mailboxes nor probe many addresses (counted in the cache)."""
    from axes.helpers import get_client_ip_address
    from django.core.cache import cache

    limit = int(getattr(settings, "KINERJA_PASSWORD_RESET_PER_HOUR", 5))
    key = f"kinerja:pwreset:{get_client_ip_address(request)}"
    cache.add(key, 0, RESET_WINDOW_SECONDS)
    try:
        count = cache.incr(key)
    except ValueError:  # expired between add and incr
        cache.set(key, 1, RESET_WINDOW_SECONDS)
        count = 1
    return count <= limit


class _ResetEnabled:
    def dispatch(self, request, *args, **kwargs):
        if not reset_by_email_enabled():
            raise Http404
        return super().dispatch(request, *args, **kwargs)


class PasswordResetView(_ResetEnabled, auth_views.PasswordResetView):
    template_name = "accounts/password_reset_form.html"
    email_template_name = "accounts/password_reset_email.txt"
    subject_template_name = "accounts/password_reset_subject.txt"
    form_class = ResetRequestForm
    success_url = reverse_lazy("accounts:password_reset_done")
    title = gettext_lazy("Forgot your password?")

    def post(self, request, *args, **kwargs):
        if not _reset_request_allowed(request):
            return render(request, "accounts/password_reset_throttled.html", status=429)
        return super().post(request, *args, **kwargs)

    @property
    def extra_email_context(self):
        # links in the mail point at the configured address, not at whatever Host header came in
        return {"base_url": settings.KINERJA.get("BASE_URL", "")}


class PasswordResetDoneView(_ResetEnabled, auth_views.PasswordResetDoneView):
    template_name = "accounts/password_reset_done.html"
    title = gettext_lazy("Check your e-mail")


class PasswordResetConfirmView(_ResetEnabled, auth_views.PasswordResetConfirmView):
    template_name = "accounts/password_reset_confirm.html"
    form_class = ResetSetPasswordForm
    success_url = reverse_lazy("accounts:password_reset_complete")
    title = gettext_lazy("Choose a new password")


class PasswordResetCompleteView(_ResetEnabled, auth_views.PasswordResetCompleteView):
    template_name = "accounts/password_reset_complete.html"
    title = gettext_lazy("Password changed")
