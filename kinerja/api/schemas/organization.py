"""Instances and units."""

from __future__ import annotations

from ninja import Field, Schema

from kinerja.organization.models import UnitKind

from .common import InstanceRef, PageMeta, UnitRef


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


class UnitCreateIn(Schema):
    parent: int | None = Field(None, description="Parent unit id; null creates a top-level unit (BKPSDM only).")
    instance: int | None = Field(None, description="Only for platform operators creating a top-level unit.")
    name: str
    kind: UnitKind = UnitKind.OTHER
    short_name: str = ""
    code: str = ""
    siasn_id: str = ""
    address: str = ""
    is_active: bool = True


class UnitPatchIn(Schema):
    """Only the fields sent are changed. The parent changes through ``POST /units/{id}/move``."""

    name: str = None
    kind: UnitKind = None
    short_name: str = None
    code: str = None
    siasn_id: str = None
    address: str = None
    is_active: bool = None


class UnitMoveIn(Schema):
    parent: int | None = Field(..., description="The new parent unit id; null makes it a top-level unit.")
