"""Who sees and writes progress: reports, evidence, action plans and the daily log.

* SEE: whoever may see the SKP (``skp.permissions.skp_q``: oneself, the evaluator, the heads and
  administrators above, instance-wide readers) sees its reports, evidence, action plans and daily log, and may
  download its evidence files. Anyone else gets a 404 (the rows are simply not found).
* WRITE: only the SKP's own employee reports progress, adds or removes evidence, plans actions and keeps the
  daily log (background work as a system actor too). Reviewing (accepting, returning) is the evaluator's:
  ``can_review``.
"""

from __future__ import annotations

from django.db.models import Q, QuerySet

from kinerja.core.actors import is_system
from kinerja.core.compiled import CompiledQuery
from kinerja.skp import permissions as skp_permissions

VIEW = skp_permissions.VIEW


def _q(user, prefix: str) -> Q:
    return skp_permissions.prefix_q(skp_permissions.skp_q(user, VIEW), prefix)


def report_q(user) -> Q:
    return _q(user, "skp")


def restrict_reports(qs: QuerySet, user) -> QuerySet:
    """The reports of ``qs`` that ``user`` may see (those of the SKPs they may see)."""
    return qs.filter(report_q(user))


def restrict_evidence(qs: QuerySet, user) -> QuerySet:
    """The evidence of ``qs`` that ``user`` may see (and download)."""
    return qs.filter(_q(user, "report__skp"))


def restrict_action_plans(qs: QuerySet, user) -> QuerySet:
    return qs.filter(_q(user, "iki__rhk__skp"))


def restrict_daily_logs(qs: QuerySet, user) -> QuerySet:
    return qs.filter(_q(user, "skp"))


def restrict_ikis(qs: QuerySet, user) -> QuerySet:
    """The IKI ``user`` may see (to report on one, it must also be their own: :func:`can_report`)."""
    return qs.filter(_q(user, "rhk__skp"))


def restrict_rhks(qs: QuerySet, user) -> QuerySet:
    return qs.filter(_q(user, "skp"))


def own_iki(user, pk: int, related=()):
    """The IKI ``pk`` of ``user``'s own SKP (which they may see and report on), or None."""
    from kinerja.skp.models import Iki

    employee_id = getattr(user, "employee_id", None)
    if employee_id is None:
        return None
    # order_by(): no Meta ordering (Iki → Rhk → Skp orders by joined fields; expanding it cost ~20 ms a call);
    # compiled once per shape (the month-end rush asks it on every submission)
    query = _OWN_IKI.get(related)
    if query is None:
        query = _OWN_IKI.setdefault(related, CompiledQuery(
            Iki, lambda pk, employee_id: Iki.objects.select_related(*related)
            .filter(pk=pk, rhk__skp__employee_id=employee_id).order_by(), pk=int, employee_id=int))
    return query.first(pk=pk, employee_id=employee_id)


_OWN_IKI: dict[tuple, CompiledQuery] = {}


def can_report(user, skp) -> bool:
    """Only the SKP's own employee writes its progress (and background work: the demo loader, the CLI)."""
    return is_system(user) or skp_permissions.is_own(user, skp)


def can_review(user, skp) -> bool:
    """Accept or return reports and evidence: whoever evaluates the SKP (never its own employee)."""
    return skp_permissions.can_evaluate(user, skp)


def can_download(user, evidence) -> bool:
    """May ``user`` download the file of ``evidence``? Whoever may see its report; a deleted one nobody."""
    from .models import Evidence

    if evidence.deleted_at is not None:
        return False
    return restrict_evidence(Evidence.objects.filter(pk=evidence.pk), user).exists()


# --- supervision: the superior's team view and review queue (progress/team.py, views/team.py) --------------


def has_review_team(user) -> bool:
    """The menu entry "Progres tim", the team view and the review queue: an evaluating official with a position
    today (held or acting Plt/Plh), as ``people.permissions.has_team``."""
    from kinerja.people import permissions as people_permissions

    return people_permissions.has_team(user)


