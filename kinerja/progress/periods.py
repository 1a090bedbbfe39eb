"""Reporting periods inside an SKP period: calendar months (the default) or calendar quarters, each clipped
to the SKP period's dates, and the day each period's report is due.

Pure date arithmetic apart from :func:`settings_for`, which reads the instance's :class:`ReportingSettings`.
"""

from __future__ import annotations

import calendar
from datetime import date

from kinerja.core.compiled import CompiledQuery

from .models import Cadence, ReportingSettings

__all__ = ["reporting_periods", "period_containing", "settings_for", "due_date", "quarter_of", "quarters"]


def _months_per_period(cadence) -> int:
    return 3 if str(cadence) == Cadence.QUARTERLY else 1


def _month_end(year: int, month: int) -> date:
    return date(year, month, calendar.monthrange(year, month)[1])


def _add_months(year: int, month: int, n: int) -> tuple[int, int]:
    index = year * 12 + (month - 1) + n
    return index // 12, index % 12 + 1


def _block_start(day: date, cadence) -> tuple[int, int]:
    """(year, month) of the first month of the calendar month/quarter holding ``day``."""
    step = _months_per_period(cadence)
    return day.year, ((day.month - 1) // step) * step + 1


def reporting_periods(start: date, end: date, cadence) -> list[tuple[date, date]]:
    """The reporting periods of an SKP period from ``start`` to ``end`` (inclusive), in order: calendar months
    (``monthly``) or calendar quarters (``quarterly``), the first and last clipped to ``start`` and ``end``."""
    if end < start:
        return []
    step = _months_per_period(cadence)
    year, month = _block_start(start, cadence)
    periods = []
    while date(year, month, 1) <= end:
        last_year, last_month = _add_months(year, month, step - 1)
        periods.append((max(date(year, month, 1), start), min(_month_end(last_year, last_month), end)))
        year, month = _add_months(year, month, step)
    return periods


def period_containing(day: date, start: date, end: date, cadence) -> tuple[date, date] | None:
    """The reporting period of the SKP period ``start``–``end`` that holds ``day``; None outside the SKP period."""
    if not (start <= day <= end):
        return None
    step = _months_per_period(cadence)
    year, month = _block_start(day, cadence)
    last_year, last_month = _add_months(year, month, step - 1)
    return max(date(year, month, 1), start), min(_month_end(last_year, last_month), end)


def settings_for(instance_id: int) -> ReportingSettings:
    """The instance's reporting settings; unsaved defaults when it has none."""
    return _SETTINGS.first(instance_id=instance_id) or ReportingSettings(instance_id=instance_id)


# compiled once: every report and evidence write reads them
_SETTINGS = CompiledQuery(ReportingSettings, lambda instance_id: ReportingSettings.objects.filter(
    instance_id=instance_id).order_by("pk"), instance_id=int)


def due_date(period_end: date, settings: ReportingSettings) -> date:
    """A period's report is due on ``settings.deadline_day`` of the month after the period ends."""
    year, month = _add_months(period_end.year, period_end.month, 1)
    return date(year, month, min(settings.deadline_day, calendar.monthrange(year, month)[1]))


def quarters(start: date, end: date) -> list[tuple[date, date]]:
    """The calendar quarters of an SKP period (for the action plans), clipped to its dates."""
    return reporting_periods(start, end, Cadence.QUARTERLY)


def quarter_of(day: date, start: date, end: date) -> int | None:
    """The number (1, 2, …) of the SKP period's quarter that holds ``day``; None outside the period."""
    for number, (q_start, q_end) in enumerate(quarters(start, end), start=1):
        if q_start <= day <= q_end:
            return number
    return None
