"""The menu: the entries the apps declare (kinerja/core/registry.py), each shown to whom it says."""

from __future__ import annotations

from .registry import MenuEntry, TopbarItem, menu_entries, topbar_items


def menu_for(user) -> list[MenuEntry]:
    if user is None or not user.is_authenticated:
        return []
    return [entry for entry in menu_entries() if entry.shown_to(user)]


def topbar_for(user) -> list[TopbarItem]:
    if user is None or not user.is_authenticated:
        return []
    return [item for item in topbar_items() if item.shown_to(user)]


def navigation(request):
    user = getattr(request, "user", None)
    return {"menu": menu_for(user), "topbar": topbar_for(user)}
