"""Organisation pages: the unit tree (lazily expanded with htmx), unit detail, unit and position
forms, and the administrators' list of positions.

Every lookup goes through a restricted queryset (:mod:`kinerja.organization.permissions`): a unit of another
instance is 404; a visible unit the user may not change is 403. Writes go through
:mod:`kinerja.organization.services`. Holders and head counts come from the people app through
:mod:`kinerja.organization.staffing`.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.db.models import Q
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _

from kinerja.accounts import scope
from kinerja.core.forms import run_service
from kinerja.core.keyset import InvalidCursor, paginate

from . import permissions, services
from .forms import PositionFilterForm, PositionForm, UnitForm, UnitMoveForm
from .instances import instance_choices, instance_for
from .models import Instance, Position, Unit
from .staffing import staffing

SEARCH_LIMIT = 50


# --- tree data ----------------------------------------------------------------------------------

@dataclass
class Node:
    unit: Unit
    head: Position | None = None
    holder: object | None = None  # a Holding (organization/staffing.py)
    employees: int = 0
    trail: list[str] = field(default_factory=list)


def _ancestor_paths(unit: Unit) -> list[str]:
    return [unit.path[: i * Unit.steplen] for i in range(1, unit.depth)]


def describe(units, instance_id: int, *, with_trail: bool = False) -> list[Node]:
    """Head position, its current holder and the subtree head count for each unit, in bulk.

    A constant number of queries whatever the number of units (for units of one depth).
    """
    units = list(units)
    if not units:
        return []
    heads = {p.unit_id: p for p in Position.objects.filter(unit_id__in=[u.pk for u in units], is_head=True)}
    holders = staffing().current_holders(p.pk for p in heads.values())
    counts = staffing().subtree_counts(units, instance_id)
    names: dict[str, str] = {}
    if with_trail:
        paths = {p for u in units for p in _ancestor_paths(u)}
        names = dict(Unit.objects.filter(path__in=paths).values_list("path", "name"))
    nodes = []
    for unit in units:
        head = heads.get(unit.pk)
        held = holders.get(head.pk) if head else None
        nodes.append(Node(unit, head, held[0] if held else None, counts.get(unit.path, 0),
                          [names[p] for p in _ancestor_paths(unit) if p in names]))
    return nodes


def _visible_units(request, qs=None):
    return permissions.restrict_units(Unit.objects.all() if qs is None else qs, request.user)


def _root_nodes(request, instance: Instance) -> list[Node]:
    roots = _visible_units(request, Unit.objects.filter(instance=instance, depth=1)).order_by("path")
    return describe(roots, instance.pk)


# --- tree pages ---------------------------------------------------------------------------------

@login_required
def tree(request):
    instance = instance_for(request)
    return render(request, "organization/tree.html", {
        "active_menu": "org",
        "instance": instance,
        "instances": instance_choices(request),
        "nodes": _root_nodes(request, instance),
        "can_add_root": scope.can_manage_instance(request.user, instance.pk),
        "unit_total": Unit.objects.filter(instance=instance).count(),
    })


@login_required
def tree_children(request, pk: int):
    """htmx fragment: one level of the tree under unit ``pk``."""
    parent = get_object_or_404(_visible_units(request), pk=pk)
    children = _visible_units(request, Unit.objects.get_children(parent)).order_by("path")
    return render(request, "organization/_tree_level.html", {"nodes": describe(children, parent.instance_id)})


@login_required
def tree_search(request):
    """htmx fragment: units whose name matches ``q``, with their ancestors; the roots when ``q`` is short."""
    instance = instance_for(request)
    query = (request.GET.get("q") or "").strip()
    if len(query) < 2:
        return render(request, "organization/_tree_level.html", {"nodes": _root_nodes(request, instance)})
    matches = _visible_units(request, Unit.objects.filter(instance=instance)).filter(
        Q(name__icontains=query) | Q(short_name__icontains=query) | Q(code__iexact=query)
    ).order_by("path")
    units = list(matches[: SEARCH_LIMIT + 1])
    return render(request, "organization/_tree_search.html", {
        "nodes": describe(units[:SEARCH_LIMIT], instance.pk, with_trail=True),
        "truncated": len(units) > SEARCH_LIMIT,
        "query": query,
    })


# --- unit detail --------------------------------------------------------------------------------

@dataclass
class PositionRow:
    position: Position
    holders: list  # of Holding (organization/staffing.py)
    superior_holder: object | None = None

    @property
    def vacant(self) -> bool:
        return not any(h.acting_kind is None for h in self.holders)


@login_required
def unit_detail(request, pk: int):
    unit = get_object_or_404(_visible_units(request, Unit.objects.select_related("instance")), pk=pk)
    positions = list(Position.objects.filter(unit=unit).select_related("superior__unit")
                     .order_by("-is_head", "name"))
    holders = staffing().current_holders(p.pk for p in positions)
    visible = staffing().visible_ids(request.user, {h.employee.pk for held in holders.values() for h in held})
    children = _visible_units(request, Unit.objects.get_children(unit)).order_by("path")
    rows = [PositionRow(p, holders.get(p.pk, [])) for p in positions]
    return render(request, "organization/unit_detail.html", {
        "active_menu": "org",
        "unit": unit,
        "node": describe([unit], unit.instance_id)[0],
        "ancestors": list(Unit.objects.get_ancestors(unit)),
        "children": describe(children, unit.instance_id),
        "rows": rows,
        "vacant_count": sum(1 for r in rows if r.vacant and r.position.is_active),
        "visible_ids": visible,
        "direct_count": staffing().unit_count(unit),
        "can_change": permissions.can_change_unit(request.user, unit),
    })


# --- unit and position forms ---------------------------------------------------------------------

def _changeable_unit(request, pk: int) -> Unit:
    """A unit the user sees (else 404) and may change (else 403)."""
    unit = get_object_or_404(_visible_units(request, Unit.objects.select_related("instance")), pk=pk)
    if not permissions.can_change_unit(request.user, unit):
        raise PermissionDenied(_("You may not change this unit."))
    return unit


def _form_page(request, form, *, title: str, submit: str, cancel_url: str, unit=None, ancestors=None,
               intro: str = "", active_menu: str = "org"):
    return render(request, "organization/form.html", {
        "active_menu": active_menu, "form": form, "title": title, "submit_label": submit,
        "cancel_url": cancel_url, "unit": unit, "ancestors": ancestors or [], "intro": intro,
    })


@login_required
def unit_create(request, pk: int | None = None):
    if pk is None:
        parent, instance = None, instance_for(request)
        if not scope.can_manage_instance(request.user, instance.pk):
            raise PermissionDenied(_("Only BKPSDM administrators add top-level units."))
    else:
        parent = _changeable_unit(request, pk)
        instance = parent.instance
    form = UnitForm(request.POST or None)
    done = run_service(request, form, lambda data: services.create_unit(
        actor=request.user, instance=instance, parent=parent, **data))
    if done.ok:
        messages.success(request, _("Unit “%(name)s” was added.") % {"name": done.result.name})
        return redirect("organization:unit", pk=done.result.pk)
    cancel = reverse("organization:unit", args=[parent.pk]) if parent else reverse("organization:tree")
    title = _("Add a sub-unit to %(name)s") % {"name": parent.name} if parent else _("Add a top-level unit")
    ancestors = [*Unit.objects.get_ancestors(parent), parent] if parent else []
    return _form_page(request, form, title=title, submit=_("Add unit"), cancel_url=cancel, ancestors=ancestors)


@login_required
def unit_edit(request, pk: int):
    unit = _changeable_unit(request, pk)
    form = UnitForm(request.POST or None, initial=UnitForm.initial_for(unit))
    if run_service(request, form, lambda data: services.update_unit(actor=request.user, unit=unit, **data)).ok:
        messages.success(request, _("The unit was saved."))
        return redirect("organization:unit", pk=unit.pk)
    return _form_page(request, form, title=_("Edit %(name)s") % {"name": unit.name}, submit=_("Save"),
                      cancel_url=reverse("organization:unit", args=[unit.pk]), unit=unit,
                      ancestors=[*Unit.objects.get_ancestors(unit), unit])


@login_required
def unit_move(request, pk: int):
    unit = _changeable_unit(request, pk)
    targets = permissions.restrict_units(Unit.objects.filter(instance_id=unit.instance_id), request.user,
                                   scope.CHANGE).order_by("path")
    allow_root = scope.can_manage_instance(request.user, unit.instance_id)
    parent = Unit.objects.get_parent(unit)
    form = UnitMoveForm(request.POST or None, units=targets, unit=unit, allow_root=allow_root,
                        initial={"parent": parent.pk if parent else None})
    if run_service(request, form, lambda data: services.move_unit(
            actor=request.user, unit=unit, new_parent=data["parent"])).ok:
        messages.success(request, _("“%(name)s” was moved.") % {"name": unit.name})
        return redirect("organization:unit", pk=unit.pk)
    return _form_page(request, form, title=_("Move %(name)s") % {"name": unit.name}, submit=_("Move unit"),
                      cancel_url=reverse("organization:unit", args=[unit.pk]), unit=unit,
                      ancestors=[*Unit.objects.get_ancestors(unit), unit],
                      intro=_("Choose the unit this one will belong to. Its own sub-units cannot be chosen."))


@login_required
def position_create(request, pk: int):
    unit = _changeable_unit(request, pk)
    form = PositionForm(request.POST or None, instance_id=unit.instance_id)
    done = run_service(request, form, lambda data: services.create_position(
        actor=request.user, unit=unit, superior=data["superior"], **form.service_data()))
    if done.ok:
        messages.success(request, _("Position “%(name)s” was added.") % {"name": done.result.name})
        return redirect("organization:unit", pk=unit.pk)
    return _form_page(request, form, title=_("Add a position to %(name)s") % {"name": unit.name},
                      submit=_("Add position"), cancel_url=reverse("organization:unit", args=[unit.pk]),
                      unit=unit, ancestors=[*Unit.objects.get_ancestors(unit), unit])


@login_required
def position_edit(request, pk: int):
    position = get_object_or_404(
        permissions.restrict_positions(Position.objects.select_related("unit", "superior"), request.user), pk=pk)
    unit = position.unit
    if not permissions.can_change_unit(request.user, unit):
        raise PermissionDenied(_("You may not change this position."))
    form = PositionForm(request.POST or None, instance_id=position.instance_id, position=position,
                        initial=PositionForm.initial_for(position))
    if run_service(request, form, lambda data: services.update_position(
            actor=request.user, position=position, superior=data["superior"], **form.service_data())).ok:
        messages.success(request, _("The position was saved."))
        return redirect("organization:unit", pk=unit.pk)
    return _form_page(request, form, title=_("Edit position %(name)s") % {"name": position.name},
                      submit=_("Save"), cancel_url=reverse("organization:unit", args=[unit.pk]), unit=unit,
                      ancestors=[*Unit.objects.get_ancestors(unit), unit])


# --- positions list -------------------------------------------------------------------------------

def _page_url(request, cursor: str | None) -> str | None:
    if cursor is None:
        return None
    params = request.GET.copy()
    params["cursor"] = cursor
    return f"?{params.urlencode()}"


@login_required
def positions(request):
    if not permissions.can_list_positions(request.user):
        raise PermissionDenied(_("Only administrators see the list of positions."))
    instance = instance_for(request)
    units = permissions.restrict_units(Unit.objects.filter(instance=instance), request.user, scope.CHANGE)
    qs = permissions.restrict_positions(Position.objects.filter(instance=instance), request.user, scope.CHANGE)
    form = PositionFilterForm(request.GET or None, units=units.order_by("path"))
    if form.is_valid():
        data = form.cleaned_data
        if data["q"]:
            qs = qs.filter(name__icontains=data["q"])
        if data["unit"]:
            qs = qs.filter(unit__path__startswith=data["unit"].path)
        if data["kind"]:
            qs = qs.filter(kind=data["kind"])
        if data["vacant"]:
            qs = qs.filter(is_active=True).exclude(staffing().filled_q())
    qs = qs.select_related("unit", "superior__unit")
    size = settings.KINERJA["PAGE_SIZE"]
    try:
        page = paginate(qs, ["unit__path", "-is_head", "name", "id"], size, request.GET.get("cursor"))
    except InvalidCursor:
        messages.warning(request, _("The page link had expired; showing the first page."))
        page = paginate(qs, ["unit__path", "-is_head", "name", "id"], size)
    holders = staffing().current_holders({p.pk for p in page.items}
                                         | {p.superior_id for p in page.items if p.superior_id})
    rows = [PositionRow(p, holders.get(p.pk, []), next(iter(holders.get(p.superior_id, [])), None))
            for p in page.items]
    return render(request, "organization/positions.html", {
        "active_menu": "positions", "instance": instance, "instances": instance_choices(request),
        "form": form, "rows": rows, "page": page,
        "next_url": _page_url(request, page.next_cursor), "prev_url": _page_url(request, page.prev_cursor),
    })
