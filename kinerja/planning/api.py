"""The organisation plan: RPJMD → Renstra → IKU → Perjanjian Kinerja → RKT.

Everyone with a login in the instance reads the plan (transparency); the BKPSDM admin writes the
whole instance (the RPJMD only them), an OPD admin its OPD's Renstra, PK and RKT, and a unit head
their own draft PK. Another instance's plan answers 404; a visible object the caller may not change
answers 403.
"""

from __future__ import annotations

from django.db.models import Prefetch
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext as _
from ninja import Router, Status

from kinerja.api.lookups import actor, page, referenced
from kinerja.api.schemas import READ_ERRORS, WRITE_ERRORS
from kinerja.api.types import Cursor, Id, Limit, Year
from kinerja.organization.api_lookups import instance_for, unit_ref
from kinerja.planning import permissions as perm
from kinerja.planning import services
from kinerja.planning.models import (
    ActionPlan,
    Activity,
    AgreementStatus,
    Goal,
    Iku,
    IkuTarget,
    Mission,
    PerformanceAgreement,
    PkIndicator,
    Programme,
    Renstra,
    Rpjmd,
    StrategicTarget,
    WorkPlan,
)

from .schemas import (
    ActionPlanIn,
    ActionPlanOut,
    ActionPlanPatchIn,
    ActivityIn,
    ActivityPatchIn,
    ActivityWriteOut,
    AgreementDetailOut,
    AgreementIn,
    AgreementPage,
    AgreementPatchIn,
    GoalIn,
    GoalOut,
    GoalPatchIn,
    IkuIn,
    IkuOut,
    IkuPage,
    IkuPatchIn,
    IkuTargetsIn,
    MissionIn,
    MissionOut,
    MissionPatchIn,
    PkIndicatorIn,
    PkIndicatorOut,
    PkIndicatorPatchIn,
    ProgrammeIn,
    ProgrammeOut,
    ProgrammePatchIn,
    RenstraDetailOut,
    RenstraIn,
    RenstraOut,
    RenstraPatchIn,
    RpjmdIn,
    RpjmdOut,
    RpjmdPatchIn,
    SignIn,
    StrategicTargetIn,
    StrategicTargetOut,
    StrategicTargetPatchIn,
    WorkPlanDetailOut,
    WorkPlanIn,
    WorkPlanPage,
    WorkPlanPatchIn,
)

router = Router(tags=["plan"])
# Operation ids as first published (kinerja/api/routers/planning.py); clients are generated from them.
OPERATION_ID_PREFIX = "kinerja_api_routers_planning_"
DELETED = {204: None, **WRITE_ERRORS}


def visible(request, model):
    return perm.restrict(model.objects.all(), actor(request))


def get_visible(request, model, pk: Id, *related: str):
    """The object ``pk`` if the caller's instance holds it, else 404."""
    return get_object_or_404(visible(request, model).select_related(*related), pk=pk)


def ref(request, model, pk: int | None, field: str, *related: str):
    """An object named in a request body: unknown or out of scope is a 422 on ``field``."""
    return referenced(visible(request, model).select_related(*related), pk, field,
                      _("Unknown %(what)s %(id)s.") % {"what": model._meta.verbose_name, "id": pk})


def _changes(payload, refs: dict | None = None) -> dict:
    """The fields sent in a PATCH; ids of related objects resolved through the caller's scope."""
    data = payload.dict(exclude_unset=True)
    for field, resolve in (refs or {}).items():
        if field in data:
            data[field] = resolve(data[field])
    return data


# --- RPJMD and missions ---------------------------------------------------------------------------

def rpjmd_detail(request, pk: Id) -> Rpjmd:
    return get_object_or_404(visible(request, Rpjmd).prefetch_related("missions"), pk=pk)


