"""What the evaluation pages, the API and the CLI read (no writes): the evaluator's team for a window, an
evaluation with its BerAKHLAK rows and guides, the periods and windows to choose from.

The team page is a fixed number of queries whatever the team's size: the team, their SKPs in the period, their
evaluations of the window, what is suggested for those not opened yet (``suggestions.py``). An HR admin's page has
a second such list: the employees whose superior post is vacant, for whom they stand in.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from django.utils import formats
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from kinerja.rules.evaluation import schemes as scheme_rules
from kinerja.rules.skp import BERAKHLAK, BERAKHLAK_BY_CODE

from . import permissions, suggestions
from .models import CreditRounding, Evaluation, EvaluationKind, EvaluationStatus
from .models import Rating as RatingChoice
from .services.evaluations import behaviour_rows, credit_basis, periodic_windows, settings_for, thresholds_of


@dataclass(frozen=True)
class Window:
    kind: str
    start: date
    end: date
    label: str

    @property
    def key(self) -> str:
        return f"{self.kind}:{self.start.isoformat()}"


def windows_of(period) -> list[Window]:
    """The annual window and the periodic ones (per the instance's settings) of a period."""
    settings = settings_for(period.instance_id)
    out = [Window(EvaluationKind.ANNUAL, period.start_date, period.end_date, _("Annual (%(period)s)")
                  % {"period": period.name})]
    for start, end in periodic_windows(period, settings.periodic_months):
        if settings.periodic_months == 3:
            label = _("Quarter %(n)d (%(start)s – %(end)s)") % {
                "n": (start.month - 1) // 3 + 1, "start": formats.date_format(start, "d M"),
                "end": formats.date_format(end, "d M Y")}
        else:
            label = formats.date_format(start, "F Y")
        out.append(Window(EvaluationKind.PERIODIC, start, end, label))
    return out


def pick_window(windows: list[Window], key: str | None) -> Window | None:
    for window in windows:
        if window.key == key:
            return window
    return windows[0] if windows else None


@dataclass
class TeamRow:
    employee: object
    skp_id: int | None
    skp_status: str
    skp_status_label: str
    evaluation: Evaluation | None
    achievement: Decimal | None
    suggested: str
    suggested_label: str

    @property
    def status_key(self) -> str:
        if self.evaluation is not None:
            return self.evaluation.status
        if self.skp_id is None:
            return "no_skp"
        return "not_started" if self.skp_status == "approved" else "skp_not_approved"


def team_rows(user, period, window: Window, *, stand_in: bool = False) -> list[TeamRow]:
    """The people ``user`` evaluates (``stand_in``: those whose superior post is vacant, for whom the HR admin
    ``user`` stands in), with their SKP, their evaluation of ``window`` and what is suggested for them
    (``suggestions.py``, as their evaluation will be opened with)."""
    from kinerja.people.models import Employee
    from kinerja.people.permissions import team_employees
    from kinerja.skp.models import Skp, SkpStatus

    employees = Employee.objects.filter(instance_id=period.instance_id)
    if stand_in:
        employees = employees.filter(permissions.stand_in_employees_q(user))
    else:
        employees = team_employees(employees, user)
    team = list(employees.select_related("position", "position__superior").order_by("name", "pk"))
    ids = [e.pk for e in team]
    skps = {s["employee_id"]: s for s in Skp.objects.filter(period=period, employee_id__in=ids)
            .values("pk", "employee_id", "status")}
    evaluations = {e.employee_id: e for e in Evaluation.objects.filter(
        period=period, kind=window.kind, window_start=window.start, employee_id__in=ids)}
    unopened = [s["pk"] for employee_id, s in skps.items() if employee_id not in evaluations]
    suggested = suggestions.read(Skp.objects.filter(pk__in=unopened), window_end=window.end,
                                 thresholds=thresholds_of(settings_for(period.instance_id)),
                                 position="employee__position") if unopened else {}
    labels = dict(SkpStatus.choices)
    rows = []
    for employee in team:
        skp = skps.get(employee.pk)
        evaluation = evaluations.get(employee.pk)
        if evaluation is not None:
            value, rating = evaluation.achievement, evaluation.suggested_result
        else:
            found = suggested.get(skp["pk"], {}) if skp else {}
            value, rating = found.get("achievement"), found.get("suggested_result", "")
        rows.append(TeamRow(employee, skp["pk"] if skp else None, skp["status"] if skp else "",
                            str(labels.get(skp["status"], "")) if skp else "", evaluation, value, rating,
                            str(RatingChoice(rating).label) if rating else ""))
    return rows


def counts(rows: list[TeamRow]) -> dict[str, int]:
    out = {"total": len(rows), "not_started": 0, "draft": 0, "final": 0, "blocked": 0}
    for row in rows:
        key = row.status_key
        if key in (EvaluationStatus.FINAL, EvaluationStatus.ACKNOWLEDGED):
            out["final"] += 1
        elif key == EvaluationStatus.DRAFT:
            out["draft"] += 1
        elif key == "not_started":
            out["not_started"] += 1
        else:
            out["blocked"] += 1
    return out


@dataclass
class ValueRow:
    code: str
    name: str
    guides: tuple[str, ...]
    rating: str
    score: Decimal | None
    feedback: str


def value_rows(evaluation: Evaluation) -> list[ValueRow]:
    """The seven BerAKHLAK values in the official order with their guides and the evaluator's rating."""
    rows = behaviour_rows(evaluation)
    english = (get_language() or "id").startswith("en")
    return [ValueRow(value.code, value.name, value.guides_en if english else value.guides, rows[value.code].rating,
                     rows[value.code].score, rows[value.code].feedback) for value in BERAKHLAK]


def value_name(code: str) -> str:
    value = BERAKHLAK_BY_CODE.get(code)
    return value.name if value else code


def scheme_of(evaluation: Evaluation):
    return scheme_rules.get_scheme(evaluation.scheme)


@dataclass(frozen=True)
class CreditRow:
    window: str
    months: int
    predikat: str
    credit: Decimal


@dataclass(frozen=True)
class CreditShown:
    """How an annual evaluation's credit points come from the year's periodic evaluations (the page, the PDF):
    one row per finalised periodic evaluation, the total by the instance's rounding, and the figure recorded
    (``stale`` when the periodic evaluations changed after the annual evaluation was locked)."""

    recorded: Decimal
    total: Decimal | None
    rows: tuple[CreditRow, ...]
    months: int
    rounding: str  # CreditRounding code

    @property
    def rounds_each(self) -> bool:
        return self.rounding == CreditRounding.EACH

    @property
    def stale(self) -> bool:
        return self.total != self.recorded


def _window_text(start: date, end: date) -> str:
    if start.month == end.month and start.year == end.year:
        return formats.date_format(start, "F Y")
    return f"{formats.date_format(start, 'M Y')} – {formats.date_format(end, 'M Y')}"


def credit_shown(evaluation: Evaluation, settings=None) -> CreditShown | None:
    """The periodic breakdown of an annual evaluation's credit points; None when they do not come from periodic
    evaluations (an annual figure, a periodic evaluation, no credit points). One query, and one for the
    settings unless given."""
    if evaluation.kind != EvaluationKind.ANNUAL or evaluation.credit_points is None:
        return None
    settings = settings or settings_for(evaluation.instance_id)
    basis = credit_basis(evaluation, evaluation.predikat, settings)
    if basis is None or not basis.from_periods:
        return None
    scheme = scheme_rules.get_scheme(evaluation.scheme)
    rows = tuple(CreditRow(_window_text(p.window_start, p.window_end), p.months, scheme.label(p.predikat),
                           p.credit) for p in basis.periods)
    return CreditShown(evaluation.credit_points, basis.total, rows, basis.months, basis.rounding)


def detail_queryset():
    return Evaluation.objects.select_related("employee", "position", "position__unit", "position__superior", "unit",
                                             "skp", "period", "evaluator", "stand_in", "instance"
                                             ).prefetch_related("behaviour", "activities")
