"""Who sees and changes units and positions: queryset filters over the org tree.

Everyone with a login in the instance sees the whole tree (transparency); the BKPSDM administrator
changes the whole instance, an OPD administrator the subtree of their unit. Another instance's units
are never found (404).
"""

from __future__ import annotations

from django.db.models import Q, QuerySet

from kinerja.accounts.scope import NOTHING, VIEW, Scope, get_scope
from kinerja.core.actors import is_system
from kinerja.core.tree import in_subtrees, subtree_q


def unit_q(user, action: str = VIEW, prefix: str = "") -> Q:
    """Units: everyone in the instance sees the whole tree (transparency); admins change."""
    s = get_scope(user)
    path = f"{prefix}path" if not prefix else f"{prefix}__path"
    inst = f"{prefix}instance_id" if not prefix else f"{prefix}__instance_id"
    if not s.authenticated:
        return NOTHING
    if s.superuser:
        return Q()
    tenant = Q(**{inst: s.instance_id})
    if action == VIEW or s.instance_wide_change:
        return tenant
    if s.change_paths:
        return tenant & subtree_q(s.change_paths, path)
    return NOTHING


def restrict_units(qs: QuerySet, user, action: str = VIEW) -> QuerySet:
    return qs.filter(unit_q(user, action))


def restrict_positions(qs: QuerySet, user, action: str = VIEW) -> QuerySet:
    return qs.filter(unit_q(user, action, prefix="unit"))


def can_change_at(user, instance_id: int, path: str | None) -> bool:
    """May ``user`` change what belongs to instance ``instance_id`` at the unit with ``path`` (None: no
    unit)? Background work and platform operators may; the instance's BKPSDM admin anywhere in it; an
    OPD admin inside their subtree."""
    if is_system(user):  # background work (CLI, demo loader)
        return True
    s = get_scope(user)
    if s.superuser:
        return True
    if not s.authenticated or instance_id != s.instance_id:
        return False
    return s.instance_wide_change or in_subtrees(path, s.change_paths)


def can_change_unit(user, unit) -> bool:
    return can_change_at(user, unit.instance_id, unit.path)


def can_list_positions(user) -> bool:
    """The positions list: administrators (BKPSDM, OPD in their subtree) and platform operators."""
    s = get_scope(user)
    return s.superuser or s.instance_wide_change or bool(s.change_paths)


def overseen_unit_q(user, prefix: str = "") -> Q | None:
    """The units ``user`` oversees (reads instance-wide, or through a granted or headed unit, or administers):
    the home page's figures count within them. ``prefix`` reaches Unit from another model (``"unit"``,
    ``"position__unit"``). None when the user oversees no unit, only themself."""
    s = get_scope(user)
    if s.superuser:
        return Q()
    p = f"{prefix}__" if prefix else ""
    tenant = Q(**{f"{p}instance_id": s.instance_id})
    if s.instance_wide_view or s.instance_wide_change:
        return tenant
    paths = sorted(set(s.view_paths) | set(s.change_paths))
    if not paths:
        return None
    return tenant & subtree_q(paths, f"{p}path")


def add_operator_instance(s: Scope, user, today) -> None:
    """Scope contributor (registered in apps.py): a platform operator's scope works on the instance picked
    in the menu (organization/operator.py)."""
    if s.superuser and s.instance_id is None:
        from .operator import operator_instance_id

        s.instance_id = operator_instance_id(user)
