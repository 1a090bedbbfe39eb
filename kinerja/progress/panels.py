"""Panels that other apps add to the employee's progress page ("Progres saya"), registered from their
``AppConfig.ready()``.

The page shows each registered panel below the indicators, so that an app above progress (feedback: the
threads of comments per RHK and per report, the performance dialogues) adds to the page without progress
importing it. A panel is a template and a function that returns the template's context for the page, or
None to leave the panel out. The function gets a :class:`PanelContext`: the viewing user, the SKP shown, its
reporting period and the reports of the page (already loaded), so it can decide with few queries of its own.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date


@dataclass(frozen=True)
class PanelContext:
    user: object
    skp: object  # skp.Skp, the approved SKP shown (its RHK and IKI prefetched)
    period: tuple[date, date] | None  # the reporting period shown
    reports: list = field(default_factory=list)  # progress.Report rows of the SKP shown on the page


@dataclass(frozen=True)
class ProgressPanel:
    key: str
    template: str  # included with ``panel``: the context the function returned, and the page's context
    context: Callable[[PanelContext], dict | None]
    order: int = 100


_PANELS: dict[str, ProgressPanel] = {}


def register_panel(name, template: str | None = None, context_func: Callable | None = None, *,
                   order: int = 100) -> None:
    """Add a panel to the progress page (again with the same key: replaced, so ready() may run twice).

    Either ``register_panel(ProgressPanel(...))`` or ``register_panel(name, template, context_func)``.
    """
    panel = name if isinstance(name, ProgressPanel) else ProgressPanel(name, template, context_func, order)
    _PANELS[panel.key] = panel


def unregister_panel(key: str) -> None:
    _PANELS.pop(key, None)


def panels_for(context: PanelContext) -> list[dict]:
    """The panels shown, by ``order`` then registration: ``{"key", "template", "panel"}``."""
    shown = []
    for panel in sorted(_PANELS.values(), key=lambda p: p.order):
        result = panel.context(context)
        if result is not None:
            shown.append({"key": panel.key, "template": panel.template, "panel": result})
    return shown
