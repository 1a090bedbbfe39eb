"""Who sees and changes employees, and who is in *my team*: queryset filters over the org tree.

* See: the whole instance for the BKPSDM admin, auditor, pimpinan and monev; the subtree of a granted unit
  (OPD admin) or of a unit the user heads; the employees whose position reports to one the user holds or
  acts in (Plt/Plh); oneself.
* Change: the BKPSDM admin (the instance), an OPD admin (their subtree).
* *My team* (``team_q``): the active employees whose position reports to a position the user exercises today.

Another unit's or instance's employee is simply not found (404).
"""

from __future__ import annotations

from django.db.models import Q, QuerySet

from kinerja.accounts.scope import NOTHING, VIEW, Scope, get_scope
from kinerja.core.tree import subtree_q
from kinerja.organization.models import Position
from kinerja.organization.permissions import can_change_at, can_change_unit

from .models import Assignment, AssignmentKind


def employee_q(user, action: str = VIEW) -> Q:
    s = get_scope(user)
    if not s.authenticated:
        return NOTHING
    if s.superuser:
        return Q()
    tenant = Q(instance_id=s.instance_id)
    if action == VIEW:
        if s.instance_wide_view:
            return tenant
        q = subtree_q(s.view_paths)
        if s.subordinate_position_ids:
            q |= Q(position_id__in=s.subordinate_position_ids)
        if s.employee_id:
            q |= Q(pk=s.employee_id)
        return tenant & q
    if s.instance_wide_change:
        return tenant
    if s.change_paths:
        return tenant & subtree_q(s.change_paths)
    return NOTHING


def restrict_employees(qs: QuerySet, user, action: str = VIEW) -> QuerySet:
    return qs.filter(employee_q(user, action))


def team_q(user, prefix: str = "") -> Q:
    """*My team*, the one definition: the active employees whose position reports to a position ``user`` holds
    or acts in (Plt/Plh) today — the people they evaluate as pejabat penilai (the SKP's evaluator is whoever
    exercises the superior position, ``people/chain.py``); never the user themself.

    The home page, "My team", the team's SKPs, the SKP home card and the API's ``team`` filter all use it.
    ``prefix`` reaches Employee from another model (``"employee"`` for an SKP).
    """
    s = get_scope(user)
    if not s.authenticated or not s.subordinate_position_ids:
        return NOTHING
    p = f"{prefix}__" if prefix else ""
    q = Q(**{f"{p}instance_id": s.instance_id, f"{p}position_id__in": s.subordinate_position_ids,
             f"{p}is_active": True})
    if s.employee_id is not None:
        q &= ~Q(**{f"{p}pk": s.employee_id})
    return q


def team_employees(qs: QuerySet, user) -> QuerySet:
    """The employees of ``qs`` in ``user``'s team (:func:`team_q`)."""
    return qs.filter(team_q(user))


def has_team(user) -> bool:
    """An evaluating official with a position today (held or acting): the SKP page "My team's SKPs"."""
    s = get_scope(user)
    return bool(s.my_position_ids) and s.is_penilai


def can_change_employee(user, employee) -> bool:
    return can_change_at(user, employee.instance_id, employee.unit.path if employee.unit_id else None)


def can_add_employees(user) -> bool:
    """May add employees somewhere: the BKPSDM admin, an OPD admin (in their subtree), a platform operator."""
    s = get_scope(user)
    return s.superuser or s.instance_wide_change or bool(s.change_paths)


def can_assign_acting(user) -> bool:
    """Assigning acting officials (Plt/Plh) is open to whoever writes anything (an administrator); the
    positions offered are then restricted to those ``user`` changes."""
    return not get_scope(user).read_only


def can_end_acting(user, assignment) -> bool:
    """Ending an acting assignment: a writer who changes the unit of the acting position."""
    return can_assign_acting(user) and can_change_unit(user, assignment.position.unit)


def can_edit_employee(user, employee) -> bool:
    """The profile's edit actions: a writer who changes ``employee`` (:func:`can_change_employee`)."""
    return not get_scope(user).read_only and can_change_employee(user, employee)


def add_positions(s: Scope, user, today) -> None:
    """Scope contributor (registered in apps.py): the positions the user holds or acts in (Plt/Plh) today,
    the subtrees of the units they head (read access, pejabat penilai) and the positions reporting to theirs."""
    if s.employee_id is None:
        return
    position_ids = set(
        Assignment.objects.active_on(today)
        .filter(employee_id=s.employee_id)
        .exclude(kind=AssignmentKind.DEFINITIVE)
        .values_list("position_id", flat=True)
    )
    own = user.employee.position_id if user.employee.is_active else None
    if own:
        position_ids.add(own)
    s.my_position_ids = sorted(position_ids)
    if position_ids:
        positions = Position.objects.filter(pk__in=position_ids).select_related("unit")
        s.headed_paths = [p.unit.path for p in positions if p.is_head]
        s.view_paths.extend(s.headed_paths)
        s.subordinate_position_ids = list(
            Position.objects.filter(superior_id__in=position_ids).values_list("pk", flat=True)
        )
