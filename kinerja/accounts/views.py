from django.apps import apps
from django.contrib.auth import views as auth_views
from django.shortcuts import render

from .forms import LoginForm


def installed_features() -> list[tuple[str, str]]:
    """(icon, sentence) of each installed app that declares a ``login_feature``, in INSTALLED_APPS order:
    the log-in page promises what exists, and a new app announces itself."""
    return [config.login_feature for config in apps.get_app_configs() if getattr(config, "login_feature", None)]


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
