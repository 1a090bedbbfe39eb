"""SKP: periods, each employee's SKP with its content, templates and the workflow actions.

An SKP the caller may not see answers 404 (its RHK and IKI too); one they may see but not change
answers 403; a write with a stale ``lock_version`` answers 409 and changes nothing.
"""

from __future__ import annotations

from django.db.models import Q
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext as _
from ninja import Router, Status

from kinerja.api.errors import body
from kinerja.api.lookups import actor, page, referenced
from kinerja.api.schemas import READ_ERRORS, WRITE_ERRORS
from kinerja.api.types import Count, Cursor, Id, Limit, PathText, SearchText, Year
from kinerja.core.errors import PermissionDenied, error_dict
from kinerja.organization.api_lookups import instance_for, unit_ref
from kinerja.people import permissions as people_permissions
from kinerja.people.api_lookups import employees_for
from kinerja.rules import skp as rules
from kinerja.skp import permissions, queries, services
from kinerja.skp.models import Iki, Period, Rhk, Skp, SkpStatus, SkpTemplate, SkpVersion

from .schemas import (
    AppendixIn,
    ExpectationsIn,
    IkiIn,
    IkiPatchIn,
    IkiWriteOut,
    LockIn,
    LockOut,
    OverduePage,
    ParentOptionOut,
    PeriodCloseIn,
    PeriodIn,
    PeriodOut,
    ReasonIn,
    ReturnIn,
    RhkIn,
    RhkOut,
    RhkPatchIn,
    SkpDetailOut,
    SkpIn,
    SkpPage,
    TemplateApplyIn,
    TemplateIn,
    TemplateOut,
    TemplatePatchIn,
    VersionDetailOut,
    VersionOut,
)

router = Router(tags=["skp"])
# Operation ids as first published (kinerja/api/routers/skp.py); clients are generated from them.
OPERATION_ID_PREFIX = "kinerja_api_routers_skp_"
SKP_ORDERING = ["employee__name", "id"]
EMPLOYEE_ORDERING = ["name", "id"]
SKP_RELATED = ("period", "employee__unit", "position__superior", "unit", "instance")


def install(api) -> None:
    """A stale ``lock_version``: 409 with the error shape (``errors.lock_version`` says who changed it)."""

    @api.exception_handler(services.ConflictError)
    def on_skp_conflict(request, exc):
        return api.create_response(request, body(str(exc), error_dict(exc)), status=409)


# --- lookups ------------------------------------------------------------------------------------


def _tenant_q(request, field: str = "instance_id") -> Q:
    return permissions.tenant_q(actor(request), field)


def periods_for(request):
    return Period.objects.filter(_tenant_q(request))


def skps_for(request, action: str = permissions.VIEW):
    return permissions.restrict_skps(Skp.objects.all(), actor(request), action)


def skp_or_404(request, skp_id: Id) -> Skp:
    return get_object_or_404(skps_for(request).select_related(*SKP_RELATED), pk=skp_id)


def rhk_or_404(request, rhk_id: Id) -> Rhk:
    return get_object_or_404(Rhk.objects.filter(skp__in=skps_for(request))
                             .select_related(*[f"skp__{r}" for r in SKP_RELATED]), pk=rhk_id)


def iki_or_404(request, iki_id: Id) -> Iki:
    return get_object_or_404(Iki.objects.filter(rhk__skp__in=skps_for(request))
                             .select_related(*[f"rhk__skp__{r}" for r in SKP_RELATED]), pk=iki_id)


