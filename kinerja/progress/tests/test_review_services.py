"""The superior's review: accept_report, return_report, review_evidence (progress/services/review.py)."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from kinerja.audit.models import AuditEvent
from kinerja.core.errors import ConflictError
from kinerja.core.testing import SYSTEM
from kinerja.notifications.models import Notification
from kinerja.people import services as people
from kinerja.progress.models import Evidence, EvidenceStatus, Report, ReportingSettings, ReportStatus
from kinerja.progress.services.review import accept_report, return_report, review_evidence

from .review_fixtures import make_evidence, make_report

pytestmark = pytest.mark.django_db


def fresh(obj):
    return type(obj).objects.get(pk=obj.pk)


def codes(exc: ValidationError, field: str) -> list[str]:
    return [e.code for e in exc.error_dict[field]]


# --- accept ------------------------------------------------------------------------------------


def test_the_evaluator_accepts_a_submitted_report_with_its_pending_evidence(sup):
    w = sup.w
    make_evidence(sup.report, "lama.pdf", content_type="application/pdf", status=EvidenceStatus.NEEDS_FIX)
    report = accept_report(actor=w.u_kasi_surv, report=sup.report, lock_version=0, comment="Bagus")
    stored = fresh(report)
    assert (stored.status, stored.lock_version, stored.review_comment) == (ReportStatus.ACCEPTED, 1, "Bagus")
    assert stored.reviewed_by_id == w.kasi_surv.pk and stored.reviewed_at is not None
    statuses = dict(Evidence.objects.filter(report=report).values_list("original_name", "status"))
    assert statuses == {"foto-rapat.jpg": "accepted", "": "accepted", "lama.pdf": "needs_fix"}
    event = AuditEvent.objects.get(action="progress.report.accept")
    assert event.object_id == str(report.pk) and event.actor_id == w.u_kasi_surv.pk
    assert event.before["status"] == "submitted" and event.after["status"] == "accepted"
    assert sorted(event.after["evidence_accepted"]) == sorted([sup.photo.pk, sup.link.pk])
    note = Notification.objects.get(kind="report_accepted")  # (the roll-up may warn the superior as well)
    assert note.recipient_id == w.u_staff1.pk
    assert note.url in (f"/progress/iki/{sup.iki1.pk}/{sup.last_month.isoformat()}/",  # the employee's page
                        f"/progress/reports/{report.pk}/review/") and note.body == "Bagus"
    assert sup.refreshed == [[sup.iki1.pk]]


def test_accepting_moves_the_achievement_roll_up(sup):
    from kinerja.progress.models import IkiAchievement

    assert not IkiAchievement.objects.filter(iki=sup.iki1).exists()
    accept_report(actor=sup.w.u_kasi_surv, report=sup.report, lock_version=0)
    row = IkiAchievement.objects.get(iki=sup.iki1, period_start=sup.last_month)
    assert row.realisation == Decimal("4") and row.achievement is not None


def test_a_qualitative_indicator_needs_the_judged_achievement_within_the_cap(sup):
    w = sup.w
    report = make_report(sup.skp1, sup.iki_text, sup.last_month, value=None, value_text="Analisis selesai")
    with pytest.raises(ValidationError) as missing:
        accept_report(actor=w.u_kasi_surv, report=report, lock_version=0)
    assert codes(missing.value, "judged_achievement") == ["required"]
    for bad, code in (("121", "range"), ("-1", "range"), ("banyak", "not_a_number"), ("NaN", "range")):
        with pytest.raises(ValidationError) as exc:
            accept_report(actor=w.u_kasi_surv, report=report, lock_version=0, judged_achievement=bad)
        assert codes(exc.value, "judged_achievement") == [code], bad
    assert fresh(report).status == ReportStatus.SUBMITTED and not AuditEvent.objects.filter(
        action="progress.report.accept").exists() and not Notification.objects.exists()
    accept_report(actor=w.u_kasi_surv, report=report, lock_version=0, judged_achievement="87,5")
    assert fresh(report).judged_achievement == Decimal("87.50")


def test_the_cap_is_the_instance_setting(sup):
    w = sup.w
    ReportingSettings.objects.create(instance=w.a, achievement_cap=Decimal("110"))
    report = make_report(sup.skp1, sup.iki_text, sup.last_month, value=None)
    with pytest.raises(ValidationError):
        accept_report(actor=w.u_kasi_surv, report=report, lock_version=0, judged_achievement=Decimal("115"))
    accept_report(actor=w.u_kasi_surv, report=report, lock_version=0, judged_achievement=Decimal("110"))


def test_a_numeric_indicator_takes_no_judged_achievement(sup):
    with pytest.raises(ValidationError) as exc:
        accept_report(actor=sup.w.u_kasi_surv, report=sup.report, lock_version=0, judged_achievement="90")
    assert codes(exc.value, "judged_achievement") == ["not_qualitative"]


def test_a_stale_lock_version_is_a_conflict_and_writes_nothing(sup):
    Report.objects.filter(pk=sup.report.pk).update(lock_version=3)  # the employee saved meanwhile
    for call in (lambda: accept_report(actor=sup.w.u_kasi_surv, report=sup.report, lock_version=2),
                 lambda: return_report(actor=sup.w.u_kasi_surv, report=sup.report, lock_version=2, comment="x")):
        with pytest.raises(ConflictError) as exc:
            call()
        assert isinstance(exc.value, ValidationError) and codes(exc.value, "lock_version") == ["conflict"]
    assert fresh(sup.report).status == ReportStatus.SUBMITTED
    assert not AuditEvent.objects.filter(action__startswith="progress.").exists()
    assert not Notification.objects.exists() and sup.refreshed == []
    with pytest.raises(ValidationError) as missing:
        accept_report(actor=sup.w.u_kasi_surv, report=sup.report, lock_version=None)
    assert codes(missing.value, "lock_version") == ["required"]


def test_only_a_submitted_report_is_reviewed(sup):
    w = sup.w
    for status in (ReportStatus.DRAFT, ReportStatus.RETURNED, ReportStatus.ACCEPTED):
        Report.objects.filter(pk=sup.report.pk).update(status=status)
        with pytest.raises(ValidationError) as exc:
            accept_report(actor=w.u_kasi_surv, report=sup.report, lock_version=0)
        assert codes(exc.value, "status") == ["not_submitted"]
        with pytest.raises(ValidationError) as exc:
            return_report(actor=w.u_kasi_surv, report=sup.report, lock_version=0, comment="Perbaiki")
        assert codes(exc.value, "status") == ["not_submitted"]


def test_a_closed_period_refuses_the_review(sup):
    sup.period.is_closed = True
    sup.period.save(update_fields=["is_closed"])
    with pytest.raises(ValidationError) as exc:
        accept_report(actor=sup.w.u_kasi_surv, report=sup.report, lock_version=0)
    assert codes(exc.value, "period") == ["closed"]


@pytest.mark.parametrize("who", ["u_staff1", "u_staff2", "u_kabid_p2p", "u_admin_bkpsdm", "u_admin_opd",
                                 "u_auditor", "u_kadisdik", "u_admin_b", "u_nobody"])
def test_only_the_current_evaluator_reviews(sup, who):
    w = sup.w
    actor = getattr(w, who)
    for call in (lambda: accept_report(actor=actor, report=sup.report, lock_version=0),
                 lambda: return_report(actor=actor, report=sup.report, lock_version=0, comment="Perbaiki"),
                 lambda: review_evidence(actor=actor, evidence=sup.photo, accept=True)):
        with pytest.raises(PermissionDenied):
            call()
    assert fresh(sup.report).status == ReportStatus.SUBMITTED and fresh(sup.photo).status == "pending"
    assert not AuditEvent.objects.filter(action__startswith="progress.").exists()


def test_an_acting_official_reviews_in_place_of_the_evaluator(sup):
    from datetime import date

    w = sup.w
    people.assign_acting(actor=SYSTEM, employee=w.kabid_yankes, position=w.pos_kasi_surv, kind="plt",
                         start_date=date(2020, 1, 1))
    accept_report(actor=w.u_kabid_yankes, report=sup.report, lock_version=0)
    assert fresh(sup.report).reviewed_by_id == w.kabid_yankes.pk


def test_an_hr_admin_reviews_only_when_nobody_holds_the_superior_position(sup):
    from datetime import date

    w = sup.w
    with pytest.raises(PermissionDenied):
        accept_report(actor=w.u_admin_opd, report=sup.report, lock_version=0)
    people.transfer_employee(actor=SYSTEM, employee=w.kasi_surv, position=w.pos_staff_disdik,
                             start_date=date(2026, 1, 2))
    accept_report(actor=w.u_admin_opd, report=sup.report, lock_version=0)
    assert fresh(sup.report).status == ReportStatus.ACCEPTED and fresh(sup.report).reviewed_by_id is None


def test_the_system_actor_reviews_and_an_actor_is_required(sup):
    with pytest.raises(TypeError):
        accept_report(actor=None, report=sup.report, lock_version=0)
    accept_report(actor=SYSTEM, report=sup.report, lock_version=0)
    assert AuditEvent.objects.get(action="progress.report.accept").actor_label.startswith("system")


# --- return ------------------------------------------------------------------------------------


def test_returning_needs_a_comment_and_marks_the_chosen_evidence(sup):
    w = sup.w
    with pytest.raises(ValidationError) as exc:
        return_report(actor=w.u_kasi_surv, report=sup.report, lock_version=0, comment="   ")
    assert codes(exc.value, "comment") == ["required"]
    report = return_report(actor=w.u_kasi_surv, report=sup.report, lock_version=0,
                           comment="Foto tidak terbaca", evidence_ids=[sup.photo.pk])
    stored = fresh(report)
    assert (stored.status, stored.review_comment, stored.lock_version) == ("returned", "Foto tidak terbaca", 1)
    assert (fresh(sup.photo).status, fresh(sup.photo).review_comment) == ("needs_fix", "Foto tidak terbaca")
    assert fresh(sup.link).status == "pending"
    event = AuditEvent.objects.get(action="progress.report.return")
    assert event.after["evidence_needs_fix"] == [sup.photo.pk] and event.after["status"] == "returned"
    note = Notification.objects.get(kind="evidence_returned")
    assert (note.recipient_id, note.body) == (w.u_staff1.pk, "Foto tidak terbaca")
    assert sup.refreshed == [[sup.iki1.pk]]


def test_returning_refuses_evidence_of_another_report_or_deleted(sup):
    from django.utils import timezone

    w = sup.w
    other = make_evidence(make_report(sup.skp2, sup.iki2, sup.last_month), "lain.jpg")
    gone = make_evidence(sup.report, "hapus.jpg", deleted_at=timezone.now())
    for ids in ([other.pk], [gone.pk], ["x"], "12"):
        with pytest.raises(ValidationError) as exc:
            return_report(actor=w.u_kasi_surv, report=sup.report, lock_version=0, comment="Perbaiki",
                          evidence_ids=ids)
        assert "evidence_ids" in exc.value.error_dict, ids
    assert fresh(sup.report).status == ReportStatus.SUBMITTED and fresh(other).status == "pending"


def test_a_too_long_comment_is_refused(sup):
    with pytest.raises(ValidationError) as exc:
        return_report(actor=sup.w.u_kasi_surv, report=sup.report, lock_version=0, comment="x" * 5001)
    assert codes(exc.value, "comment") == ["too_long"]


# --- one piece of evidence ---------------------------------------------------------------------


def test_the_evaluator_accepts_one_piece_of_evidence(sup):
    w = sup.w
    evidence = review_evidence(actor=w.u_kasi_surv, evidence=sup.photo, accept=True)
    assert fresh(evidence).status == "accepted" and fresh(sup.link).status == "pending"
    assert fresh(sup.report).status == ReportStatus.SUBMITTED and fresh(sup.report).lock_version == 0
    event = AuditEvent.objects.get(action="progress.evidence.review")
    assert event.before["status"] == "pending" and event.after["status"] == "accepted"
    assert not Notification.objects.exists()


def test_asking_for_a_fix_of_evidence_needs_a_comment_and_tells_the_employee(sup):
    w = sup.w
    with pytest.raises(ValidationError) as exc:
        review_evidence(actor=w.u_kasi_surv, evidence=sup.link, accept=False)
    assert codes(exc.value, "comment") == ["required"]
    review_evidence(actor=w.u_kasi_surv, evidence=sup.link, accept=False, comment="Tautan tidak bisa dibuka")
    stored = fresh(sup.link)
    assert (stored.status, stored.review_comment) == ("needs_fix", "Tautan tidak bisa dibuka")
    note = Notification.objects.get()
    assert (note.recipient_id, note.kind) == (w.u_staff1.pk, "evidence_returned")


def test_evidence_of_a_draft_or_deleted_is_not_reviewed(sup):
    from django.utils import timezone

    w = sup.w
    draft = make_report(sup.skp1, sup.iki1, sup.this_month, status=ReportStatus.DRAFT)
    with pytest.raises(ValidationError) as exc:
        review_evidence(actor=w.u_kasi_surv, evidence=make_evidence(draft), accept=True)
    assert codes(exc.value, "status") == ["not_submitted"]
    Evidence.objects.filter(pk=sup.photo.pk).update(deleted_at=timezone.now())
    with pytest.raises(ValidationError) as exc:
        review_evidence(actor=w.u_kasi_surv, evidence=sup.photo, accept=True)
    assert codes(exc.value, "evidence") == ["deleted"]
    with pytest.raises(ValidationError):
        review_evidence(actor=w.u_kasi_surv, evidence=sup.link, accept="yes")
