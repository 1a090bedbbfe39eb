"""360 feedback: rounds (the HR admin: list, create, status, propose raters, open, close), assignments (the
HR admin: list, add, remove), my tasks and answering them (raters), my results (aggregates only)."""

from __future__ import annotations

from django.db.models import Count as CountOf
from django.db.models import Q
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext as _
from ninja import Router, Status

from kinerja.api.lookups import actor, page
from kinerja.api.schemas import READ_ERRORS, WRITE_ERRORS
from kinerja.api.types import Cursor, Id, Limit
from kinerja.core.errors import PermissionDenied, field_error
from kinerja.organization.models import Unit
from kinerja.people.models import Employee
from kinerja.skp.models import Period

from . import permissions, results, services
from .models import Assignment, Round
from .schemas import (
    AnswerIn,
    AssignmentIn,
    AssignmentPage,
    ProposeOut,
    RaterAssignmentOut,
    ResultOut,
    Round360In,
    Round360Out,
    Round360Page,
    RoundStatusOut,
    TaskPage,
)

router = Router(tags=["360"])


def _require_admin(request):
    if not permissions.administers(actor(request)):
        raise PermissionDenied(_("Only HR administrators manage 360 rounds."))


def _rounds(request):
    return permissions.restrict_rounds(Round.objects.all(), actor(request))


def _round(request, round_id: int) -> Round:
    return get_object_or_404(_rounds(request).select_related("period", "unit"), pk=round_id)


def _status(round_id: int) -> Round:
    return (Round.objects.annotate(ratees=CountOf("assignments__ratee", distinct=True), invited=CountOf("assignments"),
                                   answered=CountOf("assignments", filter=Q(assignments__answered=True)))
            .get(pk=round_id))


@router.get("/360/rounds", response={200: Round360Page, **WRITE_ERRORS})
def list_rounds(request, period_id: Id | None = None, cursor: Cursor | None = None, limit: Limit | None = None):
    """The 360 rounds I administer, latest first (HR admins)."""
    _require_admin(request)
    qs = _rounds(request)
    if period_id is not None:
        qs = qs.filter(period_id=period_id)
    return page(qs, ["-opens_on", "-id"], limit, cursor)


@router.post("/360/rounds", response={201: Round360Out, **WRITE_ERRORS})
def create_round(request, payload: Round360In):
    """Create a draft round of a period, for a unit's subtree or (BKPSDM) the whole instance."""
    _require_admin(request)
    user = actor(request)
    period = Period.objects.filter(pk=payload.period_id, instance_id=user.instance_id).first()
    if period is None:
        raise field_error("period_id", _("No such period in your instance."), "does_not_exist")
    unit = None
    if payload.unit_id is not None:
        unit = Unit.objects.filter(pk=payload.unit_id, instance_id=user.instance_id).first()
        if unit is None:
            raise field_error("unit_id", _("No such unit in your instance."), "does_not_exist")
    round_ = services.create_round(actor=user, period=period, unit=unit, name=payload.name,
                                   opens_on=payload.opens_on, closes_on=payload.closes_on,
                                   min_responses=payload.min_responses)
    return Status(201, round_)


@router.get("/360/rounds/{int:round_id}", response={200: RoundStatusOut, **READ_ERRORS})
def get_round(request, round_id: Id):
    """A round with its counts: employees rated, questionnaires sent and answered."""
    return _status(_round(request, round_id).pk)


@router.post("/360/rounds/{int:round_id}/propose", response={200: ProposeOut, **WRITE_ERRORS})
def propose(request, round_id: Id):
    """Propose the raters from the org tree (superior, peers, subordinates); existing ones are kept."""
    added = services.propose_raters(actor=actor(request), round_=_round(request, round_id))
    return {"added": added}


@router.post("/360/rounds/{int:round_id}/open", response={200: RoundStatusOut, **WRITE_ERRORS})
def open_round(request, round_id: Id):
    """Open a draft round (the raters are notified)."""
    round_ = services.open_round(actor=actor(request), round_=_round(request, round_id))
    return _status(round_.pk)


