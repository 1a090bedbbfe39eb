"""Comments and dialogues through the services: who may, validation, audit, notifications."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from kinerja.audit.models import AuditEvent
from kinerja.core.errors import ConflictError
from kinerja.core.testing import SYSTEM
from kinerja.feedback import services
from kinerja.feedback.models import Comment, DialogueStatus
from kinerja.notifications.models import Notification

from .conftest import at, soon


def inbox(user, kind=None):
    qs = Notification.objects.filter(recipient=user)
    return list(qs.filter(kind=kind) if kind else qs)


# --- comments ----------------------------------------------------------------------------------------------

def test_the_superior_comments_and_the_employee_is_told(world, f):
    c = services.post_comment(actor=world.u_kasi_surv, rhk=f.rhk, body="  Mohon lampirkan data minggu ke-3.  ")
    assert c.body == "Mohon lampirkan data minggu ke-3." and c.skp == f.skp and c.instance_id == world.a.pk
    assert c.author_employee == world.kasi_surv
    note = inbox(world.u_staff1, "feedback")
    assert len(note) == 1 and note[0].url == f"/feedback/rhk/{f.rhk.pk}/"
    assert not inbox(world.u_kasi_surv)  # never told of one's own comment
    assert AuditEvent.objects.filter(action="feedback.comment.create", object_id=str(c.pk)).count() == 1


def test_a_reply_joins_the_thread_and_tells_its_participants(world, f):
    first = services.post_comment(actor=world.u_kasi_surv, rhk=f.rhk, body="Bagus.")
    reply = services.post_comment(actor=world.u_staff1, body="Terima kasih.", parent=first)
    deeper = services.post_comment(actor=world.u_kasi_surv, body="Lanjutkan.", parent=reply)
    assert reply.parent == first and reply.rhk == f.rhk
    assert deeper.parent == first, "replies are one level deep"
    assert len(inbox(world.u_kasi_surv, "feedback")) == 1 and len(inbox(world.u_staff1, "feedback")) == 2


def test_a_comment_on_a_report(world, f):
    c = services.post_comment(actor=world.u_kasi_surv, report=f.report, body="Realisasi sesuai.")
    assert c.report == f.report and c.rhk is None
    assert inbox(world.u_staff1)[0].url == f"/feedback/reports/{f.report.pk}/"


@pytest.mark.parametrize("user", ["u_staff2", "u_kabid_p2p", "u_admin_opd", "u_auditor", "u_staff_b"])
def test_only_the_employee_and_the_evaluator_comment(world, f, user):
    with pytest.raises(PermissionDenied):
        services.post_comment(actor=getattr(world, user), rhk=f.rhk, body="Komentar.")
    assert not Comment.objects.exists()


@pytest.mark.parametrize(("body", "code"), [("", "required"), ("   ", "required"), ("x" * 5001, "max_length")])
def test_bad_comment_text(world, f, body, code):
    with pytest.raises(ValidationError) as exc:
        services.post_comment(actor=world.u_staff1, rhk=f.rhk, body=body)
    assert exc.value.error_dict["body"][0].code == code
    assert not Comment.objects.exists() and not Notification.objects.exists()


def test_a_comment_names_one_target(world, f):
    with pytest.raises(ValidationError):
        services.post_comment(actor=world.u_staff1, body="x")
    with pytest.raises(ValidationError):
        services.post_comment(actor=world.u_staff1, rhk=f.rhk, report=f.report, body="x")


def test_only_the_author_edits_and_deletes(world, f):
    c = services.post_comment(actor=world.u_staff1, rhk=f.rhk, body="Draf awal.")
    with pytest.raises(PermissionDenied):
        services.edit_comment(actor=world.u_kasi_surv, comment=c, body="Diubah.")
    with pytest.raises(PermissionDenied):
        services.delete_comment(actor=world.u_kasi_surv, comment=c)
    services.edit_comment(actor=world.u_staff1, comment=c, body="Draf kedua.")
    c.refresh_from_db()
    assert c.body == "Draf kedua." and c.edited_at is not None
    services.delete_comment(actor=world.u_staff1, comment=c)
    c.refresh_from_db()
    assert c.deleted_at is not None
    with pytest.raises(PermissionDenied):
        services.edit_comment(actor=world.u_staff1, comment=c, body="Lagi.")
    with pytest.raises(ValidationError):
        services.post_comment(actor=world.u_kasi_surv, body="Balasan.", parent=c)
    event = AuditEvent.objects.get(action="feedback.comment.delete")
    assert event.before["body"] == "Draf kedua." and event.after is None


# --- dialogues ---------------------------------------------------------------------------------------------

def test_the_superior_schedules_and_the_employee_is_told(world, f):
    d = services.schedule_dialogue(actor=world.u_kasi_surv, skp=f.skp, scheduled_at=soon(), medium="online",
                                   place="https://meet.example.org/abc", agenda="Capaian triwulan I")
    assert d.status == DialogueStatus.PLANNED and not d.requested_by_employee
    assert d.employee == world.staff1 and d.superior == world.kasi_surv and d.instance_id == world.a.pk
    assert [n.kind for n in inbox(world.u_staff1)] == ["dialogue"]
    assert inbox(world.u_staff1)[0].url == f"/feedback/dialogues/{d.pk}/"


def test_the_employee_requests_a_dialogue(world, f):
    d = services.schedule_dialogue(actor=world.u_staff1, skp=f.skp, scheduled_at=soon(), agenda="Kendala data")
    assert d.requested_by_employee and d.superior == world.kasi_surv
    assert len(inbox(world.u_kasi_surv, "dialogue")) == 1
    with pytest.raises(PermissionDenied):
        services.update_dialogue(actor=world.u_staff1, dialogue=d, place="Ruang rapat")
    services.update_dialogue(actor=world.u_kasi_surv, dialogue=d, place="Ruang rapat")
    d.refresh_from_db()
    assert not d.requested_by_employee and d.place == "Ruang rapat"


@pytest.mark.parametrize("user", ["u_staff2", "u_kabid_p2p", "u_auditor", "u_staff_b"])
def test_nobody_else_schedules(world, f, user):
    with pytest.raises(PermissionDenied):
        services.schedule_dialogue(actor=getattr(world, user), skp=f.skp, scheduled_at=soon())


def test_schedule_validation(world, f):
    with pytest.raises(ValidationError) as exc:
        services.schedule_dialogue(actor=world.u_kasi_surv, skp=f.skp, scheduled_at=None)
    assert "scheduled_at" in exc.value.error_dict
    with pytest.raises(ValidationError) as exc:
        services.schedule_dialogue(actor=world.u_kasi_surv, skp=f.skp, scheduled_at=soon(), medium="phone")
    assert "medium" in exc.value.error_dict
    with pytest.raises(ValidationError) as exc:
        services.schedule_dialogue(actor=world.u_kasi_surv, skp=f.skp, scheduled_at=soon(3),
                                   follow_up_on=timezone.localdate())
    assert exc.value.error_dict["follow_up_on"][0].code == "before_dialogue"



    with pytest.raises(ValidationError) as exc:
        services.schedule_dialogue(actor=world.u_kasi_surv, skp=f.skp,
                                   scheduled_at=at(f.period.start_date - timedelta(days=1)))
    assert exc.value.error_dict["scheduled_at"][0].code == "out_of_period"


def test_record_notes_and_actions(world, f):
    d = services.schedule_dialogue(actor=world.u_kasi_surv, skp=f.skp, scheduled_at=soon(-1))
    with pytest.raises(PermissionDenied):
        services.record_dialogue(actor=world.u_staff1, dialogue=d, notes="Saya mencatat.")
    with pytest.raises(ValidationError):
        services.record_dialogue(actor=world.u_kasi_surv, dialogue=d, notes="  ")
    follow = timezone.localdate() + timedelta(days=30)
    services.record_dialogue(actor=world.u_kasi_surv, dialogue=d, notes="Capaian baik; data minggu 3 kurang.",
                             follow_up_on=follow, lock_version=d.lock_version,
                             actions=[{"text": "Lengkapi data minggu 3", "owner": "employee",
                                       "due_on": follow}, {"text": ""}])
    d.refresh_from_db()
    assert d.status == DialogueStatus.HELD and d.held_at and d.follow_up_on == follow
    assert [a.text for a in d.actions.all()] == ["Lengkapi data minggu 3"]
    action = d.actions.get()
    services.complete_action(actor=world.u_staff1, action=action)
    action.refresh_from_db()
    assert action.done_at and action.done_by == world.u_staff1
    with pytest.raises(PermissionDenied):
        services.complete_action(actor=world.u_staff2, action=action, done=False)
    services.complete_action(actor=world.u_kasi_surv, action=action, done=False)
    action.refresh_from_db()
    assert action.done_at is None
    actions = set(AuditEvent.objects.filter(action__startswith="feedback.").values_list("action", flat=True))
    assert actions == {"feedback.dialogue.create", "feedback.dialogue.record", "feedback.action.create",
                       "feedback.action.complete", "feedback.action.reopen"}


def test_a_future_dialogue_is_not_recorded(world, f):
    d = services.schedule_dialogue(actor=world.u_kasi_surv, skp=f.skp, scheduled_at=soon(5))
    with pytest.raises(ValidationError) as exc:
        services.record_dialogue(actor=world.u_kasi_surv, dialogue=d, notes="Catatan.")
    assert exc.value.error_dict["__all__"][0].code == "future"


def test_a_stale_lock_version_is_a_conflict(world, f):
    d = services.schedule_dialogue(actor=world.u_kasi_surv, skp=f.skp, scheduled_at=soon())
    seen = d.lock_version
    services.update_dialogue(actor=world.u_kasi_surv, dialogue=d, lock_version=seen, agenda="Satu")
    with pytest.raises(ConflictError):
        services.update_dialogue(actor=world.u_kasi_surv, dialogue=d, lock_version=seen, agenda="Dua")
    d.refresh_from_db()
    assert d.agenda == "Satu"


def test_cancel(world, f):
    asked = services.schedule_dialogue(actor=world.u_staff1, skp=f.skp, scheduled_at=soon())
    services.cancel_dialogue(actor=world.u_staff1, dialogue=asked, reason="Sudah terjawab")
    asked.refresh_from_db()
    assert asked.status == DialogueStatus.CANCELLED and asked.cancel_reason == "Sudah terjawab"
    planned = services.schedule_dialogue(actor=world.u_kasi_surv, skp=f.skp, scheduled_at=soon())
    with pytest.raises(PermissionDenied):
        services.cancel_dialogue(actor=world.u_staff1, dialogue=planned)
    services.cancel_dialogue(actor=world.u_kasi_surv, dialogue=planned)
    with pytest.raises(ValidationError):
        services.cancel_dialogue(actor=world.u_kasi_surv, dialogue=planned)
    with pytest.raises(ValidationError):
        services.add_action(actor=world.u_kasi_surv, dialogue=planned, text="x")


def test_the_system_actor_may_write(world, f):
    d = services.schedule_dialogue(actor=SYSTEM, skp=f.skp, scheduled_at=soon())
    assert d.superior == world.kasi_surv and d.created_by is None
