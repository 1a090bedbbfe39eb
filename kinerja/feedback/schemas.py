"""Feedback: comments on an RHK or a progress report, performance dialogues and their agreed actions."""

from __future__ import annotations

from datetime import date, datetime

from ninja import Field, Schema

from kinerja.api.schemas import EmployeeRef, PageMeta
from kinerja.api.types import Count, Id, InSchema, Text

from .models import PLACE_MAX, ActionOwner, Comment, Dialogue, DialogueAction, DialogueStatus, Medium


class CommentOut(Schema):
    id: int
    rhk_id: int | None = Field(None, description="The RHK commented on (or null: a progress report).")
    report_id: int | None = Field(None, description="The progress report commented on (or null: an RHK).")
    parent_id: int | None = Field(None, description="The comment replied to (one level: replies of a thread).")
    author: EmployeeRef | None = Field(None, description="Null when written by the system or a login without "
                                                         "an employee record.")
    body: str = Field(..., description="Empty when deleted.")
    created_at: datetime
    edited_at: datetime | None
    deleted: bool

    @staticmethod
    def resolve_author(obj):
        return obj.author_employee

    @staticmethod
    def resolve_body(obj) -> str:
        return "" if obj.deleted_at else obj.body

    @staticmethod
    def resolve_deleted(obj) -> bool:
        return obj.deleted_at is not None


class CommentPage(PageMeta):
    items: list[CommentOut]


class CommentIn(InSchema):
    body: Text(Comment.BODY_MAX, multiline=True, min_length=1)
    parent_id: Id | None = Field(None, description="Reply to this comment of the same thread.")


class CommentPatchIn(InSchema):
    body: Text(Comment.BODY_MAX, multiline=True, min_length=1)


class ActionOut(Schema):
    id: int
    text: str
    owner: ActionOwner
    due_on: date | None
    done_at: datetime | None


class DialogueOut(Schema):
    id: int
    skp_id: int
    employee: EmployeeRef
    superior: EmployeeRef | None
    scheduled_at: datetime
    medium: Medium
    place: str
    agenda: str
    status: DialogueStatus
    requested_by_employee: bool = Field(..., description="Asked for by the employee, not yet taken up.")
    follow_up_on: date | None
    held_at: datetime | None
    lock_version: int = Field(..., description="Send it back with a change; a stale one is a 409.")


class DialoguePage(PageMeta):
    items: list[DialogueOut]


class DialogueDetailOut(DialogueOut):
    notes: str = Field(..., description="The superior's notes of the held dialogue.")
    cancel_reason: str
    actions: list[ActionOut]

    @staticmethod
    def resolve_actions(obj) -> list:
        return list(obj.actions.all())


class DialogueIn(InSchema):
    skp_id: Id
    scheduled_at: datetime
    medium: Medium = Medium.IN_PERSON
    place: Text(PLACE_MAX) = ""
    agenda: Text(Dialogue.TEXT_LIMITS["agenda"], multiline=True) = ""
    follow_up_on: date | None = None


class DialoguePatchIn(InSchema):
    """Only the fields sent are changed."""

    scheduled_at: datetime = None
    medium: Medium = None
    place: Text(PLACE_MAX) = None
    agenda: Text(Dialogue.TEXT_LIMITS["agenda"], multiline=True) = None
    follow_up_on: date | None = None
    lock_version: Count | None = Field(None, description="The `lock_version` you last read; a stale one is a 409.")


class ActionIn(InSchema):
    text: Text(DialogueAction.TEXT_MAX, min_length=1)
    owner: ActionOwner = ActionOwner.EMPLOYEE
    due_on: date | None = None


class RecordIn(InSchema):
    notes: Text(Dialogue.TEXT_LIMITS["notes"], multiline=True, min_length=1)
    follow_up_on: date | None = None
    lock_version: Count | None = Field(None, description="The `lock_version` you last read; a stale one is a 409.")
    actions: list[ActionIn] = Field(default_factory=list, max_length=50)


class CancelIn(InSchema):
    reason: Text(Dialogue.TEXT_LIMITS["cancel_reason"], multiline=True) = ""


class ActionPatchIn(InSchema):
    done: bool
