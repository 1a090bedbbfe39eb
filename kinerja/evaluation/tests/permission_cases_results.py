"""Permission cases of the organisation predikat, calibration, appeals and reports (pages and API).

The harness world gets, lazily and once (:func:`results_world`), annual evaluations of period 2026:
* Bidang P2P rated Baik by kadinkes and **locked**: staff1 (Butuh Perbaikan), staff2 (Baik), kasi_surv
  (Sangat Baik); staff1 has an open appeal ``w.appeal`` (decider kabid_p2p, the evaluator's superior);
* Dinas Kesehatan rated Baik by BKPSDM and **open**: kabid_yankes (Butuh Perbaikan), staff_yankes (Baik), so the
  curve fits and the lock may go through.
"""

from __future__ import annotations

from django.urls import reverse

from kinerja.tests.permissions.harness import api, case

NO_RESULTS = (("u_staff1", 404), ("u_nobody", 404))


def results_world(w):
    """Built inside the running case's transaction (each case rolls back): rebuilt when the rows are gone."""
    from kinerja.evaluation.models import Evaluation

    if hasattr(w, "ev_staff1") and Evaluation.objects.filter(pk=w.ev_staff1.pk).exists():
        return w
    from kinerja.core.testing import SYSTEM
    from kinerja.evaluation.services import appeals, calibration, unit_ratings
    from kinerja.evaluation.tests.conftest import make_evaluation
    from kinerja.skp.models import Skp

    def skp_for(employee, position, unit, evaluator):
        return Skp.objects.create(instance=w.a, period=w.period, employee=employee, position=position, unit=unit,
                                  evaluator=evaluator)

    # the harness world's own annual evaluation of kasi_surv (tests/permissions/world.py) gives way to this one
    Evaluation.objects.filter(skp=w.skp_kasi, kind="annual").delete()
    w.ev_staff1 = make_evaluation(w.skp1, hasil="di_bawah", perilaku="sesuai")
    w.ev_staff2 = make_evaluation(w.skp2, hasil="sesuai", perilaku="sesuai")
    w.ev_kasi = make_evaluation(w.skp_kasi, hasil="di_atas", perilaku="di_atas")
    w.ev_kabid_yankes = make_evaluation(skp_for(w.kabid_yankes, w.pos_kabid_yankes, w.yankes, w.kadinkes),
                                        hasil="di_bawah", perilaku="sesuai")
    w.ev_staff_yankes = make_evaluation(skp_for(w.staff_yankes, w.pos_perawat, w.yankes, w.kabid_yankes))
    unit_ratings.set_unit_rating(actor=SYSTEM, unit=w.p2p, period=w.period, predikat="baik")
    unit_ratings.set_unit_rating(actor=SYSTEM, unit=w.dinkes, period=w.period, predikat="baik")
    calibration.lock(actor=SYSTEM, unit=w.p2p, period=w.period)
    w.ev_staff1.refresh_from_db()
    w.appeal = appeals.file_appeal(actor=w.u_staff1, evaluation=w.ev_staff1, reason="Keberatan atas predikat")
    return w


def _cal(name):
    def url(w):
        results_world(w)
        return reverse(name, args=[w.period.pk, w.dinkes.pk])
    return url


def _period_q(path):
    def url(w):
        results_world(w)
        return f"{reverse(path)}?period={w.period.pk}"
    return url


def _api(path):
    def url(w):
        results_world(w)
        return "/api/v1" + path.format(period=w.period.pk, unit=w.dinkes.pk, ev=w.ev_staff_yankes.pk,
                                       appeal=w.appeal.pk)
    return url


CAL_UNIT = (("u_kadisdik", 404), ("u_admin_opd_disdik", 404))
SCOPED = "a unit head and an OPD admin see their subtree's units (another unit's head sees only their own)"

