"""Progress, the superior's side: the team overview of a reporting period, the review queue, and the review
itself (accept a report, return it for a fix, review one piece of evidence).

A report or evidence the caller may not see answers 404; one they may see but do not review (they are not
the SKP's current evaluator) answers 403; a stale ``lock_version`` answers 409 and changes nothing.
"""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal
from typing import Literal

from django.shortcuts import get_object_or_404
from django.utils.translation import gettext as _
from ninja import Field, Router, Schema

from kinerja.api.lookups import actor, page
from kinerja.api.schemas import WRITE_ERRORS, PageMeta
from kinerja.api.types import Count, Cursor, Id, InSchema, Limit, Number, Text
from kinerja.core.errors import PermissionDenied, field_error

from . import permissions
from . import team as queries
from .models import Evidence, Report
from .services import review as services

router = Router(tags=["progress"])
COMMENT_MAX_LENGTH = Report.TEXT_LIMITS["review_comment"]


# --- schemas ------------------------------------------------------------------------------------


class TeamMemberOut(Schema):
    id: int = Field(..., description="The employee.")
    nip: str
    name: str
    position: str | None
    unit: str | None
    skp_id: int | None
    skp_status: str | None
    iki_count: int = Field(..., description="IKI of the employee's SKP of this period.")
    reported: int = Field(..., description="IKI reported (submitted or accepted) for this reporting period.")
    accepted: int
    returned: int
    waiting: int = Field(..., description="Reports waiting for your review (any reporting period).")
    evidence_waiting: int = Field(..., description="Evidence waiting for your review.")
    achievement: Decimal | None = Field(None, description="The employee's achievement (%) up to this period; "
                                                          "null until the roll-up has it.")
    expected: Decimal | None = Field(None, description="Where the target trajectory expects them (%).")
    at_risk: bool
    behind: bool
    reasons: list[str] = Field(..., description="Why their indicators are at risk.")
    last_activity: datetime | None
    urgency: int = Field(..., description="0 waits for you, 1 behind or at risk, 2 not fully reported, "
                                          "3 on track, 4 no approved SKP.")


class TeamOut(Schema):
    period_start: date
    period_end: date
    cadence: str
    members: list[TeamMemberOut]


class QueueReportOut(Schema):
    id: int
    employee_id: int
    employee_name: str
    iki_id: int
    iki: str
    period_start: date
    period_end: date
    status: str
    lock_version: int
    submitted_at: datetime | None
    evidence_waiting: int


class QueueOut(PageMeta):
    items: list[QueueReportOut]


class ReviewReportOut(Schema):
    id: int
    status: str
    lock_version: int
    review_comment: str
    judged_achievement: Decimal | None
    reviewed_at: datetime | None
    evidence: list[dict]


class AcceptIn(InSchema):
    lock_version: Count = Field(..., description="The report's `lock_version` you last read; a stale one "
                                                 "answers 409.")
    comment: Text(COMMENT_MAX_LENGTH) = ""
    judged_achievement: Number | None = Field(None, description="Qualitative IKI only (required there): the "
                                                                 "achievement you judge, 0 to the cap (%).")


class ReturnIn(InSchema):
    lock_version: Count
    comment: Text(COMMENT_MAX_LENGTH) = Field(..., description="What needs fixing (required).")
    evidence_ids: list[Id] = Field(default_factory=list, description="Evidence of the report to mark as "
                                                                     "needing a fix, with the comment.")


class EvidenceReviewIn(InSchema):
    accept: bool
    comment: Text(COMMENT_MAX_LENGTH) = Field("", description="Required when asking for a fix.")


class EvidenceOut(Schema):
    id: int
    report_id: int
    status: str
    review_comment: str


# --- helpers ------------------------------------------------------------------------------------


def _require_team(request) -> None:
    if not permissions.has_progress_team(actor(request)):
        raise PermissionDenied(_("Only an evaluating official (pejabat penilai), or an HR admin standing in for a "
                                 "missing one, has a team to supervise."))


def _report_or_404(request, report_id: int) -> Report:
    return queries.report_for_review(actor(request), report_id)


def _report_out(report: Report) -> dict:
    evidence = list(Evidence.objects.live().filter(report_id=report.pk).order_by("created_at", "pk")
                    .values("id", "status", "review_comment"))
    return {"id": report.pk, "status": report.status, "lock_version": report.lock_version,
            "review_comment": report.review_comment, "judged_achievement": report.judged_achievement,
            "reviewed_at": report.reviewed_at, "evidence": evidence}


# --- endpoints ----------------------------------------------------------------------------------


