"""Writes about notifications. :func:`notify` is what other apps call, inside their own transaction."""

from __future__ import annotations

from collections.abc import Iterable

from kinerja.core.actors import require_actor

from .models import Kind, Notification


def notify(*, actor, instance_id: int, recipients: Iterable[int], kind: Kind | str, title: str, body: str = "",
           url: str = "", obj=None, dedupe_key: str = "") -> list[Notification]:
    """One in-app notification per recipient (user ids; None and duplicates dropped, the actor never
    notified of their own act); e-mail follows as a background task after the caller's transaction commits.

    ``obj`` (a model instance) names what it is about; ``dedupe_key`` makes it once-only per recipient
    (reminders): recipients who already have one with that key are skipped. One query to insert, whatever
    the number of recipients.
    """
    require_actor(actor)
    actor_id = getattr(actor, "pk", None)
    ids = sorted({int(r) for r in recipients if r is not None and r != actor_id})
    if not ids:
        return []
    if dedupe_key:
        done = set(Notification.objects.filter(recipient_id__in=ids, dedupe_key=dedupe_key)
                   .values_list("recipient_id", flat=True))
        ids = [i for i in ids if i not in done]
    object_type = f"{obj._meta.app_label}.{obj._meta.model_name}" if obj is not None else ""
    object_id = str(obj.pk) if obj is not None else ""
    rows = Notification.objects.bulk_create([
        Notification(instance_id=instance_id, recipient_id=i, kind=str(kind), title=title[:200], body=body,
                     url=url[:500], object_type=object_type, object_id=object_id, dedupe_key=dedupe_key[:120])
        for i in ids])
    # helper E: e-mail after commit (tasks.send_emails), honouring EmailPreference
    return rows
