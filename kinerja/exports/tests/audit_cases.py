"""Every export service with the audit event it must write (used by kinerja/tests/test_services_audit.py)."""

from __future__ import annotations

from datetime import date

from kinerja.exports import services as s
from kinerja.exports.models import ExportJob, JobStatus
from kinerja.skp.models import Period


def _period(w) -> Period:
    return Period.objects.create(instance=w.a, name="2026", year=2026, start_date=date(2026, 1, 1),
                                 end_date=date(2026, 12, 31), deadline=date(2026, 1, 31))


def _finished(w) -> ExportJob:
    job = s.request_skp_export(actor=w.u_admin_opd, period=_period(w), unit=w.p2p)
    ExportJob.objects.filter(pk=job.pk).update(status=JobStatus.DONE)
    job.refresh_from_db()
    return job


EXPORT_CASES = {
    "exports.export.create": lambda w: s.request_skp_export(actor=w.u_admin_bkpsdm, period=_period(w)),
    "exports.export.delete": lambda w: s.delete_export(actor=w.u_admin_opd, job=_finished(w)),
}
