"""What progress shows of itself (kinerja/core/registry.py): filled in by the Do work (issue 9)."""

from django.utils.translation import gettext_lazy as _

from kinerja.core.registry import ApiDeclaration, AuditLabels, MenuEntry

MENU = [
    # supervision: the superior's team view (progress/views/team.py)
    MenuEntry("progress_team", _("Team progress"), "progress:team", "graph-up", order=45,
              visible="kinerja.progress.permissions.has_review_team",
              hint=_("Who reported, who is behind, evidence waiting for your review")),
]

AUDIT = AuditLabels(
    actions={
        # supervision (progress/services/review.py)
        "progress.report.accept": _("Progress report accepted"),
        "progress.report.return": _("Progress report returned for a fix"),
        "progress.evidence.review": _("Evidence reviewed"),
    },
    object_types={
        "progress.report": _("Progress report"),
        "progress.evidence": _("Evidence"),
    },
    object_pages={
        "progress.report": "progress:review",
    },
)

# Its REST API (kinerja/api/api.py mounts the routers at /api/v1).
API = ApiDeclaration(
    routers=("kinerja.progress.review_api.router",),  # supervision: team overview, review queue, review
)