def review_team_q(user, prefix: str = "") -> Q:
    """The employees whose progress ``user`` supervises: their team (``people.permissions.team_q``: the people
    whose position reports to one ``user`` holds or acts in (Plt/Plh) today). ``prefix`` reaches Employee."""
    from kinerja.people import permissions as people_permissions

    return people_permissions.team_q(user, prefix=prefix)


def heads_units(user) -> bool:
    """Holds or acts in (Plt/Plh) the head position of a unit today: the team view offers the whole subtree."""
    from kinerja.accounts import scope

    return has_review_team(user) and bool(scope.get_scope(user).headed_paths)


def unit_team_q(user, prefix: str = "") -> Q:
    """A unit head's wider view: the active employees with a position in the unit subtrees ``user`` heads
    today, never themself. Read only: who reviews each report stays its evaluator (:func:`can_review`)."""
    from kinerja.accounts import scope
    from kinerja.core.tree import subtree_q

    s = scope.get_scope(user)
    if not s.authenticated or not s.headed_paths:
        return scope.NOTHING
    p = f"{prefix}__" if prefix else ""
    q = subtree_q(s.headed_paths, f"{p}unit__path") & Q(**{f"{p}instance_id": s.instance_id, f"{p}is_active": True,
                                                          f"{p}position__isnull": False})
    if s.employee_id is not None:
        q &= ~Q(**{f"{p}pk": s.employee_id})
    return q


# --- the HR stand-in: an HR admin evaluates where nobody exercises the superior position ----------------------


def stand_in_q(user, prefix: str = "") -> Q:
    """The employees an HR admin stands in for as evaluator (``skp.permissions.can_evaluate``: an HR admin of the
    employee — BKPSDM: the instance; OPD admin: their subtrees — when nobody exercises the superior position
    today): the active employees with a position in ``user``'s change scope whose superior position is vacant
    (no active holder) with no acting official (Plt/Plh) today. Never the user themself. ``prefix`` reaches
    Employee. The top officials, whose position has no superior in the tree (the Sekda), are not a vacancy:
    they are not listed (the HR admin still evaluates them, from their SKP)."""
    from django.utils import timezone

    from kinerja.accounts import scope
    from kinerja.core.tree import subtree_q
    from kinerja.people.models import Assignment, Employee

    s = scope.get_scope(user)
    if not s.authenticated or s.read_only or s.instance_id is None:
        return scope.NOTHING
    p = f"{prefix}__" if prefix else ""
    held = (Employee.objects.filter(instance_id=s.instance_id, is_active=True, position__isnull=False)
            .values("position_id"))
    acting = (Assignment.objects.active_on(timezone.localdate()).acting().filter(instance_id=s.instance_id)
              .values("position_id"))
    q = Q(**{f"{p}instance_id": s.instance_id, f"{p}is_active": True, f"{p}position__isnull": False})
    q &= (Q(**{f"{p}position__superior__isnull": False}) & ~Q(**{f"{p}position__superior_id__in": held})
          & ~Q(**{f"{p}position__superior_id__in": acting}))
    if not (s.superuser or s.instance_wide_change):
        q &= subtree_q(s.change_paths, f"{p}unit__path")
    if s.employee_id is not None:
        q &= ~Q(**{f"{p}pk": s.employee_id})
    return q


def has_stand_in_team(user) -> bool:
    """An HR admin with someone to stand in for (one query; none for a login that writes nothing)."""
    from kinerja.accounts import scope
    from kinerja.people.models import Employee

    s = scope.get_scope(user)
    if not s.authenticated or s.read_only or s.instance_id is None:
        return False
    return Employee.objects.filter(stand_in_q(user)).exists()


def has_progress_team(user) -> bool:
    """The menu entry "Progres tim", the team view and the review queue: an evaluating official
    (:func:`has_review_team`) or an HR admin standing in for a missing one (:func:`has_stand_in_team`)."""
    return has_review_team(user) or has_stand_in_team(user)


def supervised_q(user, prefix: str = "") -> Q:
    """Whose progress ``user`` follows and reviews: their team, and those they stand in for as HR admin."""
    return review_team_q(user, prefix) | stand_in_q(user, prefix)
