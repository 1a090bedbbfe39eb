"""Background work (django.tasks API): delivering the reminders an administrator asked for.

:func:`deliver_reminders` runs after :func:`kinerja.socialisation.services.send_reminders` commits.
It records one in-app :class:`~kinerja.socialisation.models.Reminder` per employee who still has
not acknowledged the item (the home page then shows the item with a reminder mark) and e-mails
those with an address — the employee record's, else their login's. Those without an address are
counted on the batch, so the administrator sees how many got the in-app reminder only.
"""

from __future__ import annotations

import logging

from django.conf import settings
from django.core.mail import EmailMessage, get_connection
from django.db import transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django_tasks import task

from .models import BatchStatus, Reminder, ReminderBatch

logger = logging.getLogger(__name__)
MAIL_CHUNK = 200


def item_url(item_id: int) -> str:
    base = str(settings.KINERJA.get("BASE_URL", "")).rstrip("/")
    return base + reverse("socialisation:detail", args=[item_id])


@task()
def deliver_reminders(batch_id: int) -> dict:
    from .services import pending_employees

    batch = ReminderBatch.objects.select_related("item", "unit", "item__instance").filter(pk=batch_id).first()
    if batch is None or batch.status != BatchStatus.QUEUED:
        return {"skipped": True}
    item = batch.item
    people = list(pending_employees(item, batch.unit)
                  .values_list("pk", "front_title", "name", "back_title", "email", "user__email")
                  .order_by("pk"))
    with_address = []
    for pk, front, name, back, email, login_email in people:
        address = (email or login_email or "").strip()
        full = f"{front} {name}".strip() if front else name
        full = f"{full}, {back}" if back else full
        with_address.append((pk, full, address))
    emailed_ids = {pk for pk, _name, address in with_address if address}

    with transaction.atomic():
        Reminder.objects.bulk_create(
            [Reminder(instance_id=batch.instance_id, batch=batch, item=item, employee_id=pk,
                      emailed=pk in emailed_ids) for pk, _name, _address in with_address],
            batch_size=1000)
        ReminderBatch.objects.filter(pk=batch.pk).update(
            recipients=len(with_address), without_email=len(with_address) - len(emailed_ids), updated_at=timezone.now())

    sent = 0
    try:
        with translation.override(settings.LANGUAGE_CODE):
            subject = _("Reminder: please read “%(title)s”") % {"title": item.title}
            messages = [
                EmailMessage(subject, render_to_string("socialisation/email/reminder.txt", {
                    "name": name, "item": item, "url": item_url(item.pk), "instance": item.instance,
                }), to=[address])
                for _pk, name, address in with_address if address
            ]
        connection = get_connection()
        for start in range(0, len(messages), MAIL_CHUNK):
            sent += connection.send_messages(messages[start:start + MAIL_CHUNK]) or 0
    except Exception:
        logger.exception("socialisation reminders of batch %s: e-mail failed after %s messages", batch.pk, sent)
        ReminderBatch.objects.filter(pk=batch.pk).update(status=BatchStatus.FAILED, emailed=sent,
                                                         finished_at=timezone.now(), updated_at=timezone.now())
        raise
    ReminderBatch.objects.filter(pk=batch.pk).update(status=BatchStatus.DONE, emailed=sent,
                                                     finished_at=timezone.now(), updated_at=timezone.now())
    return {"reminded": len(with_address), "emailed": sent, "without_email": len(with_address) - len(emailed_ids)}