def detail(request, skp: Skp | int, warnings: list[str] | None = None) -> dict:
    """The serialized SKP plus what the caller may do with it now."""
    pk = skp.pk if isinstance(skp, Skp) else skp
    fresh = Skp.objects.select_related(*SKP_RELATED).get(pk=pk)
    user = actor(request)
    data = services.serialize(pk)
    evaluator = permissions.can_evaluate(user, fresh)
    may_change = permissions.can_change(user, fresh)
    allowed = []
    for action in rules.allowed_actions(fresh.status):
        if action in rules.SUPERIOR_ACTIONS:
            ok = evaluator
        elif action == rules.Action.REVISE:
            ok = may_change or permissions.is_current_evaluator(user, fresh)
        else:
            ok = may_change
        if ok and not fresh.period.is_closed:
            allowed.append(str(action))
    data["allowed_actions"] = allowed
    data["can_change"] = may_change and fresh.is_editable and not fresh.period.is_closed
    data["can_set_expectations"] = (not fresh.period.is_closed and fresh.status in services.EXPECTATION_STATUSES
                                    and permissions.can_set_expectations(user, fresh))
    data["warnings"] = list(warnings or [])
    return data


# --- periods ------------------------------------------------------------------------------------


@router.get("/skp/periods", response={200: list[PeriodOut], **READ_ERRORS})
def list_periods(request, year: Year | None = None):
    """The SKP periods of your instance, newest first."""
    qs = periods_for(request).order_by("-start_date", "id")
    if year is not None:
        qs = qs.filter(year=year)
    return list(qs[:200])


@router.post("/skp/periods", response={201: list[PeriodOut], **WRITE_ERRORS})
def create_periods(request, payload: PeriodIn):
    """Create the year's period(s) (BKPSDM admin); existing ones are kept. Answers the year's periods."""
    instance = instance_for(request, instance_id=payload.instance)
    period = services.ensure_period(actor=actor(request), instance=instance, year=payload.year)
    return Status(201, list(Period.objects.filter(instance=instance, year=period.year).order_by("start_date")))


@router.post("/skp/periods/{int:period_id}/close", response={200: PeriodOut, **WRITE_ERRORS})
def close_period(request, period_id: Id, payload: PeriodCloseIn):
    """Close a period (its SKPs can no longer change) or reopen it with `closed: false`."""
    period = get_object_or_404(periods_for(request), pk=period_id)
    return services.set_period_closed(actor=actor(request), period=period, closed=payload.closed)


# --- templates ----------------------------------------------------------------------------------


@router.get("/skp/templates", response={200: list[TemplateOut], **READ_ERRORS})
def list_templates(request, position_name: SearchText = "", position_kind: SearchText = "", skp: Id | None = None):
    """Active SKP templates of your instance (standard RHK and IKI per position); `skp` gives those offered to
    that SKP's position."""
    qs = SkpTemplate.objects.filter(_tenant_q(request), is_active=True).order_by("name", "id")
    if skp is not None:
        qs = queries.templates_for(skp_or_404(request, skp))
    if position_name:
        qs = qs.filter(position_name__iexact=position_name)
    if position_kind:
        qs = qs.filter(position_kind=position_kind)
    return list(qs[:500])


@router.post("/skp/templates", response={201: TemplateOut, **WRITE_ERRORS})
def create_template(request, payload: TemplateIn):
    """A new template (BKPSDM admin); its content is validated like an SKP's."""
    instance = instance_for(request, instance_id=payload.instance)
    template = services.create_template(actor=actor(request), instance=instance, name=payload.name,
                                        content=payload.content, position_name=payload.position_name,
                                        position_kind=payload.position_kind)
    return Status(201, template)


@router.patch("/skp/templates/{int:template_id}", response={200: TemplateOut, **WRITE_ERRORS})
def update_template(request, template_id: Id, payload: TemplatePatchIn):
    """Change a template (BKPSDM admin); set `is_active: false` to stop offering it."""
    template = get_object_or_404(SkpTemplate.objects.filter(_tenant_q(request)), pk=template_id)
    fields = {key: value for key, value in payload.dict(exclude_unset=True).items() if value is not None}
    return services.update_template(actor=actor(request), template=template, **fields)


# --- overdue ------------------------------------------------------------------------------------


