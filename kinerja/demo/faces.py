"""What demo shows of itself: its audit labels (kinerja/core/registry.py)."""

from django.utils.translation import gettext_lazy as _

from kinerja.core.registry import AuditLabels

AUDIT = AuditLabels(
    actions={
        "demo.seed": _("Demo data loaded"),
        "demo.skp": _("Demo plan and SKPs loaded"),
        "demo.progress": _("Demo progress reports loaded"),
        "demo.evaluation": _("Demo evaluations loaded"),
        "demo.feedback360": _("Demo 360 feedback loaded"),
        "demo.monev": _("Demo monitoring team's work loaded"),
    },
)
