"""Who sees and changes employees, and who is in *my team*: queryset filters over the org tree.

* See: the whole instance for the BKPSDM admin, auditor, pimpinan and monev; the subtree of a granted unit
  (OPD admin) or of a unit the user heads; the employees whose position reports to one the user holds or
  acts in (Plt/Plh); oneself.
* Change: the BKPSDM admin (the instance), an OPD admin (their subtree).
* *My team* (``team_q``): the active employees whose position reports to a position the user exercises today.

Another unit's or instance's employee is simply not found (404).
"""

from __future__ import annotations

from kinerja.accounts.scope import (  # defined there until skp imports them from here (issue 8 item 6)
    Scope,
    can_change_employee,
    employee_q,
    get_scope,
    restrict_employees,
    team_employees,
    team_q,
)
from kinerja.organization.models import Position

from .models import Assignment, AssignmentKind

__all__ = ["add_positions", "can_add_employees", "can_change_employee", "employee_q", "restrict_employees",
           "team_employees", "team_q"]


def can_add_employees(user) -> bool:
    """May add employees somewhere: the BKPSDM admin, an OPD admin (in their subtree), a platform operator."""
    s = get_scope(user)
    return s.superuser or s.instance_wide_change or bool(s.change_paths)


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
