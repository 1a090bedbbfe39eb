"""What the home page shows of socialisation: the unread items addressed to the employee."""

from __future__ import annotations

from dataclasses import dataclass, field

from django.db.models import Exists, OuterRef
from django.urls import reverse

from .models import Acknowledgement, Item, Reminder
from .permissions import addressed_q

HOME_LIMIT = 4


@dataclass
class HomeFeed:
    items: list[Item] = field(default_factory=list)
    unread: int = 0
    url: str = ""

    @property
    def more(self) -> int:
        return max(self.unread - len(self.items), 0)


def unread_items(employee):
    """Published items addressed to ``employee`` that they have not acknowledged, reminded ones marked."""
    return (Item.objects.filter(addressed_q(employee))
            .exclude(Exists(Acknowledgement.objects.filter(item=OuterRef("pk"), employee=employee)))
            .annotate(reminded=Exists(Reminder.objects.filter(item=OuterRef("pk"), employee=employee))))


def home_feed(employee) -> HomeFeed | None:
    """Two queries: the first few unread items (reminded first, newest first) and how many there are."""
    if employee is None or not employee.is_active:
        return None
    qs = unread_items(employee)
    items = list(qs.order_by("-reminded", "-published_at", "-id")[:HOME_LIMIT])
    unread = len(items) if len(items) < HOME_LIMIT else qs.count()
    return HomeFeed(items, unread, reverse("socialisation:mine"))


def home_card(user, employee, today) -> dict | None:
    """The home page's card of unread policies and guides (socialisation/faces.py)."""
    feed = home_feed(employee)
    return {"feed": feed} if feed is not None else None
