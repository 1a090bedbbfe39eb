"""Who sees which notifications: each user only their own (another's is a 404), and only they choose their e-mails."""

from __future__ import annotations

from django.db.models import QuerySet

from kinerja.core.actors import is_system

from .models import Notification


def restrict_notifications(qs: QuerySet[Notification], user) -> QuerySet[Notification]:
    """The notifications addressed to ``user`` (nothing for an anonymous user or a system actor)."""
    if user is None or not getattr(user, "is_authenticated", False) or not user.pk:
        return qs.none()
    return qs.filter(recipient_id=user.pk)


def has_inbox(user) -> bool:
    """Whether the user has a bell and a notifications page: every logged-in user, except one who must first
    replace a one-time password (every other page, the bell's count included, sends them to the password page:
    a bell there would poll, be redirected to the page it is on, and reload it without end)."""
    return bool(user is not None and getattr(user, "is_authenticated", False)
                and not getattr(user, "must_change_password", False))


def can_set_preferences(actor, user) -> bool:
    """A user chooses their own e-mails; background work (the CLI) may set them for anyone."""
    if is_system(actor):
        return True
    return bool(getattr(actor, "is_authenticated", False) and actor.pk == user.pk)
