"""What accounts shows of itself: menu entries, audit labels, API authentication (kinerja/core/registry.py)."""

from django.utils.translation import gettext_lazy as _

from kinerja.core.registry import ApiDeclaration, AuditLabels, MenuEntry

MENU = [
    MenuEntry("users", _("Users and roles"), "accounts:users", "shield-lock", order=150,
              visible="kinerja.accounts.permissions.administers_instance", hint=_("Logins and granted roles")),
]

AUDIT = AuditLabels(
    actions={
        "accounts.user.create": _("Login created"),
        "accounts.user.deactivate": _("Login deactivated (employee left)"),
        "accounts.user.password_change": _("Password changed"),
        "accounts.user.password_reset": _("One-time password set"),
        "accounts.user.password_reset_email": _("Password reset by e-mail"),
        "accounts.user.unlock": _("Login unlocked"),
        "accounts.role.grant": _("Role granted"),
        "accounts.role.revoke": _("Role revoked"),
        "accounts.token.create": _("API token created"),
        "accounts.token.revoke": _("API token revoked"),
    },
    object_types={
        "accounts.user": _("User"),
        "accounts.rolegrant": _("Role grant"),
        "accounts.apitoken": _("API token"),
    },
)

# Its API authentication (its REST API, /me, users, logins and tokens, lists employees: people/account_api.py).
API = ApiDeclaration(auth=("kinerja.accounts.api_auth.TokenAuth",))  # bearer tokens, tried before the session
