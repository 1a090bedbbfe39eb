"""Evaluations over the API: list and read those in scope, start a team's evaluations, rate, finalise, reopen,
acknowledge, and the "Dokumen Evaluasi Kinerja Pegawai" PDF. The same services as the pages: out of scope is a
404, a reader who is not the evaluator a 403, a stale ``lock_version`` a 409."""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal

from django.shortcuts import get_object_or_404
from django.utils.translation import gettext as _
from ninja import Field, Router, Schema, Status
from ninja.errors import HttpError

from kinerja.api.files import file_response, file_response_doc
from kinerja.api.lookups import actor, page
from kinerja.api.schemas import READ_ERRORS, WRITE_ERRORS, EmployeeRef, ErrorOut, PageMeta
from kinerja.api.types import Count, Cursor, Id, InSchema, Limit, Number, Text
from kinerja.core.errors import field_error
from kinerja.skp.permissions import user_periods

from .. import activities as activity_rules
from .. import permissions
from ..documents.evaluation_pdf import PDF_TOO_SLOW, RenderTimeout, render_evaluation_pdf
from ..models import Evaluation, EvaluationKind, EvaluationStatus
from ..services import evaluations as services
from ..team_evaluations import detail_queryset

router = Router(tags=["evaluation"])
ORDERING = ["-window_end", "-id"]
LONG = 5000


class ValueOut(Schema):
    value: str = Field(..., description="The BerAKHLAK value code (berorientasi_pelayanan, akuntabel, …).")
    rating: str = Field(..., description="di_atas / sesuai / di_bawah, or empty (PermenPANRB 6/2022).")
    score: Decimal | None = Field(None, description="The score under a numeric scheme.")
    feedback: str


class EvaluationOut(Schema):
    id: int
    period_id: int
    skp_id: int
    employee: EmployeeRef
    unit_id: int
    position_id: int
    kind: str = Field(..., description="annual or periodic")
    window_start: date
    window_end: date
    scheme: str = Field(..., description="The scoring scheme (versioned rule set) it is computed with.")
    evaluator: EmployeeRef | None
    evaluator_acting: str = Field(..., description="plt / plh (an acting official), hr (the HR admin standing in for "
                                                   "a vacant superior post), or empty.")
    stand_in_id: int | None = Field(None, description="The user id of the HR admin standing in (evaluator_acting hr).")
    status: str = Field(..., description="draft, final or acknowledged")
    achievement: Decimal | None
    suggested_result: str
    result_rating: str
    result_reason: str
    result_from_unit: bool
    behaviour_rating: str
    result_score: Decimal | None
    behaviour_score: Decimal | None
    final_score: Decimal | None
    innovation: bool
    proposed_predikat: str
    predikat: str
    credit_points: Decimal | None
    evaluator_notes: str
    employee_notes: str
    finalised_at: datetime | None
    acknowledged_at: datetime | None
    locked_at: datetime | None
    lock_version: Count


class EvaluationActivityOut(Schema):
    id: int
    number: int = Field(..., description="Its number on the form (the SKP's order).")
    iki_id: int | None = Field(None, description="The IKI it was made from (None once that IKI is gone).")
    name: str
    measure_unit: str
    target_output: Decimal | None
    realised_output: Decimal | None
    target_quality: Decimal | None
    realised_quality: Decimal | None
    target_time: Decimal | None = Field(None, description="Months.")
    realised_time: Decimal | None = Field(None, description="Months.")
    target_cost: Decimal | None = Field(None, description="Rupiah; None when the activity has no budget.")
    realised_cost: Decimal | None
    target_credit: Decimal | None = Field(None, description="Angka kredit (AK), printed, not scored.")
    realised_credit: Decimal | None
    kuantitas: Decimal | None = Field(None, description="The aspects (2 decimals), None until it is complete.")
    kualitas: Decimal | None
    waktu: Decimal | None
    biaya: Decimal | None
    calculation: Decimal | None = Field(None, description="The sum of its aspects (the form's perhitungan).")
    score: Decimal | None = Field(None, description="Its nilai capaian: the mean of its aspects.")


class EvaluationDetailOut(EvaluationOut):
    values: list[ValueOut]
    activities: list[EvaluationActivityOut] = Field(
        ..., description="PP 46/2011: the activities whose scores give `result_score` (empty under other schemes).")

    @staticmethod
    def resolve_values(obj) -> list:
        return [{"value": b.value, "rating": b.rating, "score": b.score, "feedback": b.feedback}
                for b in services.behaviour_rows(obj).values()]

    @staticmethod
    def resolve_activities(obj) -> list:
        if not activity_rules.uses_activities(obj.scheme):
            return []
        out = []
        for line in activity_rules.score(obj.activities.all()).lines:
            row, shown = line.row, line.shown
            out.append({"id": row.pk, "number": line.number, "iki_id": row.iki_id, "name": row.name,
                        "measure_unit": row.measure_unit,
                        **{name: getattr(row, name) for name in activity_rules.FIELDS},
                        "kuantitas": shown.kuantitas if shown else None, "kualitas": shown.kualitas if shown else None,
                        "waktu": shown.waktu if shown else None, "biaya": shown.biaya if shown else None,
                        "calculation": line.calculation, "score": shown.score if shown else None})
        return out


