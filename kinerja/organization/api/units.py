"""The caller's instance and the unit tree. Everyone in an instance reads the whole tree; admins write."""

from __future__ import annotations

from django.http import Http404
from ninja import Router, Status

from kinerja.api.lookups import actor, page
from kinerja.api.schemas import READ_ERRORS, WRITE_ERRORS
from kinerja.api.types import Cursor, Id, Limit, SearchText
from kinerja.organization import permissions as org_permissions
from kinerja.organization import services
from kinerja.organization.models import Unit, UnitKind

from ..api_lookups import instance_for, unit_or_404, unit_ref, units_for
from ..schemas.units import InstanceOut, UnitCreateIn, UnitDetailOut, UnitMoveIn, UnitPage, UnitPatchIn

router = Router(tags=["organization"])
# Operation ids as first published (kinerja/api/routers/organization.py); clients are generated from them.
OPERATION_ID_PREFIX = "kinerja_api_routers_organization_"
UNIT_ORDERING = ["path"]  # tree order; the materialised path is unique


def with_parent_ids(units: list[Unit]) -> list[Unit]:
    """Set `api_parent_id` on each unit: one query for the whole page."""
    step = Unit.steplen
    parent_paths = {u.path[:-step] for u in units if u.depth > 1}
    ids = dict(Unit.objects.filter(path__in=parent_paths).values_list("path", "pk")) if parent_paths else {}
    for unit in units:
        unit.api_parent_id = ids.get(unit.path[:-step]) if unit.depth > 1 else None
    return units


def unit_detail(pk: Id) -> Unit:
    unit = Unit.objects.select_related("instance").get(pk=pk)
    unit.api_ancestors = list(Unit.objects.get_ancestors(unit))
    unit.api_parent_id = unit.api_ancestors[-1].pk if unit.api_ancestors else None
    return unit


@router.get("/instances/current", response={200: InstanceOut, **READ_ERRORS})
def current_instance(request):
    """The caller's instance (pemerintah daerah). Platform operators have none: 404."""
    user = actor(request)
    if user.instance_id is None:
        raise Http404
    return user.instance


@router.get("/units", response={200: UnitPage, **READ_ERRORS})
def list_units(request, parent: Id | None = None, kind: UnitKind | None = None, q: SearchText = "",
               cursor: Cursor | None = None, limit: Limit | None = None):
    """Units in tree order. `parent` lists its direct children; `q` searches names."""
    qs = units_for(request)
    if parent is not None:
        children = Unit.objects.get_children(unit_ref(request, parent, "parent"))
        qs = org_permissions.restrict_units(children, actor(request))
    if kind:
        qs = qs.filter(kind=kind)
    if q.strip():
        qs = qs.filter(name__icontains=q.strip())
    result = page(qs, UNIT_ORDERING, limit, cursor)
    with_parent_ids(result["items"])
    return result


@router.get("/units/{int:unit_id}", response={200: UnitDetailOut, **READ_ERRORS})
def get_unit(request, unit_id: Id):
    """One unit with the path of its ancestors."""
    return unit_detail(unit_or_404(request, unit_id).pk)


@router.get("/units/{int:unit_id}/children", response={200: UnitPage, **READ_ERRORS})
def unit_children(request, unit_id: Id, cursor: Cursor | None = None, limit: Limit | None = None):
    unit = unit_or_404(request, unit_id)
    children = org_permissions.restrict_units(Unit.objects.get_children(unit), actor(request))
    result = page(children, UNIT_ORDERING, limit, cursor)
    for child in result["items"]:
        child.api_parent_id = unit.pk
    return result


@router.post("/units", response={201: UnitDetailOut, **WRITE_ERRORS})
def create_unit(request, payload: UnitCreateIn):
    """A new unit under `parent` (OPD admins: inside their OPD; BKPSDM: anywhere, also top level)."""
    parent = unit_ref(request, payload.parent, "parent")
    instance = instance_for(request, via=parent, instance_id=payload.instance)
    data = payload.dict(exclude={"parent", "instance"})
    unit = services.create_unit(actor=actor(request), instance=instance, parent=parent, **data)
    return Status(201, unit_detail(unit.pk))


@router.patch("/units/{int:unit_id}", response={200: UnitDetailOut, **WRITE_ERRORS})
def update_unit(request, unit_id: Id, payload: UnitPatchIn):
    unit = unit_or_404(request, unit_id)
    services.update_unit(actor=actor(request), unit=unit, **payload.dict(exclude_unset=True))
    return unit_detail(unit.pk)


@router.post("/units/{int:unit_id}/move", response={200: UnitDetailOut, **WRITE_ERRORS})
def move_unit(request, unit_id: Id, payload: UnitMoveIn):
    """Re-parent a unit with its whole subtree (never under itself or its descendants)."""
    unit = unit_or_404(request, unit_id)
    new_parent = unit_ref(request, payload.parent, "parent")
    services.move_unit(actor=actor(request), unit=unit, new_parent=new_parent)
    return unit_detail(unit.pk)
