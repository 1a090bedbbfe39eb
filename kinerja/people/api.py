"""Employees: the directory, profiles, and the HR writes (create, edit, transfer, acting, deactivate)."""

from __future__ import annotations

from django.db.models import Q
from django.http import Http404
from django.shortcuts import get_object_or_404
from ninja import Router, Status

from kinerja.api.lookups import actor, page
from kinerja.api.schemas import READ_ERRORS, WRITE_ERRORS
from kinerja.api.types import Cursor, Id, Limit, PathText, SearchText
from kinerja.organization.api_lookups import instance_for, position_ref, unit_ref
from kinerja.organization.models import PositionKind
from kinerja.people import permissions as people_permissions
from kinerja.people import services
from kinerja.people.chain import superior_chain
from kinerja.people.models import Assignment, Employee, EmployeeKind
from kinerja.rules import nip as nip_rules

from .api_lookups import employee_or_404, employees_for
from .schemas import (
    ActingIn,
    AssignmentOut,
    DeactivateIn,
    EmployeeCreateIn,
    EmployeeDetailOut,
    EmployeePage,
    EmployeePatchIn,
    TransferIn,
)

router = Router(tags=["people"])
# Operation ids as first published (kinerja/api/routers/people.py); clients are generated from them.
OPERATION_ID_PREFIX = "kinerja_api_routers_people_"
EMPLOYEE_ORDERING = ["name", "id"]


def search_q(text: str) -> Q:
    """Every word in the name (any order), or the start of a NIP typed with or without spaces."""
    text = (text or "").strip()
    if not text:
        return Q()
    query = Q(*[Q(name__icontains=word) for word in text.split()])
    digits = nip_rules.normalize(text)
    if digits.isdigit():
        query |= Q(nip__startswith=digits)
    return query


def employee_detail(request, pk: Id) -> Employee:
    employee = get_object_or_404(employees_for(request).select_related("instance", "unit", "position__superior"),
                                 pk=pk)
    employee.api_chain = superior_chain(employee)
    employee.api_history = list(Assignment.objects.filter(employee=employee).select_related("position", "unit"))
    return employee


@router.get("/employees", response={200: EmployeePage, **READ_ERRORS})
def list_employees(request, q: SearchText = "", unit: Id | None = None, kind: EmployeeKind | None = None,
                   grade: SearchText = "", position_kind: PositionKind | None = None, active: bool | None = None,
                   team: bool = False, cursor: Cursor | None = None, limit: Limit | None = None):
    """Employees the caller may see, by name. `unit` includes the units below it. `team=true`: only the
    caller's team, the people they evaluate (the list of "My team")."""
    qs = employees_for(request).select_related("unit", "position").filter(search_q(q))
    if team:
        qs = people_permissions.team_employees(qs, actor(request))
    if unit is not None:
        qs = qs.filter(unit__path__startswith=unit_ref(request, unit, "unit").path)
    if kind:
        qs = qs.filter(kind=kind)
    if grade:
        qs = qs.filter(grade=grade)
    if position_kind:
        qs = qs.filter(position__kind=position_kind)
    if active is not None:
        qs = qs.filter(is_active=active)
    return page(qs, EMPLOYEE_ORDERING, limit, cursor)


@router.get("/employees/{int:employee_id}", response={200: EmployeeDetailOut, **READ_ERRORS})
def get_employee(request, employee_id: Id):
    """Profile with position, unit, grade, evaluation chain and position history."""
    return employee_detail(request, employee_or_404(request, employee_id).pk)


@router.get("/employees/by-nip/{nip}", response={200: EmployeeDetailOut, **READ_ERRORS})
def get_employee_by_nip(request, nip: PathText):
    found = employees_for(request).filter(nip=nip_rules.normalize(nip)).order_by("instance_id").first()
    if found is None:
        raise Http404
    return employee_detail(request, found.pk)


@router.post("/employees", response={201: EmployeeDetailOut, **WRITE_ERRORS})
def create_employee(request, payload: EmployeeCreateIn):
    position = position_ref(request, payload.position)
    instance = instance_for(request, via=position, instance_id=payload.instance)
    data = payload.dict(exclude={"nip", "kind", "position", "tmt_position", "instance"})
    employee = services.create_employee(actor=actor(request), instance=instance, nip=payload.nip, kind=payload.kind,
                                        position=position, tmt_position=payload.tmt_position, **data)
    return Status(201, employee_detail(request, employee.pk))


@router.patch("/employees/{int:employee_id}", response={200: EmployeeDetailOut, **WRITE_ERRORS})
def update_employee(request, employee_id: Id, payload: EmployeePatchIn):
    employee = employee_or_404(request, employee_id)
    services.update_employee(actor=actor(request), employee=employee, **payload.dict(exclude_unset=True))
    return employee_detail(request, employee.pk)


@router.post("/employees/{int:employee_id}/transfer", response={200: EmployeeDetailOut, **WRITE_ERRORS})
def transfer_employee(request, employee_id: Id, payload: TransferIn):
    """Mutation or promotion: closes the current post and opens the new one from `start_date`."""
    employee = employee_or_404(request, employee_id)
    services.transfer_employee(actor=actor(request), employee=employee,
                               position=position_ref(request, payload.position), start_date=payload.start_date,
                               decree_number=payload.decree_number, note=payload.note)
    return employee_detail(request, employee.pk)


@router.post("/employees/{int:employee_id}/acting", response={201: AssignmentOut, **WRITE_ERRORS})
def assign_acting(request, employee_id: Id, payload: ActingIn):
    """Appoint the employee Plt/Plh of a structural position for a period."""
    employee = employee_or_404(request, employee_id)
    assignment = services.assign_acting(actor=actor(request), employee=employee,
                                        position=position_ref(request, payload.position), kind=payload.kind,
                                        start_date=payload.start_date, end_date=payload.end_date,
                                        decree_number=payload.decree_number)
    return Status(201, assignment)


@router.post("/employees/{int:employee_id}/deactivate", response={200: EmployeeDetailOut, **WRITE_ERRORS})
def deactivate_employee(request, employee_id: Id, payload: DeactivateIn | None = None):
    """Retirement or leaving the instance: ends the current post on `end_date` (default today)."""
    employee = employee_or_404(request, employee_id)
    services.set_active(actor=actor(request), employee=employee, active=False,
                        end_date=payload.end_date if payload else None)
    return employee_detail(request, employee.pk)
