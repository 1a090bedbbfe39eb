"""What the home page shows of the tim monev (faces.py ``HOME_CARDS``): to an active member of the team, its open
rounds and the recommendations overdue or due within a week; to an owner, their own recommendations still to do."""

from __future__ import annotations

from datetime import timedelta

from django.urls import reverse

from . import permissions, queries
from .models import Recommendation, Round, RoundStatus

HOME_LIMIT = 4
SOON_DAYS = 7


def home_card(user, employee, today) -> dict | None:
    """Nothing (and no query) for a login without an employee record; members: three queries; owners: one."""
    if employee is None:
        return None
    member = permissions.membership(user)
    if member is not None:
        recs = permissions.restrict_recommendations(Recommendation.objects.all(), user)
        pressing = recs.filter(queries.active_q(), due_on__lte=today + timedelta(days=SOON_DAYS))
        return {"monev": {
            "member": member, "today": today, "url": reverse("monev:dashboard"),
            "rounds": list(Round.objects.filter(instance_id=member.instance_id, status=RoundStatus.OPEN)
                           .order_by("-start_date", "-pk")[:3]),
            "recs": list(queries.recommendations(pressing, today)[:HOME_LIMIT]),
            "counts": queries.status_counts(recs, today)}}
    mine = list(queries.recommendations(Recommendation.objects.filter(permissions.mine_q(user), queries.active_q()),
                                        today)[:HOME_LIMIT])
    return {"monev": {"member": None, "today": today, "url": reverse("monev:mine"), "recs": mine}} if mine else None
