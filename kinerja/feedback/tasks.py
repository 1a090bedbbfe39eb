"""Background work of feedback (django.tasks API).

:func:`send_dialogue_reminders` runs daily from ``kinerja scheduler`` (``SCHEDULE`` in feedback/faces.py): the
reminders of :mod:`kinerja.feedback.reminders` (the eve of a dialogue, a follow-up date).
"""

from __future__ import annotations

from datetime import date

from django.utils import timezone
from django_tasks import task

from kinerja.core.actors import system_actor

from . import reminders


@task()
def send_dialogue_reminders(today: str | None = None) -> dict:
    """``today`` (YYYY-MM-DD) for a test or a catch-up run; the server's date by default."""
    day = date.fromisoformat(today) if today else timezone.localdate()
    sent = reminders.send_dialogue_reminders(actor=system_actor("task:feedback.dialogue_reminders"), today=day)
    return {"day": day.isoformat(), "sent": sent}
