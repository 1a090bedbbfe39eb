"""The tim monev's API: the team, rounds, sessions (with findings and evidence links), recommendations (status,
progress notes, their trail) and training needs. Reads are scoped (``permissions``; out of scope: 404); writes
go through services.py (403 for a reader who may not, 409 for a stale ``lock_version``, 422 for bad input)."""

from __future__ import annotations

from django.shortcuts import get_object_or_404
from django.utils import timezone
from django.utils.translation import gettext as _
from ninja import Router, Status

from kinerja.api.lookups import actor, page, referenced
from kinerja.api.schemas import READ_ERRORS, WRITE_ERRORS
from kinerja.api.types import Cursor, Id, Limit
from kinerja.organization.api_lookups import instance_for
from kinerja.organization.models import Unit
from kinerja.people.models import Employee
from kinerja.skp.models import Period

from . import permissions, queries, services
from .models import (
    Finding,
    Priority,
    Recommendation,
    RecommendationStatus,
    Round,
    Session,
    TeamMember,
    TrainingNeed,
)
from .schemas import (
    FindingIn,
    MemberIn,
    MemberOut,
    MemberPatchIn,
    MonevFindingOut,
    MonevRoundIn,
    MonevRoundOut,
    MonevRoundPage,
    NoteIn,
    RecommendationDetailOut,
    RecommendationIn,
    RecommendationPage,
    RecommendationPatchIn,
    RoundPatchIn,
    SessionDetailOut,
    SessionIn,
    SessionPage,
    SessionPatchIn,
    StatusIn,
    TrainingNeedIn,
    TrainingNeedOut,
    TrainingNeedPage,
    UpdateOut,
)

router = Router(tags=["monev"])
NEWEST = ["-start_date", "-id"]
DUE = ["due_on", "id"]


def _employees(request, ids, field: str):
    user = actor(request)
    ids = list(dict.fromkeys(ids or []))
    found = {e.pk: e for e in Employee.objects.filter(instance_id=user.instance_id, pk__in=ids)} if ids else {}
    missing = [i for i in ids if i not in found]
    if missing:
        from kinerja.core.errors import field_error

        raise field_error(field, _("No employee %(ids)s in this instance.") % {"ids": ", ".join(map(str, missing))},
                          "does_not_exist")
    return [found[i] for i in ids]


def _employee(request, pk, field: str):
    return referenced(Employee.objects.filter(instance_id=actor(request).instance_id), pk, field,
                      _("No such employee in this instance."))


def _unit(request, pk, field: str):
    return referenced(Unit.objects.filter(instance_id=actor(request).instance_id), pk, field,
                      _("No such unit in this instance."))


def _units(request, ids, field: str):
    ids = list(dict.fromkeys(ids or []))
    found = {u.pk: u for u in Unit.objects.filter(instance_id=actor(request).instance_id, pk__in=ids)} if ids else {}
    if len(found) != len(ids):
        from kinerja.core.errors import field_error

        raise field_error(field, _("No such unit in this instance."), "does_not_exist")
    return [found[i] for i in ids]


# --- team ------------------------------------------------------------------------------------------------------


def _members(request):
    return permissions.restrict_members(TeamMember.objects.select_related("employee"), actor(request))


@router.get("/monev/team", response={200: list[MemberOut], **READ_ERRORS})
def list_members(request, active: bool | None = None):
    """The members of the tim monev (past, present and future; `active=true`: today's)."""
    rows = list(_members(request).order_by("start_date", "pk"))
    if active is not None:
        today = timezone.localdate()
        rows = [m for m in rows if m.is_active_on(today) == active]
    return rows


@router.post("/monev/team", response={201: MemberOut, **WRITE_ERRORS})
def add_member(request, payload: MemberIn):
    """Add a member (the BKPSDM admin); their logins get the `monev` role."""
    user = actor(request)
    if not permissions.can_manage_team(user):
        from django.core.exceptions import PermissionDenied

        raise PermissionDenied(_("Only the BKPSDM administrator manages the tim monev."))
    employee = _employee(request, payload.employee_id, "employee_id")
    member = services.add_member(actor=user, instance=instance_for(request, via=employee), employee=employee,
                                 role=payload.role,
                                 start_date=payload.start_date, end_date=payload.end_date, note=payload.note)
    return Status(201, member)


