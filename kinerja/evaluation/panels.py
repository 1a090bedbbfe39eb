"""Panels other apps add to the evaluation page, registered from their ``AppConfig.ready()`` (feedback360: the
360 summary). evaluation imports none of them. A panel is a template and a function ``context(evaluation, user)``
returning the template's context, or None to leave it out."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass


@dataclass(frozen=True)
class EvaluationPanel:
    key: str
    template: str  # included with ``panel``: what the function returned
    context: Callable[[object, object], dict | None]
    order: int = 100


_PANELS: dict[str, EvaluationPanel] = {}


def register_panel(panel: EvaluationPanel) -> None:
    _PANELS[panel.key] = panel


def unregister_panel(key: str) -> None:
    _PANELS.pop(key, None)


def panels_for(evaluation, user) -> list[tuple[EvaluationPanel, dict]]:
    out = []
    for panel in sorted(_PANELS.values(), key=lambda p: (p.order, p.key)):
        context = panel.context(evaluation, user)
        if context is not None:
            out.append((panel, context))
    return out
