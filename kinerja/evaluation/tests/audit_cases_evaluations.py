"""The evaluation services (periodic and annual evaluation) with the audit event each must write."""

from __future__ import annotations

from datetime import date

from django.utils import timezone

from kinerja.evaluation import services as s
from kinerja.evaluation.models import Evaluation
from kinerja.rules.skp import BERAKHLAK_CODES
from kinerja.skp.models import Period

from .evaluation_world import approved_skp

MEETS = {code: {"rating": "sesuai"} for code in BERAKHLAK_CODES}


class _Case:
    """A case whose data is written in ``prepare`` (so writing it does not count as the case's event)."""

    def __init__(self, call, prepare):
        self.call, self._prepare = call, prepare

    def __call__(self, w):
        return self.call(w, w._evaluation_prepared)

    def prepare(self, w):
        w._evaluation_prepared = self._prepare(w)


def _period(w):
    year = timezone.localdate().year
    period = Period.objects.create(instance=w.a, name=str(year), year=year, start_date=date(year, 1, 1),
                                   end_date=date(year, 12, 31), deadline=date(year, 1, 31))
    approved_skp(period, w.staff1, w.u_staff1, w.u_kasi_surv)
    return period


def _draft(w):
    period = _period(w)
    s.start_evaluations(actor=w.u_kasi_surv, period=period, evaluator=w.kasi_surv)
    return Evaluation.objects.get(period=period, employee=w.staff1)


def _rated(w):
    e = _draft(w)
    return s.rate(actor=w.u_kasi_surv, evaluation=e, lock_version=e.lock_version, result_rating="sesuai",
                  values=MEETS)


def _final(w):
    e = _rated(w)
    return s.finalise(actor=w.u_kasi_surv, evaluation=e, lock_version=e.lock_version)


def _opened(w):
    from kinerja.evaluation import batch

    return lambda: batch.start_annual(instance_id=w.a.pk, period_id=_period(w).pk, actor=w.u_admin_bkpsdm)


def _head_draft(w):
    """kasi_surv (head of Seksi Surveilans) with an open draft by kabid_p2p, before the Seksi has a predikat."""
    period = _period(w)
    approved_skp(period, w.kasi_surv, w.u_kasi_surv, w.u_kabid_p2p)
    s.start_evaluations(actor=w.u_kabid_p2p, period=period, evaluator=w.kabid_p2p)
    return period


def _unit_rating(w, period):
    from kinerja.evaluation.services import unit_ratings

    return unit_ratings.set_unit_rating(actor=w.u_kabid_p2p, unit=w.surv, period=period, predikat="istimewa",
                                        reason="Rapat pimpinan")


EVALUATION_CASES = {
    "evaluation.evaluation.unit_rating": _Case(_unit_rating, _head_draft),
    "evaluation.batch.start": _Case(lambda w, call: call(), _opened),
    "evaluation.evaluation.create": _Case(
        lambda w, p: s.start_evaluations(actor=w.u_kasi_surv, period=p, evaluator=w.kasi_surv), _period),
    "evaluation.evaluation.rate": _Case(
        lambda w, e: s.rate(actor=w.u_kasi_surv, evaluation=e, lock_version=e.lock_version, result_rating="sesuai"),
        _draft),
    "evaluation.evaluation.finalise": _Case(
        lambda w, e: s.finalise(actor=w.u_kasi_surv, evaluation=e, lock_version=e.lock_version), _rated),
    "evaluation.evaluation.reopen": _Case(
        lambda w, e: s.reopen(actor=w.u_kasi_surv, evaluation=e, lock_version=e.lock_version, reason="Salah pilih"),
        _final),
    "evaluation.evaluation.acknowledge": _Case(
        lambda w, e: s.acknowledge(actor=w.u_staff1, evaluation=e, lock_version=e.lock_version, notes="Baik."),
        _final),
}
