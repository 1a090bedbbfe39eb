"""Every progress service with the audit event it must write (used by kinerja/tests/test_services_audit.py)."""

from __future__ import annotations

from datetime import date

from kinerja.core.testing import SYSTEM
from kinerja.progress.services import review


class _Case:
    """A case whose data is written in ``prepare``, so that writing it does not count as the case's event."""

    def __init__(self, call):
        self.call = call

    def __call__(self, w):
        return self.call(w, w._review_report)

    def prepare(self, w):
        from kinerja.skp import services as skp

        from .review_fixtures import approved, make_evidence, make_report

        period = skp.ensure_period(actor=SYSTEM, instance=w.a, year=2026)
        s, (iki,) = approved(w, period, w.staff1, w.u_staff1, w.u_kasi_surv, [
            {"text": "Jumlah laporan", "target_value": "12", "measure_unit": "laporan"}])
        w._review_report = make_report(s, iki, date(2026, 11, 1))
        w._review_evidence = make_evidence(w._review_report)


# supervision: the superior's review (progress/services/review.py)
REVIEW_CASES = {
    "progress.report.accept": _Case(lambda w, r: review.accept_report(actor=w.u_kasi_surv, report=r, lock_version=0,
                                                                      comment="Sesuai target")),
    "progress.report.return": _Case(lambda w, r: review.return_report(
        actor=w.u_kasi_surv, report=r, lock_version=0, comment="Foto buram", evidence_ids=[w._review_evidence.pk])),
    "progress.evidence.review": _Case(lambda w, r: review.review_evidence(
        actor=w.u_kasi_surv, evidence=w._review_evidence, accept=False, comment="Foto buram")),
}