@router.get("/plan/rpjmd", response={200: list[RpjmdOut], **READ_ERRORS})
def list_rpjmd(request, year: Year | None = None):
    """The RPJMD of the caller's instance with their missions; `year` keeps the one covering it."""
    qs = visible(request, Rpjmd).prefetch_related("missions").order_by("-start_year", "id")
    if year is not None:
        qs = qs.filter(start_year__lte=year, end_year__gte=year)
    return list(qs)


@router.get("/plan/rpjmd/{int:rpjmd_id}", response={200: RpjmdOut, **READ_ERRORS})
def get_rpjmd(request, rpjmd_id: Id):
    return rpjmd_detail(request, rpjmd_id)


@router.post("/plan/rpjmd", response={201: RpjmdOut, **WRITE_ERRORS})
def create_rpjmd(request, payload: RpjmdIn):
    """BKPSDM admin only."""
    rpjmd = services.create_rpjmd(actor=actor(request), instance=instance_for(request), **payload.dict())
    return Status(201, rpjmd_detail(request, rpjmd.pk))


@router.patch("/plan/rpjmd/{int:rpjmd_id}", response={200: RpjmdOut, **WRITE_ERRORS})
def update_rpjmd(request, rpjmd_id: Id, payload: RpjmdPatchIn):
    services.update_rpjmd(actor=actor(request), rpjmd=get_visible(request, Rpjmd, rpjmd_id), **_changes(payload))
    return rpjmd_detail(request, rpjmd_id)


@router.delete("/plan/rpjmd/{int:rpjmd_id}", response=DELETED)
def delete_rpjmd(request, rpjmd_id: Id):
    """Refused (422) while a Renstra still uses it."""
    services.delete_rpjmd(actor=actor(request), rpjmd=get_visible(request, Rpjmd, rpjmd_id))
    return Status(204, None)


@router.post("/plan/rpjmd/{int:rpjmd_id}/missions", response={201: MissionOut, **WRITE_ERRORS})
def create_mission(request, rpjmd_id: Id, payload: MissionIn):
    mission = services.create_mission(actor=actor(request), rpjmd=get_visible(request, Rpjmd, rpjmd_id),
                                      **payload.dict())
    return Status(201, mission)


@router.patch("/plan/missions/{int:mission_id}", response={200: MissionOut, **WRITE_ERRORS})
def update_mission(request, mission_id: Id, payload: MissionPatchIn):
    return services.update_mission(actor=actor(request), mission=get_visible(request, Mission, mission_id, "rpjmd"),
                                   **_changes(payload))


@router.delete("/plan/missions/{int:mission_id}", response=DELETED)
def delete_mission(request, mission_id: Id):
    services.delete_mission(actor=actor(request), mission=get_visible(request, Mission, mission_id))
    return Status(204, None)


# --- Renstra, goals, strategic targets ------------------------------------------------------------

IKU_PREFETCH = Prefetch("ikus", queryset=Iku.objects.order_by("code", "id").prefetch_related(
    Prefetch("targets", queryset=IkuTarget.objects.order_by("year"))))


def renstra_detail(request, pk: Id) -> Renstra:
    goals = Goal.objects.select_related("mission").order_by("code", "id").prefetch_related(
        Prefetch("targets", queryset=StrategicTarget.objects.order_by("code", "id").prefetch_related(IKU_PREFETCH)))
    return get_object_or_404(visible(request, Renstra).select_related("unit").prefetch_related(
        Prefetch("goals", queryset=goals)), pk=pk)


def goal_detail(pk: Id) -> Goal:
    return Goal.objects.select_related("mission").prefetch_related(
        Prefetch("targets", queryset=StrategicTarget.objects.prefetch_related(IKU_PREFETCH))).get(pk=pk)


def target_detail(pk: Id) -> StrategicTarget:
    return StrategicTarget.objects.prefetch_related(IKU_PREFETCH).get(pk=pk)