@router.patch("/monev/team/{int:member_id}", response={200: MemberOut, **WRITE_ERRORS})
def update_member(request, member_id: Id, payload: MemberPatchIn):
    """Change a membership: role, dates (set `end_date` to end it), note (the BKPSDM admin)."""
    member = get_object_or_404(_members(request), pk=member_id)
    data = payload.dict(exclude_unset=True)
    lock_version = data.pop("lock_version", None)
    return services.update_member(actor=actor(request), member=member, lock_version=lock_version, **data)


# --- rounds ----------------------------------------------------------------------------------------------------


def _rounds(request):
    return permissions.restrict_rounds(Round.objects.prefetch_related("units"), actor(request))


@router.get("/monev/rounds", response={200: MonevRoundPage, **READ_ERRORS})
def list_rounds(request, period_id: Id | None = None, cursor: Cursor | None = None, limit: Limit | None = None):
    """Evaluation rounds I may read, newest first."""
    qs = _rounds(request)
    if period_id is not None:
        qs = qs.filter(period_id=period_id)
    return page(qs, NEWEST, limit, cursor)


@router.get("/monev/rounds/{int:round_id}", response={200: MonevRoundOut, **READ_ERRORS})
def get_round(request, round_id: Id):
    return get_object_or_404(_rounds(request), pk=round_id)


@router.post("/monev/rounds", response={201: MonevRoundOut, **WRITE_ERRORS})
def create_round(request, payload: MonevRoundIn):
    """A new round (an active member of the team)."""
    user = actor(request)
    period = referenced(Period.objects.filter(instance_id=user.instance_id), payload.period_id, "period_id",
                        _("No such SKP period in this instance."))
    round_ = services.create_round(actor=user, instance=instance_for(request, via=period), period=period,
                                   name=payload.name,
                                   start_date=payload.start_date, end_date=payload.end_date,
                                   units=_units(request, payload.unit_ids, "unit_ids"),
                                   description=payload.description)
    return Status(201, _rounds(request).get(pk=round_.pk))


@router.patch("/monev/rounds/{int:round_id}", response={200: MonevRoundOut, **WRITE_ERRORS})
def update_round(request, round_id: Id, payload: RoundPatchIn):
    """Change a round, or close it (`status: closed`) / open it again (`open`)."""
    round_ = get_object_or_404(_rounds(request).select_related("period"), pk=round_id)
    data = payload.dict(exclude_unset=True)
    lock_version = data.pop("lock_version", None)
    status = data.pop("status", None)
    if "unit_ids" in data:
        data["units"] = _units(request, data.pop("unit_ids") or [], "unit_ids")
    if data:
        services.update_round(actor=actor(request), round_=round_, lock_version=lock_version, **data)
        lock_version = None
    if status is not None:
        services.set_round_status(actor=actor(request), round_=round_, status=status, lock_version=lock_version)
    return _rounds(request).get(pk=round_.pk)


# --- sessions ----------------------------------------------------------------------------------------------------


def _sessions(request):
    return permissions.restrict_sessions(Session.objects.select_related("employee", "unit")
                                         .prefetch_related("participants"), actor(request))


def _session_detail(request, pk):
    return _sessions(request).prefetch_related("findings", "links").get(pk=pk)


@router.get("/monev/sessions", response={200: SessionPage, **READ_ERRORS})
def list_sessions(request, round_id: Id | None = None, cursor: Cursor | None = None, limit: Limit | None = None):
    """Interviews and discussions I may read, latest first."""
    qs = _sessions(request)
    if round_id is not None:
        qs = qs.filter(round_id=round_id)
    return page(qs, ["-held_on", "-id"], limit, cursor)


@router.get("/monev/sessions/{int:session_id}", response={200: SessionDetailOut, **READ_ERRORS})
def get_session(request, session_id: Id):
    """A session with its findings and evidence links."""
    get_object_or_404(_sessions(request), pk=session_id)
    return _session_detail(request, session_id)


