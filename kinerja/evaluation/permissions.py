"""Who reads and changes evaluations: queryset filters over the org tree (out of scope is a 404).

* Read: the employee their own once final; the evaluating official — whoever holds or acts in (Plt/Plh) the
  superior of the evaluated position today — their team's, and the evaluations they signed; HR admins in their
  scope (BKPSDM: the instance; OPD admin: their subtree); monev, pimpinan and auditors the whole instance (read-only).
* Rate, finalise, reopen: the evaluating official only (never the employee) — or, while the superior post is vacant
  today (no holder, no Plt/Plh), the HR admin in scope standing in (``can_stand_in``). Acknowledge: the employee.

Organisation predikat, calibration, appeals and reports: their own section below.
"""

from __future__ import annotations

from django.db.models import Q, QuerySet

from kinerja.accounts import scope
from kinerja.accounts.models import Role
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
    """The evaluating official of ``evaluation`` today (:func:`is_evaluating_official`), or the HR admin standing
    in while the superior post is vacant (:func:`can_stand_in`). Never the employee themself; background work (the
    CLI) passes."""
    if is_system(user):
        return True
    return is_evaluating_official(user, evaluation) or can_stand_in(user, evaluation)


def is_evaluating_official(user, evaluation) -> bool:
    """The holder of the superior of the evaluated position today, or the Plt/Plh acting in it."""
    s = scope.get_scope(user)
    if not s.authenticated or s.employee_id is None or is_own(user, evaluation):
        return False
    if evaluation.instance_id != s.instance_id:
        return False
    superior_id = evaluation.position.superior_id
    return superior_id is not None and superior_id in s.my_position_ids


# --- the HR stand-in (as progress and skp: an HR admin evaluates where nobody exercises the superior post) -----


def superior_vacant(position, day=None) -> bool:
    """The superior (evaluating) position of ``position`` exists and nobody exercises it on ``day`` (today): no
    active holder and no acting Plt/Plh. A position with no superior in the tree is no vacancy."""
    from kinerja.people.chain import holder_of

    superior = position.superior if position is not None and position.superior_id else None
    if superior is None:
        return False
    holder, _acting = holder_of(superior, day)
    return holder is None


def is_hr_admin_of(user, evaluation) -> bool:
    """An HR admin who may change the evaluated employee (BKPSDM: the instance; OPD admin: their subtree), never
    a read-only role, never the employee themself."""
    if is_system(user):
        return False
    s = scope.get_scope(user)
    if not s.authenticated or s.read_only or is_own(user, evaluation):
        return False
    if not s.superuser and evaluation.instance_id != s.instance_id:
        return False
    from kinerja.people.permissions import can_change_employee

    return can_change_employee(user, evaluation.employee)


def is_hr_admin_scope(user) -> bool:
    """An HR admin who changes employees somewhere (BKPSDM, an OPD admin, a platform operator), not read-only."""
    s = scope.get_scope(user)
    return s.authenticated and not s.read_only and (s.superuser or s.instance_wide_change or bool(s.change_paths))


def can_stand_in(user, evaluation) -> bool:
    """The HR admin in scope rates, finalises and reopens ``evaluation`` in place of the evaluating official while
    the superior post is vacant today (no holder, no Plt/Plh): the evaluation records it (``evaluator_acting`` =
    ``hr``, ``stand_in``)."""
    return is_hr_admin_of(user, evaluation) and superior_vacant(evaluation.position)


def stand_in_employees_q(user) -> Q:
    """The employees ``user`` stands in for as HR admin (``progress.permissions.stand_in_q``: in their change scope,
    the superior post vacant today), the team page's second list."""
    from kinerja.progress.permissions import stand_in_q

    return stand_in_q(user)


def has_stand_in_team(user) -> bool:
    from kinerja.progress.permissions import has_stand_in_team as has_team

    return has_team(user)


def exercises_position(user, position_id: int | None) -> bool:
    """``user`` holds or acts in the position today."""
    return position_id is not None and position_id in scope.get_scope(user).my_position_ids


def can_acknowledge(user, evaluation) -> bool:
    return is_system(user) or is_own(user, evaluation)


