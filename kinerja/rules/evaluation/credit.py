"""Angka kredit of functional officials (PermenPANRB 1/2023; Perban BKN 3/2023; DOMAIN §12).

Annual AK = share of the predikat × the level's coefficient; a periodic evaluation is pro-rated:
AK = months / 12 × share × coefficient (Ahli Pertama, 12.5, two months Baik → 2.08).

Shares (Sangat Baik 150%, Baik 100%, Butuh Perbaikan 75%, Kurang 50%, Sangat Kurang 25%) and the
coefficients per level are settings with these defaults. Only Ahli Pertama's 12.5 is confirmed in DOMAIN.md;
the others are PermenPANRB 1/2023's table as commonly published (check before relying on them).

Figures are computed exactly (fractions) and shown to ``places`` decimals (2 by default), half up. Rounding
each period on its own can make twelve months add up to slightly less or more than the year
(12 × 1.04 = 12.48 ≠ 12.5): :func:`credit_schedule` rounds the running total instead, so the periods of a
year always add up to the rounded annual figure. :func:`year_credit` gives a year's AK from its periodic
evaluations under either convention (:class:`CreditRounding`, an instance setting): round the total once, or
round each period and add the rounded figures.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal
from enum import StrEnum
from fractions import Fraction
from types import MappingProxyType

from .numbers import to_decimal
from .ratings import Predikat
from .ratings import predikat as parse_predikat

MAX_COEFFICIENT = Decimal(1000)  # a sanity bound (the largest known coefficient is 50)

DEFAULT_SHARES: Mapping[Predikat, Decimal] = MappingProxyType({
    Predikat.SANGAT_BAIK: Decimal("1.50"),
    Predikat.BAIK: Decimal("1.00"),
    Predikat.BUTUH_PERBAIKAN: Decimal("0.75"),
    Predikat.KURANG: Decimal("0.50"),
    Predikat.SANGAT_KURANG: Decimal("0.25"),
})

# level code → annual coefficient (keahlian and keterampilan); a setting
DEFAULT_COEFFICIENTS: Mapping[str, Decimal] = MappingProxyType({
    "pemula": Decimal("3.75"),
    "terampil": Decimal("5"),
    "mahir": Decimal("12.5"),
    "penyelia": Decimal("25"),
    "ahli_pertama": Decimal("12.5"),
    "ahli_muda": Decimal("25"),
    "ahli_madya": Decimal("37.5"),
    "ahli_utama": Decimal("50"),
})
LEVEL_LABELS: Mapping[str, str] = MappingProxyType({
    "pemula": "Pemula", "terampil": "Terampil", "mahir": "Mahir", "penyelia": "Penyelia",
    "ahli_pertama": "Ahli Pertama", "ahli_muda": "Ahli Muda", "ahli_madya": "Ahli Madya", "ahli_utama": "Ahli Utama",
})


def coefficient_for(level: str, coefficients: Mapping[str, Decimal] = DEFAULT_COEFFICIENTS) -> Decimal:
    """The annual coefficient of a level code (e.g. ``ahli_pertama``), or ValueError."""
    if level not in coefficients:
        raise ValueError(f"unknown functional level {level!r} (known: {', '.join(coefficients)})")
    return to_decimal(coefficients[level], f"coefficient of {level}", minimum=0, maximum=MAX_COEFFICIENT)


def share_for(value: Predikat | str, shares: Mapping[Predikat | str, Decimal] = DEFAULT_SHARES) -> Decimal:
    """The share of a predikat (1.50 for Sangat Baik…), or ValueError (also for a predikat with no share, such
    as PP 30/2019's ``cukup``, unless the setting gives one)."""
    code = parse_predikat(value)
    for key, share in shares.items():
        if parse_predikat(key) is code:
            return to_decimal(share, f"share of {code.value}", minimum=0)
    raise ValueError(f"no credit-point share for predikat {code.value!r} (set one)")


def _months(months) -> int:
    if isinstance(months, bool) or not isinstance(months, int):
        raise ValueError(f"months must be a whole number, got {months!r}")
    if not 0 <= months <= 12:
        raise ValueError(f"months must be 0–12, got {months}")
    return months


def _places(places: int) -> Decimal:
    if isinstance(places, bool) or not isinstance(places, int) or not 0 <= places <= 6:
        raise ValueError(f"places must be 0–6, got {places!r}")
    return Decimal(1).scaleb(-places)


def _shown(value: Fraction, places: int) -> Decimal:
    return (Decimal(value.numerator) / Decimal(value.denominator)).quantize(_places(places), rounding=ROUND_HALF_UP)


def exact_credit(value: Predikat | str, coefficient, months: int = 12, *,
                 shares: Mapping[Predikat | str, Decimal] = DEFAULT_SHARES) -> Fraction:
    """AK as an exact fraction: months / 12 × share × coefficient."""
    coef = to_decimal(coefficient, "coefficient", minimum=0, maximum=MAX_COEFFICIENT)
    return Fraction(_months(months), 12) * Fraction(share_for(value, shares)) * Fraction(coef)


def annual_credit(value: Predikat | str, coefficient, *, shares: Mapping[Predikat | str, Decimal] = DEFAULT_SHARES,
                  places: int = 2) -> Decimal:
    """Annual AK = share × coefficient, to ``places`` decimals."""
    return _shown(exact_credit(value, coefficient, 12, shares=shares), places)


def periodic_credit(value: Predikat | str, coefficient, months: int, *,
                    shares: Mapping[Predikat | str, Decimal] = DEFAULT_SHARES, places: int = 2) -> Decimal:
    """AK of a periodic evaluation covering ``months`` (0–12), to ``places`` decimals."""
    return _shown(exact_credit(value, coefficient, months, shares=shares), places)


def _running(exacts: Sequence[Fraction], places: int) -> tuple[Decimal, ...]:
    """Each exact figure as the rounded running total minus the rounded running total before it."""
    out: list[Decimal] = []
    running = Fraction(0)
    shown_before = _shown(running, places)
    for exact in exacts:
        running += exact
        shown = _shown(running, places)
        out.append(shown - shown_before)
        shown_before = shown
    return tuple(out)


def credit_schedule(periods: Sequence[tuple[int, Predikat | str]], coefficient, *,
                    shares: Mapping[Predikat | str, Decimal] = DEFAULT_SHARES, places: int = 2) -> tuple[Decimal, ...]:
    """AK per period for consecutive periods ``(months, predikat)``: each is the rounded running total minus
    the rounded running total before it, so the periods add up to the rounded exact total."""
    return _running([exact_credit(value, coefficient, months, shares=shares) for months, value in periods], places)


class CreditRounding(StrEnum):
    """How a year's periodic figures are rounded (an instance setting; the stored codes never change).

    * ``total`` (the default): the exact figures are added up and the total is rounded once; each period shows
      its part of the rounded running total (:func:`credit_schedule`), so the periods add up to the year.
    * ``each``: each period's figure is rounded on its own and the year is the sum of the rounded figures (as a
      calculation by hand, period by period, gives).
    """

    TOTAL = "total"
    EACH = "each"


DEFAULT_CREDIT_ROUNDING = CreditRounding.TOTAL


def credit_rounding(value: CreditRounding | str) -> CreditRounding:
    try:
        return CreditRounding(value)
    except ValueError:
        known = ", ".join(r.value for r in CreditRounding)
        raise ValueError(f"unknown credit rounding {value!r} (known: {known})") from None


@dataclass(frozen=True)
class YearCredit:
    """The AK of a year from its periodic evaluations: the figure shown per period, the year's total and the
    months covered."""

    periods: tuple[Decimal, ...]
    total: Decimal
    months: int


def year_credit(periods: Sequence[tuple[int, Predikat | str, object]], *,
                rounding: CreditRounding | str = DEFAULT_CREDIT_ROUNDING,
                shares: Mapping[Predikat | str, Decimal] = DEFAULT_SHARES, places: int = 2) -> YearCredit:
    """The AK of a year from its periodic evaluations ``(months, predikat, coefficient)`` in date order (each
    period may have its own coefficient: a promotion mid-year). The months add up to at most 12 (periods of one
    year do not overlap). ``rounding``: :class:`CreditRounding`."""
    mode = credit_rounding(rounding)
    periods = list(periods)
    months = sum(_months(m) for m, _p, _c in periods)
    if months > 12:
        raise ValueError(f"the periods cover {months} months: a year has 12 (do two periods overlap?)")
    exacts = [exact_credit(value, coefficient, m, shares=shares) for m, value, coefficient in periods]
    if mode is CreditRounding.EACH:
        shown = tuple(_shown(x, places) for x in exacts)
        return YearCredit(shown, sum(shown, _shown(Fraction(0), places)), months)
    return YearCredit(_running(exacts, places), _shown(sum(exacts, Fraction(0)), places), months)