def iku_detail(request, pk: Id) -> Iku:
    return get_object_or_404(visible(request, Iku).select_related("unit", "strategic_target").prefetch_related(
        Prefetch("targets", queryset=IkuTarget.objects.order_by("year"))), pk=pk)


@router.get("/plan/renstra", response={200: list[RenstraOut], **READ_ERRORS})
def list_renstra(request, unit: Id | None = None, year: Year | None = None):
    """Strategic plans of the instance's OPDs; `year` keeps those covering it."""
    qs = visible(request, Renstra).select_related("unit").order_by("unit__path", "-start_year", "id")
    if unit is not None:
        qs = qs.filter(unit=unit_ref(request, unit))
    if year is not None:
        qs = qs.filter(start_year__lte=year, end_year__gte=year)
    return list(qs)


@router.get("/plan/renstra/{int:renstra_id}", response={200: RenstraDetailOut, **READ_ERRORS})
def get_renstra(request, renstra_id: Id):
    """The whole Renstra: goals → strategic targets → IKU with their yearly targets."""
    return renstra_detail(request, renstra_id)


@router.post("/plan/renstra", response={201: RenstraDetailOut, **WRITE_ERRORS})
def create_renstra(request, payload: RenstraIn):
    renstra = services.create_renstra(actor=actor(request), unit=unit_ref(request, payload.unit),
                                      rpjmd=ref(request, Rpjmd, payload.rpjmd, "rpjmd"), title=payload.title,
                                      start_year=payload.start_year, end_year=payload.end_year)
    return Status(201, renstra_detail(request, renstra.pk))


@router.patch("/plan/renstra/{int:renstra_id}", response={200: RenstraDetailOut, **WRITE_ERRORS})
def update_renstra(request, renstra_id: Id, payload: RenstraPatchIn):
    services.update_renstra(actor=actor(request), renstra=get_visible(request, Renstra, renstra_id, "unit", "rpjmd"),
                            **_changes(payload))
    return renstra_detail(request, renstra_id)


@router.delete("/plan/renstra/{int:renstra_id}", response=DELETED)
def delete_renstra(request, renstra_id: Id):
    services.delete_renstra(actor=actor(request), renstra=get_visible(request, Renstra, renstra_id, "unit"))
    return Status(204, None)


@router.post("/plan/renstra/{int:renstra_id}/goals", response={201: GoalOut, **WRITE_ERRORS})
def create_goal(request, renstra_id: Id, payload: GoalIn):
    goal = services.create_goal(actor=actor(request), renstra=get_visible(request, Renstra, renstra_id, "unit",
                                                                          "rpjmd"),
                                mission=ref(request, Mission, payload.mission, "mission"), text=payload.text,
                                code=payload.code)
    return Status(201, goal_detail(goal.pk))


@router.patch("/plan/goals/{int:goal_id}", response={200: GoalOut, **WRITE_ERRORS})
def update_goal(request, goal_id: Id, payload: GoalPatchIn):
    goal = get_visible(request, Goal, goal_id, "renstra__unit", "renstra__rpjmd")
    services.update_goal(actor=actor(request), goal=goal, **_changes(
        payload, {"mission": lambda pk: ref(request, Mission, pk, "mission")}))
    return goal_detail(goal.pk)


@router.delete("/plan/goals/{int:goal_id}", response=DELETED)
def delete_goal(request, goal_id: Id):
    services.delete_goal(actor=actor(request), goal=get_visible(request, Goal, goal_id, "renstra__unit"))
    return Status(204, None)


@router.post("/plan/goals/{int:goal_id}/strategic-targets", response={201: StrategicTargetOut, **WRITE_ERRORS})
def create_strategic_target(request, goal_id: Id, payload: StrategicTargetIn):
    target = services.create_strategic_target(actor=actor(request),
                                              goal=get_visible(request, Goal, goal_id, "renstra__unit"),
                                              **payload.dict())
    return Status(201, target_detail(target.pk))