@router.get("/progress/team", response={200: TeamOut, **WRITE_ERRORS})
def team_overview(request, period: date | None = None, scope: Literal["team", "unit"] = "team"):
    """Your team for a reporting period (`period`: its first day, YYYY-MM-DD; default the one running today):
    who reported how many IKI, their achievement against the target trajectory with the early warning, and
    what waits for review. Most urgent first. `scope=unit`: a unit head's whole subtree (read only; each report
    is still reviewed by its own evaluator)."""
    user = actor(request)
    _require_team(request)
    if scope == queries.UNIT and not permissions.heads_units(user):
        raise field_error("scope", _("Only the head of a unit sees its whole subtree."), "not_a_head")
    choices = queries.period_choices(user)
    rp = queries.pick(choices, period.isoformat() if period else None)
    if period is not None and (rp is None or rp.start != period):
        raise field_error("period", _("No reporting period starts on %(day)s.") % {"day": period.isoformat()},
                          "invalid_choice")
    if rp is None:
        raise field_error("period", _("No SKP period has been opened yet."), "no_period")
    rows = queries.filter_rows(queries.team_overview(user, rp, scope), "", "")
    return {"period_start": rp.start, "period_end": rp.end, "cadence": rp.cadence, "members": [{
        "id": m.pk, "nip": m.nip, "name": m.full_name, "position": m.position.name if m.position_id else None,
        "unit": m.unit.name if m.unit_id else None, "skp_id": m.skp_id, "skp_status": m.skp_status,
        "iki_count": m.iki_count, "reported": m.reported, "accepted": m.accepted, "returned": m.returned,
        "waiting": m.waiting, "evidence_waiting": m.evidence_waiting, "achievement": m.achievement,
        "expected": m.expected, "at_risk": m.at_risk, "behind": m.behind,
        "reasons": [f"{w.iki}: {w.reason}" if w.reason else w.iki for w in m.warnings],
        "last_activity": m.last_activity, "urgency": m.urgency} for m in rows]}


@router.get("/progress/review-queue", response={200: QueueOut, **WRITE_ERRORS})
def review_queue(request, cursor: Cursor | None = None, limit: Limit | None = None):
    """Reports of your team waiting for your review (submitted), oldest first, with the count of their
    evidence still waiting."""
    _require_team(request)
    result = page(queries.waiting_reports(actor(request)), ["submitted_at", "id"], limit, cursor)
    result["items"] = [{
        "id": r.pk, "employee_id": r.employee_id, "employee_name": r.employee.full_name, "iki_id": r.iki_id,
        "iki": r.iki.text, "period_start": r.period_start, "period_end": r.period_end, "status": r.status,
        "lock_version": r.lock_version, "submitted_at": r.submitted_at, "evidence_waiting": r.evidence_waiting}
        for r in result["items"]]
    return result


@router.post("/progress/reports/{int:report_id}/accept", response={200: ReviewReportOut, **WRITE_ERRORS})
def accept(request, report_id: Id, payload: AcceptIn):
    """Accept a submitted report (its evidence still waiting is accepted with it). The employee is told."""
    report = services.accept_report(actor=actor(request), report=_report_or_404(request, report_id),
                                    lock_version=payload.lock_version, comment=payload.comment,
                                    judged_achievement=payload.judged_achievement)
    return _report_out(report)


@router.post("/progress/reports/{int:report_id}/return", response={200: ReviewReportOut, **WRITE_ERRORS})
def return_report(request, report_id: Id, payload: ReturnIn):
    """Return a submitted report for a fix with a comment; `evidence_ids` are marked as needing a fix."""
    report = services.return_report(actor=actor(request), report=_report_or_404(request, report_id),
                                    lock_version=payload.lock_version, comment=payload.comment,
                                    evidence_ids=payload.evidence_ids)
    return _report_out(report)


@router.post("/progress/evidence/{int:evidence_id}/review", response={200: EvidenceOut, **WRITE_ERRORS})
def review_evidence(request, evidence_id: Id, payload: EvidenceReviewIn):
    """Accept one piece of evidence, or ask for a fix of it (`accept: false` with a comment)."""
    evidence = get_object_or_404(permissions.restrict_evidence(Evidence.objects.live(), actor(request)),
                                 pk=evidence_id)
    evidence = services.review_evidence(actor=actor(request), evidence=evidence, accept=payload.accept,
                                        comment=payload.comment)
    return {"id": evidence.pk, "report_id": evidence.report_id, "status": evidence.status,
            "review_comment": evidence.review_comment}
