from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AccountsConfig(AppConfig):
    name = "kinerja.accounts"
    label = "accounts"
    verbose_name = _("Accounts and roles")
    # Its REST API: the routers kinerja/api/api.py mounts at /api/v1 (installed apps in INSTALLED_APPS order).
    api_routers = ("kinerja.accounts.api.router",)
    api_auth = ("kinerja.accounts.api_auth.TokenAuth",)  # bearer tokens, tried before the session