@router.get("/skp/overdue", response={200: OverduePage, **WRITE_ERRORS})
def list_overdue(request, period: Id, unit: Id | None = None, cursor: Cursor | None = None,
                 limit: Limit | None = None):
    """Employees without an approved SKP once the period's deadline has passed (admins, readers of the
    whole instance and evaluating officials; each sees the employees in their scope)."""
    user = actor(request)
    found = get_object_or_404(periods_for(request).select_related("instance"), pk=period)
    if not permissions.can_view_reports(user):
        raise PermissionDenied(_("You may not see the overdue list."))
    unit_obj = unit_ref(request, unit, "unit")
    qs = people_permissions.restrict_employees(queries.overdue(found.instance, found, unit=unit_obj), user)
    return page(qs, EMPLOYEE_ORDERING, limit, cursor)


# --- the SKP ------------------------------------------------------------------------------------


@router.get("/skp", response={200: SkpPage, **READ_ERRORS})
def list_skps(request, period: Id | None = None, status: SkpStatus | None = None, unit: Id | None = None,
              employee: Id | None = None, team: bool = False, cursor: Cursor | None = None,
              limit: Limit | None = None):
    """SKPs you may see, by employee name. `unit` includes the units below it. `team=true`: only the SKPs of
    your team, the people you evaluate."""
    qs = skps_for(request).select_related("employee", "position", "unit")
    if team:
        qs = qs.filter(people_permissions.team_q(actor(request), prefix="employee"))
    if period is not None:
        qs = qs.filter(period_id=period)
    if status:
        qs = qs.filter(status=status)
    if unit is not None:
        qs = qs.filter(unit__path__startswith=unit_ref(request, unit, "unit").path)
    if employee is not None:
        qs = qs.filter(employee_id=employee)
    return page(qs, SKP_ORDERING, limit, cursor)


@router.post("/skp", response={201: SkpDetailOut, **WRITE_ERRORS})
def create_skp(request, payload: SkpIn):
    """Start an SKP: for yourself, as the evaluator for a subordinate, or as HR admin for anyone."""
    employee = referenced(employees_for(request).select_related("position__superior", "unit"), payload.employee,
                          "employee", _("Unknown employee %(id)s.") % {"id": payload.employee})
    period = referenced(periods_for(request), payload.period, "period",
                        _("Unknown period %(id)s.") % {"id": payload.period})
    skp = services.create_skp(actor=actor(request), employee=employee, period=period)
    return Status(201, detail(request, skp))


@router.get("/skp/{int:skp_id}", response={200: SkpDetailOut, **READ_ERRORS})
def get_skp(request, skp_id: Id):
    """The whole SKP: header, RHK with IKI, lampiran, expected behaviour, and your allowed actions."""
    return detail(request, skp_or_404(request, skp_id))


@router.get("/skp/{int:skp_id}/allowed-parents", response={200: list[ParentOptionOut], **READ_ERRORS})
def allowed_parents(request, skp_id: Id):
    """The superior's RHK of the same period this SKP's RHK may intervene (drafts included)."""
    return list(queries.allowed_parents(skp_or_404(request, skp_id))[:1000])


@router.get("/skp/{int:skp_id}/versions", response={200: list[VersionOut], **READ_ERRORS})
def list_versions(request, skp_id: Id):
    """Snapshots taken at each workflow step, newest first."""
    skp = skp_or_404(request, skp_id)
    return list(SkpVersion.objects.filter(skp=skp).select_related("by__employee").defer("content")
                .order_by("-number"))


@router.get("/skp/{int:skp_id}/versions/{int:number}", response={200: VersionDetailOut, **READ_ERRORS})
def get_version(request, skp_id: Id, number: Id):
    """One snapshot with the SKP's whole content at that step."""
    skp = skp_or_404(request, skp_id)
    return get_object_or_404(SkpVersion.objects.select_related("by__employee"), skp=skp, number=number)


