"""What socialisation shows of itself: menu, home card, audit labels, API, log-in line (kinerja/core/registry.py)."""

from django.utils.translation import gettext_lazy as _

from kinerja.core.registry import ApiDeclaration, AuditLabels, HomeCard, LoginFeature, MenuEntry

MENU = [
    MenuEntry("socialisation", _("Policies and guides"), "socialisation:mine", "megaphone", order=55,
              visible="kinerja.accounts.permissions.is_employee",
              hint=_("Policies, guides and changes addressed to you")),
    MenuEntry("socialisation_manage", _("Manage socialisation"), "socialisation:manage", "broadcast", order=130,
              visible="kinerja.accounts.permissions.administers_units",
              hint=_("Publish policies and follow who has read them")),
]

HOME_CARDS = [
    HomeCard("socialisation", "socialisation/_home_card.html", "kinerja.socialisation.home.home_card", order=10),
]

AUDIT = AuditLabels(
    actions={
        "socialisation.item.create": _("Policy or guide drafted"),
        "socialisation.item.update": _("Policy or guide changed"),
        "socialisation.item.publish": _("Policy or guide published"),
        "socialisation.acknowledgement.create": _("Policy or guide acknowledged"),
        "socialisation.reminder.create": _("Reminders sent"),
    },
    object_types={
        "socialisation.item": _("Policy or guide"),
        "socialisation.acknowledgement": _("Acknowledgement"),
        "socialisation.reminderbatch": _("Reminder batch"),
    },
)

# Its REST API: kinerja/api/api.py mounts the routers at /api/v1 (installed apps in INSTALLED_APPS order).
API = ApiDeclaration(routers=("kinerja.socialisation.api.router",))

# What this app offers, as the log-in page announces it (accounts/views.py: installed_features).
LOGIN_FEATURE = LoginFeature("megaphone", _("Socialisation: policies and guides published, and who has read them"))
