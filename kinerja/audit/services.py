"""Recording audit events. Every service function calls :func:`record` inside its transaction."""

from __future__ import annotations

import datetime
import decimal
import uuid
from collections.abc import Iterable

from django.db import models

from kinerja.core.actors import is_system, require_actor

from .context import current
from .models import SYSTEM_ACTOR, AuditEvent


def _json_value(value):
    if isinstance(value, datetime.datetime | datetime.date | datetime.time):
        return value.isoformat()
    if isinstance(value, decimal.Decimal | uuid.UUID):
        return str(value)
    if isinstance(value, models.Model):
        return value.pk
    return value


def snapshot(obj: models.Model | None, exclude: Iterable[str] = ()) -> dict | None:
    """The concrete field values of ``obj`` as JSON-safe data (foreign keys as ids)."""
    if obj is None:
        return None
    skip = {"created_at", "updated_at", "password", *exclude}
    data = {}
    for field in obj._meta.concrete_fields:
        if field.name in skip:
            continue
        data[field.attname] = _json_value(getattr(obj, field.attname))
    return data


def _actor_label(actor) -> str:
    if is_system(actor):
        return f"{SYSTEM_ACTOR}:{actor.name}"
    return f"{actor.get_username()} ({actor})" if str(actor) != actor.get_username() else actor.get_username()


def build(action: str, obj=None, *, actor, before=None, after=None, instance_id=None,
          object_type: str | None = None, object_id=None, object_label: str | None = None) -> AuditEvent:
    """One event, not saved. ``actor`` is the user, or the system actor of background work
    (recorded as ``system:<name>``, with no user)."""
    require_actor(actor)
    ctx = current()
    if obj is not None:
        object_type = object_type or f"{obj._meta.app_label}.{obj._meta.model_name}"
        object_id = obj.pk if object_id is None else object_id
        object_label = object_label if object_label is not None else str(obj)
        if instance_id is None:
            instance_id = getattr(obj, "instance_id", None)
    if instance_id is None:
        instance_id = getattr(actor, "instance_id", None)
    return AuditEvent(
        instance_id=instance_id,
        actor=None if is_system(actor) or not actor.pk else actor,
        actor_label=_actor_label(actor)[:200],
        action=action,
        object_type=object_type or "",
        object_id="" if object_id is None else str(object_id),
        object_label=(object_label or "")[:255],
        before=before,
        after=after,
        source=ctx.source,
        ip_address=ctx.ip_address,
        request_id=ctx.request_id,
    )


def record(action: str, obj=None, **kwargs) -> AuditEvent:
    """Write one audit event. Call it inside the service's ``transaction.atomic`` block."""
    event = build(action, obj, **kwargs)
    event.save()
    return event


def record_many(events: list[AuditEvent]) -> None:
    """Insert pre-built events of a bulk run (import) in one COPY/executemany; no per-row queries."""
    from django.utils import timezone

    from kinerja.core import bulk

    now = timezone.now()
    for event in events:
        event.at = event.at or now
    bulk.insert_objects(AuditEvent, events)