@router.post("/skp/{int:skp_id}/copy-previous", response={200: SkpDetailOut, **WRITE_ERRORS})
def copy_previous(request, skp_id: Id, payload: LockIn):
    """Copy RHK, IKI and lampiran from the employee's previous SKP into this empty one."""
    skp = skp_or_404(request, skp_id)
    services.copy_from_previous(actor=actor(request), skp=skp, lock_version=payload.lock_version)
    return detail(request, skp)


@router.post("/skp/{int:skp_id}/apply-template", response={200: SkpDetailOut, **WRITE_ERRORS})
def apply_template(request, skp_id: Id, payload: TemplateApplyIn):
    """Append a template's RHK and IKI."""
    skp = skp_or_404(request, skp_id)
    template = referenced(SkpTemplate.objects.filter(instance_id=skp.instance_id, is_active=True),
                          payload.template, "template", _("Unknown template %(id)s.") % {"id": payload.template})
    services.apply_template(actor=actor(request), skp=skp, template=template, lock_version=payload.lock_version)
    return detail(request, skp)


@router.put("/skp/{int:skp_id}/appendix/{kind}", response={200: SkpDetailOut, **WRITE_ERRORS})
def set_appendix(request, skp_id: Id, kind: PathText, payload: AppendixIn):
    """Replace one part of the lampiran: `resources`, `accountability` or `consequences`."""
    skp = skp_or_404(request, skp_id)
    services.set_appendix(actor=actor(request), skp=skp, lock_version=payload.lock_version, kind=kind,
                          lines=payload.lines)
    return detail(request, skp)


@router.put("/skp/{int:skp_id}/expectations", response={200: SkpDetailOut, **WRITE_ERRORS})
def set_expectations(request, skp_id: Id, payload: ExpectationsIn):
    """The superior's specific expectation per BerAKHLAK value (only the values given change). Only the
    evaluator (holder or acting Plt/Plh of the superior position) may; the employee gets 403."""
    skp = skp_or_404(request, skp_id)
    services.set_expectations(actor=actor(request), skp=skp, lock_version=payload.lock_version,
                              expectations=payload.expectations)
    return detail(request, skp)


# --- workflow -----------------------------------------------------------------------------------


@router.post("/skp/{int:skp_id}/submit", response={200: SkpDetailOut, **WRITE_ERRORS})
def submit(request, skp_id: Id, payload: LockIn):
    """Send the SKP to the evaluating official. `warnings` tells what does not block but needs attention."""
    skp = services.submit(actor=actor(request), skp=skp_or_404(request, skp_id), lock_version=payload.lock_version)
    return detail(request, skp, skp.warnings)


@router.post("/skp/{int:skp_id}/withdraw", response={200: SkpDetailOut, **WRITE_ERRORS})
def withdraw(request, skp_id: Id, payload: LockIn):
    """Take a submitted SKP back to draft before the evaluator acts."""
    skp = services.withdraw(actor=actor(request), skp=skp_or_404(request, skp_id), lock_version=payload.lock_version)
    return detail(request, skp)


@router.post("/skp/{int:skp_id}/return", response={200: SkpDetailOut, **WRITE_ERRORS})
def return_skp(request, skp_id: Id, payload: ReturnIn):
    """The evaluator sends the SKP back with a reason and, optionally, a comment per RHK."""
    skp = services.return_skp(actor=actor(request), skp=skp_or_404(request, skp_id),
                              lock_version=payload.lock_version, reason=payload.reason,
                              comments=[c.dict() for c in payload.comments])
    return detail(request, skp)


@router.post("/skp/{int:skp_id}/approve", response={200: SkpDetailOut, **WRITE_ERRORS})
def approve(request, skp_id: Id, payload: LockIn):
    """The evaluator (holder, or acting Plt/Plh, of the superior position) approves; `version` goes up."""
    skp = services.approve(actor=actor(request), skp=skp_or_404(request, skp_id), lock_version=payload.lock_version)
    return detail(request, skp)


