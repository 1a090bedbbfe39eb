"""Instances and units."""

from __future__ import annotations

from ninja import Field, Schema

from kinerja.api.schemas import InstanceRef, PageMeta, UnitRef
from kinerja.api.types import Id, InSchema, ModelText
from kinerja.organization.models import Unit, UnitKind


class InstanceOut(Schema):
    id: int
    name: str
    slug: str
    region: str
    city: str = Field(..., description="Place of signing: the city or regency printed above the signatures.")
    code: str
    is_active: bool


class UnitOut(Schema):
    id: int
    name: str
    short_name: str
    kind: str
    code: str
    siasn_id: str
    address: str
    is_active: bool
    depth: int
    parent_id: int | None = Field(None, description="Null for a top-level unit (an OPD).")
    children_count: int

    @staticmethod
    def resolve_parent_id(obj) -> int | None:
        return getattr(obj, "api_parent_id", None)

    @staticmethod
    def resolve_children_count(obj) -> int:
        return obj.numchild


class UnitDetailOut(UnitOut):
    instance: InstanceRef
    ancestors: list[UnitRef] = Field(..., description="From the top-level unit down to the parent.")

    @staticmethod
    def resolve_ancestors(obj) -> list:
        return getattr(obj, "api_ancestors", [])


class UnitPage(PageMeta):
    items: list[UnitOut]


class UnitCreateIn(InSchema):
    parent: Id | None = Field(None, description="Parent unit id; null creates a top-level unit (BKPSDM only).")
    instance: Id | None = Field(None, description="Only for platform operators creating a top-level unit.")
    name: ModelText(Unit, "name", min_length=1)
    kind: UnitKind = UnitKind.OTHER
    short_name: ModelText(Unit, "short_name") = ""
    code: ModelText(Unit, "code") = ""
    siasn_id: ModelText(Unit, "siasn_id") = ""
    address: ModelText(Unit, "address") = ""
    is_active: bool = True


class UnitPatchIn(InSchema):
    """Only the fields sent are changed. The parent changes through ``POST /units/{id}/move``."""

    name: ModelText(Unit, "name", min_length=1) = None
    kind: UnitKind = None
    short_name: ModelText(Unit, "short_name") = None
    code: ModelText(Unit, "code") = None
    siasn_id: ModelText(Unit, "siasn_id") = None
    address: ModelText(Unit, "address") = None
    is_active: bool = None


class UnitMoveIn(InSchema):
    parent: Id | None = Field(..., description="The new parent unit id; null makes it a top-level unit.")
