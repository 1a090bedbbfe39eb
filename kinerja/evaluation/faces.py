"""What evaluation shows of itself (kinerja/core/registry.py): menu entries, audit labels, API, commands."""

from django.utils.translation import gettext_lazy as _

from kinerja.core.registry import ApiDeclaration, AuditLabels, MenuEntry

MENU = [
    # periodic and annual evaluation (evaluation/views/evaluations.py)
    MenuEntry("evaluation_mine", _("My evaluation"), "evaluation:mine", "award", order=26,
              visible="kinerja.evaluation.permissions.has_own_evaluations",
              hint=_("Your performance evaluations: read them and acknowledge them")),
    MenuEntry("evaluation_team", _("Team evaluation"), "evaluation:team", "clipboard2-check", order=48,
              visible="kinerja.evaluation.permissions.has_team_evaluations",
              hint=_("Evaluate the people you supervise: results, behaviour, predikat")),
]

AUDIT = AuditLabels(
    actions={
        # evaluation/services/evaluations.py
        "evaluation.evaluation.create": _("Evaluation started"),
        "evaluation.evaluation.rate": _("Evaluation ratings saved"),
        "evaluation.evaluation.finalise": _("Evaluation finalised"),
        "evaluation.evaluation.reopen": _("Evaluation reopened"),
        "evaluation.evaluation.acknowledge": _("Evaluation acknowledged"),
    },
    object_types={
        "evaluation.evaluation": _("Performance evaluation"),
        "evaluation.evaluationsettings": _("Evaluation settings"),
    },
    object_pages={
        "evaluation.evaluation": "evaluation:detail",
    },
)

# Its REST API: kinerja/api/api.py mounts the routers at /api/v1.
API = ApiDeclaration(routers=("kinerja.evaluation.api.evaluations.router",))

# Its commands: `kinerja evaluate` (start, show; kinerja/cli/__init__.py adds the group).
CLI_COMMANDS = ("kinerja.evaluation.cli.evaluate_group",)
