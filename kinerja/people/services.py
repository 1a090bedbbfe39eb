"""Writes about employees: create, update, transfer/promote, acting posts, deactivate.

Each function validates everything first, then writes in one transaction and records an
audit event; a failure leaves nothing half-written.
"""

from __future__ import annotations

from datetime import date, timedelta

from django.core.validators import validate_email
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from kinerja.accounts import scope
from kinerja.audit.services import record, snapshot
from kinerja.core.actors import require_actor
from kinerja.core.errors import PermissionDenied, ValidationError, field_error
from kinerja.organization import permissions as org_permissions
from kinerja.organization.models import STRUCTURAL_KINDS, Instance, Position

from . import permissions
from .models import Assignment, AssignmentKind, Employee, GradeHistory, Sex
from .validation import clean_grade, clean_nip, clean_nip_lama

EDITABLE_FIELDS = (
    "front_title", "name", "back_title", "birth_date", "sex", "grade", "tmt_grade", "tmt_cpns",
    "email", "phone", "nip_lama", "pns_id",
)


def _clean_common(data: dict, kind: str, nip_value: str) -> dict:
    data = dict(data)
    parsed = clean_nip(nip_value, kind)
    if "name" in data:
        data["name"] = (data["name"] or "").strip()
        if not data["name"]:
            raise field_error("name", _("Name is required."), "required")
    if data.get("email"):
        data["email"] = data["email"].strip()
        try:
            validate_email(data["email"])
        except ValidationError:
            raise field_error("email", _("Enter a valid email address."), "invalid") from None
    if data.get("grade"):
        data["grade"] = clean_grade(data["grade"], kind)
    if data.get("nip_lama"):
        data["nip_lama"] = clean_nip_lama(data["nip_lama"])
    nip_sex = Sex.MALE if parsed.sex == 1 else Sex.FEMALE
    if data.get("birth_date") is None:
        data["birth_date"] = parsed.birth_date
    elif data["birth_date"] != parsed.birth_date:
        raise field_error("birth_date", _("Birth date does not match the NIP (%(date)s).")
                          % {"date": parsed.birth_date.isoformat()}, "nip_mismatch")
    if not data.get("sex"):
        data["sex"] = nip_sex
    elif data["sex"] != nip_sex:
        raise field_error("sex", _("Sex does not match digit 15 of the NIP."), "nip_mismatch")
    for key in ("tmt_grade", "tmt_cpns"):
        if data.get(key) and data.get("birth_date") and data[key] <= data["birth_date"]:
            raise field_error(key, _("This date must come after the birth date."), "before_birth")
    return data | {"nip": parsed.value}


def check_position_free(position: Position, day: date, exclude_employee_id=None) -> None:
    """A single-holder position may have only one active definitive holder."""
    if not position.single_holder:
        return
    holders = Employee.objects.filter(position=position, is_active=True)
    if exclude_employee_id is not None:
        holders = holders.exclude(pk=exclude_employee_id)
    holder = holders.first()
    if holder is not None:
        raise field_error("position", _("Position %(position)s is already held by %(holder)s (NIP %(nip)s).")
                          % {"position": position.name, "holder": holder.full_name, "nip": holder.nip},
                          "position_taken")


def _check_position(instance_id: int, position: Position | None) -> None:
    if position is not None and position.instance_id != instance_id:
        raise field_error("position", _("The position belongs to another instance."), "other_instance")
    if position is not None and not position.is_active:
        raise field_error("position", _("The position is no longer active."), "inactive")


