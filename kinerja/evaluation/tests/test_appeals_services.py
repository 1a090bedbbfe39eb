"""Appeals (keberatan): filed by the employee within the window after the lock, decided by the evaluator's
superior; a granted appeal changes the locked predikat."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from kinerja.audit.models import AuditEvent
from kinerja.evaluation.models import Appeal, AppealStatus, ChangeSource, Evaluation, EvaluationSettings, PredikatChange
from kinerja.evaluation.services import appeals, calibration, unit_ratings
from kinerja.notifications.models import Notification


@pytest.fixture
def locked(world, r):
    w = world
    unit_ratings.set_unit_rating(actor=w.u_admin_bkpsdm, unit=w.dinkes, period=r.period, predikat="baik")
    calibration.adjust(actor=w.u_kadinkes, evaluation=r.ev["staff2"], predikat="butuh_perbaikan", reason="Rapat")
    calibration.lock(actor=w.u_kadinkes, unit=w.dinkes, period=r.period)
    return {name: Evaluation.objects.get(pk=ev.pk) for name, ev in r.ev.items()}


def test_the_employee_files_and_the_evaluators_superior_grants(world, locked):
    w = world
    ev = locked["staff2"]
    appeal = appeals.file_appeal(actor=w.u_staff2, evaluation=ev, reason="Data semester dua belum dihitung",
                                 requested_predikat="baik")
    assert appeal.decider == w.kabid_p2p and appeal.status == AppealStatus.FILED
    assert Notification.objects.get(kind="appeal_filed").recipient == w.u_kabid_p2p
    assert AuditEvent.objects.filter(action="evaluation.appeal.create", object_id=str(appeal.pk)).exists()
    # the evaluator (kasi_surv) is not the decider, nor is the employee, nor the HR admin
    for user in (w.u_kasi_surv, w.u_staff2, w.u_admin_bkpsdm, w.u_kadisdik, w.u_admin_b):
        with pytest.raises(PermissionDenied):
            appeals.decide_appeal(actor=user, appeal=appeal, grant=True, reason="ok")
    with pytest.raises(ValidationError) as exc:
        appeals.decide_appeal(actor=w.u_kabid_p2p, appeal=appeal, grant=True, reason="  ")
    assert "decision_reason" in exc.value.message_dict
    appeal = appeals.decide_appeal(actor=w.u_kabid_p2p, appeal=appeal, grant=True, reason="Data terbukti lengkap")
    assert (appeal.status, appeal.new_predikat) == (AppealStatus.UPHELD, "baik")
    ev.refresh_from_db()
    assert ev.predikat == "baik" and ev.is_locked
    change = PredikatChange.objects.get(evaluation=ev, source=ChangeSource.APPEAL)
    assert (change.from_predikat, change.to_predikat) == ("butuh_perbaikan", "baik")
    assert Notification.objects.get(kind="appeal_decided").recipient == w.u_staff2
    event = AuditEvent.objects.get(action="evaluation.appeal.decide")
    assert event.after["predikat_before"] == "butuh_perbaikan" and event.after["status"] == "upheld"
    with pytest.raises(ValidationError, match="already"):
        appeals.decide_appeal(actor=w.u_kabid_p2p, appeal=appeal, grant=False, reason="again")


def test_a_rejected_appeal_keeps_the_predikat(world, locked):
    w = world
    appeal = appeals.file_appeal(actor=w.u_staff1, evaluation=locked["staff1"], reason="Saya layak Sangat Baik")
    with pytest.raises(ValidationError) as exc:  # granting needs a predikat
        appeals.decide_appeal(actor=w.u_kabid_p2p, appeal=appeal, grant=True, reason="ok")
    assert "new_predikat" in exc.value.message_dict
    appeals.decide_appeal(actor=w.u_kabid_p2p, appeal=appeal, grant=False, reason="Capaian sesuai ekspektasi")
    assert Evaluation.objects.get(pk=locked["staff1"].pk).predikat == "baik"
    assert not PredikatChange.objects.filter(source=ChangeSource.APPEAL).exists()


def test_an_acting_superior_decides(world, locked):
    from datetime import date

    from kinerja.core.testing import SYSTEM
    from kinerja.people import services as people

    w = world
    appeal = appeals.file_appeal(actor=w.u_staff1, evaluation=locked["staff1"], reason="Keberatan")
    people.assign_acting(actor=SYSTEM, employee=w.kabid_yankes, position=w.pos_kabid_p2p, kind="plt",
                         start_date=date(2000, 1, 1))
    appeals.decide_appeal(actor=w.u_kabid_yankes, appeal=appeal, grant=False, reason="Plt memutuskan")
    assert Appeal.objects.get(pk=appeal.pk).decider == w.kabid_yankes


def test_appeals_that_are_refused(world, r, locked):
    w = world
    ev = locked["staff1"]
    with pytest.raises(PermissionDenied):  # someone else
        appeals.file_appeal(actor=w.u_staff2, evaluation=ev, reason="Untuk rekan")
    with pytest.raises(PermissionDenied):
        appeals.file_appeal(actor=w.u_kasi_surv, evaluation=ev, reason="Untuk bawahan")
    with pytest.raises(ValidationError) as exc:
        appeals.file_appeal(actor=w.u_staff1, evaluation=ev, reason=" ")
    assert "reason" in exc.value.message_dict
    # after the deadline (14 days by default; a setting)
    Evaluation.objects.filter(pk=ev.pk).update(locked_at=timezone.now() - timedelta(days=15))
    ev.refresh_from_db()
    with pytest.raises(ValidationError, match="window closed"):
        appeals.file_appeal(actor=w.u_staff1, evaluation=ev, reason="Terlambat")
    EvaluationSettings.objects.create(instance=w.a, appeal_days=30)
    appeal = appeals.file_appeal(actor=w.u_staff1, evaluation=ev, reason="Masih dalam 30 hari")
    with pytest.raises(ValidationError, match="already open"):
        appeals.file_appeal(actor=w.u_staff1, evaluation=ev, reason="Dua kali")
    appeals.withdraw_appeal(actor=w.u_staff1, appeal=appeal)
    assert Appeal.objects.get(pk=appeal.pk).status == AppealStatus.WITHDRAWN
    assert Appeal.objects.count() == 1


def test_no_appeal_before_the_lock(world, r):
    w = world
    with pytest.raises(ValidationError, match="not final yet"):
        appeals.file_appeal(actor=w.u_staff1, evaluation=r.ev["staff1"], reason="Terlalu cepat")
    assert not Appeal.objects.exists()
