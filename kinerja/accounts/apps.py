from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AccountsConfig(AppConfig):
    name = "kinerja.accounts"
    label = "accounts"
    verbose_name = _("Accounts and roles")
    # Its REST API (/me, logins, tokens) lists employees, so it lives in people (people/account_api.py).
    api_auth = ("kinerja.accounts.api_auth.TokenAuth",)  # bearer tokens, tried before the session
