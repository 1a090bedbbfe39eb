"""The distribution curve of a unit's employee predikat (SE MenPANRB 3/2023; DOMAIN §5; issue 10).

The organisation's predikat (set by the next level up) constrains the shares of its employees' predikat
(PermenPANRB 6/2022 codes):

====================  =========================================================================================
org predikat          constraints (code: rule)
====================  =========================================================================================
Istimewa              ``sangat_baik_largest``: Sangat Baik > 50% (warning) · ``sangat_baik_max_70``: ≤ 70%
Baik                  ``baik_largest``: Baik > 50% (warning) · ``baik_max_70``: ≤ 70% ·
                      ``butuh_perbaikan_or_kurang_min_1``: at least one Butuh Perbaikan and/or Kurang
Butuh Perbaikan       ``butuh_perbaikan_min_60``: ≥ 60% · ``sangat_baik_max_10``: ≤ 10%
Kurang                ``kurang_min_60``: ≥ 60% · ``butuh_perbaikan_min_10``: ≥ 10% · ``sangat_baik_max_10``: ≤ 10%
Sangat Kurang         ``sangat_kurang_min_60``: ≥ 60% · ``kurang_or_butuh_perbaikan_min_10``: ≥ 10% ·
                      ``sangat_baik_none``: = 0
====================  =========================================================================================

"The largest share" is ambiguous (the plurality or a majority?): a share ≤ 50% is a **warning**, the caps
and floors are **violations** (DOMAIN §5). "Butuh Perbaikan and/or Kurang" is read literally (a Sangat Kurang
does not count). Shares compare exactly in integers (``count × 100`` against ``percent × total``). An empty
unit has nothing to check. Within one org predikat the floors' groups are disjoint from each other and from
the caps' groups, so a unit of ``n`` can satisfy every violation-level constraint exactly when the floors'
minimum counts add up to at most ``n`` (:func:`feasible`; a unit of 1 or 2 cannot be "Kurang").
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from decimal import Decimal
from enum import StrEnum
from types import MappingProxyType

from .numbers import round2
from .ratings import ORG_PREDIKAT_LABELS, PREDIKAT_6_2022, PREDIKAT_LABELS, OrgPredikat, Predikat, org_predikat
from .ratings import predikat as parse_predikat


class Severity(StrEnum):
    VIOLATION = "violation"
    WARNING = "warning"


class Bound(StrEnum):
    AT_LEAST = "at_least"  # count ≥ limit
    AT_MOST = "at_most"  # count ≤ limit
    MORE_THAN = "more_than"  # share strictly above the percent


@dataclass(frozen=True)
class Constraint:
    """One rule on the count of a group of predikat: a share in percent (``percent``) or an absolute count
    (``count``), as a floor, a cap or "more than"."""

    code: str
    predikats: tuple[Predikat, ...]
    bound: Bound
    severity: Severity
    percent: int | None = None
    count: int | None = None

    def limit(self, total: int) -> int:
        """The count the rule allows at the edge for a unit of ``total``: the least count for a floor or
        "more than", the most for a cap."""
        if self.count is not None:
            return self.count if self.bound is not Bound.MORE_THAN else self.count + 1
        scaled = self.percent * total
        if self.bound is Bound.AT_MOST:
            return scaled // 100
        if self.bound is Bound.AT_LEAST:
            return -(-scaled // 100)
        return scaled // 100 + 1

    def holds(self, count: int, total: int) -> bool:
        limit = self.limit(total)
        return count <= limit if self.bound is Bound.AT_MOST else count >= limit

    def words(self) -> str:
        """The rule in Indonesian, e.g. "Sangat Baik paling banyak 70%"."""
        group = " dan/atau ".join(PREDIKAT_LABELS[p] for p in self.predikats)
        if self.bound is Bound.MORE_THAN:
            return f"{group} porsi terbesar (lebih dari {self.percent}%)"
        if self.count is not None:
            if self.bound is Bound.AT_MOST and self.count == 0:
                return f"tidak ada {group}"
            word = "paling sedikit" if self.bound is Bound.AT_LEAST else "paling banyak"
            return f"{word} {self.count} pegawai {group}"
        if self.bound is Bound.AT_MOST and self.percent == 0:
            return f"tidak ada {group}"
        word = "paling sedikit" if self.bound is Bound.AT_LEAST else "paling banyak"
        return f"{group} {word} {self.percent}%"


def _c(code: str, predikats: tuple[Predikat, ...], bound: Bound, *, percent: int | None = None,
       count: int | None = None, severity: Severity = Severity.VIOLATION) -> Constraint:
    return Constraint(code, predikats, bound, severity, percent, count)


SB, B, BP, K, SK = PREDIKAT_6_2022
CONSTRAINTS: Mapping[OrgPredikat, tuple[Constraint, ...]] = MappingProxyType({
    OrgPredikat.ISTIMEWA: (
        _c("sangat_baik_largest", (SB,), Bound.MORE_THAN, percent=50, severity=Severity.WARNING),
        _c("sangat_baik_max_70", (SB,), Bound.AT_MOST, percent=70),
    ),
    OrgPredikat.BAIK: (
        _c("baik_largest", (B,), Bound.MORE_THAN, percent=50, severity=Severity.WARNING),
        _c("baik_max_70", (B,), Bound.AT_MOST, percent=70),
        _c("butuh_perbaikan_or_kurang_min_1", (BP, K), Bound.AT_LEAST, count=1),
    ),
    OrgPredikat.BUTUH_PERBAIKAN: (
        _c("butuh_perbaikan_min_60", (BP,), Bound.AT_LEAST, percent=60),
        _c("sangat_baik_max_10", (SB,), Bound.AT_MOST, percent=10),
    ),
    OrgPredikat.KURANG: (
        _c("kurang_min_60", (K,), Bound.AT_LEAST, percent=60),
        _c("butuh_perbaikan_min_10", (BP,), Bound.AT_LEAST, percent=10),
        _c("sangat_baik_max_10", (SB,), Bound.AT_MOST, percent=10),
    ),
    OrgPredikat.SANGAT_KURANG: (
        _c("sangat_kurang_min_60", (SK,), Bound.AT_LEAST, percent=60),
        _c("kurang_or_butuh_perbaikan_min_10", (K, BP), Bound.AT_LEAST, percent=10),
        _c("sangat_baik_none", (SB,), Bound.AT_MOST, percent=0),
    ),
})


@dataclass(frozen=True)
class Finding:
    """A constraint a unit's proposed predikat break: the rule, the actual count and share, and the count
    the rule asks for (``limit``: at least / at most that many of ``total``)."""

    constraint: Constraint
    count: int
    total: int
    share: Decimal  # percent, 2 decimals
    limit: int

    @property
    def code(self) -> str:
        return self.constraint.code

    @property
    def severity(self) -> Severity:
        return self.constraint.severity

    @property
    def message(self) -> str:
        """In Indonesian, e.g. "Sangat Baik paling banyak 70%: 8 dari 10 pegawai (80%), batas 7"."""
        share = f"{self.share.normalize():f}".replace(".", ",")
        edge = "paling banyak" if self.constraint.bound is Bound.AT_MOST else "paling sedikit"
        return (f"{self.constraint.words()}: {self.count} dari {self.total} pegawai ({share}%), "
                f"{edge} {self.limit}")


@dataclass(frozen=True)
class Allowed:
    """What a constraint allows a unit of ``total``: a count from ``min_count`` to ``max_count`` (for charts)."""

    constraint: Constraint
    min_count: int
    max_count: int
    total: int

    @property
    def min_percent(self) -> Decimal:
        return round2(Decimal(self.min_count * 100) / self.total) if self.total else Decimal(0)

    @property
    def max_percent(self) -> Decimal:
        return round2(Decimal(self.max_count * 100) / self.total) if self.total else Decimal(0)


@dataclass(frozen=True)
class CurveCheck:
    org_predikat: OrgPredikat
    total: int
    counts: Mapping[Predikat, int]
    violations: tuple[Finding, ...]
    warnings: tuple[Finding, ...]
    allowed: tuple[Allowed, ...]
    feasible: bool  # a unit of this size can meet every violation-level constraint

    @property
    def ok(self) -> bool:
        """No violation (warnings may remain)."""
        return not self.violations


def clean_counts(counts: Mapping[Predikat | str, int]) -> dict[Predikat, int]:
    """Counts per PermenPANRB 6/2022 predikat (missing ones are 0), or ValueError: an unknown or foreign
    predikat (``cukup``, ``buruk``), a negative or non-integer count."""
    out = dict.fromkeys(PREDIKAT_6_2022, 0)
    for key, value in counts.items():
        code = parse_predikat(key)
        if code not in out:
            raise ValueError(f"predikat {code.value!r} is not a PermenPANRB 6/2022 predikat: the distribution curve "
                             f"applies to {', '.join(p.value for p in PREDIKAT_6_2022)}")
        if isinstance(value, bool) or not isinstance(value, int):
            raise ValueError(f"count of {code.value!r} must be a whole number, got {value!r}")
        if value < 0:
            raise ValueError(f"count of {code.value!r} must not be negative, got {value}")
        out[code] += value
    return out


def constraints_for(org: OrgPredikat | str) -> tuple[Constraint, ...]:
    return CONSTRAINTS[org_predikat(org)]


def allowed(org: OrgPredikat | str, total: int) -> tuple[Allowed, ...]:
    """Per constraint, the count range it allows a unit of ``total`` (warnings included, marked by severity).
    Each constraint alone: whether all of them can hold at once is :func:`feasible`."""
    if isinstance(total, bool) or not isinstance(total, int) or total < 0:
        raise ValueError(f"total must be a whole number ≥ 0, got {total!r}")
    out = []
    for constraint in constraints_for(org):
        limit = constraint.limit(total)
        if total == 0:  # an empty unit: nothing to check
            out.append(Allowed(constraint, 0, 0, 0))
        elif constraint.bound is Bound.AT_MOST:
            out.append(Allowed(constraint, 0, min(limit, total), total))
        else:
            out.append(Allowed(constraint, min(limit, total), total, total))
    return tuple(out)


def feasible(org: OrgPredikat | str, total: int) -> bool:
    """Whether any distribution of ``total`` employees meets every violation-level constraint."""
    floors = [c.limit(total) for c in constraints_for(org)
              if c.severity is Severity.VIOLATION and c.bound is not Bound.AT_MOST]
    return total == 0 or sum(floors) <= total


def check(org: OrgPredikat | str, counts: Mapping[Predikat | str, int]) -> CurveCheck:
    """Check a unit's proposed employee predikat against its organisation predikat."""
    org = org_predikat(org)
    clean = clean_counts(counts)
    total = sum(clean.values())
    violations: list[Finding] = []
    warnings: list[Finding] = []
    if total:
        for constraint in CONSTRAINTS[org]:
            count = sum(clean[p] for p in constraint.predikats)
            if constraint.holds(count, total):
                continue
            finding = Finding(constraint, count, total, round2(Decimal(count * 100) / total), constraint.limit(total))
            (violations if constraint.severity is Severity.VIOLATION else warnings).append(finding)
    return CurveCheck(org, total, clean, tuple(violations), tuple(warnings), allowed(org, total),
                      feasible(org, total))


def describe(org: OrgPredikat | str) -> str:
    """The org predikat's constraints in Indonesian, e.g. for a help text."""
    org = org_predikat(org)
    return f"{ORG_PREDIKAT_LABELS[org]}: " + "; ".join(c.words() for c in CONSTRAINTS[org])
