"""Positions (jabatan) and the superior relation that makes the evaluation chain."""

from __future__ import annotations

from django.shortcuts import get_object_or_404
from ninja import Router, Status

from kinerja.api.lookups import actor, page
from kinerja.api.schemas import READ_ERRORS, WRITE_ERRORS
from kinerja.api.types import Cursor, Id, Limit, SearchText
from kinerja.organization import services
from kinerja.organization.models import Position, PositionKind

from ..api_lookups import position_or_404, position_ref, positions_for, unit_ref
from ..schemas.positions import PositionCreateIn, PositionDetailOut, PositionPage, PositionPatchIn
from ..staffing import staffing

router = Router(tags=["positions"])
# Operation ids as first published (kinerja/api/routers/positions.py); clients are generated from them.
OPERATION_ID_PREFIX = "kinerja_api_routers_positions_"
POSITION_ORDERING = ["unit__path", "-is_head", "name", "id"]


def position_detail(request, pk: Id) -> Position:
    position = get_object_or_404(positions_for(request).select_related("unit", "superior"), pk=pk)
    position.api_holders = staffing().visible_holders(actor(request), position)
    return position


@router.get("/positions", response={200: PositionPage, **READ_ERRORS})
def list_positions(request, unit: Id | None = None, kind: PositionKind | None = None, q: SearchText = "",
                   cursor: Cursor | None = None, limit: Limit | None = None):
    """Positions in tree order, heads first. `unit` lists the positions of that unit only."""
    qs = positions_for(request).select_related("unit", "superior")
    if unit is not None:
        qs = qs.filter(unit=unit_ref(request, unit, "unit"))
    if kind:
        qs = qs.filter(kind=kind)
    if q.strip():
        qs = qs.filter(name__icontains=q.strip())
    return page(qs, POSITION_ORDERING, limit, cursor)


@router.get("/positions/{int:position_id}", response={200: PositionDetailOut, **READ_ERRORS})
def get_position(request, position_id: Id):
    return position_detail(request, position_or_404(request, position_id).pk)


@router.post("/positions", response={201: PositionDetailOut, **WRITE_ERRORS})
def create_position(request, payload: PositionCreateIn):
    unit = unit_ref(request, payload.unit, "unit")
    superior = position_ref(request, payload.superior, "superior")
    data = payload.dict(exclude={"unit", "superior", "auto_superior"})
    if data["single_holder"] is None:
        del data["single_holder"]  # the service's default: structural positions have one holder
    position = services.create_position(actor=actor(request), unit=unit, superior=superior,
                                        auto_superior=payload.auto_superior, **data)
    return Status(201, position_detail(request, position.pk))


@router.patch("/positions/{int:position_id}", response={200: PositionDetailOut, **WRITE_ERRORS})
def update_position(request, position_id: Id, payload: PositionPatchIn):
    position = position_or_404(request, position_id)
    data = payload.dict(exclude_unset=True)
    if "superior" in data:
        data["superior"] = position_ref(request, data["superior"], "superior")
    services.update_position(actor=actor(request), position=position, **data)
    return position_detail(request, position.pk)