@router.post("/skp/{int:skp_id}/revise", response={200: SkpDetailOut, **WRITE_ERRORS})
def revise(request, skp_id: Id, payload: ReasonIn):
    """Reopen an approved SKP for a revision (mid-year transfer, changed targets), with a reason."""
    skp = services.start_revision(actor=actor(request), skp=skp_or_404(request, skp_id),
                                  lock_version=payload.lock_version, reason=payload.reason)
    return detail(request, skp)


# --- RHK and IKI --------------------------------------------------------------------------------


@router.post("/skp/{int:skp_id}/rhk", response={201: RhkOut, **WRITE_ERRORS})
def add_rhk(request, skp_id: Id, payload: RhkIn):
    """Add an RHK (rencana hasil kerja)."""
    skp = skp_or_404(request, skp_id)
    data = payload.dict(exclude={"lock_version"})
    rhk = services.add_rhk(actor=actor(request), skp=skp, lock_version=payload.lock_version, **data)
    return Status(201, rhk)


@router.patch("/skp/rhk/{int:rhk_id}", response={200: RhkOut, **WRITE_ERRORS})
def update_rhk(request, rhk_id: Id, payload: RhkPatchIn):
    """Change an RHK; RHK of subordinates intervening it are told when its text changes."""
    rhk = rhk_or_404(request, rhk_id)
    fields = payload.dict(exclude_unset=True, exclude={"lock_version"})
    return services.update_rhk(actor=actor(request), rhk=rhk, lock_version=payload.lock_version, **fields)


@router.delete("/skp/rhk/{int:rhk_id}", response={200: LockOut, **WRITE_ERRORS})
def delete_rhk(request, rhk_id: Id, lock_version: Count):
    """Delete an RHK with its IKI (pass the SKP's `lock_version` as a query parameter)."""
    rhk = rhk_or_404(request, rhk_id)
    skp = rhk.skp
    services.delete_rhk(actor=actor(request), rhk=rhk, lock_version=lock_version)
    return {"lock_version": skp.lock_version}


@router.post("/skp/rhk/{int:rhk_id}/acknowledge", response={200: RhkOut, **WRITE_ERRORS})
def acknowledge(request, rhk_id: Id):
    """You have seen that the superior's RHK this one intervenes changed: clears `parent_changed_at`."""
    rhk = rhk_or_404(request, rhk_id)
    services.acknowledge_parent_change(actor=actor(request), rhk=rhk)
    return rhk


@router.post("/skp/rhk/{int:rhk_id}/iki", response={201: IkiWriteOut, **WRITE_ERRORS})
def add_iki(request, rhk_id: Id, payload: IkiIn):
    """Add an indicator (IKI) with its target: a number and unit, a range, or qualitative text."""
    rhk = rhk_or_404(request, rhk_id)
    iki = services.add_iki(actor=actor(request), rhk=rhk, lock_version=payload.lock_version,
                           **payload.dict(exclude={"lock_version"}))
    return Status(201, iki)


@router.patch("/skp/iki/{int:iki_id}", response={200: IkiWriteOut, **WRITE_ERRORS})
def update_iki(request, iki_id: Id, payload: IkiPatchIn):
    iki = iki_or_404(request, iki_id)
    fields = payload.dict(exclude_unset=True, exclude={"lock_version"})
    return services.update_iki(actor=actor(request), iki=iki, lock_version=payload.lock_version, **fields)


@router.delete("/skp/iki/{int:iki_id}", response={200: LockOut, **WRITE_ERRORS})
def delete_iki(request, iki_id: Id, lock_version: Count):
    """Delete an IKI (pass the SKP's `lock_version` as a query parameter)."""
    iki = iki_or_404(request, iki_id)
    skp = iki.rhk.skp
    services.delete_iki(actor=actor(request), iki=iki, lock_version=lock_version)
    return {"lock_version": skp.lock_version}


__all__ = ["router", "install"]
