"""What evaluation shows of itself (kinerja/core/registry.py): menu entries, audit labels, API, commands, the
log-in page's line."""

from django.utils.translation import gettext_lazy as _

from kinerja.core.registry import ApiDeclaration, AuditLabels, BenchStep, LoginFeature, MenuEntry, SettingsSection

MENU = [
    # periodic and annual evaluation (evaluation/views/evaluations.py)
    MenuEntry("evaluation_mine", _("My evaluation"), "evaluation:mine", "award", order=26,
              visible="kinerja.evaluation.permissions.has_own_evaluations",
              hint=_("Your performance evaluations: read them and acknowledge them")),
    MenuEntry("evaluation_team", _("Team evaluation"), "evaluation:team", "clipboard2-check", order=49,
              visible="kinerja.evaluation.permissions.has_team_evaluations",
              hint=_("Evaluate the people you supervise: results, behaviour, predikat")),
    # --- organisation predikat, calibration, appeals, reports (issue 10 items 4, 6, 7) ---
    MenuEntry("appeals", _("Appeals"), "evaluation:appeal-mine", "patch-question", order=51,
              visible="kinerja.evaluation.permissions.has_appeals_menu",
              hint=_("Your final predikat, appeals (keberatan) and their decisions")),
    MenuEntry("leadership", _("Leadership view"), "evaluation:leadership", "compass", order=66,
              visible="kinerja.evaluation.permissions.can_see_leadership",
              hint=_("Units and indicators that need attention, with the evidence")),
    MenuEntry("evaluation_results", _("Calibration and results"), "evaluation:results", "sliders", order=105,
              visible="kinerja.evaluation.permissions.can_see_results_menu",
              hint=_("Organisation predikat, the distribution curve, calibration and reports")),
]

AUDIT = AuditLabels(
    actions={
        # evaluation/services/settings.py (the instance settings page)
        "evaluation.settings.update": _("Evaluation settings changed"),
        # evaluation/services/evaluations.py
        "evaluation.evaluation.create": _("Evaluation started"),
        "evaluation.evaluation.rate": _("Evaluation ratings saved"),
        "evaluation.evaluation.finalise": _("Evaluation finalised"),
        "evaluation.evaluation.reopen": _("Evaluation reopened"),
        "evaluation.evaluation.acknowledge": _("Evaluation acknowledged"),
        # evaluation/batch.py
        "evaluation.batch.start": _("Annual evaluation opened for the whole instance"),
        # evaluation/services/unit_ratings.py, calibration.py, appeals.py
        "evaluation.unitrating.set": _("Organisation predikat set"),
        "evaluation.evaluation.unit_rating": _("Evaluation follows the unit's organisation predikat"),
        "evaluation.calibration.adjust": _("Predikat adjusted in calibration"),
        "evaluation.calibration.lock": _("Calibration locked"),
        "evaluation.appeal.create": _("Appeal filed"),
        "evaluation.appeal.decide": _("Appeal decided"),
        "evaluation.appeal.withdraw": _("Appeal withdrawn"),
    },
    object_types={
        "evaluation.evaluation": _("Performance evaluation"),
        "evaluation.evaluationsettings": _("Evaluation settings"),
        "evaluation.unitrating": _("Organisation predikat"),
        "evaluation.calibration": _("Calibration"),
        "evaluation.appeal": _("Appeal"),
    },
    object_pages={
        "evaluation.evaluation": "evaluation:detail",
        "evaluation.appeal": "evaluation:appeal",
    },
)

# Its section of the instance settings page (kinerja/instancesettings): the rules DOMAIN leaves to the instance.
SETTINGS = [
    SettingsSection("evaluation", _("Evaluation"), "kinerja.evaluation.forms.EvaluationSettingsForm",
                    "kinerja.evaluation.services.settings.update_settings", order=30, icon="award",
                    help=_("Suggested ratings and organisation predikat, the rating perilaku, 360 feedback, appeals "
                           "and credit points.")),
]

# Its REST API: kinerja/api/api.py mounts the routers at /api/v1.
API = ApiDeclaration(routers=("kinerja.evaluation.api.evaluations.router",
                              "kinerja.evaluation.api.calibration.router",
                              "kinerja.evaluation.api.calibration.reports_router",
                              "kinerja.evaluation.api.appeals.router"))

# Its commands: `kinerja evaluate` (kinerja/cli/__init__.py adds the group).
CLI_COMMANDS = ("kinerja.evaluation.cli.evaluate_group",)

# The evaluation rows of ``kinerja bench``: the annual evaluation of a big instance (evaluation/bench.py).
BENCH_STEPS = [
    BenchStep("evaluate", "the annual evaluation of an instance (suggestions, predikat, curve checks per unit)",
              "kinerja.evaluation.bench.run", kinds=("evaluate",), child="kinerja.evaluation.bench.child_main"),
]

LOGIN_FEATURE = LoginFeature("award", _("Evaluation: work results and BerAKHLAK behaviour rated into a predikat, "
                                        "calibrated against the distribution curve, with appeals and reports"))
