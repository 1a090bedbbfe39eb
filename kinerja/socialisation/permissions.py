"""Who sees and manages socialisation items: queryset filters over the org tree.

* Managing (create, edit, publish, coverage, remind): the BKPSDM administrator for the whole
  instance; an OPD administrator for the items published inside the unit subtrees they manage
  (``Item.owner_unit``), whose audience stays inside that subtree.
* Reading: an employee reads the published items addressed to them — the whole instance, or an
  audience unit that is their unit or one of its ancestors. Administrators also read what they manage.

Everything else is simply not found (404), like the rest of the application.
"""

from __future__ import annotations

from django.db.models import Exists, OuterRef, Q, QuerySet

from kinerja.accounts.scope import NOTHING, get_scope
from kinerja.core.tree import subtree_q
from kinerja.organization.models import Unit
from kinerja.organization.permissions import can_change_at

from .models import Item, ItemAudience, Status


def ancestor_paths(path: str) -> list[str]:
    """A unit's own path and those of its ancestors (treebeard materialised path)."""
    return [path[: i * Unit.steplen] for i in range(1, len(path) // Unit.steplen + 1)]


def is_manager(user) -> bool:
    """May use the management pages at all (BKPSDM admin, OPD admin, superuser)."""
    s = get_scope(user)
    return s.authenticated and (s.superuser or s.instance_wide_change or bool(s.change_paths))


def managed_q(user) -> Q:
    s = get_scope(user)
    if not s.authenticated:
        return NOTHING
    if s.superuser:
        return Q()
    tenant = Q(instance_id=s.instance_id)
    if s.instance_wide_change:
        return tenant
    if s.change_paths:
        return tenant & subtree_q(s.change_paths, "owner_unit__path")
    return NOTHING


def managed_items(user, qs: QuerySet | None = None) -> QuerySet:
    return (Item.objects.all() if qs is None else qs).filter(managed_q(user))


def can_manage_item(user, item: Item) -> bool:
    """An item whole-instance (no owner unit) is the BKPSDM admin's; an OPD admin's lies in their subtree."""
    return can_change_at(user, item.instance_id, item.owner_unit.path if item.owner_unit_id else None)


def addressed_q(employee) -> Q:
    """Published items addressed to ``employee`` (needs ``employee.unit`` loaded)."""
    if employee is None or not employee.is_active:
        return NOTHING
    reach = Q(whole_instance=True)
    if employee.unit_id:
        reach |= Exists(ItemAudience.objects.filter(item=OuterRef("pk"),
                                                    unit__path__in=ancestor_paths(employee.unit.path)))
    return Q(instance_id=employee.instance_id, status=Status.PUBLISHED) & reach


def employee_of(user):
    """The user's active employee record with its unit, or None."""
    if user is None or not getattr(user, "is_authenticated", False) or not user.employee_id:
        return None
    cached = getattr(user, "_socialisation_employee", None)
    if cached is None:
        from kinerja.people.models import Employee

        cached = Employee.objects.select_related("unit").filter(pk=user.employee_id).first()
        user._socialisation_employee = cached
    return cached


def addressed_items(user, qs: QuerySet | None = None) -> QuerySet:
    return (Item.objects.all() if qs is None else qs).filter(addressed_q(employee_of(user)))


def visible_items(user, qs: QuerySet | None = None) -> QuerySet:
    """Addressed to the user, or managed by them (drafts included)."""
    qs = Item.objects.all() if qs is None else qs
    managed = managed_q(user)
    if not managed:  # Q() manages everything; ``X | Q()`` would be X alone, so say it plainly
        return qs
    return qs.filter(addressed_q(employee_of(user)) | managed)


def audience_units(user, instance_id: int) -> QuerySet:
    """Units the user may address: the whole instance (BKPSDM) or their managed subtrees (OPD)."""
    s = get_scope(user)
    units = Unit.objects.filter(instance_id=instance_id)
    if s.superuser or (s.instance_wide_change and s.instance_id == instance_id):
        return units
    if s.instance_id == instance_id and s.change_paths:
        return units.filter(subtree_q(s.change_paths, "path"))
    return units.none()


def audience_employee_q(instance_id: int, whole_instance: bool, paths: list[str], prefix: str = "") -> Q:
    """Active employees an item reaches (``prefix`` e.g. ``"employee__"`` from a related model)."""
    q = Q(**{f"{prefix}instance_id": instance_id, f"{prefix}is_active": True})
    if whole_instance:
        return q
    return q & subtree_q(paths, f"{prefix}unit__path") if paths else NOTHING
