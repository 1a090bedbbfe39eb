"""The demo's calendar: the demo lives in the present, so every date in it is told from "today".

A working office in the first week of December: the annual SKPs were set in January (a few late),
last year's period is closed, and this week people revise, submit and return SKPs. :class:`DemoClock`
holds today (``timezone.localdate()`` unless a test injects another date) and answers when each part
of that story happened:

* the instance went live (units, positions, employees, logins) in early December two years ago,
  before the first period it holds (last year's) began;
* each period opens in December before it starts; its SKPs are written from early January, superiors
  before subordinates, and approved by the deadline (end of January), some late;
* this week's activity lies in the days before ``now``; nothing lies after it.

The services that the demo calls stamp rows with ``timezone.now()`` (``auto_now_add`` timestamps,
audit events, publication times). :meth:`DemoClock.at` makes that clock tell a chosen moment while a
block of the story is written, one microsecond later at each call so the order of writes is kept.
It patches ``django.utils.timezone.now`` for the duration of the block only; the demo writes in one
thread, before the server starts.
"""

from __future__ import annotations

import itertools
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import date, datetime, time, timedelta
from typing import Any
from unittest import mock

from django.utils import timezone

MARGIN = timedelta(minutes=5)  # the newest story event lies at least this long before ``now``


class DemoClock:
    def __init__(self, today: date | None = None, now: datetime | None = None):
        real_today = timezone.localdate()
        self.today = today or real_today
        if now is None:
            now = timezone.now() if self.today == real_today else self.local(self.today, time(10, 0))
        self.now = now
        self.year = self.today.year

    # --- moments ---------------------------------------------------------------------------------
    @staticmethod
    def local(day: date, at: time = time(8, 0)) -> datetime:
        """``day`` at local time ``at`` in the site's time zone."""
        return timezone.make_aware(datetime.combine(day, at))

    @property
    def cap(self) -> datetime:
        """The latest moment a story event may have."""
        return self.now - MARGIN

    def days_ago(self, days: int, hour: int = 9, minute: int = 0) -> datetime:
        """``days`` before today at office time, but never later than :attr:`cap`."""
        return min(self.local(self.today - timedelta(days=days), time(hour, minute)), self.cap)

    @property
    def setup(self) -> datetime:
        """When the instance went live: early December two years back (before last year's period)."""
        return self.local(date(self.year - 2, 12, 2), time(8, 0))

    def period_opened(self, year: int) -> datetime:
        """When the BKPSDM admin opened the period of ``year``: early December of the year before."""
        return min(self.local(date(year - 1, 12, 5), time(9, 0)), self.cap)

    # --- stamping the services' writes -----------------------------------------------------------
    @contextmanager
    def at(self, moment: datetime) -> Iterator[None]:
        """Inside the block ``timezone.now()`` is ``moment``, then a microsecond later at each call."""
        ticks = itertools.count()
        step = timedelta(microseconds=1)
        with mock.patch("django.utils.timezone.now", lambda: moment + step * next(ticks)):
            yield


@contextmanager
def audit_in_time_order() -> Iterator[list]:
    """Audit events recorded inside the block are inserted when it ends, oldest first.

    The demo writes its story chapter by chapter (the organisation, then socialisation, then two
    years of SKPs), not in calendar order; the audit log lists events by id, so the events are held
    back and inserted sorted by time (ties keep their order) in one bulk insert.
    """
    from kinerja.audit import services
    from kinerja.audit.models import AuditEvent

    held: list = []
    insert = services.record_many

    def hold(event, *args, **kwargs) -> None:
        event.at = event.at or timezone.now()
        held.append(event)

    def hold_many(events) -> None:
        for event in events:
            hold(event)

    with mock.patch.object(AuditEvent, "save", hold), mock.patch.object(services, "record_many", hold_many):
        yield held
    insert(sorted(held, key=lambda event: event.at))


def create_at_own_moments(model, objs: list, stamp: str = "updated_at") -> None:
    """Insert ``objs`` (primary keys set) each stamped with its own ``stamp`` moment: kinerja.core.bulk's
    create_objects stamps one moment per call, so the rows go in groups of equal moments (a handful each)."""
    from kinerja.core import bulk

    groups: dict = {}
    for obj in objs:
        groups.setdefault(getattr(obj, stamp), []).append(obj)
    for moment, group in sorted(groups.items()):
        bulk.create_objects(model, group, moment)


def ensure_each(specs: list, clock: DemoClock | None, has: Callable[[Any], bool],
                build: Callable[[Any, Any, DemoClock | None], Any]) -> None:
    """One chapter of the story for every demo instance of ``specs`` that exists and lacks it (``has(instance)``
    false): ``build(instance, spec, clock)`` in one transaction per instance, its audit events in time order."""
    from django.db import transaction

    from kinerja.organization.models import Instance

    instances = {i.slug: i for i in Instance.objects.filter(slug__in=[s.slug for s in specs])}
    for spec in specs:
        instance = instances.get(spec.slug)
        if instance is not None and not has(instance):
            with transaction.atomic(), audit_in_time_order():
                build(instance, spec, clock)


def record_summary(action: str, instance, summary: dict, clock: DemoClock) -> dict:
    """The one audit event (``action``, e.g. ``demo.monev``) with what a chapter wrote, at now; none if nothing."""
    from kinerja.audit.services import record
    from kinerja.core.actors import system_actor

    if summary:
        with clock.at(clock.now):
            record(action, instance, actor=system_actor("demo"), instance_id=instance.pk, after=summary)
    return summary
