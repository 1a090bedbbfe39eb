"""Every evaluation service with the audit event it must write (kinerja/tests/test_services_audit.py); the
evaluation flow's cases are in audit_cases_evaluations.py, the results' below."""

from __future__ import annotations

from kinerja.evaluation.services import appeals, calibration, unit_ratings
from kinerja.evaluation.services import settings as evaluation_settings

from .audit_cases_evaluations import EVALUATION_CASES  # noqa: F401
from .conftest import build_results


def _r(w):
    """Built inside the running case's transaction (each case rolls back): rebuilt when the rows are gone."""
    from kinerja.evaluation.models import Evaluation

    cached = getattr(w, "_results_cases", None)
    if cached is None or not Evaluation.objects.filter(pk=cached.ev["staff1"].pk).exists():
        w._results_cases = build_results(w)
    return w._results_cases


def _change_rating(w):
    return unit_ratings.set_unit_rating(actor=w.u_admin_bkpsdm, unit=w.dinkes, period=_r(w).period,
                                        predikat="istimewa", reason="Penghargaan nasional")




def _rated(w):
    r = _r(w)
    unit_ratings.set_unit_rating(actor=w.u_admin_bkpsdm, unit=w.dinkes, period=r.period, predikat="baik")
    return r


def _adjusted(w):
    r = _rated(w)
    return calibration.adjust(actor=w.u_kadinkes, evaluation=r.ev["staff2"], predikat="butuh_perbaikan",
                              reason="Rapat kalibrasi")


def _locked(w):
    r = _r(w)
    _adjusted(w)
    calibration.lock(actor=w.u_kadinkes, unit=w.dinkes, period=r.period)
    r.ev["staff1"].refresh_from_db()
    return r


def _appeal(w):
    r = _locked(w)
    return appeals.file_appeal(actor=w.u_staff1, evaluation=r.ev["staff1"], reason="Keberatan")


_change_rating.prepare = _rated

RESULTS_CASES = {
    "evaluation.unitrating.set": _change_rating,
    "evaluation.calibration.adjust": _adjusted,
    "evaluation.calibration.lock": lambda w: calibration.lock(actor=w.u_kadinkes, unit=w.dinkes,
                                                              period=(_adjusted(w), _r(w))[1].period),
    "evaluation.appeal.create": _appeal,
    "evaluation.appeal.decide": lambda w: appeals.decide_appeal(actor=w.u_kabid_p2p, appeal=_appeal(w), grant=False,
                                                                reason="Sesuai"),
    "evaluation.appeal.withdraw": lambda w: appeals.withdraw_appeal(actor=w.u_staff1, appeal=_appeal(w)),
}


# the instance settings page's section (evaluation/services/settings.py)
SETTINGS_CASES = {
    "evaluation.settings.update": lambda w: evaluation_settings.update_settings(
        actor=w.u_admin_bkpsdm, instance=w.a, values={"appeal_days": 21}),
}
