"""Notifications: the bell's list and count, read marks and the e-mail choices."""

from __future__ import annotations

from datetime import datetime
from typing import Literal

from ninja import Field, Schema

from kinerja.api.schemas import PageMeta
from kinerja.api.types import InSchema
from kinerja.notifications.models import Kind


class NotificationOut(Schema):
    id: int
    kind: Kind
    title: str
    body: str
    url: str = Field(..., description="The page it is about (a path on this server); empty when there is none.")
    object_type: str = Field(..., description="What it is about, e.g. `skp.skp` (empty: nothing in particular).")
    object_id: str
    created_at: datetime
    read_at: datetime | None = Field(None, description="When you marked it read (null: unread).")


class NotificationPage(PageMeta):
    items: list[NotificationOut]


class UnreadCountOut(Schema):
    unread: int


class ReadAllOut(Schema):
    marked: int = Field(..., description="How many were unread and are now read.")


class PreferencesOut(Schema):
    email: list[Kind] = Field(..., description="The kinds of notification you also get by e-mail.")
    kinds: list[Kind] = Field(..., description="Every kind there is.")
    language: str = Field("", description="The language of my notifications and e-mails (\"\": the instance "
                                          "default).")


class PreferencesIn(InSchema):
    email: list[Kind] = Field(..., max_length=len(Kind.values),
                              description="The kinds to get by e-mail; every other kind is switched off.")
    language: Literal["", "id", "en"] | None = Field(
        None, description="The language of my notifications and e-mails: id, en, or \"\" for the instance default; "
                          "left out: unchanged.")