def create_employee(*, actor, instance: Instance, nip: str, kind: str = "PNS", position: Position | None = None,
                    tmt_position: date | None = None, **data) -> Employee:
    require_actor(actor)
    allowed = scope.can_manage_instance(actor, instance.pk) or (
        position is not None and org_permissions.can_change_unit(actor, position.unit)
    )
    if not allowed:
        raise PermissionDenied(_("You may not add employees outside your scope."))
    if kind not in ("PNS", "PPPK"):
        raise field_error("kind", _("Employee kind must be PNS or PPPK."), "invalid_choice")
    data = _clean_common({k: v for k, v in data.items() if k in EDITABLE_FIELDS}, kind, nip)
    if Employee.objects.filter(instance=instance, nip=data["nip"]).exists():
        raise field_error("nip", _("An employee with NIP %(nip)s already exists.") % {"nip": data["nip"]},
                          "duplicate")
    _check_position(instance.pk, position)
    start = tmt_position or timezone.localdate()
    if position is not None:
        check_position_free(position, start)
    with transaction.atomic():
        employee = Employee.objects.create(
            instance=instance, kind=kind, position=position, unit=position.unit if position else None,
            tmt_position=tmt_position if position else None, **data,
        )
        if position is not None:
            Assignment.objects.create(instance=instance, employee=employee, position=position,
                                      unit=position.unit, start_date=start)
        if employee.grade and employee.tmt_grade:
            GradeHistory.objects.create(instance=instance, employee=employee, grade=employee.grade,
                                        tmt=employee.tmt_grade)
        record("people.employee.create", employee, actor=actor, after=snapshot(employee))
    return employee


def update_employee(*, actor, employee: Employee, **data) -> Employee:
    """Change personal data. Position changes go through :func:`transfer_employee`."""
    require_actor(actor)
    if not permissions.can_change_employee(actor, employee):
        raise PermissionDenied(_("You may not change this employee."))
    data = {k: v for k, v in data.items() if k in EDITABLE_FIELDS}
    merged = {f: getattr(employee, f) for f in EDITABLE_FIELDS} | data
    cleaned = _clean_common(merged, employee.kind, employee.nip)
    changes = {k: cleaned[k] for k in data}
    with transaction.atomic():
        employee = Employee.objects.select_for_update().get(pk=employee.pk)
        before = snapshot(employee)
        for key, value in changes.items():
            setattr(employee, key, value)
        employee.save()
        if "grade" in changes and employee.grade and employee.tmt_grade and before["grade"] != employee.grade:
            GradeHistory.objects.get_or_create(instance_id=employee.instance_id, employee=employee,
                                               grade=employee.grade, tmt=employee.tmt_grade)
        record("people.employee.update", employee, actor=actor, before=before, after=snapshot(employee))
    return employee


def transfer_employee(*, actor, employee: Employee, position: Position, start_date: date,
                      decree_number: str = "", note: str = "") -> Assignment:
    """Mutation or promotion to another position: closes the current post, opens the new one."""
    require_actor(actor)
    if not (permissions.can_change_employee(actor, employee)
            and org_permissions.can_change_unit(actor, position.unit)):
        raise PermissionDenied(_("You may not move this employee to that position."))
    _check_position(employee.instance_id, position)
    if employee.position_id == position.pk:
        raise field_error("position", _("The employee already holds this position."), "unchanged")
    if not employee.is_active:
        raise field_error("position", _("The employee is not active."), "inactive")
    current = (Assignment.objects.filter(employee=employee, kind=AssignmentKind.DEFINITIVE, end_date__isnull=True)
               .order_by("-start_date").first())
    if current is not None and start_date <= current.start_date:
        raise field_error("start_date", _("The new post must start after the current one (%(date)s).")
                          % {"date": current.start_date.isoformat()}, "before_current")
    check_position_free(position, start_date, exclude_employee_id=employee.pk)
    with transaction.atomic():
        employee = Employee.objects.select_for_update().get(pk=employee.pk)
        before = snapshot(employee)
        if current is not None:
            current.end_date = start_date - timedelta(days=1)
            current.save(update_fields=["end_date", "updated_at"])
        assignment = Assignment.objects.create(
            instance_id=employee.instance_id, employee=employee, position=position, unit=position.unit,
            start_date=start_date, decree_number=decree_number, note=note,
        )
        employee.position, employee.unit, employee.tmt_position = position, position.unit, start_date
        employee.save(update_fields=["position", "unit", "tmt_position", "updated_at"])
        record("people.employee.transfer", employee, actor=actor, before=before, after=snapshot(employee))
    return assignment