@router.post("/monev/sessions", response={201: SessionDetailOut, **WRITE_ERRORS})
def create_session(request, payload: SessionIn):
    """Record an interview or discussion in a round (an active member)."""
    round_ = get_object_or_404(_rounds(request), pk=payload.round_id)
    session = services.create_session(
        actor=actor(request), round_=round_, kind=payload.kind, held_on=payload.held_on,
        employee=_employee(request, payload.employee_id, "employee_id"),
        unit=_unit(request, payload.unit_id, "unit_id"),
        participants=_employees(request, payload.participant_ids, "participant_ids"),
        other_participants=payload.other_participants, notes=payload.notes)
    return Status(201, _session_detail(request, session.pk))


@router.patch("/monev/sessions/{int:session_id}", response={200: SessionDetailOut, **WRITE_ERRORS})
def update_session(request, session_id: Id, payload: SessionPatchIn):
    session = get_object_or_404(_sessions(request).select_related("round"), pk=session_id)
    data = payload.dict(exclude_unset=True)
    lock_version = data.pop("lock_version", None)
    if "participant_ids" in data:
        data["participants"] = _employees(request, data.pop("participant_ids") or [], "participant_ids")
    services.update_session(actor=actor(request), session=session, lock_version=lock_version, **data)
    return _session_detail(request, session.pk)


@router.post("/monev/sessions/{int:session_id}/findings", response={201: MonevFindingOut, **WRITE_ERRORS})
def add_finding(request, session_id: Id, payload: FindingIn):
    """A structured finding (text, category, severity) with optional evidence links."""
    session = get_object_or_404(_sessions(request), pk=session_id)
    return Status(201, services.add_finding(actor=actor(request), session=session, text=payload.text,
                                            category=payload.category, severity=payload.severity,
                                            links=payload.links))


@router.delete("/monev/findings/{int:finding_id}", response={204: None, **WRITE_ERRORS})
def delete_finding(request, finding_id: Id):
    """Delete a finding no recommendation rests on."""
    finding = get_object_or_404(permissions.restrict_findings(Finding.objects.all(), actor(request)), pk=finding_id)
    services.delete_finding(actor=actor(request), finding=finding)
    return Status(204, None)


# --- recommendations ---------------------------------------------------------------------------------------------


def _recs(request):
    return permissions.restrict_recommendations(Recommendation.objects.select_related("owner_employee", "owner_unit",
                                                                                        "session", "round"),
                                                actor(request))


def _rec_detail(request, pk):
    return (Recommendation.objects.select_related("owner_employee", "owner_unit")
            .prefetch_related("updates__author_employee", "training_needs__target_unit",
                              "training_needs__target_employees").get(pk=pk))


@router.get("/monev/recommendations", response={200: RecommendationPage, **READ_ERRORS})
def list_recommendations(request, status: RecommendationStatus | None = None, overdue: bool = False,
                         mine: bool = False, round_id: Id | None = None, cursor: Cursor | None = None,
                         limit: Limit | None = None):
    """Recommendations I may read, soonest due first: `overdue=true` only those past due and not done,
    `mine=true` those I own (as the employee or the head of the owning unit)."""
    qs = _recs(request)
    if mine:
        qs = qs.filter(permissions.mine_q(actor(request)))
    if round_id is not None:
        qs = qs.filter(round_id=round_id)
    qs = queries.recommendations(qs, timezone.localdate(), overdue=overdue, status=status)
    return page(qs, DUE, limit, cursor)


@router.get("/monev/recommendations/{int:rec_id}", response={200: RecommendationDetailOut, **READ_ERRORS})
def get_recommendation(request, rec_id: Id):
    """A recommendation with its trail (progress notes, status changes) and training needs."""
    get_object_or_404(_recs(request), pk=rec_id)
    return _rec_detail(request, rec_id)