def has_team_evaluations(user) -> bool:
    """The "Evaluasi tim" menu: an evaluating official (someone reports to a position they exercise), or an HR
    admin with someone to stand in for (a vacant superior post in their scope)."""
    return evaluates_a_team(user) or has_stand_in_team(user)


def evaluates_a_team(user) -> bool:
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


# =============================================================================================================
# Organisation predikat, calibration, appeals and reports (issue 10 items 4, 6, 7)
#
# * SET A UNIT'S ORGANISATION PREDIKAT ("the level above", DOMAIN §5): whoever leads the unit's parent unit
#   today (the holder or an acting Plt/Plh of its head position); for a top-level unit (an OPD, no parent) the
#   BKPSDM administrator of the instance, who also stands in when nobody leads the parent unit. Never the
#   unit's own head, never an OPD administrator (they are HR, not the level above).
# * CALIBRATE (read the live check, adjust, lock): the head of the unit (or of a unit above it: they lead the
#   subtree) together with the HR administrator in scope — the BKPSDM administrator (the instance) or the OPD
#   administrator of a subtree holding the unit. Either may record the meeting's adjustments and lock.
# * READ a calibration and the organisation predikat: the calibrators above, the instance-wide readers
#   (pimpinan, auditor, monev) and whoever heads or administers a unit above.
# * APPEAL: only the evaluated employee, on their own locked annual evaluation; DECIDE: only the evaluator's
#   superior (the one named on the SKP, or whoever exercises that position today, Plt/Plh included).
#   An appeal is read by its employee, its decider and the HR administrators and instance-wide readers in scope.
# * REPORTS: HR administrators (their scope), instance-wide readers and unit heads (their subtree); the
#   leadership view: pimpinan (read-only) and the BKPSDM administrator.
# =============================================================================================================



def _covers(paths, path: str) -> bool:
    return any(path.startswith(p) for p in paths)


def _same_instance(s, obj) -> bool:
    return s.superuser or (s.instance_id is not None and obj.instance_id == s.instance_id)


def result_units_q(user, path: str = "path", instance: str = "instance_id") -> Q:
    """The units whose organisation predikat, calibration and results ``user`` may read (``path`` and
    ``instance``: the lookups of the unit's path and instance from the model filtered)."""
    s = scope.get_scope(user)
    if not s.authenticated:
        return scope.NOTHING
    if s.superuser:
        return Q() if s.instance_id is None else Q(**{instance: s.instance_id})
    tenant = Q(**{instance: s.instance_id})
    if s.instance_wide_view:
        return tenant
    paths = list(dict.fromkeys([*s.change_paths, *s.headed_paths]))
    if not paths:
        return scope.NOTHING
    return tenant & subtree_q(paths, path)


def restrict_result_units(qs: QuerySet, user) -> QuerySet:
    """Units (``organization.Unit``) of ``qs`` whose results ``user`` may read."""
    return qs.filter(result_units_q(user))


def can_read_results(user) -> bool:
    """The evaluation results pages (calibration list, reports): HR admins, instance-wide readers, unit heads."""
    s = scope.get_scope(user)
    return s.authenticated and (s.superuser or s.instance_wide_view or bool(s.change_paths) or bool(s.headed_paths))


def can_set_unit_rating(user, unit) -> bool:
    """The level above: the head of the parent unit; for an OPD (or a vacant parent) the BKPSDM admin."""
    if is_system(user):
        return True
    s = scope.get_scope(user)
    if not s.authenticated or not _same_instance(s, unit):
        return False
    if s.superuser:
        return True
    parent_path = unit.path[:-unit.steplen] if unit.depth > 1 else None
    if parent_path is not None and parent_path in s.headed_paths:
        return True
    if not s.instance_wide_change:
        return False
    if parent_path is None:
        return True
    from kinerja.organization.models import Position
    from kinerja.people.holders import current_holders

    heads = list(Position.objects.filter(unit__instance_id=unit.instance_id, unit__path=parent_path, is_head=True)
                 .values_list("pk", flat=True))
    holders = current_holders(heads)
    return not any(holders.get(pk) for pk in heads)  # nobody leads the parent unit: BKPSDM stands in


