"""Who staffs the tree, as the organisation pages and services need it: who exercises a position today,
how many active employees a unit (or its subtree) has, which of them a user may open.

People sit above organization, so organization does not import them: ``people/apps.py`` registers the
provider (``people/staffing.py``) in ``ready()``, and the functions below ask it.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Protocol

from django.db.models import Expression


class Staffing(Protocol):
    def current_holders(self, position_ids: Iterable[int]) -> dict[int, list]:
        """position id → the people exercising it today (``Holding``: ``employee``, ``acting_kind``,
        ``prefix``), acting officials (Plt/Plh) first."""

    def subtree_counts(self, units: list, instance_id: int) -> dict[str, int]:
        """unit path → active employees in its subtree."""

    def unit_count(self, unit) -> int:
        """Active employees placed directly in ``unit``."""

    def position_count(self, position) -> int:
        """Active employees holding ``position`` (definitively)."""

    def filled_q(self) -> Expression:
        """A filter on ``Position``: an active employee holds it."""

    def visible_ids(self, user, employee_ids: Iterable[int]) -> set[int]:
        """The employees of ``employee_ids`` whose page ``user`` may open."""

    def visible_holders(self, user, position) -> list:
        """The active employees holding ``position`` whom ``user`` may see, by name."""


_provider: Staffing | None = None


def register(provider: Staffing) -> None:
    global _provider
    _provider = provider


def staffing() -> Staffing:
    if _provider is None:
        raise LookupError("no staffing provider registered (kinerja.people is not installed)")
    return _provider
