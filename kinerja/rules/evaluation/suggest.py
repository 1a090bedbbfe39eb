"""Suggestions the evaluator starts from (issue 10): the superior decides, these only propose.

* :func:`suggest_hasil_rating`: rating hasil kerja from the employee's achievement (capaian, %):
  Di Atas from ``above_from``, Sesuai from ``meets_from``, else Di Bawah.
* :func:`suggest_org_predikat`: the organisation predikat from its Perjanjian Kinerja achievement.
* :func:`leader_hasil_rating`: "if the person evaluated leads a unit, the unit's performance rating becomes
  their rating hasil kerja" (DOMAIN §4): Istimewa → Di Atas, Baik → Sesuai, the rest → Di Bawah.

Every threshold is an instance setting: the regulations give none. The defaults follow PP 30/2019's bands
(Sangat Baik from 110, Baik from 90, Cukup from 70, Kurang from 50) so the numbers feel familiar.
A threshold is met from its value up (``achievement ≥ threshold``).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from decimal import Decimal
from types import MappingProxyType

from .numbers import to_decimal
from .ratings import OrgPredikat, Rating, org_predikat, rating


@dataclass(frozen=True)
class HasilThresholds:
    """Achievement (%) from which rating hasil kerja is suggested as Di Atas / Sesuai Ekspektasi."""

    above_from: Decimal = Decimal(110)
    meets_from: Decimal = Decimal(90)

    def __post_init__(self):
        above = to_decimal(self.above_from, "threshold Di Atas Ekspektasi", minimum=0)
        meets = to_decimal(self.meets_from, "threshold Sesuai Ekspektasi", minimum=0)
        if not above > meets:
            raise ValueError(f"threshold Di Atas Ekspektasi ({above}) must be above Sesuai Ekspektasi ({meets})")
        object.__setattr__(self, "above_from", above)
        object.__setattr__(self, "meets_from", meets)


@dataclass(frozen=True)
class OrgThresholds:
    """PK achievement (%) from which each organisation predikat is suggested (below ``kurang_from``:
    Sangat Kurang). Strictly decreasing."""

    istimewa_from: Decimal = Decimal(110)
    baik_from: Decimal = Decimal(90)
    butuh_perbaikan_from: Decimal = Decimal(70)
    kurang_from: Decimal = Decimal(50)

    def __post_init__(self):
        names = ("istimewa_from", "baik_from", "butuh_perbaikan_from", "kurang_from")
        values = [to_decimal(getattr(self, n), f"threshold {n}", minimum=0) for n in names]
        for i in range(len(names) - 1):
            if not values[i] > values[i + 1]:
                raise ValueError(f"threshold {names[i]} ({values[i]}) must be above {names[i + 1]} ({values[i + 1]})")
        for name, value in zip(names, values, strict=True):
            object.__setattr__(self, name, value)


DEFAULT_HASIL_THRESHOLDS = HasilThresholds()
DEFAULT_ORG_THRESHOLDS = OrgThresholds()


def suggest_hasil_rating(achievement, thresholds: HasilThresholds = DEFAULT_HASIL_THRESHOLDS) -> Rating | None:
    """The suggested rating hasil kerja for an achievement in percent (≥ 0); None when there is none yet."""
    if achievement is None:
        return None
    value = to_decimal(achievement, "achievement", minimum=0)
    if value >= thresholds.above_from:
        return Rating.ABOVE
    if value >= thresholds.meets_from:
        return Rating.MEETS
    return Rating.BELOW


def suggest_org_predikat(pk_achievement, thresholds: OrgThresholds = DEFAULT_ORG_THRESHOLDS) -> OrgPredikat | None:
    """The suggested organisation predikat for a Perjanjian Kinerja achievement in percent; None without one."""
    if pk_achievement is None:
        return None
    value = to_decimal(pk_achievement, "PK achievement", minimum=0)
    if value >= thresholds.istimewa_from:
        return OrgPredikat.ISTIMEWA
    if value >= thresholds.baik_from:
        return OrgPredikat.BAIK
    if value >= thresholds.butuh_perbaikan_from:
        return OrgPredikat.BUTUH_PERBAIKAN
    if value >= thresholds.kurang_from:
        return OrgPredikat.KURANG
    return OrgPredikat.SANGAT_KURANG


DEFAULT_LEADER_RATING: Mapping[OrgPredikat, Rating] = MappingProxyType({
    OrgPredikat.ISTIMEWA: Rating.ABOVE,
    OrgPredikat.BAIK: Rating.MEETS,
    OrgPredikat.BUTUH_PERBAIKAN: Rating.BELOW,
    OrgPredikat.KURANG: Rating.BELOW,
    OrgPredikat.SANGAT_KURANG: Rating.BELOW,
})


def leader_hasil_rating(org: OrgPredikat | str,
                        mapping: Mapping[OrgPredikat | str, Rating | str] = DEFAULT_LEADER_RATING) -> Rating:
    """The rating hasil kerja of a unit's head from the unit's predikat (``mapping`` is a setting)."""
    org = org_predikat(org)
    clean = {org_predikat(k): rating(v) for k, v in mapping.items()}
    if org not in clean:
        raise ValueError(f"the leader rating mapping has no entry for {org.value!r}")
    return clean[org]
