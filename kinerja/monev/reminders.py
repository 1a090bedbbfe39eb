"""Reminders of the tim monev's recommendations: the owner is told once when one falls due within
``KINERJA["MONEV_REMINDER_DAYS"]`` days (default 7) and once when it is overdue. Each carries a once-only key
(the recommendation and its due date), so a second run the same day — or after the due date moved back and
forth — sends nothing twice. Run daily by ``kinerja scheduler`` (SCHEDULE in faces.py).
"""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.db import transaction
from django.utils import timezone
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy

from kinerja.accounts.models import User
from kinerja.core.actors import require_actor
from kinerja.notifications.models import Kind
from kinerja.notifications.services import notify
from kinerja.rules import monev as rules

from .models import Recommendation
from .services import recommendation_url, unit_head_ids


def reminder_days() -> int:
    return int(getattr(settings, "KINERJA", {}).get("MONEV_REMINDER_DAYS", 7))


def send_recommendation_reminders(*, actor, today: dt.date | None = None) -> dict:
    """Tell the owners of the recommendations due soon and of those overdue; returns the counts. The owners'
    logins are read in three queries for all recommendations; one insert per recommendation."""
    require_actor(actor)
    today = today or timezone.localdate()
    horizon = today + dt.timedelta(days=reminder_days())
    recs = list(Recommendation.objects.filter(status__in=sorted(rules.ACTIVE), due_on__lte=horizon)
                .order_by("instance_id", "due_on", "pk"))
    heads = unit_head_ids({r.owner_unit_id for r in recs if r.owner_unit_id})
    employee_ids = {r.owner_employee_id for r in recs if r.owner_employee_id}
    employee_ids |= {e for ids in heads.values() for e in ids}
    logins: dict[int, list[int]] = {}
    for user_id, employee_id in User.objects.filter(employee_id__in=employee_ids, is_active=True).values_list(
            "pk", "employee_id"):
        logins.setdefault(employee_id, []).append(user_id)
    sent = {"due_soon": 0, "overdue": 0, "notifications": 0}
    with transaction.atomic():
        for rec in recs:
            owners = [rec.owner_employee_id] if rec.owner_employee_id else heads.get(rec.owner_unit_id, [])
            recipients = [u for e in owners for u in logins.get(e, [])]
            if rules.is_overdue(rec.status, rec.due_on, today):
                key, which = f"monev:{rec.pk}:overdue:{rec.due_on:%Y%m%d}", "overdue"
                title = format_lazy(gettext_lazy("Overdue since {date}: a recommendation of the tim monev"),
                                    date=f"{rec.due_on:%d-%m-%Y}")
            else:
                key, which = f"monev:{rec.pk}:due:{rec.due_on:%Y%m%d}", "due_soon"
                title = format_lazy(gettext_lazy("Due on {date}: a recommendation of the tim monev"),
                                    date=f"{rec.due_on:%d-%m-%Y}")
            rows = notify(actor=actor, instance_id=rec.instance_id, recipients=recipients, kind=Kind.RECOMMENDATION,
                          title=title, body=rec.text[:300], url=recommendation_url(rec), obj=rec, dedupe_key=key)
            if rows:
                sent[which] += 1
                sent["notifications"] += len(rows)
    return sent
