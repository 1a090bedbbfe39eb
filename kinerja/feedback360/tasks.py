"""Background work of 360 feedback (django.tasks API): :func:`run_daily`, from ``kinerja scheduler``
(``SCHEDULE`` in feedback360/faces.py), closes the open rounds past their last day and reminds the raters
with questionnaires still to answer a few days before a round closes (FEEDBACK360_REMIND_DAYS)."""

from __future__ import annotations

from datetime import date

from django.utils import timezone
from django_tasks import task

from kinerja.core.actors import system_actor

from . import services


@task()
def run_daily(today: str | None = None) -> dict:
    """``today`` (YYYY-MM-DD) for a test or a catch-up run; the server's date by default."""
    day = date.fromisoformat(today) if today else timezone.localdate()
    actor = system_actor("task:feedback360.daily")
    closed = services.close_due_rounds(actor=actor, today=day)
    reminded = services.send_reminders(actor=actor, today=day)
    return {"day": day.isoformat(), "closed": closed, "reminded": reminded}
