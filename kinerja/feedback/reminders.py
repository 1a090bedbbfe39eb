"""Dialogue reminders (issue 9 item 3): a day before a planned dialogue, and on a held dialogue's follow-up
date, both parties are told. Each reminder carries a once-only key, so running it again the same day (or
twice in a day from the scheduler) sends nothing twice.

``send_dialogue_reminders(actor=..., today=...)`` is what the scheduler runs daily (SCHEDULE in faces.py when
the scheduling helper offers it).
"""

from __future__ import annotations

import datetime as dt

from django.db import transaction
from django.utils import timezone
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy

from kinerja.core.actors import require_actor
from kinerja.notifications.models import Kind
from kinerja.notifications.services import notify

from .models import Dialogue, DialogueStatus
from .services import dialogue_url, parties


def _day_bounds(day: dt.date) -> tuple[dt.datetime, dt.datetime]:
    start = timezone.make_aware(dt.datetime.combine(day, dt.time.min))
    return start, start + dt.timedelta(days=1)


def send_dialogue_reminders(*, actor, today: dt.date | None = None) -> dict:
    """Remind both parties of tomorrow's planned dialogues and of today's follow-ups; returns the counts."""
    require_actor(actor)
    today = today or timezone.localdate()
    start, end = _day_bounds(today + dt.timedelta(days=1))
    related = ("skp__position__superior", "skp__evaluator", "superior")
    tomorrow = (Dialogue.objects.filter(status=DialogueStatus.PLANNED, scheduled_at__gte=start, scheduled_at__lt=end)
                .select_related(*related).order_by("pk"))
    follow_ups = (Dialogue.objects.filter(status=DialogueStatus.HELD, follow_up_on=today)
                  .select_related(*related).order_by("pk"))
    sent = {"dialogues": 0, "follow_ups": 0, "notifications": 0}
    with transaction.atomic():
        for dialogue in tomorrow:
            when = timezone.localtime(dialogue.scheduled_at)
            rows = notify(actor=actor, instance_id=dialogue.instance_id, recipients=parties(dialogue.skp, dialogue),
                          kind=Kind.DIALOGUE,
                          title=format_lazy(gettext_lazy("Reminder: performance dialogue tomorrow at {time}"),
                                            time=when.strftime("%H:%M")),
                          body=dialogue.place or dialogue.agenda[:200], url=dialogue_url(dialogue), obj=dialogue,
                          dedupe_key=f"dialogue:{dialogue.pk}:eve:{dialogue.scheduled_at:%Y%m%d%H%M}")
            sent["dialogues"] += 1
            sent["notifications"] += len(rows)
        for dialogue in follow_ups:
            rows = notify(actor=actor, instance_id=dialogue.instance_id, recipients=parties(dialogue.skp, dialogue),
                          kind=Kind.DIALOGUE,
                          title=gettext_lazy("Today is the follow-up date of your performance dialogue"),
                          body=dialogue.notes[:200], url=dialogue_url(dialogue), obj=dialogue,
                          dedupe_key=f"dialogue:{dialogue.pk}:follow-up:{today:%Y%m%d}")
            sent["follow_ups"] += 1
            sent["notifications"] += len(rows)
    return sent
