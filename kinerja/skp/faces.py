"""What skp shows of itself: menu, home card, audit labels, API, log-in line, commands (kinerja/core/registry.py)."""

from django.utils.translation import gettext_lazy as _

from kinerja.core.registry import ApiDeclaration, AuditLabels, HomeCard, LoginFeature, MenuEntry, SettingsSection

MENU = [
    MenuEntry("skp_mine", _("My SKP"), "skp:mine", "clipboard-check", order=20,
              visible="kinerja.accounts.permissions.is_employee", hint=_("Your performance plan for the period")),
    MenuEntry("skp_team", _("Team SKP"), "skp:team", "clipboard2-pulse", order=40,
              visible="kinerja.accounts.permissions.is_evaluator", hint=_("Review and approve your team's SKPs")),
    MenuEntry("skp_monitoring", _("SKP monitoring"), "skp:monitoring", "clipboard-data", order=110,
              visible="kinerja.accounts.permissions.reads_units", hint=_("Who has no approved SKP yet")),
    MenuEntry("skp_export", _("Export SKPs"), "skp_documents:export", "file-earmark-spreadsheet", order=140,
              visible="kinerja.exports.permissions.can_export", hint=_("Every SKP of a period in Excel")),
]

HOME_CARDS = [
    HomeCard("skp", "skp/_home_card.html", "kinerja.skp.home.home_card", order=20, head="skp/_head.html"),
]

AUDIT = AuditLabels(
    actions={
        # skp/services/settings.py (the instance settings page)
        "skp.settings.update": _("SKP settings changed"),
        "skp.period.create": _("SKP period created"),
        "skp.period.close": _("SKP period closed"),
        "skp.period.reopen": _("SKP period reopened"),
        "skp.period.scheme": _("Scoring scheme of an SKP period changed"),
        "skp.skp.create": _("SKP started"),
        "skp.skp.copy": _("SKP copied from the previous period"),
        "skp.skp.apply_template": _("SKP template applied"),
        "skp.skp.submit": _("SKP submitted"),
        "skp.skp.withdraw": _("SKP withdrawn"),
        "skp.skp.return": _("SKP returned for revision"),
        "skp.skp.approve": _("SKP approved"),
        "skp.skp.revise": _("SKP revision started"),
        "skp.rhk.create": _("RHK added"),
        "skp.rhk.update": _("RHK changed"),
        "skp.rhk.delete": _("RHK deleted"),
        "skp.rhk.acknowledge": _("Change of the superior's RHK seen"),
        "skp.iki.create": _("IKI added"),
        "skp.iki.update": _("IKI changed"),
        "skp.iki.delete": _("IKI deleted"),
        "skp.appendix.update": _("SKP appendix changed"),
        "skp.expectations.update": _("Superior's expectations changed"),
        "skp.template.create": _("SKP template created"),
        "skp.template.update": _("SKP template changed"),
    },
    object_types={
        "skp.period": _("SKP period"),
        "skp.skp": _("SKP"),
        "skp.rhk": _("RHK"),
        "skp.skptemplate": _("SKP template"),
        "skp.skpsettings": _("SKP settings"),
    },
)

# Its section of the instance settings page (kinerja/instancesettings).
SETTINGS = [
    SettingsSection("skp", _("SKP"), "kinerja.skp.forms.SkpSettingsForm",
                    "kinerja.skp.services.settings.update_settings", order=10, icon="file-earmark-text",
                    help=_("The SKP period and the deadline for drawing up SKPs.")),
]

# Its REST API: kinerja/api/api.py mounts the routers at /api/v1 (installed apps in INSTALLED_APPS order).
API = ApiDeclaration(
    routers=("kinerja.skp.api.router", "kinerja.skp.documents.api.router"),
    install="kinerja.skp.api.install",  # a stale SKP lock_version: 409 with the field error
)

# What this app offers, as the log-in page announces it (accounts/views.py: installed_features).
LOGIN_FEATURE = LoginFeature(
    "clipboard-check", _("SKP: work results (RHK), indicators and targets, drafted, approved and printed online"))

# Its commands: `kinerja skp` (periods, overdue lists, exports, imports; kinerja/cli/__init__.py adds them).
CLI_COMMANDS = ("kinerja.skp.cli.skp_group",)
