"""Who sees and does what in 360 feedback.

* ADMINISTER a round (create, propose raters, add/remove a rater, open, close; read its assignments and
  counts): the BKPSDM admin (the whole instance) and the OPD admin for rounds whose unit lies in their
  subtree (an instance-wide round is the BKPSDM admin's). Out of scope: 404; a user with no admin role: 403
  on the lists, 404 on an object.
* An administrator never sees the assignments *about themselves* (who was asked to rate them).
* ANSWER: the rater of an assignment, nobody else (another user: 404, so assignment ids reveal nothing).
* RESULTS: each employee reads their own aggregate (results.py decides when it is released). Nobody reads
  individual responses: there is no page, API operation or export of them.
"""

from __future__ import annotations

from django.db.models import Q, QuerySet

from kinerja.accounts import scope
from kinerja.core.actors import is_system
from kinerja.core.tree import subtree_q

from .models import Assignment, Round


def round_q(user, prefix: str = "") -> Q:
    """The rounds ``user`` administers (``prefix``: the path from the model to the round)."""
    s = scope.get_scope(user)
    p = f"{prefix}__" if prefix else ""
    if not s.authenticated:
        return scope.NOTHING
    if s.superuser:
        return Q()
    tenant = Q(**{f"{p}instance_id": s.instance_id})
    if s.instance_wide_change:
        return tenant
    if s.change_paths:
        return tenant & subtree_q(s.change_paths, f"{p}unit__path")
    return scope.NOTHING


def administers(user) -> bool:
    """The "360 rounds" menu entry and the lists: an HR admin (BKPSDM, or OPD for their units)."""
    if is_system(user):
        return True
    s = scope.get_scope(user)
    return bool(s.superuser or s.instance_wide_change or s.change_paths)


def restrict_rounds(qs: QuerySet, user) -> QuerySet:
    return qs.filter(round_q(user))


def can_administer(user, round_: Round) -> bool:
    if is_system(user):
        return True
    return restrict_rounds(Round.objects.filter(pk=round_.pk), user).exists()


def can_create_round(user, instance_id: int, unit=None) -> bool:
    if is_system(user):
        return True
    s = scope.get_scope(user)
    if s.superuser:
        return True
    if s.instance_id != instance_id:
        return False
    if s.instance_wide_change:
        return True
    if unit is None:
        return False
    from kinerja.core.tree import in_subtrees

    return in_subtrees(unit.path, s.change_paths)


def restrict_round_units(qs: QuerySet, user) -> QuerySet:
    """The units a round may be created for by ``user`` (the form's choices)."""
    s = scope.get_scope(user)
    if s.superuser or s.instance_wide_change:
        return qs
    return qs.filter(subtree_q(s.change_paths, "path"))


def restrict_assignments(qs: QuerySet, user) -> QuerySet:
    """The assignments an administrator manages: those of their rounds, without the ones about themselves."""
    qs = qs.filter(round_q(user, "round"))
    employee_id = getattr(user, "employee_id", None)
    if employee_id is not None and not is_system(user):
        qs = qs.exclude(ratee_id=employee_id)
    return qs


def my_tasks(user, qs: QuerySet | None = None) -> QuerySet:
    """The assignments ``user`` answers as the rater."""
    qs = Assignment.objects.all() if qs is None else qs
    employee_id = getattr(user, "employee_id", None)
    if employee_id is None or is_system(user):
        return qs.none()
    return qs.filter(rater_id=employee_id, instance_id=user.instance_id)


def has_tasks_page(user) -> bool:
    """The "360 feedback" menu entry: every employee (their tasks as a rater, their own results)."""
    s = scope.get_scope(user)
    return s.authenticated and s.employee_id is not None
