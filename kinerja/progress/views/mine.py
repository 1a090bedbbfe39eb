"""Progres saya: the employee's own progress page — the reportable SKP's indicators (under a revision: those of
its last approved version) in the reporting period, what is planned this quarter, where each report stands,
the achievement so far, the earlier periods, and the panels other apps add (feedback: comments and dialogues;
progress/panels.py)."""

from __future__ import annotations

from dataclasses import dataclass, field

from django.contrib.auth.decorators import login_required
from django.db.models import Count, Q
from django.shortcuts import render
from django.utils.translation import gettext as _

from kinerja.skp import presentation
from kinerja.skp.models import Rhk, Skp

from .. import reportable
from ..achievement.reasons import reason_text
from ..models import ActionPlan, EmployeeAchievement, IkiAchievement, Report, ReportStatus
from ..panels import PanelContext, panels_for
from .common import (
    approved_skps,
    current_skp,
    empty_context,
    own_employee_id,
    period_from,
    period_label,
    quarter_of,
    reporting_for,
    today,
)

NOT_STARTED = "none"  # the status shown for an IKI without a report in the period (status-none)


@dataclass
class IkiRow:
    iki: object
    target: str
    plan: object = None
    report: object = None
    evidence_count: int = 0
    achievement: object = None

    @property
    def status(self) -> str:
        return self.report.status if self.report is not None else NOT_STARTED

    @property
    def status_label(self) -> str:
        return self.report.get_status_display() if self.report is not None else _("Not started")

    @property
    def can_report(self) -> bool:
        return self.report is None or self.report.status in (ReportStatus.DRAFT, ReportStatus.RETURNED)


@dataclass
class RhkBlock:
    number: str
    rhk: object
    rows: list[IkiRow] = field(default_factory=list)


def _rhk_blocks(skp, approved: dict[int, dict] | None = None) -> list[RhkBlock]:
    """The SKP's RHK and IKI; under a revision (``approved``: the IKI of the last approved version) only those
    IKI, with the target that version holds (what the reports are measured against until the revision is
    approved)."""
    rhks = Rhk.objects.filter(skp=skp).prefetch_related("ikis")
    blocks = []
    for group in presentation.rhk_groups(rhks, is_jpt=skp.is_jpt):
        for item in group.items:
            rows = []
            for iki in item.ikis:
                if approved is None:
                    rows.append(IkiRow(iki=iki, target=presentation.shown_target(iki)))
                elif iki.pk in approved:
                    rows.append(IkiRow(iki=iki, target=approved[iki.pk].get("target_display")
                                       or presentation.shown_target(iki)))
            if rows:
                blocks.append(RhkBlock(number=f"{group.letter}.{item.number}", rhk=item.rhk, rows=rows))
    return blocks


def _history(reporting, reports, iki_count: int, day, selected) -> list[dict]:
    """Each reporting period begun by today, newest first, with how many indicators stand where."""
    counts: dict = {}
    for report in reports:
        counts.setdefault(report.period_start, {}).setdefault(report.status, 0)
        counts[report.period_start][report.status] += 1
    rows = []
    for start, end in reversed(reporting.reached(day)):
        by_status = counts.get(start, {})
        reported = sum(by_status.values())
        rows.append({"start": start, "end": end, "label": period_label((start, end)),
                     "due": reporting.due((start, end)),
                     "accepted": by_status.get(ReportStatus.ACCEPTED, 0),
                     "submitted": by_status.get(ReportStatus.SUBMITTED, 0),
                     "returned": by_status.get(ReportStatus.RETURNED, 0),
                     "draft": by_status.get(ReportStatus.DRAFT, 0),
                     "missing": max(iki_count - reported, 0), "total": iki_count,
                     "is_selected": (start, end) == selected, "is_current": (start, end) == reporting.current})
    return rows


@login_required
def mine(request):
    employee_id = own_employee_id(request)
    day = today()
    skp = current_skp(employee_id, day, request.GET.get("skp"))
    if skp is None:
        return render(request, "progress/mine_empty.html", empty_context(employee_id, day, "progress_mine"))
    reporting = reporting_for(skp, day)
    selected = reporting.find(period_from(request.GET.get("period"))) or reporting.current
    revision = reportable.last_approved(skp) if reportable.under_revision(skp) else None
    approved = reportable.ikis_of(revision) if reportable.under_revision(skp) else None
    blocks = _rhk_blocks(skp, approved)
    rows = {row.iki.pk: row for block in blocks for row in block.rows}

    reports = list(Report.objects.filter(skp=skp).select_related("iki")
                   .annotate(evidence_count=Count("evidence", filter=Q(evidence__deleted_at__isnull=True)))
                   .order_by("period_start", "pk"))
    quarter = quarter_of(selected[0], skp) if selected else 1
    for plan in ActionPlan.objects.filter(iki__rhk__skp=skp, quarter=quarter):
        if plan.iki_id in rows:
            rows[plan.iki_id].plan = plan
    for report in reports:
        if selected and report.period_start == selected[0] and report.iki_id in rows:
            rows[report.iki_id].report = report
            rows[report.iki_id].evidence_count = report.evidence_count
    # the newest achievement up to the period shown (the roll-up writes one row per IKI and period)
    if selected:
        for achievement in (IkiAchievement.objects.filter(skp=skp, period_start__lte=selected[0])
                            .order_by("period_start")):
            if achievement.iki_id in rows:
                achievement.reason_text = reason_text(achievement.reason)
                rows[achievement.iki_id].achievement = achievement
    overall = (EmployeeAchievement.objects.filter(skp=skp, period_start__lte=selected[0])
               .order_by("-period_start").first()) if selected else None

    statuses = [row.status for row in rows.values()]
    summary = {"total": len(statuses), "accepted": statuses.count(ReportStatus.ACCEPTED),
               "submitted": statuses.count(ReportStatus.SUBMITTED), "returned": statuses.count(ReportStatus.RETURNED),
               "draft": statuses.count(ReportStatus.DRAFT), "missing": statuses.count(NOT_STARTED)}
    summary["done"] = summary["accepted"] + summary["submitted"]
    due = reporting.due(selected) if selected else None
    is_open = bool(selected) and selected[0] <= day and not skp.period.is_closed
    # an SKP of another year shown (none approved for this one yet): say so, with where this year's stands
    running = skp.period.start_date <= day <= skp.period.end_date
    this_year = None if running else (
        Skp.objects.filter(employee_id=employee_id, period__start_date__lte=day, period__end_date__gte=day)
        .select_related("period").first())
    panel_context = PanelContext(user=request.user, skp=skp, period=selected, reports=reports)
    return render(request, "progress/mine.html", {
        "skp": skp, "blocks": blocks, "reporting": reporting, "selected": selected,
        "period_key": selected[0].isoformat() if selected else "", "period_label": period_label(selected),
        "quarter": quarter,
        "due": due, "days_left": (due - day).days if due else None, "is_open": is_open,
        "is_current": selected == reporting.current, "summary": summary, "overall": overall,
        "running": running, "this_year": this_year, "revision": revision,
        "history": _history(reporting, reports, len(rows), day, selected),
        "other_skps": [s for s in approved_skps(employee_id) if s.pk != skp.pk],
        "returned": [r for r in reports if r.status == ReportStatus.RETURNED and r.iki_id in rows],
        "panels": panels_for(panel_context), "active_menu": "progress_mine",
    })
