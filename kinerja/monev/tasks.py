"""Background work of the tim monev (django.tasks API): the daily recommendation reminders (reminders.py)."""

from __future__ import annotations

from datetime import date

from django.utils import timezone
from django_tasks import task

from kinerja.core.actors import system_actor

from . import reminders


@task()
def send_recommendation_reminders(today: str | None = None) -> dict:
    """``today`` (YYYY-MM-DD) for a test or a catch-up run; the server's date by default."""
    day = date.fromisoformat(today) if today else timezone.localdate()
    sent = reminders.send_recommendation_reminders(actor=system_actor("task:monev.recommendation_reminders"),
                                                   today=day)
    return {"day": day.isoformat(), "sent": sent}
