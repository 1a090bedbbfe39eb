"""The SKP period export as an export job's writer (registered with kinerja.exports in skp/apps.py)."""

from __future__ import annotations

from django.utils.translation import gettext as _

from kinerja.core.tree import subtree_q
from kinerja.exports.tasks import ExportError

from .excel import period_skps, write_period_export


def write_rows(job, stream) -> int:
    """The export job's workbook: every SKP of the period (and unit, and the requester's subtrees)."""
    if job.period is None:
        raise ExportError(_("The period of this export no longer exists."))
    skps = period_skps(job.period, unit=job.unit)
    if job.scope_paths:
        skps = skps.filter(subtree_q(job.scope_paths))
    return write_period_export(stream, skps, title=job.title, language=job.language)
