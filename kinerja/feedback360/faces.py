"""What 360 feedback shows of itself (kinerja/core/registry.py): menu entries, audit labels, API, CLI and the
daily job (close the rounds past their last day, remind the raters before a round closes)."""

from django.utils.translation import gettext_lazy as _

from kinerja.core.registry import ApiDeclaration, AuditLabels, LoginFeature, MenuEntry, ScheduledJob

MENU = [
    MenuEntry("feedback360", _("360 feedback"), "feedback360:tasks", "people", order=48,
              visible="kinerja.feedback360.permissions.has_tasks_page",
              hint=_("Rate colleagues anonymously on the BerAKHLAK values; read your own results")),
    MenuEntry("feedback360_rounds", _("360 rounds"), "feedback360:rounds", "diagram-3", order=133,
              visible="kinerja.feedback360.permissions.administers",
              hint=_("Run 360 feedback rounds: raters from the organisation tree, progress, closing")),
]

AUDIT = AuditLabels(
    actions={
        "feedback360.round.create": _("360 round created"),
        "feedback360.round.propose": _("360 raters proposed"),
        "feedback360.round.open": _("360 round opened"),
        "feedback360.round.close": _("360 round closed"),
        "feedback360.rater.create": _("360 rater added"),
        "feedback360.rater.delete": _("360 rater removed"),
        "feedback360.answer": _("360 questionnaire answered"),
    },
    object_types={
        "feedback360.round": _("360 round"),
        "feedback360.assignment": _("360 rater"),
    },
    object_pages={
        "feedback360.round": "feedback360:round",
    },
)

SCHEDULE = [
    ScheduledJob("feedback360.daily", "kinerja.feedback360.tasks.run_daily", hour=6, minute=35),
]

API = ApiDeclaration(routers=("kinerja.feedback360.api.router",))

CLI_COMMANDS = ("kinerja.feedback360.cli.group",)

LOGIN_FEATURE = LoginFeature("people", _("360 feedback: colleagues rate each other anonymously on the BerAKHLAK "
                                         "values"))
