"""What the tim monev shows of itself (kinerja/core/registry.py): menu entries, audit labels, API, the
reminders' schedule, the command line."""

from django.utils.translation import gettext_lazy as _

from kinerja.core.registry import ApiDeclaration, AuditLabels, HomeCard, LoginFeature, MenuEntry, ScheduledJob

MENU = [
    MenuEntry("monev_mine", _("Recommendations for me"), "monev:mine", "list-check", order=50,
              visible="kinerja.monev.permissions.has_mine_page",
              hint=_("The tim monev's recommendations you own: report progress, mark them done")),
    MenuEntry("monev", _("Monitoring team"), "monev:dashboard", "binoculars", order=115,
              visible="kinerja.monev.permissions.has_team_page",
              hint=_("Evaluation rounds, interviews, findings and recommendations of the tim monev")),
]

HOME_CARDS = [
    HomeCard("monev", "monev/_home_card.html", "kinerja.monev.home.home_card", order=30),
]

AUDIT = AuditLabels(
    actions={
        "monev.member.create": _("Monitoring team member added"),
        "monev.member.update": _("Monitoring team membership changed"),
        "monev.round.create": _("Monitoring round created"),
        "monev.round.update": _("Monitoring round changed"),
        "monev.round.close": _("Monitoring round closed"),
        "monev.round.reopen": _("Monitoring round reopened"),
        "monev.session.create": _("Monitoring session recorded"),
        "monev.session.update": _("Monitoring session changed"),
        "monev.finding.create": _("Finding added"),
        "monev.finding.update": _("Finding changed"),
        "monev.finding.delete": _("Finding deleted"),
        "monev.link.create": _("Evidence link added"),
        "monev.link.delete": _("Evidence link removed"),
        "monev.recommendation.create": _("Recommendation made"),
        "monev.recommendation.update": _("Recommendation changed"),
        "monev.recommendation.status": _("Recommendation status changed"),
        "monev.recommendation.note": _("Recommendation progress noted"),
        "monev.training.create": _("Training need recorded"),
        "monev.training.update": _("Training need changed"),
        "monev.training.delete": _("Training need deleted"),
    },
    object_types={
        "monev.teammember": _("Monitoring team member"),
        "monev.round": _("Monitoring round"),
        "monev.session": _("Monitoring session"),
        "monev.finding": _("Finding"),
        "monev.evidencelink": _("Evidence link"),
        "monev.recommendation": _("Recommendation"),
        "monev.trainingneed": _("Training need"),
    },
    object_pages={
        "monev.round": "monev:round",
        "monev.session": "monev:session",
        "monev.recommendation": "monev:recommendation",
    },
)

SCHEDULE = [
    ScheduledJob("monev.recommendation_reminders", "kinerja.monev.tasks.send_recommendation_reminders", hour=7,
                 minute=10),
]

API = ApiDeclaration(routers=("kinerja.monev.api.router",))

CLI_COMMANDS = ("kinerja.monev.cli.monev",)

LOGIN_FEATURE = LoginFeature("binoculars", _("Monitoring team (tim monev): rounds, findings and recommendations, "
                                             "tracked to done"))
