"""Dialogue reminders: the eve of a planned dialogue and a held dialogue's follow-up date, once each."""

from __future__ import annotations

from datetime import timedelta

from django.utils import timezone

from kinerja.core.testing import SYSTEM
from kinerja.feedback import services
from kinerja.feedback.reminders import send_dialogue_reminders
from kinerja.notifications.models import Notification

from .conftest import soon


def test_the_eve_and_the_follow_up(world, f):
    today = timezone.localdate()
    tomorrow = services.schedule_dialogue(actor=world.u_kasi_surv, skp=f.skp, scheduled_at=soon(1, 10))
    services.schedule_dialogue(actor=world.u_kasi_surv, skp=f.skp, scheduled_at=soon(2, 10))  # not yet
    cancelled = services.schedule_dialogue(actor=world.u_kasi_surv, skp=f.skp, scheduled_at=soon(1, 14))
    services.cancel_dialogue(actor=world.u_kasi_surv, dialogue=cancelled)
    held = services.schedule_dialogue(actor=world.u_kasi_surv, skp=f.skp, scheduled_at=soon(-20))
    services.record_dialogue(actor=world.u_kasi_surv, dialogue=held, notes="Catatan.",
                             follow_up_on=today)
    Notification.objects.all().delete()

    sent = send_dialogue_reminders(actor=SYSTEM, today=today)
    assert sent == {"dialogues": 1, "follow_ups": 1, "notifications": 4}
    for user in (world.u_staff1, world.u_kasi_surv):
        urls = sorted(Notification.objects.filter(recipient=user, kind="dialogue").values_list("url", flat=True))
        assert urls == sorted([f"/feedback/dialogues/{tomorrow.pk}/", f"/feedback/dialogues/{held.pk}/"])

    again = send_dialogue_reminders(actor=SYSTEM, today=today)
    assert again["notifications"] == 0 and Notification.objects.count() == 4


def test_a_moved_dialogue_is_reminded_again(world, f):
    today = timezone.localdate()
    d = services.schedule_dialogue(actor=world.u_kasi_surv, skp=f.skp, scheduled_at=soon(1, 10))
    send_dialogue_reminders(actor=SYSTEM, today=today)
    services.update_dialogue(actor=world.u_kasi_surv, dialogue=d, scheduled_at=soon(2, 10))
    Notification.objects.all().delete()
    assert send_dialogue_reminders(actor=SYSTEM, today=today)["notifications"] == 0
    assert send_dialogue_reminders(actor=SYSTEM, today=today + timedelta(days=1))["notifications"] == 2


def test_the_daily_task_is_scheduled_and_runs(world, f):
    from kinerja.core.registry import scheduled_jobs
    from kinerja.feedback.tasks import send_dialogue_reminders as task

    assert "kinerja.feedback.tasks.send_dialogue_reminders" in {job.task for job in scheduled_jobs()}
    services.schedule_dialogue(actor=world.u_kasi_surv, skp=f.skp, scheduled_at=soon(1, 10))
    Notification.objects.all().delete()
    result = task.call(timezone.localdate().isoformat())
    assert result["sent"]["notifications"] == 2
