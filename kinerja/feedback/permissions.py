"""Who reads and writes feedback and dialogues (reusing kinerja/skp/permissions.py).

* READ (the comments of an SKP's RHK and reports, its dialogues and agreed actions): the SKP's employee, its
  evaluating official (named on the SKP, or exercising the superior position today), the HR admins whose scope
  holds the employee (BKPSDM: the instance; OPD: their subtree) and the instance-wide readers (auditor,
  pimpinan, monev). Nobody else — not the heads of the units above — and out of scope is a 404.
* TAKE PART (comment, reply; complete an agreed action): the SKP's employee and its current evaluator (or the
  HR admin standing in when nobody exercises the superior position: ``skp.permissions.can_evaluate``).
* LEAD A DIALOGUE (schedule, change, record notes and actions, cancel): the current evaluator
  (``can_evaluate``). The employee may request one (a planned dialogue they asked for), and cancel their own
  request while it is planned.
* A comment is edited and deleted by its author only.
"""

from __future__ import annotations

from django.db.models import Q, QuerySet

from kinerja.accounts import scope
from kinerja.core.actors import is_system
from kinerja.people import permissions as people_permissions
from kinerja.skp import permissions as skp_permissions

from .models import Comment, Dialogue, DialogueStatus


def skp_q(user, prefix: str = "") -> Q:
    """The SKPs whose feedback and dialogues ``user`` may read (``prefix``: the path from the model to the SKP)."""
    s = scope.get_scope(user)
    if not s.authenticated:
        return scope.NOTHING
    p = f"{prefix}__" if prefix else ""
    if s.superuser:
        return Q()
    tenant = Q(**{f"{p}instance_id": s.instance_id})
    if s.instance_wide_view:
        return tenant
    q = skp_permissions.prefix_q(people_permissions.employee_q(user, scope.CHANGE), f"{p}employee")
    if s.employee_id is not None:
        q |= Q(**{f"{p}employee_id": s.employee_id}) | Q(**{f"{p}evaluator_id": s.employee_id})
    if s.my_position_ids:
        q |= Q(**{f"{p}position__superior_id__in": list(s.my_position_ids)})
    return tenant & q


def restrict_skps(qs: QuerySet, user) -> QuerySet:
    """The SKPs of ``qs`` whose feedback ``user`` may read."""
    return qs.filter(skp_q(user))


def restrict_comments(qs: QuerySet, user) -> QuerySet:
    return qs.filter(skp_q(user, "skp"))


def restrict_dialogues(qs: QuerySet, user) -> QuerySet:
    return qs.filter(skp_q(user, "skp"))


def restrict_actions(qs: QuerySet, user) -> QuerySet:
    return qs.filter(skp_q(user, "dialogue__skp"))


def can_read(user, skp) -> bool:
    if is_system(user):
        return True
    from kinerja.skp.models import Skp

    return restrict_skps(Skp.objects.filter(pk=skp.pk), user).exists()


def is_own(user, skp) -> bool:
    return skp_permissions.is_own(user, skp)


def leads_dialogues(user, skp) -> bool:
    """The superior's part: the current evaluator (or the HR admin standing in for a missing one)."""
    return skp_permissions.can_evaluate(user, skp)


def can_take_part(user, skp) -> bool:
    """May comment on the SKP's RHK and reports, and tick off agreed actions."""
    if is_system(user):
        return True
    return is_own(user, skp) or leads_dialogues(user, skp)


def can_edit_comment(user, comment: Comment) -> bool:
    if comment.deleted_at is not None:
        return False
    if is_system(user):
        return True
    return user is not None and user.pk is not None and comment.author_id == user.pk


def can_schedule(user, skp) -> bool:
    """Schedule a dialogue (the superior) or request one (the employee)."""
    return can_take_part(user, skp)


def can_change_dialogue(user, dialogue: Dialogue) -> bool:
    """Change the date, place, agenda; record notes and actions; hold it."""
    return leads_dialogues(user, dialogue.skp)


def can_cancel_dialogue(user, dialogue: Dialogue) -> bool:
    if dialogue.status != DialogueStatus.PLANNED:
        return False
    if leads_dialogues(user, dialogue.skp):
        return True
    return dialogue.requested_by_employee and is_own(user, dialogue.skp)


def can_complete_action(user, action) -> bool:
    return can_take_part(user, action.dialogue.skp)


def participant_q(user) -> Q:
    """The dialogues ``user`` takes part in: as the employee, as the superior named on it, or as whoever
    exercises the superior position of its SKP today ("my dialogues")."""
    s = scope.get_scope(user)
    if not s.authenticated or s.employee_id is None:
        return scope.NOTHING
    q = Q(employee_id=s.employee_id) | Q(superior_id=s.employee_id)
    if s.my_position_ids:
        q |= Q(skp__position__superior_id__in=list(s.my_position_ids))
    return q & Q(instance_id=s.instance_id)


def my_dialogues(user, qs: QuerySet | None = None) -> QuerySet:
    qs = Dialogue.objects.all() if qs is None else qs
    return qs.filter(participant_q(user))


def has_dialogues_page(user) -> bool:
    """The "My dialogues" menu entry: employees (they have an SKP, and some lead their team's dialogues)."""
    s = scope.get_scope(user)
    return s.authenticated and s.employee_id is not None


def employee_id_of(user) -> int | None:
    return getattr(user, "employee_id", None)
