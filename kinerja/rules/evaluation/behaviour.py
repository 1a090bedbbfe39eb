"""Rating perilaku kerja from the ratings of the seven BerAKHLAK core values (PermenPANRB 6/2022; DOMAIN §4).

The regulation asks for one rating perilaku but does not say how the seven values' ratings make it, so the
rule is an instance setting (``EvaluationSettings.behaviour_rule``). Each rule has a stable id; a published
rule never changes what it gives (a test fingerprints them): a different rule gets a new id.

* ``median`` (the default): the middle rating when the seven are put in order — the 4th of 7. At least four
  values must be Di Atas for Di Atas, and at least four Di Bawah for Di Bawah; otherwise Sesuai.
* ``majority``: the rating given to the most values. A tie (3 and 3, the seventh elsewhere) goes to the lower
  of the tied ratings: a rating is only raised by a clear majority.
* ``lowest``: the lowest rating of the seven: one value Di Bawah makes the rating perilaku Di Bawah; Di Atas
  only when all seven are Di Atas.

Every rule gives nothing (None) until every value is rated.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Iterable, Mapping
from enum import StrEnum
from types import MappingProxyType

from kinerja.rules.skp import BERAKHLAK_CODES

from .ratings import RATING_RANK, Rating, rating

VALUES_COUNT = len(BERAKHLAK_CODES)  # seven


class BehaviourRule(StrEnum):
    """The stored ids of the rules (never rename one)."""

    MEDIAN = "median"
    MAJORITY = "majority"
    LOWEST = "lowest"


DEFAULT_BEHAVIOUR_RULE = BehaviourRule.MEDIAN
BEHAVIOUR_RULE_LABELS: Mapping[BehaviourRule, str] = MappingProxyType({
    BehaviourRule.MEDIAN: "Nilai tengah (median)",
    BehaviourRule.MAJORITY: "Terbanyak (mayoritas)",
    BehaviourRule.LOWEST: "Terendah",
})


def _rating_of_rank(rank: int) -> Rating:
    for value, r in RATING_RANK.items():
        if r == rank:
            return value
    raise ValueError(f"no rating of rank {rank}")  # pragma: no cover - ranks come from RATING_RANK


def _median(ranks: list[int]) -> int:
    return sorted(ranks)[(len(ranks) - 1) // 2]


def _majority(ranks: list[int]) -> int:
    counts = Counter(ranks)
    most = max(counts.values())
    return min(rank for rank, n in counts.items() if n == most)  # a tie goes to the lower rating


def _lowest(ranks: list[int]) -> int:
    return min(ranks)


RULES: Mapping[BehaviourRule, Callable[[list[int]], int]] = MappingProxyType({
    BehaviourRule.MEDIAN: _median,
    BehaviourRule.MAJORITY: _majority,
    BehaviourRule.LOWEST: _lowest,
})


def behaviour_rule(value: BehaviourRule | str) -> BehaviourRule:
    """The rule of an id, or ValueError naming the known ones (no silent default)."""
    try:
        return BehaviourRule(value)
    except ValueError:
        raise ValueError(f"unknown rating-perilaku rule {value!r} (known: {', '.join(RULES)})") from None


def derive_behaviour(ratings: Iterable[Rating | str | None], rule: BehaviourRule | str = DEFAULT_BEHAVIOUR_RULE,
                     *, required: int = VALUES_COUNT) -> Rating | None:
    """The rating perilaku the ``rule`` gives for the values' ratings; None until ``required`` (seven) are rated.
    Empty entries ("" or None) count as not rated yet; anything else must be a rating code."""
    chosen = behaviour_rule(rule)
    ranks = [RATING_RANK[rating(r)] for r in ratings if r]
    if not ranks or len(ranks) < required:
        return None
    return _rating_of_rank(RULES[chosen](ranks))