@router.patch("/plan/strategic-targets/{int:target_id}", response={200: StrategicTargetOut, **WRITE_ERRORS})
def update_strategic_target(request, target_id: Id, payload: StrategicTargetPatchIn):
    target = get_visible(request, StrategicTarget, target_id, "goal__renstra__unit")
    services.update_strategic_target(actor=actor(request), target=target, **_changes(payload))
    return target_detail(target.pk)


@router.delete("/plan/strategic-targets/{int:target_id}", response=DELETED)
def delete_strategic_target(request, target_id: Id):
    services.delete_strategic_target(actor=actor(request), target=get_visible(request, StrategicTarget, target_id,
                                                                              "goal__renstra__unit"))
    return Status(204, None)


# --- IKU ------------------------------------------------------------------------------------------

@router.get("/plan/iku", response={200: IkuPage, **READ_ERRORS})
def list_iku(request, unit: Id | None = None, year: Year | None = None, cursor: Cursor | None = None,
             limit: Limit | None = None):
    """Key indicators of the instance; `unit` (an OPD) and `year` (Renstra covering it) narrow the list."""
    qs = visible(request, Iku).select_related("unit", "strategic_target").prefetch_related(
        Prefetch("targets", queryset=IkuTarget.objects.order_by("year")))
    if unit is not None:
        qs = qs.filter(unit=unit_ref(request, unit))
    if year is not None:
        qs = qs.filter(strategic_target__goal__renstra__start_year__lte=year,
                       strategic_target__goal__renstra__end_year__gte=year)
    return page(qs, ["id"], limit, cursor)


@router.get("/plan/iku/{int:iku_id}", response={200: IkuOut, **READ_ERRORS})
def get_iku(request, iku_id: Id):
    return iku_detail(request, iku_id)


@router.post("/plan/strategic-targets/{int:target_id}/iku", response={201: IkuOut, **WRITE_ERRORS})
def create_iku(request, target_id: Id, payload: IkuIn):
    """A new IKU with its yearly targets (`{"2026": 87}`)."""
    target = get_visible(request, StrategicTarget, target_id, "goal__renstra__unit")
    iku = services.create_iku(actor=actor(request), strategic_target=target, **payload.dict())
    return Status(201, iku_detail(request, iku.pk))


@router.patch("/plan/iku/{int:iku_id}", response={200: IkuOut, **WRITE_ERRORS})
def update_iku(request, iku_id: Id, payload: IkuPatchIn):
    iku = get_visible(request, Iku, iku_id, "strategic_target__goal__renstra__unit")
    services.update_iku(actor=actor(request), iku=iku, **_changes(payload, {
        "strategic_target": lambda pk: ref(request, StrategicTarget, pk, "strategic_target", "goal")}))
    return iku_detail(request, iku.pk)


@router.put("/plan/iku/{int:iku_id}/targets", response={200: IkuOut, **WRITE_ERRORS})
def set_iku_targets(request, iku_id: Id, payload: IkuTargetsIn):
    """Set yearly targets at once; a null or empty value removes that year's target."""
    iku = get_visible(request, Iku, iku_id, "strategic_target__goal__renstra__unit")
    services.set_iku_targets(actor=actor(request), iku=iku, targets=payload.targets)
    return iku_detail(request, iku.pk)


@router.delete("/plan/iku/{int:iku_id}", response=DELETED)
def delete_iku(request, iku_id: Id):
    """Refused (422) while a PK indicator still carries it."""
    services.delete_iku(actor=actor(request), iku=get_visible(request, Iku, iku_id,
                                                              "strategic_target__goal__renstra__unit"))
    return Status(204, None)


# --- Performance agreements (PK) ------------------------------------------------------------------

AGREEMENT_RELATED = ("unit", "position", "signatory", "superior")


