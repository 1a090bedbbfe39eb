"""Who administers logins and roles: the BKPSDM administrator (their instance) and platform operators."""

from __future__ import annotations

from django.db.models import QuerySet

from .models import User
from .scope import get_scope


def can_manage_users(user) -> bool:
    s = get_scope(user)
    return s.superuser or s.instance_wide_change


def managed_users(user, qs: QuerySet | None = None) -> QuerySet:
    """The logins ``user`` administers: every login for a platform operator, else those of their instance
    (check :func:`can_manage_users` first: this filter alone lets anyone see their own instance)."""
    qs = User.objects.all() if qs is None else qs
    s = get_scope(user)
    return qs if s.superuser else qs.filter(instance_id=s.instance_id)
