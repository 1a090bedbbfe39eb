"""Who may see, change and evaluate an SKP: queryset filters over the org tree (see accounts/scope.py).

* VIEW: one's own SKP; the SKPs of employees in one's scope (``scope.employee_q`` applied to the SKP's
  employee: unit subtrees one heads or administers, positions reporting to one's own, instance-wide
  roles); and SKPs that name one as their evaluating official.
* CHANGE (the content: RHK, IKI, lampiran): one's own SKP and, for an HR admin (BKPSDM: the whole
  instance; OPD admin: their subtree), anybody's — only while the SKP is editable (draft or returned).
  The services refuse everything else with a message saying why.
* EVALUATE (approve / return, and the specific expectations of the superior): whoever exercises the
  superior of the SKP's position today — the definitive holder or an acting Plt/Plh official — or, when
  nobody does, an HR admin in their place. Never the SKP's own employee.
"""

from __future__ import annotations

from django.db.models import Q, QuerySet

from kinerja.accounts import scope
from kinerja.rules import skp as rules

VIEW = scope.VIEW
CHANGE = scope.CHANGE


def prefix_q(q: Q, prefix: str) -> Q:
    """``q`` (written for Employee) rewritten for a model that reaches Employee through ``prefix``."""
    clone = Q()
    clone.connector, clone.negated = q.connector, q.negated
    children = []
    for child in q.children:
        if isinstance(child, Q):
            children.append(prefix_q(child, prefix))
        else:
            key, value = child
            children.append((f"{prefix}__{key}", value))
    clone.children = children
    return clone


def skp_q(user, action: str = VIEW) -> Q:
    s = scope.get_scope(user)
    if not s.authenticated:
        return scope.NOTHING
    if s.superuser:
        return Q() if action == VIEW else Q(status__in=list(rules.EDITABLE))
    q = prefix_q(scope.employee_q(user, action), "employee")
    if s.employee_id is not None:
        q |= Q(employee_id=s.employee_id)
        if action == VIEW:
            q |= Q(evaluator_id=s.employee_id)
    q &= Q(instance_id=s.instance_id)
    if action != VIEW:
        q &= Q(status__in=list(rules.EDITABLE))
    return q


def restrict_skps(qs: QuerySet, user, action: str = VIEW) -> QuerySet:
    """The SKPs of ``qs`` that ``user`` may see (VIEW) or change the content of (CHANGE)."""
    return qs.filter(skp_q(user, action))


def is_own(user, skp) -> bool:
    return user is not None and user.employee_id is not None and user.employee_id == skp.employee_id


def is_hr_admin_for(user, skp) -> bool:
    """BKPSDM admin of the instance, OPD admin of the employee's subtree, or a platform operator."""
    if user is None:
        return True
    s = scope.get_scope(user)
    if s.superuser:
        return True
    if not s.authenticated or skp.instance_id != s.instance_id:
        return False
    return scope.can_change_employee(user, skp.employee)


def can_change(user, skp) -> bool:
    """May ``user`` change the content of ``skp`` (ignoring its status; the services check that)?"""
    if user is None:
        return True
    return is_own(user, skp) or is_hr_admin_for(user, skp)


def is_current_evaluator(user, skp) -> bool:
    """``user`` holds or acts in (Plt/Plh) the superior of the SKP's position today."""
    if user is None or user.employee_id is None:
        return False
    superior_id = skp.position.superior_id
    return superior_id is not None and superior_id in scope.get_scope(user).my_position_ids


def evaluator_missing(skp) -> bool:
    """Nobody exercises the superior position of the SKP today (or there is none)."""
    from kinerja.people.chain import holder_of

    superior = skp.position.superior
    if superior is None:
        return True
    holder, _acting = holder_of(superior)
    return holder is None


def can_evaluate(user, skp) -> bool:
    """May ``user`` approve or return ``skp``? Never one's own SKP."""
    if user is None:
        return True  # system work (CLI, demo loader)
    s = scope.get_scope(user)
    if not s.authenticated or is_own(user, skp):
        return False
    if not s.superuser and skp.instance_id != s.instance_id:
        return False
    if is_current_evaluator(user, skp):
        return True
    return is_hr_admin_for(user, skp) and evaluator_missing(skp)


def can_set_expectations(user, skp) -> bool:
    """May ``user`` write the specific expectations (ekspektasi khusus pimpinan) of ``skp``? They are the
    evaluator's word: whoever evaluates it (holder or acting Plt/Plh of the superior position, or the HR admin
    standing in when nobody does) — never the employee, never an HR admin while an evaluator exists."""
    return can_evaluate(user, skp)


def can_view_reports(user) -> bool:
    """Overdue lists and other SKP reports: admins, instance-wide readers and evaluating officials."""
    s = scope.get_scope(user)
    return s.authenticated and (s.superuser or s.instance_wide_view or bool(s.change_paths) or s.is_penilai)


def can_manage_periods(user) -> bool:
    """Periods and templates of the instance the user works on: its BKPSDM admin, or a platform operator."""
    instance_id = scope.get_scope(user).instance_id
    return instance_id is not None and scope.can_manage_instance(user, instance_id)


def can_export(user) -> bool:
    """The period export (every SKP in Excel): HR admins (BKPSDM: the instance; OPD: their subtree)."""
    from kinerja.exports.access import can_export as can_request

    return can_request(user)
