"""Subtrees of the unit tree (treebeard materialised path) as one query filter."""

from __future__ import annotations

from collections.abc import Iterable

from django.db.models import Q

NOTHING = Q(pk__in=[])


def outermost(paths: Iterable[str]) -> list[str]:
    """The paths that no other path of ``paths`` contains (a subtree inside another adds nothing)."""
    kept: list[str] = []
    for path in sorted(set(paths)):  # an ancestor sorts before its descendants
        if not kept or not path.startswith(kept[-1]):
            kept.append(path)
    return kept


def subtree_q(paths: Iterable[str], field: str = "unit__path") -> Q:
    """Rows whose ``field`` (a unit's materialised path) lies in one of the subtrees rooted at ``paths``:
    one ``startswith`` per outermost path, ORed; no path matches nothing."""
    q = NOTHING
    for path in outermost(paths):
        q |= Q(**{f"{field}__startswith": path})
    return q


def in_subtrees(path: str | None, roots: Iterable[str]) -> bool:
    """In memory what :func:`subtree_q` is in a query: ``path`` lies in a subtree rooted at one of ``roots``
    (no path lies in none)."""
    return bool(path) and any(path.startswith(root) for root in roots)
