"""Who may see and review progress reports (DOMAIN §1 step 2): queryset filters and checks over the SKP's.

Whoever may see an SKP may see its reports and evidence (``skp.permissions.skp_q``); the SKP's current
evaluator — whoever holds or acts in (Plt/Plh) the superior position today, or the HR admin standing in
when nobody does (``skp.permissions.can_evaluate``) — reviews them. Never the employee themself.
"""

from __future__ import annotations

from django.db.models import Q, QuerySet

from kinerja.people import permissions as people_permissions
from kinerja.skp import permissions as skp_permissions

# --- supervision: the superior's review and team view (progress/services/review.py, views/team.py) -----


def reports_q(user, prefix: str = "") -> Q:
    """The reports ``user`` may see: those of the SKPs they may see."""
    return skp_permissions.prefix_q(skp_permissions.skp_q(user), f"{prefix}__skp" if prefix else "skp")


def restrict_reports(qs: QuerySet, user) -> QuerySet:
    return qs.filter(reports_q(user))


def restrict_evidence(qs: QuerySet, user) -> QuerySet:
    return qs.filter(reports_q(user, prefix="report"))


def can_review(user, report) -> bool:
    """May ``user`` accept or return ``report`` and review its evidence? The SKP's current evaluator."""
    return skp_permissions.can_evaluate(user, report.skp)


def has_review_team(user) -> bool:
    """The menu entry "Progres tim" and the team view: an evaluating official with a position today."""
    return people_permissions.has_team(user)


def review_team_q(user, prefix: str = "") -> Q:
    """The employees whose progress ``user`` supervises: their team (``people.permissions.team_q``: the
    people whose position reports to one ``user`` holds or acts in (Plt/Plh) today)."""
    return people_permissions.team_q(user, prefix=prefix)
