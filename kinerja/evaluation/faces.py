"""What the evaluation app shows of itself (kinerja/core/registry.py): menu entries, audit labels, API, commands."""

from django.utils.translation import gettext_lazy as _

from kinerja.core.registry import ApiDeclaration, AuditLabels, MenuEntry

MENU = [
    # --- organisation predikat, calibration, appeals, reports (issue 10 items 4, 6, 7) ---
    MenuEntry("appeals", _("Appeals"), "evaluation:appeal-mine", "patch-question", order=49,
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
        "evaluation.unitrating.set": _("Organisation predikat set"),
        "evaluation.calibration.adjust": _("Predikat adjusted in calibration"),
        "evaluation.calibration.lock": _("Calibration locked"),
        "evaluation.appeal.create": _("Appeal filed"),
        "evaluation.appeal.decide": _("Appeal decided"),
        "evaluation.appeal.withdraw": _("Appeal withdrawn"),
    },
    object_types={
        "evaluation.unitrating": _("Organisation predikat"),
        "evaluation.calibration": _("Calibration"),
        "evaluation.appeal": _("Appeal"),
        "evaluation.evaluation": _("Evaluation"),
    },
    object_pages={
        "evaluation.appeal": "evaluation:appeal",
    },
)

API = ApiDeclaration(routers=("kinerja.evaluation.api.calibration.router",
                              "kinerja.evaluation.api.calibration.reports_router",
                              "kinerja.evaluation.api.appeals.router"))

CLI_COMMANDS = ["kinerja.evaluation.cli.evaluate"]
