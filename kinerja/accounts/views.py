from django.contrib.auth import views as auth_views
from django.shortcuts import render

from kinerja.core.registry import LoginFeature, login_features

from .forms import LoginForm


def installed_features() -> list[LoginFeature]:
    """(icon, text) of each installed app that declares a ``LOGIN_FEATURE`` in its faces.py, in INSTALLED_APPS
    order: the log-in page promises what exists, and a new app announces itself."""
    return list(login_features())


class LoginView(auth_views.LoginView):
    template_name = "accounts/login.html"
    authentication_form = LoginForm
    redirect_authenticated_user = True

    def get_context_data(self, **kwargs):
        from .password_views import reset_by_email_enabled

        return super().get_context_data(**kwargs) | {
            "password_reset_by_email": reset_by_email_enabled(), "features": installed_features()}


def locked_out(request, credentials=None, *args, **kwargs):
    return render(request, "accounts/locked_out.html", status=429)