def agreement_detail(request, pk: Id) -> PerformanceAgreement:
    indicators = PkIndicator.objects.order_by("order", "id").prefetch_related(
        Prefetch("actions", queryset=ActionPlan.objects.order_by("quarter", "id")))
    return get_object_or_404(visible(request, PerformanceAgreement).select_related(*AGREEMENT_RELATED)
                             .prefetch_related(Prefetch("indicators", queryset=indicators)), pk=pk)


def _agreement(request, pk: Id) -> PerformanceAgreement:
    return get_visible(request, PerformanceAgreement, pk, "unit")


@router.get("/plan/agreements", response={200: AgreementPage, **READ_ERRORS})
def list_agreements(request, unit: Id | None = None, year: Year | None = None, status: AgreementStatus | None = None,
                    cursor: Cursor | None = None, limit: Limit | None = None):
    """Performance agreements; `unit` includes the units below it."""
    qs = visible(request, PerformanceAgreement).select_related(*AGREEMENT_RELATED)
    if unit is not None:
        qs = qs.filter(unit__path__startswith=unit_ref(request, unit).path)
    if year is not None:
        qs = qs.filter(year=year)
    if status:
        qs = qs.filter(status=status)
    return page(qs, ["id"], limit, cursor)


@router.get("/plan/agreements/{int:agreement_id}", response={200: AgreementDetailOut, **READ_ERRORS})
def get_agreement(request, agreement_id: Id):
    """The PK with its indicators and their quarterly action plans."""
    return agreement_detail(request, agreement_id)


@router.post("/plan/agreements", response={201: AgreementDetailOut, **WRITE_ERRORS})
def create_agreement(request, payload: AgreementIn):
    """A draft PK for the unit's head position; the OPD's Renstra must cover the year."""
    agreement = services.create_agreement(actor=actor(request), unit=unit_ref(request, payload.unit),
                                          year=payload.year)
    return Status(201, agreement_detail(request, agreement.pk))


@router.patch("/plan/agreements/{int:agreement_id}", response={200: AgreementDetailOut, **WRITE_ERRORS})
def update_agreement(request, agreement_id: Id, payload: AgreementPatchIn):
    services.update_agreement(actor=actor(request), agreement=_agreement(request, agreement_id), year=payload.year)
    return agreement_detail(request, agreement_id)


@router.delete("/plan/agreements/{int:agreement_id}", response=DELETED)
def delete_agreement(request, agreement_id: Id):
    services.delete_agreement(actor=actor(request), agreement=_agreement(request, agreement_id))
    return Status(204, None)


@router.post("/plan/agreements/{int:agreement_id}/sign", response={200: AgreementDetailOut, **WRITE_ERRORS})
def sign_agreement(request, agreement_id: Id, payload: SignIn | None = None):
    """Sign: signatory = who holds (or acts in) the head position, superior = who holds its superior."""
    services.sign_agreement(actor=actor(request), agreement=_agreement(request, agreement_id),
                            signed_on=payload.signed_on if payload else None)
    return agreement_detail(request, agreement_id)


@router.post("/plan/agreements/{int:agreement_id}/reopen", response={200: AgreementDetailOut, **WRITE_ERRORS})
def reopen_agreement(request, agreement_id: Id):
    """Back to draft to correct it (admins); the signature must be given again."""
    services.reopen_agreement(actor=actor(request), agreement=_agreement(request, agreement_id))
    return agreement_detail(request, agreement_id)


def _indicator_refs(request) -> dict:
    return {"iku": lambda pk: ref(request, Iku, pk, "iku", "strategic_target__goal"),
            "strategic_target": lambda pk: ref(request, StrategicTarget, pk, "strategic_target", "goal")}


def _indicator_out(pk: Id) -> PkIndicator:
    return PkIndicator.objects.prefetch_related(
        Prefetch("actions", queryset=ActionPlan.objects.order_by("quarter", "id"))).get(pk=pk)