@router.post("/360/rounds/{int:round_id}/close", response={200: RoundStatusOut, **WRITE_ERRORS})
def close_round(request, round_id: Id):
    """Close a round: results are released where enough colleagues answered; rater links are removed."""
    round_ = services.close_round(actor=actor(request), round_=_round(request, round_id))
    return _status(round_.pk)


def _assignments(request):
    return permissions.restrict_assignments(Assignment.objects.select_related("ratee", "rater"), actor(request))


@router.get("/360/rounds/{int:round_id}/assignments", response={200: AssignmentPage, **READ_ERRORS})
def list_assignments(request, round_id: Id, ratee_id: Id | None = None, cursor: Cursor | None = None,
                     limit: Limit | None = None):
    """The raters of a round (HR admins; never the ones about yourself)."""
    round_ = _round(request, round_id)
    qs = _assignments(request).filter(round=round_)
    if ratee_id is not None:
        qs = qs.filter(ratee_id=ratee_id)
    return page(qs, ["ratee_id", "id"], limit, cursor)


@router.post("/360/rounds/{int:round_id}/assignments", response={201: RaterAssignmentOut, **WRITE_ERRORS})
def add_assignment(request, round_id: Id, payload: AssignmentIn):
    """Add a rater for an employee."""
    round_ = _round(request, round_id)
    people = {e.pk: e for e in Employee.objects.filter(pk__in=[payload.ratee_id, payload.rater_id],
                                                        instance_id=round_.instance_id)}
    for field, pk in (("ratee_id", payload.ratee_id), ("rater_id", payload.rater_id)):
        if pk not in people:
            raise field_error(field, _("No such employee in this instance."), "does_not_exist")
    assignment = services.add_rater(actor=actor(request), round_=round_, ratee=people[payload.ratee_id],
                                    rater=people[payload.rater_id], relation=payload.relation)
    return Status(201, _assignments(request).get(pk=assignment.pk))


@router.delete("/360/assignments/{int:assignment_id}", response={204: None, **WRITE_ERRORS})
def remove_assignment(request, assignment_id: Id):
    """Remove a rater who has not answered."""
    assignment = get_object_or_404(_assignments(request).select_related("round"), pk=assignment_id)
    services.remove_rater(actor=actor(request), assignment=assignment)
    return Status(204, None)


@router.get("/360/tasks", response={200: TaskPage, **READ_ERRORS})
def my_tasks(request, pending: bool = False, cursor: Cursor | None = None, limit: Limit | None = None):
    """The questionnaires I answer as a rater (`pending=true`: not answered yet)."""
    qs = permissions.my_tasks(actor(request)).select_related("round", "ratee")
    if pending:
        qs = qs.filter(answered=False)
    return page(qs, ["-round_id", "id"], limit, cursor)


@router.post("/360/tasks/{int:assignment_id}/answer", response={204: None, **WRITE_ERRORS})
def answer(request, assignment_id: Id, payload: AnswerIn):
    """Answer a questionnaire, once: a 1–5 score per BerAKHLAK value and an optional comment. Stored
    anonymously (no link to you beyond "answered")."""
    assignment = get_object_or_404(permissions.my_tasks(actor(request)).select_related("round"), pk=assignment_id)
    services.answer(actor=actor(request), assignment=assignment, scores=payload.scores, comment=payload.comment)
    return Status(204, None)


@router.get("/360/results", response={200: list[ResultOut], **READ_ERRORS})
def my_results(request):
    """My own 360 results, one per round I was rated in: aggregates only, once released."""
    employee_id = getattr(actor(request), "employee_id", None)
    out = []
    for round_, s in (results.my_summaries(employee_id) if employee_id else []):
        out.append({"round_id": round_.pk, "round_name": round_.name, "round_closed": s.round_closed,
                    "closes_on": round_.closes_on, "min_responses": s.min_responses, "responses": s.responses,
                    "released": s.released, "mean": s.mean, "rating": str(s.rating) if s.rating else None,
                    "per_value": dict(s.per_value), "comments": list(s.comments)})
    return out