class EvaluationPage(PageMeta):
    items: list[EvaluationOut]


class StartIn(InSchema):
    period_id: Id
    evaluator_id: Id | None = Field(None, description="The evaluating official (default: the caller).")
    kind: Text(10) = Field("annual", description="annual, or periodic with window_start")
    window_start: date | None = Field(None, description="The first day of the month or quarter (periodic).")
    stand_in: bool = Field(False, description="An HR admin starts, standing in, the evaluations of the employees of "
                                              "their scope whose superior post is vacant today (no holder, no "
                                              "Plt/Plh); evaluator_id is then not used.")


class StartOut(Schema):
    created: list[int]
    existing: int
    not_approved: list[str] = Field(..., description="Team members whose SKP is not approved yet (not started).")
    without_skp: list[str]
    window_start: date
    window_end: date


class ValueIn(InSchema):
    rating: Text(8) | None = None
    score: Number | None = None
    feedback: Text(LONG, multiline=True) | None = None


class EvaluationActivityIn(InSchema):
    id: Id = Field(..., description="The activity (from `activities` of the evaluation).")
    target_output: Number | None = None
    realised_output: Number | None = None
    target_quality: Number | None = None
    realised_quality: Number | None = None
    target_time: Number | None = Field(None, description="Months.")
    realised_time: Number | None = Field(None, description="Months.")
    target_cost: Number | None = Field(None, description="Rupiah; null clears it (no budget).")
    realised_cost: Number | None = None
    target_credit: Number | None = None
    realised_credit: Number | None = None


class RateIn(InSchema):
    lock_version: Count
    result_rating: Text(8) | None = None
    result_reason: Text(LONG, multiline=True) | None = None
    values: dict[str, ValueIn] | None = Field(None, description="BerAKHLAK code → rating/score/feedback.")
    result_score: Number | None = None
    innovation: bool | None = None
    evaluator_notes: Text(LONG, multiline=True) | None = None
    activities: list[EvaluationActivityIn] | None = Field(
        None, description="PP 46/2011: the targets and realisations of activities (fields sent change; null clears "
                          "one). The nilai SKP is computed from them, never sent.")


class VersionIn(InSchema):
    lock_version: Count


class ReopenIn(InSchema):
    lock_version: Count
    reason: Text(LONG, multiline=True)


class AcknowledgeIn(InSchema):
    lock_version: Count
    notes: Text(LONG, multiline=True) = ""


def _visible(request, evaluation_id: int) -> Evaluation:
    return get_object_or_404(permissions.restrict_evaluations(detail_queryset(), actor(request)), pk=evaluation_id)


def _detail(pk: int) -> Evaluation:
    return detail_queryset().get(pk=pk)


@router.get("/evaluations", response={200: EvaluationPage, **READ_ERRORS})
def list_evaluations(request, period_id: Id | None = None, employee_id: Id | None = None,
                     kind: Text(10) | None = None, status: Text(14) | None = None, mine: bool = False,
                     cursor: Cursor | None = None, limit: Limit | None = None):
    """The evaluations the caller may read, newest window first (keyset); filters `period_id`, `employee_id`,
    `kind` (annual/periodic), `status` (draft/final/acknowledged), `mine=true` (those the caller evaluates)."""
    user = actor(request)
    qs = permissions.restrict_evaluations(Evaluation.objects.select_related("employee", "evaluator"), user)
    if period_id is not None:
        qs = qs.filter(period_id=period_id)
    if employee_id is not None:
        qs = qs.filter(employee_id=employee_id)
    if kind:
        if kind not in EvaluationKind.values:
            raise field_error("kind", _("Choose annual or periodic."), "invalid")
        qs = qs.filter(kind=kind)
    if status:
        if status not in EvaluationStatus.values:
            raise field_error("status", _("Unknown status."), "invalid")
        qs = qs.filter(status=status)
    if mine:
        qs = qs.filter(evaluator_id=permissions.own_employee_id(user) or 0)
    return page(qs, ORDERING, limit, cursor)


@router.get("/evaluations/{int:evaluation_id}", response={200: EvaluationDetailOut, **READ_ERRORS})
def get_evaluation(request, evaluation_id: Id):
    """One evaluation with its seven BerAKHLAK values."""
    return _visible(request, evaluation_id)


