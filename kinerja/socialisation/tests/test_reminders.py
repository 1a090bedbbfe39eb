"""The reminder task (django.tasks, immediate backend): e-mails, in-app reminders, counts."""

from __future__ import annotations

import pytest
from django.core import mail

from kinerja.accounts.models import User
from kinerja.audit.models import AuditEvent
from kinerja.people.models import Employee
from kinerja.socialisation import services
from kinerja.socialisation.home import home_feed
from kinerja.socialisation.models import BatchStatus, Reminder, ReminderBatch
from kinerja.socialisation.tasks import deliver_reminders

from .conftest import published

pytestmark = pytest.mark.django_db

IMMEDIATE = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}


@pytest.fixture(autouse=True)
def _immediate_tasks_and_mail(settings):
    settings.TASKS = IMMEDIATE
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    settings.LANGUAGE_CODE = "id"


def test_reminders_mail_those_with_an_address_and_record_in_app_reminders(world, settings,
                                                                          django_capture_on_commit_callbacks):
    settings.KINERJA = {**settings.KINERJA, "BASE_URL": "https://kinerja.alpha.go.id"}
    # Dinas Kesehatan: 7 employees. staff1 read it; staff2 has an address on the employee record,
    # kasi_surv only on the login; the other four have none.
    Employee.objects.filter(pk=world.staff2.pk).update(email="dewi@alpha.go.id")
    User.objects.filter(pk=world.u_kasi_surv.pk).update(email="rina@alpha.go.id")
    item = published(world, units=[world.dinkes], title="Sosialisasi PermenPANRB 6/2022")
    services.acknowledge(actor=world.u_staff1, item=item)

    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        batch = services.send_reminders(actor=world.u_admin_bkpsdm, item=item)
    assert len(callbacks) == 1
    assert AuditEvent.objects.filter(action="socialisation.reminder.create", object_id=str(batch.pk)).count() == 1

    batch.refresh_from_db()
    assert batch.status == BatchStatus.DONE and batch.finished_at is not None
    assert (batch.recipients, batch.emailed, batch.without_email) == (6, 2, 4)
    assert sorted(m.to[0] for m in mail.outbox) == ["dewi@alpha.go.id", "rina@alpha.go.id"]
    message = next(m for m in mail.outbox if m.to == ["dewi@alpha.go.id"])
    assert "Sosialisasi PermenPANRB 6/2022" in message.subject
    assert message.subject.startswith("Pengingat")  # the instance's language (Indonesian)
    assert "Dewi Lestari" in message.body and f"https://kinerja.alpha.go.id/socialisation/{item.pk}/" in message.body
    reminded = set(Reminder.objects.filter(batch=batch).values_list("employee__name", "emailed"))
    assert reminded == {("Siti Aminah", False), ("Budi Santoso", False), ("Rina Wulandari", True),
                        ("Dewi Lestari", True), ("Hendra Gunawan", False), ("Maya Sari", False)}
    assert not Reminder.objects.filter(employee=world.staff1).exists()

    # the home page now marks the item as a reminder
    feed = home_feed(Employee.objects.select_related("unit").get(pk=world.staff2.pk))
    assert [(i.pk, i.reminded) for i in feed.items] == [(item.pk, True)]


def test_reminders_for_one_unit_only(world, django_capture_on_commit_callbacks):
    item = published(world, actor=world.u_admin_opd, units=[world.dinkes])
    with django_capture_on_commit_callbacks(execute=True):
        batch = services.send_reminders(actor=world.u_admin_opd, item=item, unit=world.surv)
    assert set(Reminder.objects.filter(batch=batch).values_list("employee__name", flat=True)) == {
        "Rina Wulandari", "Andi Pratama", "Dewi Lestari"}
    assert ReminderBatch.objects.get().unit == world.surv
    assert mail.outbox == []  # nobody in the test world has an address


def test_task_enqueued_only_after_commit(world, django_capture_on_commit_callbacks):
    item = published(world, units=[world.surv])
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        batch = services.send_reminders(actor=world.u_admin_bkpsdm, item=item)
    assert len(callbacks) == 1
    assert not Reminder.objects.exists()  # nothing sent before the request's transaction commits
    assert ReminderBatch.objects.get(pk=batch.pk).status == BatchStatus.QUEUED


def test_task_runs_once_per_batch(world, django_capture_on_commit_callbacks):
    item = published(world, units=[world.surv])
    with django_capture_on_commit_callbacks(execute=True):
        batch = services.send_reminders(actor=world.u_admin_bkpsdm, item=item)
    assert Reminder.objects.count() == 3
    result = deliver_reminders.enqueue(batch.pk)  # a retried delivery sends nothing twice
    assert result.return_value == {"skipped": True}
    assert Reminder.objects.count() == 3


def test_mail_failure_marks_the_batch_and_keeps_in_app_reminders(world, settings,
                                                                 django_capture_on_commit_callbacks):
    settings.EMAIL_BACKEND = "kinerja.socialisation.tests.test_reminders.BrokenBackend"
    Employee.objects.filter(pk=world.staff2.pk).update(email="dewi@alpha.go.id")
    item = published(world, units=[world.surv])
    with django_capture_on_commit_callbacks(execute=True):
        batch = services.send_reminders(actor=world.u_admin_bkpsdm, item=item)
    batch.refresh_from_db()
    assert batch.status == BatchStatus.FAILED and batch.emailed == 0
    assert Reminder.objects.filter(batch=batch).count() == 3


class BrokenBackend:
    def __init__(self, *args, **kwargs):
        pass

    def send_messages(self, messages):
        raise ConnectionRefusedError("smtp down")
