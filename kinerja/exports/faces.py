"""What exports shows of itself: its audit labels (kinerja/core/registry.py)."""

from django.utils.translation import gettext_lazy as _

from kinerja.core.registry import AuditLabels

AUDIT = AuditLabels(
    actions={
        "exports.export.create": _("Export requested"),
        "exports.export.delete": _("Export removed"),
    },
    object_types={
        "exports.exportjob": _("Export"),
    },
)