@router.post("/evaluations/start", response={201: StartOut, **WRITE_ERRORS})
def start_evaluations(request, payload: StartIn):
    """Start the evaluations of an evaluator's team (the caller's by default) for the period (`kind=annual`) or
    one of its months/quarters (`kind=periodic`, `window_start`). Those started already are left alone; team
    members without an approved SKP are listed, not started. `stand_in=true`: an HR admin starts those of their
    scope whose superior post is vacant today (422 `not_vacant` when there is none)."""
    from kinerja.people.models import Employee
    from kinerja.people.permissions import restrict_employees

    user = actor(request)
    period = get_object_or_404(user_periods(user), pk=payload.period_id)
    if payload.stand_in:
        result = services.start_stand_in(actor=user, period=period, kind=payload.kind,
                                         window_start=payload.window_start)
        return _started(result)
    if payload.evaluator_id is None:
        employee_id = permissions.own_employee_id(user)
        if employee_id is None:
            raise field_error("evaluator_id", _("Name the evaluating official."), "required")
        evaluator = Employee.objects.get(pk=employee_id)
    else:
        evaluator = get_object_or_404(restrict_employees(Employee.objects.all(), user), pk=payload.evaluator_id)
    result = services.start_evaluations(actor=user, period=period, evaluator=evaluator, kind=payload.kind,
                                        window_start=payload.window_start)
    return _started(result)


def _started(result):
    start, end = result.window
    return Status(201, {"created": [e.pk for e in result.created], "existing": result.existing,
                        "not_approved": result.not_approved, "without_skp": result.without_skp,
                        "window_start": start, "window_end": end})


@router.post("/evaluations/{int:evaluation_id}/ratings", response={200: EvaluationDetailOut, **WRITE_ERRORS})
def rate(request, evaluation_id: Id, payload: RateIn):
    """The evaluator's ratings (fields sent change): `result_rating` (a deviation from `suggested_result` needs
    `result_reason`), `values` per BerAKHLAK code (`rating`, or `score` under a numeric scheme, and `feedback`),
    `result_score` and `innovation` (PP 30/2019), `evaluator_notes`; under PP 46/2011 `activities` (targets and
    realisations by activity id) from which the nilai SKP is computed. Returns the predikat they give."""
    evaluation = _visible(request, evaluation_id)
    values = None
    if payload.values is not None:
        values = {code: v.dict(exclude_unset=True) for code, v in payload.values.items()}
    activities = None
    if payload.activities is not None:
        activities = {}
        for given in payload.activities:
            fields = given.dict(exclude_unset=True)
            fields.pop("id", None)
            activities.setdefault(given.id, {}).update({k: "" if v is None else v for k, v in fields.items()})
    result = services.rate(actor=actor(request), evaluation=evaluation, lock_version=payload.lock_version,
                           result_rating=payload.result_rating, result_reason=payload.result_reason, values=values,
                           result_score=payload.result_score, innovation=payload.innovation,
                           evaluator_notes=payload.evaluator_notes, activities=activities)
    return _detail(result.pk)


@router.post("/evaluations/{int:evaluation_id}/finalise", response={200: EvaluationDetailOut, **WRITE_ERRORS})
def finalise(request, evaluation_id: Id, payload: VersionIn):
    """The evaluator signs: the evaluation becomes `final` and the employee is notified."""
    evaluation = _visible(request, evaluation_id)
    return _detail(services.finalise(actor=actor(request), evaluation=evaluation,
                                     lock_version=payload.lock_version).pk)


@router.post("/evaluations/{int:evaluation_id}/reopen", response={200: EvaluationDetailOut, **WRITE_ERRORS})
def reopen(request, evaluation_id: Id, payload: ReopenIn):
    """The evaluator reopens a final evaluation (before the calibration lock), with a `reason`."""
    evaluation = _visible(request, evaluation_id)
    return _detail(services.reopen(actor=actor(request), evaluation=evaluation, lock_version=payload.lock_version,
                                   reason=payload.reason).pk)


@router.post("/evaluations/{int:evaluation_id}/acknowledge", response={200: EvaluationDetailOut, **WRITE_ERRORS})
def acknowledge(request, evaluation_id: Id, payload: AcknowledgeIn):
    """The employee acknowledges their final evaluation, with optional `notes`."""
    evaluation = _visible(request, evaluation_id)
    return _detail(services.acknowledge(actor=actor(request), evaluation=evaluation,
                                        lock_version=payload.lock_version, notes=payload.notes).pk)


@router.get("/evaluations/{int:evaluation_id}/pdf", response={**READ_ERRORS, 503: ErrorOut},
            openapi_extra=file_response_doc("application/pdf",
                                            "The Dokumen Evaluasi Kinerja Pegawai (A4, the official layout)."))
def evaluation_pdf(request, evaluation_id: Id, inline: bool = False):
    """The "Dokumen Evaluasi Kinerja Pegawai" as a PDF (a DRAFT watermark until it is final)."""
    evaluation = _visible(request, evaluation_id)
    try:
        data, filename = render_evaluation_pdf(evaluation)
    except RenderTimeout as exc:
        raise HttpError(503, str(PDF_TOO_SLOW)) from exc
    return file_response(data, "application/pdf", filename, inline=inline)


__all__ = ["router"]
