"""The tim monev's services: membership (and the monev role), rounds, sessions, findings, recommendations with
their steps, progress notes, training needs, notifications and the reminders; every refusal writes nothing."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from kinerja.accounts.models import Role, RoleGrant
from kinerja.audit.models import AuditEvent
from kinerja.core.actors import system_actor
from kinerja.core.errors import ConflictError, error_dict
from kinerja.monev import permissions, reminders
from kinerja.monev import services as mv
from kinerja.monev.models import Recommendation, RecommendationUpdate, Session, TeamMember, TrainingNeed
from kinerja.notifications.models import Notification


def _codes(exc) -> dict:
    return {field: [e.code for e in errors] for field, errors in exc.value.error_dict.items()}


def _unchanged(fn, *args, **kwargs):
    before = (AuditEvent.objects.count(), Recommendation.objects.count(), RecommendationUpdate.objects.count(),
              Session.objects.count(), Notification.objects.count())
    with pytest.raises((ValidationError, PermissionDenied)) as exc:
        fn(*args, **kwargs)
    after = (AuditEvent.objects.count(), Recommendation.objects.count(), RecommendationUpdate.objects.count(),
             Session.objects.count(), Notification.objects.count())
    assert before == after, "a refused write left a trace"
    return exc


def test_a_new_member_gets_the_monev_role_and_writes(mw):
    assert RoleGrant.objects.filter(user=mw.u_monev_chair, role=Role.MONEV, unit=None).exists()
    assert permissions.is_member(mw.u_monev_chair)
    assert not permissions.is_member(mw.u_monev)  # the role alone reads, it does not write
    assert AuditEvent.objects.filter(action="monev.member.create", object_id=str(mw.mv_member.pk)).exists()


def test_only_the_bkpsdm_admin_manages_the_team(mw):
    today = timezone.localdate()
    for user in (mw.u_monev_chair, mw.u_admin_opd, mw.u_pimpinan):
        _unchanged(mv.add_member, actor=user, instance=mw.a, employee=mw.staff1, start_date=today)
    with pytest.raises(ValidationError) as exc:  # someone of another instance
        mv.add_member(actor=mw.u_admin_bkpsdm, instance=mw.a, employee=mw.staff_b, start_date=today)
    assert "employee" in exc.value.error_dict


def test_membership_rules_no_overlap_one_chair_end_after_start(mw):
    today = timezone.localdate()
    with pytest.raises(ValidationError) as exc:
        mv.add_member(actor=mw.u_admin_bkpsdm, instance=mw.a, employee=mw.monev_chair, start_date=today)
    assert _codes(exc) == {"employee": ["duplicate"]}
    with pytest.raises(ValidationError) as exc:
        mv.add_member(actor=mw.u_admin_bkpsdm, instance=mw.a, employee=mw.staff1, role="chair", start_date=today)
    assert _codes(exc) == {"role": ["duplicate"]}
    with pytest.raises(ValidationError) as exc:
        mv.add_member(actor=mw.u_admin_bkpsdm, instance=mw.a, employee=mw.staff1, start_date=today,
                      end_date=today - timedelta(days=1))
    assert _codes(exc) == {"end_date": ["before_start"]}
    # ending the chair's membership: no longer a writer; a new chair may follow
    mv.update_member(actor=mw.u_admin_bkpsdm, member=mw.mv_member, end_date=today - timedelta(days=1),
                     lock_version=mw.mv_member.lock_version)
    user = type(mw.u_monev_chair).objects.get(pk=mw.u_monev_chair.pk)
    assert not permissions.is_member(user)
    with pytest.raises(PermissionDenied, match="tim monev"):
        mv.create_round(actor=user, instance=mw.a, period=mw.mv_period, name="X", start_date=today, end_date=today)
    mv.add_member(actor=mw.u_admin_bkpsdm, instance=mw.a, employee=mw.staff1, role="chair", start_date=today)


def test_stale_membership_edit_is_a_conflict(mw):
    seen = mw.mv_member.lock_version
    mv.update_member(actor=mw.u_admin_bkpsdm, member=mw.mv_member, note="SK 800/12", lock_version=seen)
    stale = TeamMember.objects.get(pk=mw.mv_member.pk)
    with pytest.raises(ConflictError):
        mv.update_member(actor=mw.u_admin_bkpsdm, member=stale, note="SK lain", lock_version=seen)
    assert TeamMember.objects.get(pk=mw.mv_member.pk).note == "SK 800/12"


def test_a_non_member_cannot_write(mw):
    today = timezone.localdate()
    for user in (mw.u_monev, mw.u_admin_bkpsdm, mw.u_auditor, mw.u_staff_yankes):
        exc = _unchanged(mv.create_session, actor=user, round_=mw.mv_round, employee=mw.staff1, held_on=today)
        assert "tim monev" in str(exc.value)
        _unchanged(mv.create_recommendation, actor=user, session=mw.mv_session, text="X", owner_employee=mw.staff1,
                   due_on=today)


def test_a_recommendation_needs_one_owner_and_a_due_date_on_or_after_the_session(mw):
    session = mw.mv_session
    exc = _unchanged(mv.create_recommendation, actor=mw.u_monev_chair, session=session, text="Pelatihan",
                     due_on=session.held_on + timedelta(days=5))
    assert _codes(exc) == {"owner": ["required"]}
    assert "owner" in error_dict(exc.value)["owner"][0].lower() or "pemilik" in error_dict(exc.value)["owner"][0]
    exc = _unchanged(mv.create_recommendation, actor=mw.u_monev_chair, session=session, text="Pelatihan",
                     owner_employee=mw.staff1, owner_unit=mw.yankes, due_on=session.held_on)
    assert _codes(exc) == {"owner": ["two_owners"]}
    exc = _unchanged(mv.create_recommendation, actor=mw.u_monev_chair, session=session, text="Pelatihan",
                     owner_employee=mw.staff1, due_on=session.held_on - timedelta(days=1))
    assert _codes(exc) == {"due_on": ["before_session"]}
    exc = _unchanged(mv.create_recommendation, actor=mw.u_monev_chair, session=session, text="Pelatihan",
                     owner_employee=mw.staff_b, due_on=session.held_on)
    assert _codes(exc) == {"owner": ["other_instance"]}
    rec = mv.create_recommendation(actor=mw.u_monev_chair, session=session, text="Pelatihan", owner_employee=mw.staff1,
                                   due_on=session.held_on)  # the same day is fine
    assert rec.owner_path == mw.staff1.unit.path


def test_assigning_notifies_the_owner_and_the_unit_head(mw):
    mine = Notification.objects.filter(recipient=mw.u_staff_yankes, object_id=str(mw.mv_rec.pk),
                                       object_type="monev.recommendation")
    assert mine.count() == 1 and mine.get().kind == "recommendation"
    head = Notification.objects.filter(recipient=mw.u_kabid_yankes, object_id=str(mw.mv_rec_late.pk))
    assert head.count() == 1
    # passing it to another owner tells the new one and leaves a line on the trail
    rec = mv.update_recommendation(actor=mw.u_monev_chair, rec=mw.mv_rec, owner_employee=mw.staff1,
                                   lock_version=mw.mv_rec.lock_version)
    assert Notification.objects.filter(recipient=mw.u_staff1, object_id=str(rec.pk)).count() == 1
    assert RecommendationUpdate.objects.filter(recommendation=rec).get().note.startswith(("Passed", "Diserahkan"))


def test_status_steps_owner_forward_team_drops_and_reopens(mw):
    rec = mw.mv_rec
    exc = _unchanged(mv.change_status, actor=mw.u_staff_yankes, rec=rec, status="done")
    assert _codes(exc) == {"status": ["out_of_order"]}
    rec = mv.change_status(actor=mw.u_staff_yankes, rec=rec, status="in_progress", note="Sudah daftar pelatihan",
                           lock_version=rec.lock_version)
    _unchanged(mv.change_status, actor=mw.u_staff_yankes, rec=rec, status="dropped", reason="x")  # not the owner's
    rec = mv.change_status(actor=mw.u_staff_yankes, rec=rec, status="done", lock_version=rec.lock_version)
    assert rec.done_at is not None
    _unchanged(mv.change_status, actor=mw.u_staff_yankes, rec=rec, status="in_progress")
    rec = mv.change_status(actor=mw.u_monev_chair, rec=rec, status="in_progress", note="Belum ada sertifikat")
    exc = _unchanged(mv.change_status, actor=mw.u_monev_chair, rec=rec, status="dropped")
    assert _codes(exc) == {"reason": ["required"]}
    rec = mv.change_status(actor=mw.u_monev_chair, rec=rec, status="dropped", reason="Anggaran tidak tersedia")
    assert rec.drop_reason == "Anggaran tidak tersedia" and rec.done_at is None
    steps = list(RecommendationUpdate.objects.filter(recommendation=rec).values_list("status_from", "status_to"))
    assert steps == [("open", "in_progress"), ("in_progress", "done"), ("done", "in_progress"),
                     ("in_progress", "dropped")]
    # others may read but not update: the head of another unit, the auditor
    _unchanged(mv.change_status, actor=mw.u_auditor, rec=rec, status="open")
    _unchanged(mv.add_progress_note, actor=mw.u_kadisdik, rec=rec, note="x")


def test_the_unit_head_owns_a_unit_recommendation(mw):
    rec = mw.mv_rec_late
    assert permissions.is_owner(mw.u_kabid_yankes, rec) and not permissions.is_owner(mw.u_staff_yankes, rec)
    mv.change_status(actor=mw.u_kabid_yankes, rec=rec, status="in_progress", note="Jadwal disusun")
    assert Recommendation.objects.filter(permissions.mine_q(mw.u_kabid_yankes)).get() == rec


def test_stale_lock_version_is_a_conflict_and_writes_nothing(mw):
    rec = mw.mv_rec
    seen = rec.lock_version
    mv.add_progress_note(actor=mw.u_staff_yankes, rec=rec, note="Minggu 1", lock_version=seen)
    stale = Recommendation.objects.get(pk=rec.pk)
    stale.lock_version = seen
    trail = RecommendationUpdate.objects.count()
    with pytest.raises(ConflictError):
        mv.change_status(actor=mw.u_staff_yankes, rec=stale, status="in_progress", lock_version=seen)
    assert Recommendation.objects.get(pk=rec.pk).status == "open"
    assert RecommendationUpdate.objects.count() == trail


def test_a_session_is_about_one_subject_inside_the_round(mw):
    rnd = mw.mv_round
    exc = _unchanged(mv.create_session, actor=mw.u_monev_chair, round_=rnd, held_on=timezone.localdate())
    assert _codes(exc) == {"employee": ["subject"]}
    exc = _unchanged(mv.create_session, actor=mw.u_monev_chair, round_=rnd, unit=mw.yankes,
                     held_on=rnd.end_date + timedelta(days=1))
    assert _codes(exc) == {"held_on": ["outside_round"]}
    rnd.units.set([mw.disdik])
    exc = _unchanged(mv.create_session, actor=mw.u_monev_chair, round_=rnd, unit=mw.yankes,
                     held_on=timezone.localdate())
    assert _codes(exc) == {"unit": ["outside_round"]}
    mv.set_round_status(actor=mw.u_monev_chair, round_=rnd, status="closed", lock_version=rnd.lock_version)
    exc = _unchanged(mv.create_session, actor=mw.u_monev_chair, round_=rnd, unit=mw.disdik,
                     held_on=timezone.localdate())
    assert _codes(exc) == {"__all__": ["closed"]}


def test_training_need_is_structured(mw):
    need = TrainingNeed.objects.get(pk=mw.mv_need.pk)
    assert need.recommendation == mw.mv_rec and need.priority == "high" and need.estimated_cost == 6_000_000
    assert list(need.target_employees.all()) == [mw.staff_yankes]
    with pytest.raises(ValidationError) as exc:
        mv.add_training_need(actor=mw.u_monev_chair, rec=mw.mv_rec, competency="Komunikasi", reason="Keluhan")
    assert _codes(exc) == {"target_unit": ["required"]}
    with pytest.raises(ValidationError) as exc:
        mv.add_training_need(actor=mw.u_monev_chair, rec=mw.mv_rec, competency="Komunikasi", reason="Keluhan",
                             target_unit=mw.yankes, estimated_cost=-5)
    assert _codes(exc) == {"estimated_cost": ["range"]}


def test_finding_links_must_be_web_addresses(mw):
    with pytest.raises(ValidationError) as exc:
        mv.add_finding(actor=mw.u_monev_chair, session=mw.mv_session, text="X", category="other",
                       links=["javascript:alert(1)"])
    assert _codes(exc) == {"url": ["invalid"]}
    with pytest.raises(ValidationError) as exc:
        mv.add_finding(actor=mw.u_monev_chair, session=mw.mv_session, text="X", category="bogus")
    assert _codes(exc) == {"category": ["invalid_choice"]}
    with pytest.raises(ValidationError) as exc:
        mv.delete_finding(actor=mw.u_monev_chair, finding=mw.mv_finding)  # a recommendation rests on it
    assert _codes(exc) == {"__all__": ["in_use"]}


def test_reminders_due_soon_and_overdue_once(mw):
    actor = system_actor("test")
    today = timezone.localdate()
    sent = reminders.send_recommendation_reminders(actor=actor, today=today + timedelta(days=25))
    # mv_rec is due in 5 days from then (within 7), mv_rec_late is overdue
    assert sent["due_soon"] == 1 and sent["overdue"] == 1
    again = reminders.send_recommendation_reminders(actor=actor, today=today + timedelta(days=25))
    assert again == {"due_soon": 0, "overdue": 0, "notifications": 0}
    assert Notification.objects.filter(recipient=mw.u_kabid_yankes, dedupe_key__contains="overdue").count() == 1
    mv.change_status(actor=mw.u_monev_chair, rec=mw.mv_rec, status="in_progress")
    mv.change_status(actor=mw.u_monev_chair, rec=Recommendation.objects.get(pk=mw.mv_rec.pk), status="done")
    later = reminders.send_recommendation_reminders(actor=actor, today=today + timedelta(days=40))
    assert later["overdue"] == 0  # done ones are never late; the late one was told already


def test_heads_read_their_subtree_only(mw):
    def sees(user):
        return set(Recommendation.objects.filter(permissions.recommendation_q(user)).values_list("pk", flat=True))

    both = {mw.mv_rec.pk, mw.mv_rec_late.pk}
    assert sees(mw.u_kadinkes) == both  # head of Dinkes: the subtree
    assert sees(mw.u_kabid_yankes) == both
    assert sees(mw.u_kadisdik) == set()
    assert sees(mw.u_staff_yankes) == {mw.mv_rec.pk}  # an owner: theirs only
    assert sees(mw.u_staff1) == set()
    assert sees(mw.u_pimpinan) == both and sees(mw.u_auditor) == both and sees(mw.u_monev) == both
    assert sees(mw.u_admin_b) == set()
