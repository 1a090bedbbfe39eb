"""Positions (jabatan)."""

from __future__ import annotations

from ninja import Field, Schema

from kinerja.api.schemas import EmployeeRef, PageMeta, PositionRef, UnitRef
from kinerja.api.types import Id, InSchema, ModelText
from kinerja.organization.models import Position, PositionKind


class PositionOut(Schema):
    id: int
    name: str
    kind: str
    is_head: bool
    single_holder: bool
    echelon: str
    is_active: bool
    unit: UnitRef
    superior: PositionRef | None = Field(None, description="The position whose holder evaluates this one.")


class PositionDetailOut(PositionOut):
    holders: list[EmployeeRef] = Field(..., description="Active definitive holders visible to the caller.")

    @staticmethod
    def resolve_holders(obj) -> list:
        return getattr(obj, "api_holders", [])


class PositionPage(PageMeta):
    items: list[PositionOut]


class PositionCreateIn(InSchema):
    unit: Id
    name: ModelText(Position, "name", min_length=1)
    kind: PositionKind
    is_head: bool = False
    single_holder: bool | None = Field(None, description="Default: true for structural positions.")
    echelon: ModelText(Position, "echelon") = ""
    superior: Id | None = Field(None, description="Superior position id; default: the head above.")
    auto_superior: bool = Field(True, description="Pick the head above when no superior is given.")


class PositionPatchIn(InSchema):
    """Only the fields sent are changed; ``"superior": null`` removes the superior."""

    name: ModelText(Position, "name", min_length=1) = None
    kind: PositionKind = None
    is_head: bool = None
    single_holder: bool = None
    echelon: ModelText(Position, "echelon") = None
    is_active: bool = None
    superior: Id | None = None
