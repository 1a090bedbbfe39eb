"""Reading the superior's side of progress: the team overview of a reporting period, the review queue and
one report's review page. Each costs a fixed number of queries whatever the size of the team (tests assert it).

The team is ``permissions.review_team_q`` (the people whose position reports to one the user holds or acts in
today, Plt/Plh included). The achievement columns read the roll-up tables (``IkiAchievement``,
``EmployeeAchievement``) that ``progress/achievement`` fills; empty tables show as "—".
"""

from __future__ import annotations

import calendar
from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from django.db.models import Count, IntegerField, Max, Min, OuterRef, Q, QuerySet, Subquery, Value
from django.db.models.functions import Coalesce
from django.utils import formats, timezone
from django.utils.translation import gettext as _

from kinerja.people.models import Employee
from kinerja.people.names import initials
from kinerja.skp import permissions as skp_permissions
from kinerja.skp.models import Iki, Period, Skp, SkpStatus

from . import permissions
from .achievement.reasons import reason_text
from .models import (
    ActionPlan,
    Cadence,
    EmployeeAchievement,
    Evidence,
    EvidenceStatus,
    IkiAchievement,
    Report,
    ReportingSettings,
    ReportStatus,
    Risk,
)

REPORTED = (ReportStatus.SUBMITTED, ReportStatus.ACCEPTED)
WAITING_EVIDENCE_REPORTS = (ReportStatus.SUBMITTED, ReportStatus.ACCEPTED)
MAX_PERIOD_CHOICES = 24


# --- reporting periods ----------------------------------------------------------------------------


@dataclass(frozen=True)
class ReportingPeriod:
    """One month (or quarter) of an SKP period."""

    start: date
    end: date
    skp_period: Period
    cadence: str

    @property
    def key(self) -> str:
        return self.start.isoformat()

    @property
    def label(self) -> str:
        if self.cadence == Cadence.QUARTERLY:
            quarter = (self.start.month - 1) // 3 + 1
            return _("Quarter %(q)d %(year)d") % {"q": quarter, "year": self.start.year}
        return formats.date_format(self.start, "F Y")


def cadence_of(instance_id: int | None) -> str:
    row = ReportingSettings.objects.filter(instance_id=instance_id).values_list("cadence", flat=True).first()
    return row or Cadence.MONTHLY


def _month_end(day: date) -> date:
    return day.replace(day=calendar.monthrange(day.year, day.month)[1])