def assign_acting(*, actor, employee: Employee, position: Position, kind: str, start_date: date,
                  end_date: date | None = None, decree_number: str = "") -> Assignment:
    """Plt (vacant post) or Plh (holder away) of a structural position, for a period."""
    require_actor(actor)
    if not org_permissions.can_change_unit(actor, position.unit):
        raise PermissionDenied(_("You may not assign acting officials for this position."))
    if kind not in (AssignmentKind.PLT, AssignmentKind.PLH):
        raise field_error("kind", _("Acting kind must be Plt or Plh."), "invalid_choice")
    _check_position(employee.instance_id, position)
    if position.kind not in STRUCTURAL_KINDS:
        raise field_error("position", _("Only structural positions get an acting official."), "not_structural")
    if employee.position_id == position.pk:
        raise field_error("employee", _("The employee already holds this position."), "holder")
    if end_date is not None and end_date < start_date:
        raise field_error("end_date", _("The end date comes before the start date."), "date_order")
    overlapping = Assignment.objects.acting().filter(position=position, start_date__lte=end_date or date.max)
    overlapping = overlapping.exclude(end_date__lt=start_date)
    if overlapping.exists():
        other = overlapping.select_related("employee").first()
        raise field_error("start_date", _("%(name)s already acts in this position in that period.")
                          % {"name": other.employee.full_name}, "overlap")
    with transaction.atomic():
        assignment = Assignment.objects.create(
            instance_id=employee.instance_id, employee=employee, position=position, unit=position.unit,
            kind=kind, start_date=start_date, end_date=end_date, decree_number=decree_number,
        )
        record("people.assignment.acting", assignment, actor=actor, after=snapshot(assignment))
    return assignment


def end_acting(*, actor, assignment: Assignment, end_date: date) -> Assignment:
    require_actor(actor)
    if not org_permissions.can_change_unit(actor, assignment.position.unit):
        raise PermissionDenied(_("You may not change this acting assignment."))
    if assignment.kind == AssignmentKind.DEFINITIVE:
        raise field_error("kind", _("A definitive post ends through a transfer."), "definitive")
    if end_date < assignment.start_date:
        raise field_error("end_date", _("The end date comes before the start date."), "date_order")
    with transaction.atomic():
        before = snapshot(assignment)
        assignment.end_date = end_date
        assignment.save(update_fields=["end_date", "updated_at"])
        record("people.assignment.end", assignment, actor=actor, before=before, after=snapshot(assignment))
    return assignment


def set_active(*, actor, employee: Employee, active: bool, end_date: date | None = None) -> Employee:
    """Deactivate (retirement, moved out) or reactivate. Deactivating ends the current post."""
    require_actor(actor)
    if not permissions.can_change_employee(actor, employee):
        raise PermissionDenied(_("You may not change this employee."))
    if employee.is_active == active:
        return employee
    if active and employee.position_id:
        check_position_free(employee.position, timezone.localdate(), exclude_employee_id=employee.pk)
    day = end_date or timezone.localdate()
    with transaction.atomic():
        before = snapshot(employee)
        if not active:
            (Assignment.objects.filter(employee=employee, end_date__isnull=True)
             .update(end_date=day, updated_at=timezone.now()))
        employee.is_active = active
        employee.save(update_fields=["is_active", "updated_at"])
        record("people.employee.activate" if active else "people.employee.deactivate", employee, actor=actor,
               before=before, after=snapshot(employee))
    return employee


__all__ = ["ValidationError", "create_employee", "update_employee", "transfer_employee", "assign_acting",
           "end_acting", "set_active", "check_position_free"]