def can_calibrate(user, unit) -> bool:
    """The unit head (or a head above) and the HR administrator in scope."""
    if is_system(user):
        return True
    s = scope.get_scope(user)
    if not s.authenticated or not _same_instance(s, unit):
        return False
    if s.superuser or s.instance_wide_change:
        return True
    return _covers(s.change_paths, unit.path) or _covers(s.headed_paths, unit.path)


def can_read_calibration(user, unit) -> bool:
    if is_system(user):
        return True
    return restrict_result_units(type(unit).objects.filter(pk=unit.pk), user).exists()


def can_see_leadership(user) -> bool:
    """The leadership view (pimpinan, read-only; the BKPSDM administrator)."""
    s = scope.get_scope(user)
    return s.authenticated and (s.superuser or Role.PIMPINAN in s.roles or s.instance_wide_change)


def can_see_results_menu(user) -> bool:
    return can_read_results(user)


def is_evaluated_employee(user, evaluation) -> bool:
    return user is not None and getattr(user, "employee_id", None) is not None \
        and user.employee_id == evaluation.employee_id


def can_file_appeal(user, evaluation) -> bool:
    """Only the evaluated employee (the service checks the lock and the deadline)."""
    return is_evaluated_employee(user, evaluation)


def decider_ids(skp) -> set[int]:
    """The employees who may decide an appeal on ``skp``: the evaluator's superior named on it and whoever
    exercises that position today (Plt/Plh first)."""
    ids = set()
    if skp.evaluator_superior_id:
        ids.add(skp.evaluator_superior_id)
    if skp.evaluator_superior_position_id:
        from kinerja.people.holders import current_holders

        ids |= {h.employee.pk for h in current_holders([skp.evaluator_superior_position_id]).get(
            skp.evaluator_superior_position_id, [])}
    return ids


def can_decide_appeal(user, appeal) -> bool:
    if is_system(user):
        return True
    employee_id = getattr(user, "employee_id", None)
    if employee_id is None or employee_id == appeal.evaluation.employee_id:
        return False
    if appeal.instance_id != getattr(user, "instance_id", None):
        return False
    return employee_id == appeal.decider_id or employee_id in decider_ids(appeal.evaluation.skp)


def appeal_q(user, prefix: str = "") -> Q:
    """The appeals ``user`` may read: their own, those they decide, and those in their HR/reader scope."""
    p = f"{prefix}__" if prefix else ""
    s = scope.get_scope(user)
    if not s.authenticated:
        return scope.NOTHING
    if s.superuser:
        return Q()
    tenant = Q(**{f"{p}instance_id": s.instance_id})
    if s.instance_wide_view:
        return tenant
    q = scope.NOTHING
    if s.change_paths:
        q |= subtree_q(s.change_paths, f"{p}evaluation__unit__path")
    if s.employee_id is not None:
        q |= Q(**{f"{p}evaluation__employee_id": s.employee_id}) | Q(**{f"{p}decider_id": s.employee_id})
    if s.my_position_ids:
        q |= Q(**{f"{p}evaluation__skp__evaluator_superior_position_id__in": list(s.my_position_ids)})
    return tenant & q


def restrict_appeals(qs: QuerySet, user) -> QuerySet:
    return qs.filter(appeal_q(user))


def own_evaluations_q(user) -> Q:
    """The user's own evaluations (to appeal)."""
    employee_id = getattr(user, "employee_id", None)
    if employee_id is None:
        return scope.NOTHING
    return Q(employee_id=employee_id, instance_id=user.instance_id)


def has_appeals_page(user) -> bool:
    s = scope.get_scope(user)
    return s.authenticated and (s.employee_id is not None or s.instance_wide_view or bool(s.change_paths)
                                or s.superuser)


def has_appeals_menu(user) -> bool:
    """The menu entry: employees (their own predikat and appeals); HR admins and readers reach the appeals in
    their scope from the calibration pages."""
    return scope.get_scope(user).employee_id is not None
