"""Background work of progress (django.tasks API), run daily from ``kinerja scheduler`` (``SCHEDULE`` in
progress/faces.py):

* :func:`advance_achievement` brings each instance's achievement roll-up up to the day
  (:func:`kinerja.progress.achievement.advance`): a reporting period that has begun, a report deadline that has
  passed (expected by now, the trend, the "no report yet" warning) change the rows though no report changed,
  and an indicator that turns at risk warns the superior and the unit head then, not at the next review.
* :func:`send_deadline_reminders`: the reporting-deadline reminders of :mod:`kinerja.progress.reminders`.
"""

from __future__ import annotations

import logging
import time
from datetime import date

from django.db.models import Exists, OuterRef
from django.utils import timezone
from django_tasks import task

from kinerja.core.actors import system_actor
from kinerja.organization.models import Instance
from kinerja.skp.models import Skp

from . import achievement, reminders

logger = logging.getLogger(__name__)


@task()
def send_deadline_reminders(today: str | None = None) -> dict:
    """``today`` (YYYY-MM-DD) for a test or a catch-up run; the server's date by default."""
    day = date.fromisoformat(today) if today else timezone.localdate()
    sent = reminders.send_deadline_reminders(actor=system_actor("task:progress.deadline_reminders"), today=day)
    return {"day": day.isoformat(), "sent": {str(k): v for k, v in sent.items()}}


def instances_to_advance() -> list[int]:
    """The active instances with an SKP approved at least once (what the roll-up counts): one query."""
    approved = Skp.objects.filter(instance_id=OuterRef("pk"), version__gte=1)
    return list(Instance.objects.filter(Exists(approved), is_active=True).order_by("pk").values_list("pk", flat=True))


@task()
def advance_achievement(today: str | None = None) -> dict:
    """``today`` (YYYY-MM-DD) for a test or a catch-up run; the server's date by default. Each instance on its
    own: one that fails is logged and listed under ``failed``, and the others go on."""
    day = date.fromisoformat(today) if today else timezone.localdate()
    actor = system_actor("task:progress.achievement")
    done: dict[str, dict] = {}
    failed: dict[str, str] = {}
    for instance_id in instances_to_advance():
        started = time.perf_counter()
        try:
            stats = achievement.advance(instance_id=instance_id, today=day, actor=actor)
        except Exception as error:  # one instance's failure must not stop the others
            logger.exception("achievement roll-up of instance %s for %s failed", instance_id, day)
            failed[str(instance_id)] = f"{type(error).__name__}: {error}"[:500]
            continue
        done[str(instance_id)] = {
            "rows": stats.iki_rows + stats.employee_rows + stats.rhk_rows + stats.indicator_rows,
            "notified": stats.notified, "seconds": round(time.perf_counter() - started, 3)}
    return {"day": day.isoformat(), "instances": done, "failed": failed}
