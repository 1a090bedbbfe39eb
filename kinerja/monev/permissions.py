"""Who reads and writes the tim monev's records (queryset filters; out of scope is a 404).

* READ everything of the instance: the instance-wide readers (BKPSDM admin, the monev role, pimpinan, auditor)
  and the active members of the team; a platform operator everywhere.
* READ what concerns a subtree: the head of a unit (also Plt/Plh) reads the sessions about employees or units
  of the subtree they head, the recommendations owned there, and the rounds holding such a session.
* READ one's own: the owner of a recommendation (the employee, or the head of the owning unit) reads it and
  its trail ("recommendations for me").
* WRITE (rounds, sessions, findings, links, recommendations, training needs; drop and reopen): an active member
  of the instance's tim monev (:func:`is_member`) — the monev role alone reads, it does not write.
* UPDATE PROGRESS (notes; open → in progress → done): the owner, and the members.
* MANAGE THE TEAM (membership): the BKPSDM admin of the instance (``accounts.scope.can_manage_instance``).
"""

from __future__ import annotations

from django.db.models import Exists, OuterRef, Q, QuerySet
from django.utils import timezone

from kinerja.accounts import scope
from kinerja.core.actors import is_system
from kinerja.core.tree import subtree_q

from .models import Recommendation, Round, Session, TeamMember


def _s(user):
    return scope.get_scope(user)


def active_member_q(day=None, prefix: str = "") -> Q:
    day = day or timezone.localdate()
    p = f"{prefix}__" if prefix else ""
    return Q(**{f"{p}start_date__lte": day}) & (Q(**{f"{p}end_date__isnull": True}) | Q(**{f"{p}end_date__gte": day}))


def membership(user):
    """The user's active membership of their instance's team today (cached on the user for the request)."""
    if is_system(user) or user is None or not getattr(user, "is_authenticated", False):
        return None
    cached = getattr(user, "_monev_membership", False)
    if cached is not False:
        return cached
    s = _s(user)
    found = None
    if s.employee_id is not None and s.instance_id is not None:
        found = (TeamMember.objects.filter(active_member_q(), instance_id=s.instance_id, employee_id=s.employee_id)
                 .order_by("start_date").first())
    user._monev_membership = found
    return found


def is_member(user) -> bool:
    return is_system(user) or membership(user) is not None


def reads_instance(user) -> bool:
    """Reads every record of the instance's team."""
    if is_system(user):
        return True
    s = _s(user)
    return s.authenticated and (s.superuser or s.instance_wide_view or membership(user) is not None)


def _tenant(s, prefix: str = "") -> Q:
    p = f"{prefix}__" if prefix else ""
    return Q() if s.superuser else Q(**{f"{p}instance_id": s.instance_id})


def session_q(user, prefix: str = "") -> Q:
    s = _s(user)
    if not s.authenticated:
        return scope.NOTHING
    p = f"{prefix}__" if prefix else ""
    if reads_instance(user):
        return _tenant(s, prefix)
    if not s.headed_paths:
        return scope.NOTHING
    return _tenant(s, prefix) & subtree_q(s.headed_paths, f"{p}subject_unit__path")


def recommendation_q(user, prefix: str = "") -> Q:
    s = _s(user)
    if not s.authenticated:
        return scope.NOTHING
    p = f"{prefix}__" if prefix else ""
    if reads_instance(user):
        return _tenant(s, prefix)
    q = scope.NOTHING
    if s.headed_paths:
        q |= subtree_q(s.headed_paths, f"{p}owner_path") | subtree_q(s.headed_paths, f"{p}session__subject_unit__path")
    q |= mine_q(user, prefix)
    return _tenant(s, prefix) & q


def mine_q(user, prefix: str = "") -> Q:
    """The recommendations ``user`` owns: as the employee, or as the head (also Plt/Plh) of the owning unit."""
    s = _s(user)
    if not s.authenticated or s.instance_id is None:
        return scope.NOTHING
    p = f"{prefix}__" if prefix else ""
    q = scope.NOTHING
    if s.employee_id is not None:
        q |= Q(**{f"{p}owner_employee_id": s.employee_id})
    if s.headed_paths:
        q |= Q(**{f"{p}owner_unit__path__in": list(s.headed_paths)})
    return q & Q(**{f"{p}instance_id": s.instance_id})


def restrict_rounds(qs: QuerySet, user) -> QuerySet:
    s = _s(user)
    if not s.authenticated:
        return qs.none()
    if reads_instance(user):
        return qs.filter(_tenant(s))
    if not s.headed_paths:
        return qs.none()
    concerned = Session.objects.filter(session_q(user)).filter(round_id=OuterRef("pk"))
    return qs.filter(_tenant(s)).filter(Exists(concerned))


def restrict_sessions(qs: QuerySet, user) -> QuerySet:
    return qs.filter(session_q(user))


def restrict_findings(qs: QuerySet, user) -> QuerySet:
    return qs.filter(session_q(user, "session"))


def restrict_recommendations(qs: QuerySet, user) -> QuerySet:
    return qs.filter(recommendation_q(user))


def restrict_training_needs(qs: QuerySet, user) -> QuerySet:
    return qs.filter(recommendation_q(user, "recommendation"))


def restrict_members(qs: QuerySet, user) -> QuerySet:
    """The team's composition: for those who read the whole instance's monev records."""
    s = _s(user)
    if not s.authenticated or not reads_instance(user):
        return qs.none()
    return qs.filter(_tenant(s))


# --- checks ----------------------------------------------------------------------------------------------------


def can_manage_team(user, instance_id=None) -> bool:
    if is_system(user):
        return True
    s = _s(user)
    return scope.can_manage_instance(user, s.instance_id if instance_id is None else instance_id)


def can_write(user, instance_id=None) -> bool:
    """Create and edit rounds, sessions, findings, recommendations, training needs: an active member."""
    if is_system(user):
        return True
    m = membership(user)
    return m is not None and (instance_id is None or m.instance_id == instance_id)


def can_edit_round(user, round_: Round) -> bool:
    return can_write(user, round_.instance_id)


def can_add_session(user, round_: Round) -> bool:
    return can_write(user, round_.instance_id) and round_.status == "open"


def can_edit_session(user, session: Session) -> bool:
    return can_write(user, session.instance_id)


def is_owner(user, rec: Recommendation) -> bool:
    if is_system(user):
        return False
    s = _s(user)
    if not s.authenticated or s.instance_id != rec.instance_id:
        return False
    if rec.owner_employee_id is not None:
        return s.employee_id == rec.owner_employee_id
    return rec.owner_unit is not None and rec.owner_unit.path in s.headed_paths


def can_update_progress(user, rec: Recommendation) -> bool:
    """Write progress notes and move it open → in progress → done: the owner and the members."""
    return is_owner(user, rec) or can_write(user, rec.instance_id)


def can_edit_recommendation(user, rec: Recommendation) -> bool:
    """Change its text, owner, due date; drop or reopen it: the members."""
    return can_write(user, rec.instance_id)


def has_team_page(user) -> bool:
    """The "Tim monev" menu entry: those who read the team's work (the whole instance, or a headed subtree).
    Members hold the monev role (granted when they join); no query here: the menu is on every page."""
    s = _s(user)
    return s.authenticated and (s.superuser or s.instance_wide_view or bool(s.headed_paths))


def has_mine_page(user) -> bool:
    """The "Recommendations for me" entry: every employee (owners are employees or the heads of units)."""
    s = _s(user)
    return s.authenticated and s.employee_id is not None