@router.post("/monev/recommendations", response={201: RecommendationDetailOut, **WRITE_ERRORS})
def create_recommendation(request, payload: RecommendationIn):
    """A recommendation of a session, with one owner (employee or unit) and a due date on or after the session."""
    session = get_object_or_404(_sessions(request), pk=payload.session_id)
    finding = referenced(Finding.objects.filter(session=session), payload.finding_id, "finding_id",
                         _("No such finding in this session."))
    rec = services.create_recommendation(
        actor=actor(request), session=session, text=payload.text, category=payload.category, finding=finding,
        owner_employee=_employee(request, payload.owner_employee_id, "owner"),
        owner_unit=_unit(request, payload.owner_unit_id, "owner"), due_on=payload.due_on)
    return Status(201, _rec_detail(request, rec.pk))


@router.patch("/monev/recommendations/{int:rec_id}", response={200: RecommendationDetailOut, **WRITE_ERRORS})
def update_recommendation(request, rec_id: Id, payload: RecommendationPatchIn):
    """Change the text, category, owner (send `owner_employee_id` or `owner_unit_id`) or due date (members)."""
    rec = get_object_or_404(_recs(request), pk=rec_id)
    data = payload.dict(exclude_unset=True)
    lock_version = data.pop("lock_version", None)
    if "owner_employee_id" in data or "owner_unit_id" in data:
        data["owner_employee"] = _employee(request, data.pop("owner_employee_id", None), "owner")
        data["owner_unit"] = _unit(request, data.pop("owner_unit_id", None), "owner")
    services.update_recommendation(actor=actor(request), rec=rec, lock_version=lock_version, **data)
    return _rec_detail(request, rec.pk)


@router.post("/monev/recommendations/{int:rec_id}/status", response={200: RecommendationDetailOut, **WRITE_ERRORS})
def change_status(request, rec_id: Id, payload: StatusIn):
    """Next step: the owner open → in_progress → done; a member also drops (with `reason`) and reopens."""
    rec = get_object_or_404(_recs(request), pk=rec_id)
    services.change_status(actor=actor(request), rec=rec, status=payload.status, note=payload.note,
                           reason=payload.reason, lock_version=payload.lock_version)
    return _rec_detail(request, rec.pk)


@router.post("/monev/recommendations/{int:rec_id}/notes", response={201: UpdateOut, **WRITE_ERRORS})
def add_note(request, rec_id: Id, payload: NoteIn):
    """A progress note on the trail (the owner or a member)."""
    rec = get_object_or_404(_recs(request), pk=rec_id)
    entry = services.add_progress_note(actor=actor(request), rec=rec, note=payload.note,
                                       lock_version=payload.lock_version)
    return Status(201, entry)


# --- training needs ------------------------------------------------------------------------------------------


def _needs(request):
    return permissions.restrict_training_needs(TrainingNeed.objects.select_related("target_unit")
                                               .prefetch_related("target_employees"), actor(request))


@router.get("/monev/training-needs", response={200: TrainingNeedPage, **READ_ERRORS})
def list_training_needs(request, priority: Priority | None = None, cursor: Cursor | None = None,
                        limit: Limit | None = None):
    """Training needs from the team's recommendations (for competency development), oldest first."""
    qs = _needs(request)
    if priority:
        qs = qs.filter(priority=priority)
    return page(qs, ["id"], limit, cursor)


@router.post("/monev/recommendations/{int:rec_id}/training-needs", response={201: TrainingNeedOut, **WRITE_ERRORS})
def add_training_need(request, rec_id: Id, payload: TrainingNeedIn):
    """A structured training need of a recommendation: competency, target unit or employees, gap, priority."""
    rec = get_object_or_404(_recs(request), pk=rec_id)
    need = services.add_training_need(
        actor=actor(request), rec=rec, competency=payload.competency, reason=payload.reason,
        priority=payload.priority, target_unit=_unit(request, payload.target_unit_id, "target_unit"),
        target_employees=_employees(request, payload.target_employee_ids, "target_employees"),
        estimated_participants=payload.estimated_participants, estimated_cost=payload.estimated_cost)
    return Status(201, _needs(request).get(pk=need.pk))


@router.delete("/monev/training-needs/{int:need_id}", response={204: None, **WRITE_ERRORS})
def delete_training_need(request, need_id: Id):
    need = get_object_or_404(_needs(request).select_related("recommendation"), pk=need_id)
    services.delete_training_need(actor=actor(request), need=need)
    return Status(204, None)
