"""Background work of progress (django.tasks API).

:func:`send_deadline_reminders` runs daily from ``kinerja scheduler`` (``SCHEDULE`` in progress/faces.py):
the reporting-deadline reminders of :mod:`kinerja.progress.reminders`.
"""

from __future__ import annotations

from datetime import date

from django.utils import timezone
from django_tasks import task

from kinerja.core.actors import system_actor

from . import reminders


@task()
def send_deadline_reminders(today: str | None = None) -> dict:
    """``today`` (YYYY-MM-DD) for a test or a catch-up run; the server's date by default."""
    day = date.fromisoformat(today) if today else timezone.localdate()
    sent = reminders.send_deadline_reminders(actor=system_actor("task:progress.deadline_reminders"), today=day)
    return {"day": day.isoformat(), "sent": {str(k): v for k, v in sent.items()}}
