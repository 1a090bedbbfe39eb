"""Socialisation: policy items, acknowledgements, coverage per unit and reminders."""

from __future__ import annotations

from datetime import datetime

from django.urls import reverse
from ninja import Field, Schema

from kinerja.api.schemas import PageMeta, PositionRef, UnitRef
from kinerja.api.types import Id, InSchema, ModelText
from kinerja.socialisation.models import BatchStatus, Category, Item, Status


class AttachmentOut(Schema):
    id: int
    name: str
    size: int = Field(..., description="Bytes.")
    content_type: str
    download_url: str = Field(..., description="Download with the same session or token.")

    @staticmethod
    def resolve_download_url(obj) -> str:
        return reverse("socialisation:attachment", args=[obj.pk])


class ItemOut(Schema):
    id: int
    title: str
    category: Category
    status: Status
    published_at: datetime | None
    whole_instance: bool = Field(..., description="Addressed to every employee of the instance.")
    acknowledged_at: datetime | None = Field(None, description="When you confirmed reading it (null: unread).")
    reminded: bool = Field(False, description="An administrator reminded you to read it.")

    @staticmethod
    def resolve_acknowledged_at(obj):
        return getattr(obj, "acknowledged_at", None)

    @staticmethod
    def resolve_reminded(obj) -> bool:
        return bool(getattr(obj, "reminded", False))


class ItemPage(PageMeta):
    items: list[ItemOut]


class ItemDetailOut(ItemOut):
    body: str = Field(..., description="Plain text; paragraphs are separated by an empty line.")
    owner_unit: UnitRef | None = Field(None, description="The OPD that published it; null: BKPSDM.")
    attachments: list[AttachmentOut]
    audience: list[UnitRef] = Field(..., description="Audience units (each with its subtree); empty when the item "
                                                     "addresses the whole instance or you do not manage it.")
    addressed_to_me: bool
    can_manage: bool

    @staticmethod
    def resolve_attachments(obj) -> list:
        return list(obj.attachments.all())

    @staticmethod
    def resolve_audience(obj) -> list:
        return getattr(obj, "api_audience", [])

    @staticmethod
    def resolve_addressed_to_me(obj) -> bool:
        return bool(getattr(obj, "api_addressed", False))

    @staticmethod
    def resolve_can_manage(obj) -> bool:
        return bool(getattr(obj, "api_can_manage", False))


class AcknowledgementOut(Schema):
    item: int = Field(..., alias="item_id")
    acknowledged_at: datetime


class ManagedItemOut(ItemOut):
    audience_count: int = Field(..., description="Active employees the item reaches.")
    acknowledged_count: int

    @staticmethod
    def resolve_audience_count(obj) -> int:
        return obj.api_summary[0]

    @staticmethod
    def resolve_acknowledged_count(obj) -> int:
        return obj.api_summary[1]


class ManagedItemPage(PageMeta):
    items: list[ManagedItemOut]


class ItemCreateIn(InSchema):
    title: ModelText(Item, "title", min_length=1)
    body: ModelText(Item, "body", min_length=1)
    category: Category = Category.POLICY
    whole_instance: bool = False
    units: list[Id] = Field(default_factory=list, max_length=1000,
                            description="Audience unit ids; each includes its subtree.")


class ItemPatchIn(InSchema):
    """Only the fields sent are changed."""

    title: ModelText(Item, "title", min_length=1) = None
    body: ModelText(Item, "body", min_length=1) = None
    category: Category = None
    whole_instance: bool = None
    units: list[Id] = Field(None, max_length=1000)


class CoverageRowOut(Schema):
    unit: UnitRef | None = Field(None, description="Null: employees without a unit.")
    direct: bool = Field(..., description="Only the employees placed directly in the unit drilled into.")
    audience: int
    acknowledged: int
    pending: int
    percent: float
    has_children: bool = Field(..., description="Drill down with ?unit=<id> to see its sub-units.")


class CoverageOut(Schema):
    item: int
    unit: UnitRef | None = Field(None, description="The unit drilled into; null: the whole audience.")
    audience: int
    acknowledged: int
    pending: int
    percent: float
    rows: list[CoverageRowOut]

    @staticmethod
    def resolve_item(obj) -> int:
        return obj.item.pk


class PendingEmployeeOut(Schema):
    id: int
    nip: str
    full_name: str
    unit: UnitRef | None
    position: PositionRef | None
    last_reminded: datetime | None = None


class PendingPage(PageMeta):
    items: list[PendingEmployeeOut]


class RemindIn(InSchema):
    unit: Id | None = Field(None, description="Only this unit's subtree; null: the whole audience.")


class ReminderBatchOut(Schema):
    id: int
    item: int = Field(..., alias="item_id")
    unit: UnitRef | None
    status: BatchStatus = Field(..., description='"queued" until the background task has run.')
    recipients: int = Field(..., description="Employees reminded in Kinerja.")
    emailed: int = Field(..., description="Of those, reminded by e-mail.")
    without_email: int = Field(..., description="Of those, without an e-mail address (in Kinerja only).")
    created_at: datetime
    finished_at: datetime | None
