"""Background work (django.tasks API): the e-mail of notifications.

:func:`send_emails` runs after the transaction that called :func:`kinerja.notifications.services.notify`
commits. It e-mails each notification not yet e-mailed whose recipient has an address (the login's, else the
employee record's) and has not switched that kind off (:class:`EmailPreference`), in the recipient's own
language (their :class:`LanguagePreference`, else the instance default; the notification's text was written in
it by ``notify``) (plain text and simple HTML, linking to the notification with ``KINERJA["BASE_URL"]``), and
marks ``emailed_at``. Rows are claimed first (``emailed_at`` set in one UPDATE of those still empty), so a task
enqueued twice sends once; a failed send gives the unsent ones back and raises.

:func:`send_pending_emails` (every few minutes, ``SCHEDULE`` in faces.py) is the outbox behind it: it e-mails
what was written without a task of its own (the month-end rush's first-report notifications,
``services.chained_rows``) and what a task never sent (a process that died between the commit and the enqueue).
"""

from __future__ import annotations

import logging
from datetime import timedelta

from django.conf import settings
from django.core.mail import EmailMultiAlternatives, get_connection
from django.db import transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django_tasks import task

from .languages import language_for, languages_of
from .models import EmailPreference, Kind, Notification

logger = logging.getLogger(__name__)
MAIL_CHUNK = 200
OUTBOX_GRACE = timedelta(minutes=1)  # a notification's own task usually sends it within this
OUTBOX_WINDOW = timedelta(days=2)  # older ones are not e-mailed any more (stale news); the app still shows them
OUTBOX_CHUNK = 1000


def absolute(path: str) -> str:
    return str(settings.KINERJA.get("BASE_URL", "")).rstrip("/") + path


@task()
def send_emails(notification_ids: list[int]) -> dict:
    rows = list(Notification.objects.filter(pk__in=notification_ids, emailed_at__isnull=True)
                .select_related("recipient", "recipient__employee", "instance"))
    if not rows:
        return {"emailed": 0, "skipped": 0}
    off = set(EmailPreference.objects.filter(user_id__in={r.recipient_id for r in rows}, enabled=False)
              .values_list("user_id", "kind"))
    wanted = []
    for row in rows:
        user = row.recipient
        employee = user.employee if user.employee_id else None
        address = (user.email or (employee.email if employee is not None else "") or "").strip()
        if address and user.is_active and (row.recipient_id, row.kind) not in off:
            wanted.append((row, address))
    if not wanted:
        return {"emailed": 0, "skipped": len(rows)}
    now = timezone.now()
    with transaction.atomic():  # claim: a second run of the same ids finds them taken
        claimed = set(Notification.objects.select_for_update().filter(
            pk__in=[row.pk for row, _address in wanted], emailed_at__isnull=True).values_list("pk", flat=True))
        Notification.objects.filter(pk__in=claimed).update(emailed_at=now)
    wanted = [(row, address) for row, address in wanted if row.pk in claimed]
    chosen = languages_of({row.recipient_id for row, _address in wanted})  # each in their own language
    messages = [(row, _message(row, address, chosen)) for row, address in wanted]
    sent_ids: list[int] = []
    try:
        connection = get_connection()
        for start in range(0, len(messages), MAIL_CHUNK):
            chunk = messages[start:start + MAIL_CHUNK]
            connection.send_messages([message for _row, message in chunk])
            sent_ids += [row.pk for row, _message in chunk]
    except Exception:
        unsent = [row.pk for row, _message in messages if row.pk not in set(sent_ids)]
        Notification.objects.filter(pk__in=unsent).update(emailed_at=None)
        logger.exception("notification e-mail failed after %s of %s messages", len(sent_ids), len(messages))
        raise
    return {"emailed": len(sent_ids), "skipped": len(rows) - len(sent_ids)}


@task()
def send_pending_emails() -> dict:
    """The outbox: e-mail every notification of the last two days not e-mailed yet (those of a switched-off kind
    or without an address stay unsent, as in :func:`send_emails`), a chunk at a time; the rows are claimed as
    there, so this and a notification's own task never send one twice."""
    now = timezone.now()
    pending = (Notification.objects.filter(emailed_at__isnull=True, created_at__gte=now - OUTBOX_WINDOW,
                                           created_at__lte=now - OUTBOX_GRACE)
               .order_by("created_at", "pk").values_list("pk", flat=True))
    ids = list(pending)
    totals = {"emailed": 0, "skipped": 0}
    for start in range(0, len(ids), OUTBOX_CHUNK):
        done = send_emails.call(ids[start:start + OUTBOX_CHUNK])
        totals = {key: totals[key] + done[key] for key in totals}
    return totals


def _message(row: Notification, address: str, chosen: dict[int, str] | None = None) -> EmailMultiAlternatives:
    user = row.recipient
    with translation.override(language_for(user, chosen)):
        context = {
            "name": str(user), "notification": row, "kind": Kind(row.kind).label if row.kind in Kind.values else "",
            "url": absolute(reverse("notifications:open", args=[row.pk])) if row.url else "",
            "preferences_url": absolute(reverse("notifications:preferences")),
            "instance": row.instance,
        }
        subject = _("[Kinerja] %(title)s") % {"title": row.title}
        text = render_to_string("notifications/email/notification.txt", context)
        html = render_to_string("notifications/email/notification.html", context)
    message = EmailMultiAlternatives(subject.replace("\n", " "), text, to=[address])
    message.attach_alternative(html, "text/html")
    return message