def _add_months(day: date, months: int) -> date:
    index = day.month - 1 + months
    return date(day.year + index // 12, index % 12 + 1, 1)


def calendar_periods(start: date, end: date, cadence: str) -> list[tuple[date, date]]:
    """The months (or calendar quarters) of ``start``..``end``, each cut to that range."""
    step = 3 if cadence == Cadence.QUARTERLY else 1
    first = start.replace(day=1)
    if step == 3:
        first = first.replace(month=(first.month - 1) // 3 * 3 + 1)
    rows = []
    cursor = first
    while cursor <= end:
        last = _month_end(_add_months(cursor, step - 1))
        rows.append((max(cursor, start), min(last, end)))
        cursor = _add_months(cursor, step)
    return rows


def period_choices(user, today: date | None = None) -> list[ReportingPeriod]:
    """The reporting periods to choose from, newest first: those of the instance's SKP periods that have
    started by today (at most two years of them). One query for the SKP periods, one for the cadence."""
    today = today or timezone.localdate()
    periods = list(skp_permissions.user_periods(user).filter(start_date__lte=today).order_by("-start_date"))
    if not periods:
        return []
    cadence = cadence_of(periods[0].instance_id)
    rows = []
    for period in periods:
        for start, end in reversed(calendar_periods(period.start_date, period.end_date, cadence)):
            if start <= today:
                rows.append(ReportingPeriod(start, end, period, cadence))
        if len(rows) >= MAX_PERIOD_CHOICES:
            break
    return rows[:MAX_PERIOD_CHOICES]


def pick(choices: list[ReportingPeriod], wanted: str | None, today: date | None = None) -> ReportingPeriod | None:
    """The period asked for (``?period=YYYY-MM-DD``, its first day), else the one running today, else the newest."""
    if wanted:
        for choice in choices:
            if choice.key == wanted:
                return choice
    today = today or timezone.localdate()
    for choice in choices:
        if choice.start <= today <= choice.end:
            return choice
    return choices[0] if choices else None


# --- the team overview ----------------------------------------------------------------------------


def _count(qs: QuerySet, field: str = "employee_id") -> Coalesce:
    return Coalesce(Subquery(qs.order_by().values(field).annotate(n=Count("pk")).values("n")[:1],
                             output_field=IntegerField()), Value(0))


TEAM, UNIT = "team", "unit"


def people_q(user, scope: str = TEAM, prefix: str = ""):
    """Whom the overview lists: ``user``'s team, or (a unit head asking for ``unit``) their units' subtree."""
    if scope == UNIT:
        return permissions.unit_team_q(user, prefix=prefix)
    return permissions.supervised_q(user, prefix=prefix)  # the team, and whom an HR admin stands in for


def team_queryset(user, rp: ReportingPeriod, scope: str = TEAM) -> QuerySet:
    """``user``'s team (or, ``scope="unit"``, the subtree of the units they head), each employee annotated with
    their SKP of the period, how many IKI it has and how many were reported for ``rp``, the reports and evidence
    waiting for review, the last activity and the employee achievement row. One query."""
    skp = Skp.objects.filter(employee_id=OuterRef("pk"), period_id=rp.skp_period.pk)
    reports = Report.objects.filter(employee_id=OuterRef("pk"), skp__period_id=rp.skp_period.pk)
    achievement = EmployeeAchievement.objects.filter(employee_id=OuterRef("pk"), period_start=rp.start,
                                                     skp__period_id=rp.skp_period.pk)
    return (Employee.objects.filter(people_q(user, scope))
            .select_related("position", "unit")
            .annotate(
                skp_id=Subquery(skp.values("pk")[:1]),
                skp_status=Subquery(skp.values("status")[:1]),
                skp_version=Subquery(skp.values("version")[:1]),
                iki_count=_count(Iki.objects.filter(rhk__skp__employee_id=OuterRef("pk"),
                                                    rhk__skp__period_id=rp.skp_period.pk), "rhk__skp__employee_id"),
                reported=_count(reports.filter(period_start=rp.start, status__in=REPORTED)),
                accepted=_count(reports.filter(period_start=rp.start, status=ReportStatus.ACCEPTED)),
                returned=_count(reports.filter(period_start=rp.start, status=ReportStatus.RETURNED)),
                waiting=_count(reports.filter(status=ReportStatus.SUBMITTED)),
                oldest_waiting=Subquery(reports.filter(status=ReportStatus.SUBMITTED).order_by()
                                        .values("employee_id").annotate(m=Min("submitted_at")).values("m")[:1]),
                first_waiting_id=Subquery(reports.filter(status=ReportStatus.SUBMITTED)
                                          .order_by("submitted_at", "pk").values("pk")[:1]),
                evidence_waiting=_count(Evidence.objects.filter(
                    report__employee_id=OuterRef("pk"), report__skp__period_id=rp.skp_period.pk,
                    report__status__in=WAITING_EVIDENCE_REPORTS, status=EvidenceStatus.PENDING,
                    deleted_at__isnull=True), "report__employee_id"),
                last_activity=Subquery(reports.order_by().values("employee_id").annotate(m=Max("updated_at"))
                                       .values("m")[:1]),
                achievement=Subquery(achievement.values("achievement")[:1]),
                projected=Subquery(achievement.values("projected")[:1]),
                at_risk_count=Subquery(achievement.values("at_risk")[:1]),
            )
            .order_by("name", "pk"))


@dataclass
class Warning_:
    iki: str
    reason: str


def _mean(values: list[Decimal]) -> Decimal | None:
    values = [v for v in values if v is not None]
    return (sum(values) / len(values)).quantize(Decimal("0.1")) if values else None


def team_overview(user, rp: ReportingPeriod, scope: str = TEAM) -> list[Employee]:
    """The team rows for ``rp`` with the early warning of each (two queries)."""
    rows = list(team_queryset(user, rp, scope))
    by_employee: dict[int, list[dict]] = {}
    if rows:
        for item in (IkiAchievement.objects.filter(instance_id=rows[0].instance_id,
                                                   employee_id__in=[r.pk for r in rows], period_start=rp.start,
                                                   skp__period_id=rp.skp_period.pk)
                     .values("employee_id", "expected", "achievement", "risk", "reason", "iki__text")
                     .order_by("iki__rhk__order", "iki__order", "iki_id")):
            by_employee.setdefault(item["employee_id"], []).append(item)
    for row in rows:
        items = by_employee.get(row.pk, [])
        row.initials = initials(row.name)
        row.expected = _mean([i["expected"] for i in items])
        if row.achievement is None:
            row.achievement = _mean([i["achievement"] for i in items])
        row.warnings = [Warning_(i["iki__text"], reason_text(i["reason"])) for i in items if i["risk"] == Risk.AT_RISK]
        row.at_risk = bool(row.warnings) or bool(row.at_risk_count)
        row.behind = (row.expected is not None and row.achievement is not None and row.achievement < row.expected)
        row.has_data = bool(items) or row.achievement is not None
        row.not_reported = max((row.iki_count or 0) - (row.reported or 0), 0)
        # an SKP reopened for a revision after an approval still takes reports (reportable.py)
        row.approved = row.skp_status == SkpStatus.APPROVED or (row.skp_version or 0) >= 1
        row.under_revision = row.approved and row.skp_status != SkpStatus.APPROVED
        row.urgency = urgency(row)
    return rows


def urgency(row) -> int:
    """0: something waits for the superior; 1: at risk or behind; 2: not everything reported; 3: on track;
    4: no SKP ever approved (nothing to report against)."""
    if row.waiting or row.evidence_waiting:
        return 0
    if not row.approved:
        return 4
    if row.at_risk or row.behind:
        return 1
    if row.not_reported:
        return 2
    return 3


FILTERS = ("waiting", "not_reported", "at_risk", "on_track")


def filter_rows(rows: list, status: str, q: str) -> list:
    q = (q or "").strip().lower()
    kept = []
    for row in rows:
        if status == "waiting" and row.urgency != 0:
            continue
        if status == "not_reported" and not (row.approved and row.not_reported):
            continue
        if status == "at_risk" and not (row.at_risk or row.behind):
            continue
        if status == "on_track" and row.urgency != 3:
            continue
        if q and q not in row.name.lower() and q.replace(" ", "") not in row.nip:
            continue
        kept.append(row)
    far = timezone.now()
    kept.sort(key=lambda r: (r.urgency, r.oldest_waiting or far, -(r.not_reported or 0), r.name.lower()))
    return kept


def counts(rows: list) -> dict:
    return {
        "all": len(rows),
        "waiting": sum(1 for r in rows if r.urgency == 0),
        "not_reported": sum(1 for r in rows if r.approved and r.not_reported),
        "at_risk": sum(1 for r in rows if r.at_risk or r.behind),
        "on_track": sum(1 for r in rows if r.urgency == 3),
    }


# --- the review queue -----------------------------------------------------------------------------


def waiting_evidence(user) -> QuerySet:
    """Evidence waiting for review across ``user``'s team: live, pending, of a submitted (or accepted) report."""
    return (Evidence.objects.live()
            .filter(status=EvidenceStatus.PENDING, report__status__in=WAITING_EVIDENCE_REPORTS)
            .filter(permissions.supervised_q(user, prefix="report__employee"))
            .select_related("report__employee", "report__iki"))


def waiting_reports(user) -> QuerySet:
    """Reports waiting for ``user``'s review across the team (submitted), oldest first."""
    return (Report.objects.filter(status=ReportStatus.SUBMITTED)
            .filter(permissions.supervised_q(user, prefix="employee"))
            .select_related("employee", "iki", "unit")
            .annotate(evidence_waiting=Count("evidence", filter=Q(evidence__status=EvidenceStatus.PENDING,
                                                                   evidence__deleted_at__isnull=True))))


# --- one report -----------------------------------------------------------------------------------


def quarter_of(report: Report) -> int:
    return (report.period_start.month - 1) // 3 + 1


def report_for_review(user, pk: int) -> Report:
    """The report (404 when ``user`` may not see it) with its SKP, IKI, RHK, employee and reviewer."""
    from django.shortcuts import get_object_or_404

    return get_object_or_404(
        permissions.restrict_reports(Report.objects.all(), user)
        .select_related("skp__position", "skp__period", "iki__rhk", "employee__position", "unit", "reviewed_by"),
        pk=pk)


def review_context(report: Report) -> dict:
    """The evidence, the quarter's action plan, the history of the IKI and its achievement (four queries)."""
    evidence = list(Evidence.objects.live().filter(report_id=report.pk).order_by("created_at", "pk"))
    plan = ActionPlan.objects.filter(iki_id=report.iki_id, quarter=quarter_of(report)).first()
    history = list(Report.objects.filter(iki_id=report.iki_id, period_start__lt=report.period_start)
                   .order_by("-period_start")[:12])
    achievement = {a.period_start: a for a in IkiAchievement.objects.filter(
        iki_id=report.iki_id, period_start__lte=report.period_start).order_by("-period_start")[:13]}
    for row in history:
        row.achievement_row = achievement.get(row.period_start)
    for item in evidence:
        item.is_image = item.kind == "file" and item.content_type.startswith("image/")
    return {"evidence": evidence, "plan": plan, "history": history,
            "current_achievement": achievement.get(report.period_start)}
