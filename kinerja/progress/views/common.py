"""What the employee's progress pages share: the user's own reportable SKP (approved, or reopened for a revision
after an approval: ``reportable.py``), its reporting periods, one IKI of it (anything else is a 404: one reports
only on one's own SKP), the quarter of a period."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from django.http import Http404
from django.utils import timezone
from django.utils.dateparse import parse_date
from django.utils.translation import gettext as _

from kinerja.accounts import permissions as account_permissions
from kinerja.skp.models import Iki, Skp

from .. import periods as period_rules
from .. import reportable


def own_employee_id(request) -> int:
    employee_id = account_permissions.own_employee_id(request.user)
    if employee_id is None:
        raise Http404(_("Your login is not linked to an employee."))
    return employee_id


def today() -> date:
    return timezone.localdate()


def approved_skps(employee_id: int):
    """The employee's SKPs that take reports (approved, or under revision after an approval), newest first."""
    return (Skp.objects.filter(reportable.reportable_q(), employee_id=employee_id)
            .select_related("period", "position", "unit", "evaluator", "employee")
            .order_by("-period__start_date"))


def running_skp(employee_id: int, day: date) -> Skp | None:
    """The employee's SKP (whatever its status) of a period that runs on ``day``."""
    return (Skp.objects.filter(employee_id=employee_id, period__start_date__lte=day, period__end_date__gte=day)
            .select_related("period").order_by("-period__start_date").first())


def current_skp(employee_id: int, day: date, wanted: str | None = None) -> Skp | None:
    """The reportable SKP asked for (``?skp=``), else the one whose period runs today. No silent fall-back to
    another year: without one for today's period the page says so (another year's only when asked for)."""
    skps = list(approved_skps(employee_id))
    if wanted and str(wanted).isdigit():
        for skp in skps:
            if skp.pk == int(wanted):
                return skp
    for skp in skps:
        if skp.period.start_date <= day <= skp.period.end_date:
            return skp
    return None


def empty_context(employee_id: int, day: date, active_menu: str) -> dict:
    """What the page says when the employee has no reportable SKP for today's period: where this period's SKP
    stands (with a link to it) and the earlier SKPs one may still look at, never shown unasked."""
    return {"active_menu": active_menu, "this_year": running_skp(employee_id, day),
            "earlier": list(approved_skps(employee_id))}


@dataclass
class Reporting:
    """The reporting calendar of one SKP: the instance's settings, every period of the SKP's period, the one
    running today (the last one once the SKP's period is over, the first before it starts)."""

    settings: object
    periods: list[tuple[date, date]]
    current: tuple[date, date] | None

    def find(self, start: date | None) -> tuple[date, date] | None:
        return next((p for p in self.periods if p[0] == start), None)

    def due(self, period: tuple[date, date]) -> date:
        return period_rules.due_date(period[1], self.settings)

    def reached(self, day: date) -> list[tuple[date, date]]:
        """The periods that have begun by ``day`` (the ones one may report on or look back at)."""
        return [p for p in self.periods if p[0] <= day]


def reporting_for(skp: Skp, day: date) -> Reporting:
    settings = period_rules.settings_for(skp.instance_id)
    start, end = skp.period.start_date, skp.period.end_date
    periods = list(period_rules.reporting_periods(start, end, settings.cadence))
    current = period_rules.period_containing(day, start, end, settings.cadence)
    if current is None and periods:
        current = periods[-1] if day > end else periods[0]
    return Reporting(settings=settings, periods=periods, current=current)


def period_from(value: str | None) -> date | None:
    try:
        return parse_date(value or "")
    except ValueError:
        return None


def quarter_of(day: date, skp: Skp) -> int:
    """The quarter (1–4) of the SKP's period that ``day`` falls in (an action plan is per quarter)."""
    start = skp.period.start_date
    months = (day.year - start.year) * 12 + day.month - start.month
    return min(max(months // 3 + 1, 1), 4)


def own_iki_or_404(request, iki_pk: int) -> Iki:
    """An IKI of the user's own reportable SKP, with its RHK and SKP loaded; anything else is a 404."""
    employee_id = own_employee_id(request)
    try:
        return (Iki.objects.select_related("rhk", "rhk__skp", "rhk__skp__period", "rhk__skp__employee")
                .get(reportable.reportable_q("rhk__skp"), pk=iki_pk, rhk__skp__employee_id=employee_id))
    except Iki.DoesNotExist:
        raise Http404(_("No such indicator on your approved SKP.")) from None


def iki_and_period_or_404(request, iki_pk: int, period: str):
    """The IKI and the reporting period ``period`` (its first day, YYYY-MM-DD) of its SKP, or a 404."""
    iki = own_iki_or_404(request, iki_pk)
    skp = iki.rhk.skp
    reporting = reporting_for(skp, today())
    found = reporting.find(period_from(period))
    if found is None or found[0] > today():  # a period not begun yet takes no report
        raise Http404(_("No such reporting period."))
    return iki, skp, reporting, found


def period_label(period: tuple[date, date] | None) -> str:
    """A reporting period for the reader: "November 2026" for a month, "Okt–Des 2026" for a quarter."""
    from django.utils.formats import date_format

    if period is None:
        return ""
    start, end = period
    if (start.year, start.month) == (end.year, end.month):
        return date_format(start, "F Y")
    if start.year == end.year:
        return f"{date_format(start, 'M')}–{date_format(end, 'M Y')}"
    return f"{date_format(start, 'M Y')}–{date_format(end, 'M Y')}"