@router.post("/plan/agreements/{int:agreement_id}/indicators", response={201: PkIndicatorOut, **WRITE_ERRORS})
def create_pk_indicator(request, agreement_id: Id, payload: PkIndicatorIn):
    """A line of the PK; with `iku`, the name, unit of measure and strategic target default to the IKU's."""
    agreement = _agreement(request, agreement_id)
    data = payload.dict()
    refs = _indicator_refs(request)
    for field in ("iku", "strategic_target"):
        data[field] = refs[field](data[field])
    indicator = services.create_pk_indicator(actor=actor(request), agreement=agreement, **data)
    return Status(201, _indicator_out(indicator.pk))


@router.patch("/plan/pk-indicators/{int:indicator_id}", response={200: PkIndicatorOut, **WRITE_ERRORS})
def update_pk_indicator(request, indicator_id: Id, payload: PkIndicatorPatchIn):
    indicator = get_visible(request, PkIndicator, indicator_id, "agreement__unit")
    services.update_pk_indicator(actor=actor(request), indicator=indicator,
                                 **_changes(payload, _indicator_refs(request)))
    return _indicator_out(indicator.pk)


@router.delete("/plan/pk-indicators/{int:indicator_id}", response=DELETED)
def delete_pk_indicator(request, indicator_id: Id):
    services.delete_pk_indicator(actor=actor(request),
                                 indicator=get_visible(request, PkIndicator, indicator_id, "agreement__unit"))
    return Status(204, None)


@router.post("/plan/pk-indicators/{int:indicator_id}/actions", response={201: ActionPlanOut, **WRITE_ERRORS})
def create_action_plan(request, indicator_id: Id, payload: ActionPlanIn):
    """A quarterly action (rencana aksi), quarter 1–4."""
    indicator = get_visible(request, PkIndicator, indicator_id, "agreement__unit")
    return Status(201, services.create_action_plan(actor=actor(request), indicator=indicator, **payload.dict()))


@router.patch("/plan/action-plans/{int:plan_id}", response={200: ActionPlanOut, **WRITE_ERRORS})
def update_action_plan(request, plan_id: Id, payload: ActionPlanPatchIn):
    plan = get_visible(request, ActionPlan, plan_id, "indicator__agreement__unit")
    return services.update_action_plan(actor=actor(request), plan=plan, **_changes(payload))


@router.delete("/plan/action-plans/{int:plan_id}", response=DELETED)
def delete_action_plan(request, plan_id: Id):
    services.delete_action_plan(actor=actor(request),
                                plan=get_visible(request, ActionPlan, plan_id, "indicator__agreement__unit"))
    return Status(204, None)


# --- Annual work plans (RKT) ----------------------------------------------------------------------

def work_plan_detail(request, pk: Id) -> WorkPlan:
    programmes = Programme.objects.order_by("code", "id").prefetch_related(
        Prefetch("activities", queryset=Activity.objects.order_by("code", "id")))
    return get_object_or_404(visible(request, WorkPlan).select_related("unit").prefetch_related(
        Prefetch("programmes", queryset=programmes)), pk=pk)


def _programme_out(pk: Id) -> Programme:
    return Programme.objects.prefetch_related(
        Prefetch("activities", queryset=Activity.objects.order_by("code", "id"))).get(pk=pk)


@router.get("/plan/work-plans", response={200: WorkPlanPage, **READ_ERRORS})
def list_work_plans(request, unit: Id | None = None, year: Year | None = None, cursor: Cursor | None = None,
                    limit: Limit | None = None):
    qs = visible(request, WorkPlan).select_related("unit")
    if unit is not None:
        qs = qs.filter(unit__path__startswith=unit_ref(request, unit).path)
    if year is not None:
        qs = qs.filter(year=year)
    return page(qs, ["id"], limit, cursor)


@router.get("/plan/work-plans/{int:work_plan_id}", response={200: WorkPlanDetailOut, **READ_ERRORS})
def get_work_plan(request, work_plan_id: Id):
    """The RKT: programmes with their activities, budgets, totals and budget warnings."""
    return work_plan_detail(request, work_plan_id)


