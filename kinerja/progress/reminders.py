"""Reporting-deadline reminders: a few days before a reporting period's report is due, every employee with
an approved SKP for that period who has not yet submitted the progress of each of its IKI gets a notification
(kind ``deadline``, once per period: its ``dedupe_key``).

Set-based: per instance one query finds the logins to remind (SKP → IKI count against submitted or accepted
reports of the period), and :func:`kinerja.notifications.services.notify` writes them in one insert; no query
per employee. The task (``progress/tasks.py``) runs it daily from ``kinerja scheduler`` (``SCHEDULE`` in
``progress/faces.py``); running it twice the same day sends nothing new.

The periods reminded of are calendar months or quarters across every SKP period of the instance, each due
as ``progress/periods.py: due_date`` says; a report of a period clipped to its SKP period (an SKP starting
mid-month) counts for the calendar period it falls in.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

from django.db import transaction
from django.db.models import Count, F, IntegerField, OuterRef, Q, Subquery
from django.db.models.functions import Coalesce
from django.urls import NoReverseMatch, reverse
from django.utils.formats import date_format
from django.utils.functional import lazy
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _

from kinerja.accounts.models import User
from kinerja.notifications.models import Kind
from kinerja.notifications.services import notify
from kinerja.organization.models import Instance
from kinerja.skp.models import Iki, Skp

from .models import Cadence, Report, ReportingSettings, ReportStatus
from .periods import due_date
from .reportable import reportable_q

DONE = (ReportStatus.SUBMITTED, ReportStatus.ACCEPTED)
_date = lazy(date_format, str)


@dataclass(frozen=True)
class DuePeriod:
    start: date
    end: date
    due: date
    cadence: str

    @property
    def label(self):
        if self.cadence == Cadence.QUARTERLY:
            return format_lazy(_("quarter {n} of {year}"), n=(self.start.month - 1) // 3 + 1, year=self.start.year)
        return _date(self.start, "F Y")

    @property
    def dedupe_key(self) -> str:
        return f"deadline:{self.start:%Y-%m-%d}"


def _months(cadence: str) -> int:
    return 3 if cadence == Cadence.QUARTERLY else 1


def _period_start(day: date, cadence: str) -> date:
    months = _months(cadence)
    return date(day.year, (day.month - 1) // months * months + 1, 1)


def _add_months(day: date, months: int) -> date:
    index = day.year * 12 + day.month - 1 + months
    return date(index // 12, index % 12 + 1, 1)


def _period(start: date, settings: ReportingSettings) -> DuePeriod:
    end = _add_months(start, _months(settings.cadence)) - timedelta(days=1)
    return DuePeriod(start, end, due_date(end, settings), settings.cadence)


def periods_to_remind(today: date, settings: ReportingSettings) -> list[DuePeriod]:
    """The reporting periods whose report is due within ``reminder_days`` from ``today`` (due date included)."""
    current = _period_start(today, settings.cadence)
    candidates = [_period(_add_months(current, -_months(settings.cadence)), settings), _period(current, settings)]
    return [p for p in candidates if p.due - timedelta(days=settings.reminder_days) <= today <= p.due]


def users_to_remind(instance_id: int, period: DuePeriod):
    """The active logins of the employees with a reportable SKP (``reportable.py``) covering ``period`` who have
    submitted fewer reports (submitted or accepted) for it than their SKP has IKI: one query."""
    ikis = (Iki.objects.filter(rhk__skp=OuterRef("pk")).order_by().values("rhk__skp")
            .annotate(n=Count("pk")).values("n"))
    # a report's period may be clipped to its SKP period (one starting mid-month): any start inside this period
    done = (Report.objects.filter(skp=OuterRef("pk"), period_start__range=(period.start, period.end),
                                  status__in=DONE).order_by()
            .values("skp").annotate(n=Count("pk")).values("n"))
    behind = (Skp.objects.filter(reportable_q(), instance_id=instance_id,  # approved, or revised after approval
                                 period__start_date__lte=period.end, period__end_date__gte=period.start)
              .annotate(ikis=Coalesce(Subquery(ikis, output_field=IntegerField()), 0),
                        done=Coalesce(Subquery(done, output_field=IntegerField()), 0))
              .filter(Q(ikis__gt=0) & Q(done__lt=F("ikis")))
              .values("employee_id"))
    return User.objects.filter(employee_id__in=behind, is_active=True, employee__is_active=True)


def _target_url() -> str:
    for name in ("progress:mine", "skp:mine"):
        try:
            return reverse(name)
        except NoReverseMatch:
            continue
    return ""


def send_deadline_reminders(*, actor, today: date) -> dict[int, int]:
    """Remind everyone behind on a report due soon, in every instance; returns {instance id: notifications sent}."""
    settings_of = {row.instance_id: row for row in ReportingSettings.objects.all()}
    sent: dict[int, int] = {}
    url = _target_url()
    for instance_id in Instance.objects.order_by("pk").values_list("pk", flat=True):
        settings = settings_of.get(instance_id) or ReportingSettings(instance_id=instance_id)
        for period in periods_to_remind(today, settings):
            recipients = users_to_remind(instance_id, period).values_list("pk", flat=True)
            with transaction.atomic():
                rows = notify(
                    actor=actor, instance_id=instance_id, recipients=list(recipients), kind=Kind.DEADLINE,
                    title=format_lazy(_("Your progress report for {period} is due on {due}"),
                                      period=period.label, due=_date(period.due, "j F Y")),
                    body=format_lazy(_("You have not yet submitted the progress of every indicator (IKI) of your "
                                       "SKP for {period}. Please report it, with its evidence, by {due}."),
                                     period=period.label, due=_date(period.due, "j F Y")),
                    url=url, dedupe_key=period.dedupe_key)
            sent[instance_id] = sent.get(instance_id, 0) + len(rows)
    return sent
