"""Notifications: mine, newest first (keyset pages), the unread count, read marks and my e-mail choices.
Each user sees only their own: another user's notification is a 404."""

from __future__ import annotations

from django.shortcuts import get_object_or_404
from ninja import Router

from kinerja.api.lookups import actor, page
from kinerja.api.schemas import READ_ERRORS, WRITE_ERRORS
from kinerja.api.types import Cursor, Id, Limit
from kinerja.notifications import permissions, services
from kinerja.notifications.models import Kind, Notification

from .schemas import NotificationOut, NotificationPage, PreferencesIn, PreferencesOut, ReadAllOut, UnreadCountOut

router = Router(tags=["notifications"])
ORDERING = ["-created_at", "-id"]


def _mine(request):
    return permissions.restrict_notifications(Notification.objects.all(), actor(request))


@router.get("/notifications", response={200: NotificationPage, **READ_ERRORS})
def list_notifications(request, unread: bool | None = None, kind: Kind | None = None,
                       cursor: Cursor | None = None, limit: Limit | None = None):
    """My notifications, newest first. `unread=true` lists only the unread ones, `unread=false` the read ones."""
    qs = _mine(request)
    if unread is True:
        qs = qs.filter(read_at__isnull=True)
    elif unread is False:
        qs = qs.filter(read_at__isnull=False)
    if kind:
        qs = qs.filter(kind=kind)
    return page(qs, ORDERING, limit, cursor)


@router.get("/notifications/unread-count", response={200: UnreadCountOut, **READ_ERRORS})
def unread_count(request):
    """How many of my notifications are unread (what the bell shows)."""
    return {"unread": _mine(request).filter(read_at__isnull=True).count()}


@router.post("/notifications/read-all", response={200: ReadAllOut, **WRITE_ERRORS})
def read_all(request):
    """Mark all my notifications read."""
    return {"marked": services.mark_all_read(actor=actor(request))}


@router.post("/notifications/{int:notification_id}/read", response={200: NotificationOut, **WRITE_ERRORS})
def read(request, notification_id: Id):
    """Mark one of my notifications read (again: nothing changes). Another user's is a 404."""
    notification = get_object_or_404(_mine(request), pk=notification_id)
    return services.mark_read(actor=actor(request), notification=notification)


@router.get("/notifications/preferences", response={200: PreferencesOut, **READ_ERRORS})
def get_preferences(request):
    """Which kinds of notification I also get by e-mail (all of them until I switch some off)."""
    user = actor(request)
    return {"email": services.email_kinds_on(user), "kinds": Kind.values, "language": services.language_chosen(user)}


@router.put("/notifications/preferences", response={200: PreferencesOut, **WRITE_ERRORS})
def put_preferences(request, body: PreferencesIn):
    """Choose which kinds of notification I also get by e-mail (those listed, every other one off) and, with
    ``language``, the language they are written in."""
    user = actor(request)
    on = services.set_email_preferences(actor=user, user=user, kinds_on=[str(k) for k in body.email],
                                        language=body.language)
    return {"email": on, "kinds": Kind.values, "language": services.language_chosen(user)}