@router.post("/plan/work-plans", response={201: WorkPlanDetailOut, **WRITE_ERRORS})
def create_work_plan(request, payload: WorkPlanIn):
    work_plan = services.create_work_plan(actor=actor(request), unit=unit_ref(request, payload.unit),
                                          year=payload.year)
    return Status(201, work_plan_detail(request, work_plan.pk))


@router.patch("/plan/work-plans/{int:work_plan_id}", response={200: WorkPlanDetailOut, **WRITE_ERRORS})
def update_work_plan(request, work_plan_id: Id, payload: WorkPlanPatchIn):
    services.update_work_plan(actor=actor(request), work_plan=get_visible(request, WorkPlan, work_plan_id, "unit"),
                              year=payload.year)
    return work_plan_detail(request, work_plan_id)


@router.delete("/plan/work-plans/{int:work_plan_id}", response=DELETED)
def delete_work_plan(request, work_plan_id: Id):
    services.delete_work_plan(actor=actor(request), work_plan=get_visible(request, WorkPlan, work_plan_id, "unit"))
    return Status(204, None)


def _programme_refs(request) -> dict:
    return {"strategic_target": lambda pk: ref(request, StrategicTarget, pk, "strategic_target", "goal__mission"),
            "mission": lambda pk: ref(request, Mission, pk, "mission")}


@router.post("/plan/work-plans/{int:work_plan_id}/programmes", response={201: ProgrammeOut, **WRITE_ERRORS})
def create_programme(request, work_plan_id: Id, payload: ProgrammeIn):
    """A programme aligned to a strategic target (and its goal's mission unless `mission` is given)."""
    work_plan = get_visible(request, WorkPlan, work_plan_id, "unit")
    data = payload.dict()
    refs = _programme_refs(request)
    for field in ("strategic_target", "mission"):
        data[field] = refs[field](data[field])
    programme = services.create_programme(actor=actor(request), work_plan=work_plan, **data)
    return Status(201, _programme_out(programme.pk))


@router.patch("/plan/programmes/{int:programme_id}", response={200: ProgrammeOut, **WRITE_ERRORS})
def update_programme(request, programme_id: Id, payload: ProgrammePatchIn):
    programme = get_visible(request, Programme, programme_id, "work_plan__unit")
    services.update_programme(actor=actor(request), programme=programme,
                              **_changes(payload, _programme_refs(request)))
    return _programme_out(programme.pk)


@router.delete("/plan/programmes/{int:programme_id}", response=DELETED)
def delete_programme(request, programme_id: Id):
    services.delete_programme(actor=actor(request),
                              programme=get_visible(request, Programme, programme_id, "work_plan__unit"))
    return Status(204, None)


@router.post("/plan/programmes/{int:programme_id}/activities", response={201: ActivityWriteOut, **WRITE_ERRORS})
def create_activity(request, programme_id: Id, payload: ActivityIn):
    """An activity; `warnings` says when the programme's activities now exceed its budget."""
    programme = get_visible(request, Programme, programme_id, "work_plan__unit")
    return Status(201, services.create_activity(actor=actor(request), programme=programme, **payload.dict()))


@router.patch("/plan/activities/{int:activity_id}", response={200: ActivityWriteOut, **WRITE_ERRORS})
def update_activity(request, activity_id: Id, payload: ActivityPatchIn):
    activity = get_visible(request, Activity, activity_id, "programme__work_plan__unit")
    return services.update_activity(actor=actor(request), activity=activity, **_changes(payload))


@router.delete("/plan/activities/{int:activity_id}", response=DELETED)
def delete_activity(request, activity_id: Id):
    services.delete_activity(actor=actor(request),
                             activity=get_visible(request, Activity, activity_id, "programme__work_plan__unit"))
    return Status(204, None)
