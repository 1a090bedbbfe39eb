"""Panels that other apps add to the SKP page, registered from their ``AppConfig.ready()``.

The SKP page shows each registered panel below the hasil kerja, so that an app above or beside skp (the
alignment app's chain of each RHK up to the regional mission) adds to the page without skp importing it.
A panel is a template and a function that returns the template's context for an SKP, or None to leave the
panel out for that SKP. The function gets the SKP as the page loaded it (``queries.skp_detail``: its RHK
are prefetched), so it can decide without a query.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from .models import Skp


@dataclass(frozen=True)
class SkpPanel:
    key: str
    template: str  # included with ``panel``: the context the function returned, and ``skp``
    context: Callable[[Skp], dict | None]


_PANELS: dict[str, SkpPanel] = {}


def register_panel(panel: SkpPanel) -> None:
    """Add a panel to the SKP page (again with the same key: replaced, so ready() may run twice)."""
    _PANELS[panel.key] = panel


def panels_for(skp: Skp) -> list[dict]:
    """The panels shown on this SKP's page, in the order they were registered: ``{"key", "template", "panel"}``."""
    shown = []
    for panel in _PANELS.values():
        context = panel.context(skp)
        if context is not None:
            shown.append({"key": panel.key, "template": panel.template, "panel": context})
    return shown
