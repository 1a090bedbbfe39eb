"""Every progress service with the audit event it must write (used by kinerja/tests/test_services_audit.py)."""

from __future__ import annotations

from datetime import date

from django.core.files.uploadedfile import SimpleUploadedFile

from kinerja.core.testing import SYSTEM
from kinerja.progress import services as s
from kinerja.progress.models import ActionPlan, DailyLog, Evidence, Report
from kinerja.progress.services import settings as progress_settings

JAN = date(2026, 1, 1)
PDF = b"%PDF-1.4\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n"


def _k(w):
    if not hasattr(w, "_progress_cases"):
        from kinerja.progress.tests.conftest import build_progress

        w._progress_cases = build_progress(w)
    return w._progress_cases


def _draft(w) -> Report:
    return s.save_report(actor=w.u_staff1, iki=_k(w).iki, period_start=JAN, value="3")


def _evidence(w) -> Evidence:
    return s.add_evidence(actor=w.u_staff1, report=_draft(w), url="https://drive.example.org/laporan")


def _plan(w) -> ActionPlan:
    return s.save_action_plan(actor=w.u_staff1, iki=_k(w).iki, quarter=1, text="Menyusun laporan", target="3")


def _entry(w) -> DailyLog:
    return s.log_day(actor=w.u_staff1, rhk=_k(w).rhk, date=date(2026, 1, 5), text="Rekap data", quantity="1",
                     iki=_k(w).iki)


class _Case:
    """A case whose data is written in ``prepare``, so that writing it does not count as the case's event."""

    def __init__(self, call, prepare=None):
        self.call = call
        self._prepare = prepare

    def __call__(self, w):
        return self.call(w, getattr(w, "_progress_prepared", None))

    def prepare(self, w):
        _k(w)
        w._progress_prepared = self._prepare(w) if self._prepare else None


PROGRESS_CASES = {
    "progress.report.create": _Case(lambda w, p: _draft(w)),
    "progress.report.update": _Case(lambda w, p: s.save_report(actor=w.u_staff1, iki=p.iki_id, period_start=JAN,
                                                               value="4", lock_version=p.lock_version),
                                    prepare=_draft),
    "progress.report.submit": _Case(lambda w, p: s.submit_report(actor=w.u_staff1, report=p,
                                                                 lock_version=p.lock_version), prepare=_draft),
    "progress.evidence.create": _Case(lambda w, p: s.add_evidence(
        actor=w.u_staff1, report=p, upload=SimpleUploadedFile("bukti.pdf", PDF), caption="Laporan"),
        prepare=_draft),
    "progress.evidence.delete": _Case(lambda w, p: s.delete_evidence(actor=w.u_staff1, evidence=p),
                                      prepare=_evidence),
    "progress.actionplan.create": _Case(lambda w, p: _plan(w)),
    "progress.actionplan.update": _Case(lambda w, p: s.save_action_plan(actor=w.u_staff1, iki=p.iki_id, quarter=1,
                                                                        text="Menyusun laporan bulanan", target="3"),
                                        prepare=_plan),
    "progress.actionplan.delete": _Case(lambda w, p: s.delete_action_plan(actor=w.u_staff1, plan=p), prepare=_plan),
    "progress.dailylog.create": _Case(lambda w, p: _entry(w)),
    "progress.dailylog.update": _Case(lambda w, p: s.update_entry(actor=w.u_staff1, entry=p, text="Rekap data P2P"),
                                      prepare=_entry),
    "progress.dailylog.delete": _Case(lambda w, p: s.delete_entry(actor=w.u_staff1, entry=p), prepare=_entry),
}


class _ReviewCase:
    """A case whose data is written in ``prepare``, so that writing it does not count as the case's event."""

    def __init__(self, call):
        self.call = call

    def __call__(self, w):
        return self.call(w, w._review_report)

    def prepare(self, w):
        from kinerja.skp import services as skp

        from .review_fixtures import approved, make_evidence, make_report

        period = skp.ensure_period(actor=SYSTEM, instance=w.a, year=2026)
        skp_obj, (iki,) = approved(w, period, w.staff1, w.u_staff1, w.u_kasi_surv, [
            {"text": "Jumlah laporan", "target_value": "12", "measure_unit": "laporan"}])
        w._review_report = make_report(skp_obj, iki, date(2026, 11, 1))
        w._review_evidence = make_evidence(w._review_report)


# supervision: the superior's review (progress/services/review.py)
REVIEW_CASES = {
    "progress.report.accept": _ReviewCase(lambda w, r: s.accept_report(actor=w.u_kasi_surv, report=r, lock_version=0,
                                                                      comment="Sesuai target")),
    "progress.report.return": _ReviewCase(lambda w, r: s.return_report(
        actor=w.u_kasi_surv, report=r, lock_version=0, comment="Foto buram", evidence_ids=[w._review_evidence.pk])),
    "progress.evidence.review": _ReviewCase(lambda w, r: s.review_evidence(
        actor=w.u_kasi_surv, evidence=w._review_evidence, accept=False, comment="Foto buram")),
}


# the instance settings page's section (progress/services/settings.py)
SETTINGS_CASES = {
    "progress.settings.update": lambda w: progress_settings.update_settings(
        actor=w.u_admin_bkpsdm, instance=w.a, values={"reminder_days": 5}),
}
