"""The outbox (tasks.send_pending_emails): what no task of its own e-mailed goes out once, within its window."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.utils import timezone

from kinerja.core.registry import scheduled_jobs
from kinerja.core.testing import SYSTEM
from kinerja.notifications import services
from kinerja.notifications.models import EmailPreference, Kind, Notification
from kinerja.notifications.tasks import OUTBOX_GRACE, OUTBOX_WINDOW, send_emails, send_pending_emails

pytestmark = pytest.mark.django_db


def _written(w, recipients, *, age: timedelta, kind=Kind.FEEDBACK, title="Ada umpan balik baru"):
    """Notifications as chained_rows leaves them: written, no task enqueued; ``age`` old."""
    rows = services.notify(actor=SYSTEM, instance_id=w.a.pk, recipients=recipients, kind=kind, title=title)
    Notification.objects.filter(pk__in=[r.pk for r in rows]).update(created_at=timezone.now() - age)
    return rows


def _addresses(w):
    for user, address in ((w.u_staff1, "andi@example.go.id"), (w.u_staff2, "budi@example.go.id")):
        user.email = address
        user.save(update_fields=["email"])


def test_the_outbox_emails_what_no_task_sent_once(world, mailoutbox):
    _addresses(world)
    sent = _written(world, [world.u_staff1.pk, world.u_staff2.pk], age=timedelta(minutes=3))
    assert send_pending_emails.call() == {"emailed": 2, "skipped": 0}
    assert sorted(m.to[0] for m in mailoutbox) == ["andi@example.go.id", "budi@example.go.id"]
    assert all(m.subject == "[Kinerja] Ada umpan balik baru" for m in mailoutbox)
    assert not Notification.objects.filter(pk__in=[r.pk for r in sent], emailed_at__isnull=True).exists()
    # a second sweep, and the notification's own task arriving late: nothing twice
    assert send_pending_emails.call() == {"emailed": 0, "skipped": 0}
    assert send_emails.call([r.pk for r in sent]) == {"emailed": 0, "skipped": 0}
    assert len(mailoutbox) == 2


def test_the_outbox_leaves_the_fresh_to_their_own_task_and_the_stale_unsent(world, mailoutbox):
    _addresses(world)
    _written(world, [world.u_staff1.pk], age=OUTBOX_GRACE / 2, title="Baru saja")
    _written(world, [world.u_staff2.pk], age=OUTBOX_WINDOW + timedelta(hours=1), title="Sudah lama")
    assert send_pending_emails.call() == {"emailed": 0, "skipped": 0}
    assert mailoutbox == []
    assert Notification.objects.filter(emailed_at__isnull=True).count() == 2  # both still in the app, unread


def test_the_outbox_honours_the_choices_and_addresses(world, mailoutbox):
    _addresses(world)
    EmailPreference.objects.create(instance=world.a, user=world.u_staff2, kind=Kind.FEEDBACK, enabled=False)
    _written(world, [world.u_staff1.pk, world.u_staff2.pk, world.u_nobody.pk], age=timedelta(minutes=10))
    assert send_pending_emails.call() == {"emailed": 1, "skipped": 2}
    assert [m.to for m in mailoutbox] == [["andi@example.go.id"]]


def test_the_outbox_is_scheduled_every_few_minutes():
    job = next(j for j in scheduled_jobs() if j.name == "notifications.email_outbox")
    assert job.task == "kinerja.notifications.tasks.send_pending_emails" and job.every_minutes == 5
