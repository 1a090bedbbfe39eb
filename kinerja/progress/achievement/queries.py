"""Reads of the roll-up for the pages and the API: the stored rolled standing of RHK."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date

from kinerja.progress.models import RhkAchievement
from kinerja.rules import achievement as rules


def _f(value) -> float | None:
    return None if value is None else float(value)


def rolled_standings(rhk_ids: Iterable[int], period_start: date) -> dict[int, rules.Standing]:
    """rhk → its rolled standing at ``period_start`` (those without a row are left out)."""
    return {rhk: rules.Standing(_f(a), _f(p), n, r) for rhk, a, p, n, r in
            RhkAchievement.objects.filter(rhk_id__in=list(rhk_ids), period_start=period_start)
            .values_list("rhk_id", "rolled_achievement", "rolled_projected", "contributors", "at_risk")}
