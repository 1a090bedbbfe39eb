"""Who may see, change and evaluate an SKP: queryset filters over the org tree (see accounts/scope.py).
Also who reads the periods and templates of an instance, monitors the SKPs and exports them.

* VIEW: one's own SKP; the SKPs of employees in one's scope (``people.permissions.employee_q`` applied to the
  SKP's employee: unit subtrees one heads or administers, positions reporting to one's own, instance-wide
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
from kinerja.core.actors import is_system
from kinerja.core.tree import subtree_q
from kinerja.people import permissions as people_permissions
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
    q = prefix_q(people_permissions.employee_q(user, action), "employee")
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
    if is_system(user):
        return True
    s = scope.get_scope(user)
    if s.superuser:
        return True
    if not s.authenticated or skp.instance_id != s.instance_id:
        return False
    return people_permissions.can_change_employee(user, skp.employee)


def can_change(user, skp) -> bool:
    """May ``user`` change the content of ``skp`` (ignoring its status; the services check that)?"""
    if is_system(user):
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
    if is_system(user):
        return True  # background work (CLI, demo loader)
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
    from kinerja.exports.permissions import can_export as can_request

    return can_request(user)


def tenant_q(user, field: str = "instance_id") -> Q:
    """The rows of the instance ``user`` works on (periods, templates); everything for a platform operator."""
    s = scope.get_scope(user)
    if s.superuser:
        return Q()
    if not s.authenticated or s.instance_id is None:
        return scope.NOTHING
    return Q(**{field: s.instance_id})


def can_monitor(user) -> bool:
    """The SKP monitoring (overdue SKPs): HR administrators and instance-wide roles."""
    s = scope.get_scope(user)
    return s.superuser or s.instance_wide_view or bool(s.change_paths)


def monitored_units(user) -> QuerySet:
    """The active units whose SKPs ``user`` monitors: the instance (a platform operator: the one they work
    on), or the subtrees an OPD administrator manages."""
    from kinerja.organization.models import Unit

    s = scope.get_scope(user)
    units = Unit.objects.filter(is_active=True)
    if not s.superuser or s.instance_id is not None:
        units = units.filter(instance_id=s.instance_id)
    if not (s.superuser or s.instance_wide_view):
        units = units.filter(subtree_q(s.change_paths, "path"))
    return units


def export_periods(user) -> QuerySet:
    """The periods ``user`` may export (check :func:`can_export` first)."""
    from .models import Period

    s = scope.get_scope(user)
    qs = Period.objects.all()
    return qs if s.superuser else qs.filter(instance_id=s.instance_id)


def export_units(user) -> QuerySet:
    """The units ``user`` may export: the instance for a BKPSDM admin, their subtrees for an OPD admin."""
    from kinerja.organization.models import Unit

    s = scope.get_scope(user)
    if s.superuser:
        return Unit.objects.all()
    qs = Unit.objects.filter(instance_id=s.instance_id)
    return qs if s.instance_wide_change else qs.filter(subtree_q(s.change_paths, "path"))


def exports_across_instances(user) -> bool:
    """A platform operator exports any instance's periods (the export form names each period's instance)."""
    return scope.get_scope(user).superuser


def exports_whole_instance(user) -> bool:
    """May export a whole instance at once (no unit picked): its BKPSDM administrator, a platform operator;
    an OPD administrator must pick one of their units."""
    s = scope.get_scope(user)
    return s.superuser or s.instance_wide_change


def home_instance_id(user) -> int | None:
    """The instance whose SKPs ``user``'s home card summarises (a platform operator: the one picked in the menu);
    None when signed out or working on no instance."""
    return scope.get_scope(user).instance_id


def holds_hr_role(user) -> bool:
    """Holds an HR administrator's role (BKPSDM admin, or OPD admin of a unit) — the home card's overdue figure;
    a platform operator without such a role does not."""
    s = scope.get_scope(user)
    return s.instance_wide_change or bool(s.change_paths)


def holds_instance_hr_role(user) -> bool:
    """Holds the BKPSDM administrator's role: the home card links the periods and counts the whole instance."""
    return scope.get_scope(user).instance_wide_change


def working_instance_id(user) -> int | None:
    """The instance ``user`` works on (a platform operator: the one picked in the menu)."""
    return scope.get_scope(user).instance_id or getattr(user, "instance_id", None)


def user_periods(user) -> QuerySet:
    """The SKP periods of the instance ``user`` works on."""
    from .models import Period

    instance_id = working_instance_id(user)
    if instance_id is None:
        return Period.objects.none()
    return Period.objects.filter(instance_id=instance_id)
