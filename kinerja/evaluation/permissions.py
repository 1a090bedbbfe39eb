"""Who reads and changes evaluations: queryset filters over the org tree (out of scope is a 404).

* Read: the employee their own once final; the evaluating official — whoever holds or acts in (Plt/Plh) the
  superior of the evaluated position today — their team's, and the evaluations they signed; HR admins in their
  scope (BKPSDM: the instance; OPD admin: their subtree); monev, pimpinan and auditors the whole instance (read-only).
* Rate, finalise, reopen: the evaluating official only (never the employee). Acknowledge: the employee only.
"""

from __future__ import annotations

from django.db.models import Q, QuerySet

from kinerja.accounts import scope
from kinerja.core.actors import is_system
from kinerja.core.tree import subtree_q


def evaluation_q(user, prefix: str = "") -> Q:
    """The evaluations ``user`` may read (``prefix`` reaches Evaluation from another model)."""
    s = scope.get_scope(user)
    if not s.authenticated:
        return scope.NOTHING
    p = f"{prefix}__" if prefix else ""
    if s.superuser:
        return Q()
    tenant = Q(**{f"{p}instance_id": s.instance_id})
    if s.instance_wide_view:
        return tenant
    q = scope.NOTHING
    if s.employee_id is not None:
        # the employee reads their own once the evaluator has finalised it
        q |= Q(**{f"{p}employee_id": s.employee_id}) & ~Q(**{f"{p}status": "draft"})
        q |= Q(**{f"{p}evaluator_id": s.employee_id})
    if s.subordinate_position_ids:
        q |= Q(**{f"{p}position_id__in": s.subordinate_position_ids})
    if s.change_paths:
        q |= subtree_q(s.change_paths, f"{p}unit__path")
    return tenant & q


def restrict_evaluations(qs: QuerySet, user) -> QuerySet:
    return qs.filter(evaluation_q(user))


def is_own(user, evaluation) -> bool:
    return user is not None and getattr(user, "employee_id", None) is not None \
        and user.employee_id == evaluation.employee_id


def can_evaluate(user, evaluation) -> bool:
    """The evaluating official of ``evaluation`` today: the holder of the superior of the evaluated position, or
    the Plt/Plh acting in it. Never the employee themself; background work (the CLI) passes."""
    if is_system(user):
        return True
    s = scope.get_scope(user)
    if not s.authenticated or s.employee_id is None or is_own(user, evaluation):
        return False
    if evaluation.instance_id != s.instance_id:
        return False
    superior_id = evaluation.position.superior_id
    return superior_id is not None and superior_id in s.my_position_ids


def exercises_position(user, position_id: int | None) -> bool:
    """``user`` holds or acts in the position today."""
    return position_id is not None and position_id in scope.get_scope(user).my_position_ids


def can_acknowledge(user, evaluation) -> bool:
    return is_system(user) or is_own(user, evaluation)


def has_team_evaluations(user) -> bool:
    """The "Evaluasi tim" menu: an evaluating official (someone reports to a position they exercise)."""
    s = scope.get_scope(user)
    return s.authenticated and s.is_penilai and s.employee_id is not None


def has_own_evaluations(user) -> bool:
    """The "Evaluasi saya" menu: an employee."""
    return scope.get_scope(user).employee_id is not None


def own_employee_id(user) -> int | None:
    return scope.get_scope(user).employee_id


def reads_instance(user) -> bool:
    """Reads every evaluation of the instance (HR BKPSDM, monev, pimpinan, auditor) or is a platform operator."""
    s = scope.get_scope(user)
    return s.superuser or s.instance_wide_view


def can_start_for(user, evaluator) -> bool:
    """Start the evaluations of ``evaluator``'s team: the evaluator themself, an HR admin of the evaluator's unit,
    or background work (the CLI)."""
    if is_system(user):
        return True
    s = scope.get_scope(user)
    if not s.authenticated:
        return False
    if s.employee_id is not None and s.employee_id == evaluator.pk:
        return True
    from kinerja.people.permissions import can_change_employee

    return (s.superuser or evaluator.instance_id == s.instance_id) and can_change_employee(user, evaluator)
