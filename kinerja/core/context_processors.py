"""The menu: the entries the apps declare (kinerja/core/registry.py), each shown to whom it says."""

from __future__ import annotations

from .registry import MenuEntry, menu_entries


def menu_for(user) -> list[MenuEntry]:
    if user is None or not user.is_authenticated:
        return []
    return [entry for entry in menu_entries() if entry.shown_to(user)]


def navigation(request):
    return {"menu": menu_for(getattr(request, "user", None))}
