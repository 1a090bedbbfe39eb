"""Organisation predikat, calibration and its lock (services), with the curve check."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from kinerja.audit.models import AuditEvent
from kinerja.evaluation import results
from kinerja.evaluation.models import (
    Calibration,
    CalibrationStatus,
    ChangeSource,
    Evaluation,
    EvaluationStatus,
    PredikatChange,
    UnitRating,
)
from kinerja.evaluation.services import calibration, unit_ratings
from kinerja.notifications.models import Notification

from .conftest import make_evaluation


def _rate(w, r, unit=None, predikat="baik", reason="PK tercapai 95%"):
    return unit_ratings.set_unit_rating(actor=w.u_admin_bkpsdm, unit=unit or w.dinkes, period=r.period,
                                        predikat=predikat, reason=reason)


# --- organisation predikat ---------------------------------------------------------------------------------

def test_the_level_above_sets_the_org_predikat(world, r):
    w = world
    rating = _rate(w, r)
    assert (rating.predikat, rating.set_by, rating.suggested) == ("baik", w.u_admin_bkpsdm, "")
    event = AuditEvent.objects.get(action="evaluation.unitrating.set", object_id=str(rating.pk))
    assert event.after["predikat"] == "baik" and event.before is None
    # a bidang: the head of its parent (kadinkes), not its own head, not the OPD admin, not BKPSDM (kadinkes leads)
    p2p = unit_ratings.set_unit_rating(actor=w.u_kadinkes, unit=w.p2p, period=r.period, predikat="istimewa")
    assert p2p.predikat == "istimewa"
    for user in (w.u_kabid_p2p, w.u_admin_opd, w.u_admin_bkpsdm, w.u_staff1, w.u_admin_b):
        with pytest.raises(PermissionDenied):
            unit_ratings.set_unit_rating(actor=user, unit=w.p2p, period=r.period, predikat="baik")
    with pytest.raises(PermissionDenied):  # an OPD: BKPSDM only
        unit_ratings.set_unit_rating(actor=w.u_kadinkes, unit=w.dinkes, period=r.period, predikat="baik")
    assert UnitRating.objects.get(unit=w.p2p).predikat == "istimewa"


def test_departing_from_the_suggestion_needs_a_reason(world, r, monkeypatch):
    w = world
    monkeypatch.setattr(results, "pk_achievement", lambda unit, period: results.Decimal("95.5"))
    with pytest.raises(ValidationError) as exc:
        unit_ratings.set_unit_rating(actor=w.u_admin_bkpsdm, unit=w.dinkes, period=r.period, predikat="istimewa")
    assert "reason" in exc.value.message_dict and not UnitRating.objects.exists()
    rating = unit_ratings.set_unit_rating(actor=w.u_admin_bkpsdm, unit=w.dinkes, period=r.period, predikat="baik")
    assert (rating.suggested, rating.achievement, rating.reason) == ("baik", results.Decimal("95.5"), "")
    rating = unit_ratings.set_unit_rating(actor=w.u_admin_bkpsdm, unit=w.dinkes, period=r.period,
                                          predikat="istimewa", reason="Penghargaan nasional")
    assert rating.predikat == "istimewa"
    assert AuditEvent.objects.filter(action="evaluation.unitrating.set").count() == 2
    with pytest.raises(ValidationError) as exc:
        unit_ratings.set_unit_rating(actor=w.u_admin_bkpsdm, unit=w.dinkes, period=r.period, predikat="luar_biasa")
    assert "predikat" in exc.value.message_dict


def test_pk_achievement_is_the_mean_of_the_latest_indicator_values(world, r):
    from kinerja.planning.testing import build_plan
    from kinerja.progress.models import IndicatorAchievement

    w = world
    plan = build_plan(w)
    rows = [(plan.ind1, "2026-01-01", "80"), (plan.ind1, "2026-02-01", "100")]
    year = r.period.year
    for ind, start, value in rows:
        IndicatorAchievement.objects.create(instance=w.a, level="pk", pk_indicator=ind, unit=ind.agreement.unit,
                                            period_start=start.replace("2026", str(year)), achievement=value)
    unit = plan.ind1.agreement.unit
    if plan.ind1.agreement.year == year:
        assert results.pk_achievement(unit, r.period) == results.Decimal("100.00")
        assert results.suggestion(unit, r.period) == (results.Decimal("100.00"), "baik")
    else:
        assert results.pk_achievement(unit, r.period) is None


# --- the curve, live --------------------------------------------------------------------------------------

def test_distribution_groups_by_rated_unit_and_checks_the_curve(world, r, django_assert_max_num_queries):
    w = world
    _rate(w, r)
    with django_assert_max_num_queries(4):
        d = results.distribution(w.dinkes, r.period)
    assert d.curve_counts == {"sangat_baik": 2, "baik": 5, "butuh_perbaikan": 0, "kurang": 0, "sangat_kurang": 0}
    codes = {f.code for f in d.check.violations}
    assert codes == {"baik_max_70", "butuh_perbaikan_or_kurang_min_1"}
    assert any("Baik paling banyak 70%: 5 dari 7 pegawai" in f.message for f in d.check.violations)
    # P2P gets its own predikat: its three employees leave the OPD's curve
    unit_ratings.set_unit_rating(actor=w.u_kadinkes, unit=w.p2p, period=r.period, predikat="istimewa")
    dinkes, p2p = (results.distribution(u, r.period) for u in (w.dinkes, w.p2p))
    assert (dinkes.total, p2p.total) == (3, 4)  # kadinkes, kabid_yankes, staff_yankes; kabid, kasi, 2 staff
    assert p2p.curve_counts["sangat_baik"] == 1 and dinkes.curve_counts["sangat_baik"] == 1
    assert results.members(w.p2p, r.period).count() == 4


def test_recap_names_violations_per_unit(world, r):
    w = world
    _rate(w, r)
    rows = {row["unit"]: row for row in results.recap(r.period)}
    dinkes = rows["Dinas Kesehatan"]
    assert dinkes["org_predikat"] == "baik" and dinkes["counts"]["baik"] == 5 and dinkes["total"] == 7
    assert len(dinkes["violations"]) == 2 and not dinkes["locked"]
    assert rows["Dinas Pendidikan"]["org_predikat"] is None and rows["Dinas Pendidikan"]["total"] == 0


# --- adjusting --------------------------------------------------------------------------------------------

def test_the_meeting_adjusts_through_the_ratings_or_directly(world, r):
    w = world
    _rate(w, r)
    ev = calibration.adjust(actor=w.u_kadinkes, evaluation=r.ev["staff2"], result_rating="di_bawah",
                            reason="Target semester dua tidak tercapai", lock_version=r.ev["staff2"].lock_version)
    assert (ev.predikat, ev.result_rating, ev.behaviour_rating) == ("butuh_perbaikan", "di_bawah", "di_atas")
    change = PredikatChange.objects.get(evaluation=ev)
    assert (change.source, change.from_predikat, change.to_predikat, change.from_result) == (
        ChangeSource.CALIBRATION, "baik", "butuh_perbaikan", "sesuai")
    assert change.by == w.u_kadinkes and Calibration.objects.get(unit=w.dinkes).status == CalibrationStatus.OPEN
    event = AuditEvent.objects.get(action="evaluation.calibration.adjust")
    assert event.before["predikat"] == "baik" and event.after["reason"] == "Target semester dua tidak tercapai"
    # the OPD admin adjusts a predikat directly
    ev = calibration.adjust(actor=w.u_admin_opd, evaluation=r.ev["staff1"], predikat="sangat_baik",
                            reason="Inovasi aplikasi surveilans")
    assert ev.predikat == "sangat_baik" and ev.result_rating == "sesuai"
    d = results.distribution(w.dinkes, r.period)
    assert d.check.ok


@pytest.mark.parametrize(("kwargs", "field"), [
    ({"predikat": "butuh_perbaikan", "reason": "   "}, "reason"),
    ({"predikat": "butuh_perbaikan", "reason": ""}, "reason"),
    ({"reason": "x"}, "predikat"),
    ({"predikat": "cukup", "reason": "x"}, "predikat"),
    ({"predikat": "baik", "reason": "x"}, "predikat"),  # unchanged
    ({"result_rating": "di_bawah", "predikat": "baik", "reason": "x"}, "predikat"),  # ratings give another
    ({"result_rating": "hebat", "reason": "x"}, "result_rating"),
])
def test_bad_adjustments_are_refused_and_change_nothing(world, r, kwargs, field):
    w = world
    _rate(w, r)
    with pytest.raises(ValidationError) as exc:
        calibration.adjust(actor=w.u_kadinkes, evaluation=r.ev["staff2"], **kwargs)
    assert field in exc.value.message_dict
    assert not PredikatChange.objects.exists()
    assert Evaluation.objects.get(pk=r.ev["staff2"].pk).predikat == ""


def test_who_may_calibrate(world, r):
    w = world
    for user in (w.u_staff1, w.u_pimpinan, w.u_auditor, w.u_kadisdik, w.u_admin_b, w.u_admin_opd_disdik
                 if hasattr(w, "u_admin_opd_disdik") else w.u_nobody):
        with pytest.raises(PermissionDenied):
            calibration.adjust(actor=user, evaluation=r.ev["staff2"], predikat="butuh_perbaikan", reason="x")
    # kasi_surv heads only Seksi Surveilans: the OPD's calibration is not theirs
    with pytest.raises(PermissionDenied):
        calibration.adjust(actor=w.u_kasi_surv, evaluation=r.ev["staff2"], predikat="butuh_perbaikan", reason="x")
    # a stale lock_version is a conflict
    with pytest.raises(calibration.StaleEvaluation):
        calibration.adjust(actor=w.u_kadinkes, evaluation=r.ev["staff2"], predikat="butuh_perbaikan", reason="x",
                           lock_version=r.ev["staff2"].lock_version + 5)
    assert not PredikatChange.objects.exists()


def test_a_draft_is_not_adjusted(world, r):
    w = world
    Evaluation.objects.filter(pk=r.ev["staff2"].pk).update(status=EvaluationStatus.DRAFT)
    r.ev["staff2"].refresh_from_db()
    with pytest.raises(ValidationError, match="draft"):
        calibration.adjust(actor=w.u_kadinkes, evaluation=r.ev["staff2"], predikat="butuh_perbaikan", reason="x")


# --- the lock ---------------------------------------------------------------------------------------------

def test_lock_is_refused_while_a_violation_remains_or_an_evaluation_is_not_final(world, r):
    w = world
    with pytest.raises(ValidationError, match="no organisation predikat"):
        calibration.lock(actor=w.u_kadinkes, unit=w.dinkes, period=r.period)
    _rate(w, r)
    with pytest.raises(ValidationError) as exc:
        calibration.lock(actor=w.u_kadinkes, unit=w.dinkes, period=r.period)
    assert any("Baik paling banyak 70%" in m for m in exc.value.messages)
    calibration.adjust(actor=w.u_kadinkes, evaluation=r.ev["staff2"], predikat="butuh_perbaikan", reason="Rapat")
    Evaluation.objects.filter(pk=r.ev["staff1"].pk).update(status=EvaluationStatus.DRAFT)
    with pytest.raises(ValidationError, match="1 evaluation is not final yet"):
        calibration.lock(actor=w.u_kadinkes, unit=w.dinkes, period=r.period)
    assert not Evaluation.objects.filter(locked_at__isnull=False).exists()
    assert Calibration.objects.get(unit=w.dinkes).status == CalibrationStatus.OPEN
    with pytest.raises(PermissionDenied):
        calibration.lock(actor=w.u_pimpinan, unit=w.dinkes, period=r.period)


def test_lock_freezes_the_unit_in_one_update(world, r, django_assert_max_num_queries):
    w = world
    _rate(w, r)
    calibration.adjust(actor=w.u_kadinkes, evaluation=r.ev["staff2"], predikat="butuh_perbaikan", reason="Rapat")
    other = make_evaluation(r.skp["staff1"].__class__.objects.create(
        instance=w.a, period=r.period, employee=w.staff_disdik, position=w.pos_staff_disdik, unit=w.disdik))
    with django_assert_max_num_queries(30):
        cal = calibration.lock(actor=w.u_admin_opd, unit=w.dinkes, period=r.period, notes="Rapat 12 Januari")
    assert cal.status == CalibrationStatus.LOCKED and cal.locked_by == w.u_admin_opd and cal.notes
    locked = Evaluation.objects.filter(locked_at__isnull=False)
    assert locked.count() == 7 and not Evaluation.objects.get(pk=other.pk).is_locked
    # the final predikat is fixed: the proposal where the meeting kept it
    assert dict(locked.values_list("employee_id", "predikat"))[w.staff1.pk] == "baik"
    assert Evaluation.objects.get(pk=r.ev["staff2"].pk).predikat == "butuh_perbaikan"
    event = AuditEvent.objects.get(action="evaluation.calibration.lock")
    assert event.after["evaluations"] == 7 and event.after["org_predikat"] == "baik"
    told = Notification.objects.filter(kind="predikat_final")
    assert told.count() == 7 and told.filter(recipient=w.u_kadinkes).exists()  # the actor is the OPD admin
    # after the lock: nothing changes except by appeal
    ev = Evaluation.objects.get(pk=r.ev["staff1"].pk)
    with pytest.raises(ValidationError, match="locked"):
        calibration.adjust(actor=w.u_kadinkes, evaluation=ev, predikat="sangat_baik", reason="Terlambat")
    with pytest.raises(ValidationError, match="locked"):
        calibration.lock(actor=w.u_kadinkes, unit=w.dinkes, period=r.period)
    with pytest.raises(ValidationError, match="locked"):
        unit_ratings.set_unit_rating(actor=w.u_admin_bkpsdm, unit=w.dinkes, period=r.period, predikat="istimewa",
                                     reason="x")
    assert PredikatChange.objects.count() == 1


def test_an_infeasible_curve_does_not_block_the_lock(world):
    from .conftest import build_results

    w = world
    r = build_results(w, ratings={"kabid_p2p": ("sesuai", "sesuai")})  # a unit of one
    unit_ratings.set_unit_rating(actor=w.u_kadinkes, unit=w.p2p, period=r.period, predikat="kurang")
    d = results.distribution(w.p2p, r.period)
    assert d.check.violations and not d.check.feasible
    cal = calibration.lock(actor=w.u_kabid_p2p, unit=w.p2p, period=r.period)
    event = AuditEvent.objects.get(action="evaluation.calibration.lock", object_id=str(cal.pk))
    assert event.after["violations_unavoidable"]
    assert Evaluation.objects.get(pk=r.ev["kabid_p2p"].pk).locked_at <= timezone.now() + timedelta(seconds=1)