CASES = [
    # --- pages ---
    case("evaluation:results", _period_q("evaluation:results"),
         ok=(("u_pimpinan", 200), ("u_kadinkes", 200), ("u_admin_opd", 200)), no_role=NO_RESULTS,
         unit=("u_kadisdik", 200), other=("u_admin_b", 404), note=SCOPED + "; another instance's period is a 404"),
    case("evaluation:calibration", _cal("evaluation:calibration"),
         ok=(("u_kadinkes", 200), ("u_admin_opd", 200), ("u_pimpinan", 200), ("u_auditor", 200)),
         no_role=NO_RESULTS, unit=CAL_UNIT, other=("u_admin_b", 404)),
    case("evaluation:calibration-check", _cal("evaluation:calibration-check"),
         ok=(("u_kadinkes", 200), ("u_monev", 200)), no_role=NO_RESULTS, unit=CAL_UNIT, other=("u_admin_b", 404)),
    case("evaluation:calibration-adjust",
         lambda w: (results_world(w), reverse("evaluation:calibration-adjust",
                                              args=[w.period.pk, w.dinkes.pk, w.ev_staff_yankes.pk]))[1],
         method="post", data=lambda w: {"predikat": "sangat_baik", "reason": "Rapat kalibrasi",
                                        "lock_version": w.ev_staff_yankes.lock_version},
         ok=(("u_kadinkes", 302), ("u_admin_opd", 302), ("u_admin_bkpsdm", 302)),
         no_role=(("u_staff1", 404), ("u_pimpinan", 403)), unit=CAL_UNIT, other=("u_admin_b", 404)),
    case("evaluation:calibration-lock", _cal("evaluation:calibration-lock"), method="post", data={"notes": "Rapat"},
         ok=(("u_kadinkes", 302), ("u_admin_bkpsdm", 302)), no_role=(("u_staff1", 404), ("u_auditor", 403)),
         unit=CAL_UNIT, other=("u_admin_b", 404)),
    case("evaluation:unit-rating", _cal("evaluation:unit-rating"),
         ok=("u_admin_bkpsdm", 200), no_role=(("u_staff1", 404), ("u_kadinkes", 403), ("u_admin_opd", 403)),
         unit=("u_admin_opd_disdik", 404), other=("u_admin_b", 404),
         note="an OPD's organisation predikat is the BKPSDM admin's (the level above)"),
    case("evaluation:appeal-mine", lambda w: (results_world(w), reverse("evaluation:appeal-mine"))[1],
         ok=(("u_staff1", 200), ("u_admin_opd", 200)), no_role=("u_nobody", 404),
         unit="one's own predikat and appeals, and those in one's HR or reader scope",
         other=("u_admin_b", 200), hidden=lambda w: results_world(w).appeal.reason),
    case("evaluation:appeal-file", lambda w: reverse("evaluation:appeal-file", args=[results_world(w).ev_staff2.pk]),
         ok=("u_staff2", 200), no_role=(("u_staff1", 404), ("u_kasi_surv", 404)),
         unit="only one's own evaluation", other=("u_staff_b", 404)),
    case("evaluation:appeal", lambda w: reverse("evaluation:appeal", args=[results_world(w).appeal.pk]),
         ok=(("u_staff1", 200), ("u_kabid_p2p", 200), ("u_admin_opd", 200)), no_role=(("u_staff2", 404),),
         unit=("u_kadisdik", 404), other=("u_admin_b", 404)),
    case("evaluation:appeal-decide", lambda w: reverse("evaluation:appeal-decide", args=[results_world(w).appeal.pk]),
         method="post", data={"grant": "reject", "reason": "Capaian sesuai"},
         ok=("u_kabid_p2p", 302), no_role=(("u_staff1", 403), ("u_admin_bkpsdm", 403), ("u_staff2", 404)),
         unit=("u_kadisdik", 404), other=("u_admin_b", 404)),
    case("evaluation:appeal-withdraw",
         lambda w: reverse("evaluation:appeal-withdraw", args=[results_world(w).appeal.pk]), method="post",
         ok=("u_staff1", 302), no_role=("u_staff2", 404), unit="only one's own appeal",
         other=("u_staff_b", 404), refused=(401, 403, 404)),
    case("evaluation:reports", _period_q("evaluation:reports"),
         ok=(("u_pimpinan", 200), ("u_kadinkes", 200), ("u_admin_opd", 200)), no_role=NO_RESULTS,
         unit=("u_kadisdik", 200), other=("u_admin_b", 404), note=SCOPED + "; another instance's period is a 404"),
    case("evaluation:report-list",
         lambda w: f"{reverse('evaluation:report-list')}?period={results_world(w).period.pk}&predikat=baik",
         ok=(("u_pimpinan", 200), ("u_kabid_p2p", 200)), no_role=NO_RESULTS, unit=("u_kadisdik", 200),
         other=("u_admin_b", 404), hidden=lambda w: w.staff2.name, note=SCOPED),
    case("evaluation:report-pending", _period_q("evaluation:report-pending"),
         ok=(("u_pimpinan", 200), ("u_admin_bkpsdm", 200)), no_role=NO_RESULTS, unit=("u_admin_opd_disdik", 200),
         other=("u_admin_b", 404), hidden=lambda w: w.kadinkes.name, note=SCOPED),
    case("evaluation:report-xlsx", _period_q("evaluation:report-xlsx"),
         ok=(("u_pimpinan", 200), ("u_admin_opd", 200)), no_role=NO_RESULTS, unit=("u_kadisdik", 200),
         other=("u_admin_b", 404), note=SCOPED),
    case("evaluation:leadership", _period_q("evaluation:leadership"),
         ok=(("u_pimpinan", 200), ("u_admin_bkpsdm", 200)), no_role=(("u_kadinkes", 404), ("u_admin_opd", 404)),
         unit="the whole instance (pimpinan, the BKPSDM admin)", other=("u_admin_b", 404)),
    # --- API ---
    case(api("get", "/evaluation/periods/{period_id}/units/{unit_id}/calibration"),
         _api("/evaluation/periods/{period}/units/{unit}/calibration"),
         ok=(("u_kadinkes", 200), ("u_pimpinan", 200)), no_role=NO_RESULTS, unit=CAL_UNIT, other=("u_admin_b", 404)),
    case(api("put", "/evaluation/periods/{period_id}/units/{unit_id}/org-predikat"),
         _api("/evaluation/periods/{period}/units/{unit}/org-predikat"), method="put",
         data={"predikat": "istimewa", "reason": "Penghargaan"},
         ok=("u_admin_bkpsdm", 200), no_role=(("u_staff1", 404), ("u_kadinkes", 403)),
         unit=("u_admin_opd_disdik", 404), other=("u_admin_b", 404)),
    case(api("post", "/evaluation/evaluations/{evaluation_id}/calibration-adjust"),
         _api("/evaluation/evaluations/{ev}/calibration-adjust"), method="post",
         data={"predikat": "sangat_baik", "reason": "Rapat kalibrasi"},
         ok=(("u_kadinkes", 200), ("u_admin_opd", 200)), no_role=(("u_staff1", 404), ("u_pimpinan", 403)),
         unit=CAL_UNIT, other=("u_admin_b", 404)),
    case(api("post", "/evaluation/periods/{period_id}/units/{unit_id}/calibration/lock"),
         _api("/evaluation/periods/{period}/units/{unit}/calibration/lock"), method="post", data={},
         ok=(("u_kadinkes", 200), ("u_admin_opd", 200)), no_role=(("u_staff1", 404), ("u_monev", 403)),
         unit=CAL_UNIT, other=("u_admin_b", 404)),
    case(api("get", "/evaluation/periods/{period_id}/recap"), _api("/evaluation/periods/{period}/recap"),
         ok=(("u_pimpinan", 200), ("u_kadinkes", 200)), no_role=NO_RESULTS, unit=("u_kadisdik", 200),
         other=("u_admin_b", 404), note=SCOPED),
    case(api("get", "/evaluation/trends"), lambda w: (results_world(w), "/api/v1/evaluation/trends")[1],
         ok=(("u_pimpinan", 200), ("u_admin_opd", 200)), no_role=NO_RESULTS, unit=("u_kadisdik", 200),
         other=("u_admin_b", 200), note=SCOPED + "; another instance counts its own"),
    case(api("get", "/evaluation/periods/{period_id}/not-evaluated"),
         _api("/evaluation/periods/{period}/not-evaluated"),
         ok=(("u_pimpinan", 200), ("u_admin_opd", 200)), no_role=NO_RESULTS, unit=("u_admin_opd_disdik", 200),
         other=("u_admin_b", 404), hidden=lambda w: w.kadinkes.name, note=SCOPED),
    case(api("get", "/evaluation/periods/{period_id}/leadership"), _api("/evaluation/periods/{period}/leadership"),
         ok=(("u_pimpinan", 200), ("u_admin_bkpsdm", 200)), no_role=(("u_kadinkes", 404), ("u_staff1", 404)),
         unit="the whole instance (pimpinan, the BKPSDM admin)", other=("u_admin_b", 404)),
    case(api("get", "/evaluation/appeals"), lambda w: (results_world(w), "/api/v1/evaluation/appeals")[1],
         ok=(("u_staff1", 200), ("u_kabid_p2p", 200)), no_role=("u_nobody", 200),
         unit="one's own appeals, those one decides, and those in one's HR or reader scope",
         other=("u_admin_b", 200), hidden=lambda w: results_world(w).appeal.reason),
    case(api("get", "/evaluation/appeals/{appeal_id}"), _api("/evaluation/appeals/{appeal}"),
         ok=(("u_staff1", 200), ("u_kabid_p2p", 200), ("u_pimpinan", 200)), no_role=("u_staff2", 404),
         unit=("u_kadisdik", 404), other=("u_admin_b", 404)),
    case(api("post", "/evaluation/appeals"), lambda w: (results_world(w), "/api/v1/evaluation/appeals")[1],
         method="post",
         data=lambda w: {"evaluation_id": results_world(w).ev_staff2.pk, "reason": "Keberatan"},
         ok=("u_staff2", 201), no_role=(("u_staff1", 422), ("u_kabid_p2p", 422)),
         unit="only one's own evaluation", other=("u_staff_b", 422)),
    case(api("post", "/evaluation/appeals/{appeal_id}/decide"), _api("/evaluation/appeals/{appeal}/decide"),
         method="post", data={"grant": False, "reason": "Capaian sesuai"},
         ok=("u_kabid_p2p", 200), no_role=(("u_staff1", 403), ("u_kasi_surv", 404)),
         unit=("u_kadisdik", 404), other=("u_admin_b", 404)),
    case(api("post", "/evaluation/appeals/{appeal_id}/withdraw"), _api("/evaluation/appeals/{appeal}/withdraw"),
         method="post", ok=("u_staff1", 200), no_role=(("u_staff2", 404), ("u_kabid_p2p", 403)),
         unit="only one's own appeal", other=("u_staff_b", 404)),
]
