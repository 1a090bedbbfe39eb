"""The SKP period export as an export job's writer (registered with kinerja.exports in skp/apps.py)."""

from __future__ import annotations

from django.db.models import Q
from django.utils.translation import gettext as _

from kinerja.exports.tasks import ExportError

from .excel import period_skps, write_period_export


def write_rows(job, stream) -> int:
    """The export job's workbook: every SKP of the period (and unit, and the requester's subtrees)."""
    if job.period is None:
        raise ExportError(_("The period of this export no longer exists."))
    skps = period_skps(job.period, unit=job.unit)
    if job.scope_paths:
        under = Q(pk__in=[])
        for path in job.scope_paths:
            under |= Q(unit__path__startswith=path)
        skps = skps.filter(under)
    return write_period_export(stream, skps, title=job.title, language=job.language)
