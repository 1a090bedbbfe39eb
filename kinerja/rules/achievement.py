"""Capaian (achievement), its trend and the early warning (DOMAIN §6, issue 9 items 4 and 5). Pure: no Django.

Scoring scheme ``permenpanrb-6-2022`` (the default of every period; ``SCHEMES`` maps a period's
``scoring_scheme`` to its rules, so a later scheme adds an entry instead of changing this one).

Per IKI, with the realisation ``r`` so far and the target ``t`` (all in percent, then capped):

* **number, higher is better**: ``r / t × 100`` (PermenPANRB 8/2021);
* **number, lower is better**: ``(1 + (1 − r / t)) × 100``, never below 0; a target of 0 gives 100 for
  ``r = 0`` and 0 otherwise;
* **range** ``[low, high]``: inside the range 100. Higher is better: below ``r / low × 100``, above
  ``r / high × 100`` (more than 100, so the cap decides how much a surplus counts). Lower is better:
  below ``(2 − r / low) × 100`` (more than 100), above ``(2 − r / high) × 100`` (never below 0);
* **qualitative**: the percentage the superior judged when accepting the report (none until judged);
* every value is capped at the instance's ``achievement_cap`` (120 % by default) and floored at 0.

**Accumulation** (what ``r`` is after several reporting periods): the measure unit decides. Rates and
scores — a unit that is or contains ``%``, ``persen``, ``indeks``, ``nilai``, ``rasio``, ``skor``,
``predikat``, ``tingkat``, ``rata-rata`` — take the **latest** reported value; anything else is a count and
the **sum** of the period values.

**Achievement so far** (a row per reporting period): counts that are higher-is-better compare the sum so
far with the whole target (``r / t``: 40 of 100 after five months is 40 %); lower-is-better counts
compare it with the target pro-rated to the time elapsed (else January would always look like 200 %);
rates, ranges and qualitative targets use the latest value.

**Expected by now** (for the trajectory): higher-is-better counts follow the action plan's cumulative
quarterly targets, linear within a quarter (from 0 at the start); without a plan, linear over the SKP
period; as a share of the target. Every other indicator is expected at 100 % all along (its plan's
quarter target, if any, judged like a realisation).

**Projection to the end of the period**: counts — least squares through the origin over the cumulative
series (``slope = Σ x·y / Σ x²`` with ``x`` the period's number, ``y`` the sum so far; ``Σ x·y`` over the
periods 1…K is computed as ``K(K+1)/2 · Σ v − Σ v·k(k−1)/2`` over the period values ``v`` of periods ``k``, so
that it needs only sums over the reports, :func:`trend_sxy`), times the number of periods, which is the run
rate when the pace is steady and weighs the recent pace more as the year goes on; rates — least squares with
an intercept over the reported values, extrapolated to the last period (the latest value when there are fewer
than three); qualitative — the latest judged value. The projection is scored like a realisation (and
capped). Periods count up to the later of the last one reported and the last one whose report is overdue, so
a month not yet due does not pull the trend down.

**Early warning**: projected < ``at_risk_below`` → ``at_risk``, with its reason as a code and parameters
(``code|param|…``, :func:`reason_code`; the pages and e-mails word it in the reader's language:
``progress/achievement/reasons.py``); no counted
report at all once the first report is overdue, or the last overdue period unreported without a
projection below the threshold → ``no_data``.

**Roll-up**: an RHK is the mean of its IKI; an employee the mean of their RHK; an RHK's *rolled*
achievement is the mean of its own IKI when any is reported, else the mean of the rolled achievement of
the RHK that intervene it (``Rhk.parent``); a PK indicator is the mean of the rolled achievement of the
JPT RHK that carry it; an IKU the mean of its PK indicators. Means skip what has no value yet.
"""

from __future__ import annotations

import calendar
import functools
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from enum import StrEnum

DEFAULT_SCHEME = "permenpanrb-6-2022"
DEFAULT_CAP = 120.0
DEFAULT_AT_RISK_BELOW = 80.0

RATE_WORDS = ("%", "persen", "percent", "indeks", "index", "nilai", "rasio", "ratio", "skor", "score",
              "predikat", "tingkat", "rata-rata", "rerata", "average")
_RATE = re.compile("|".join(re.escape(w) for w in RATE_WORDS), re.IGNORECASE)


class Kind(StrEnum):
    NUMBER = "number"
    RANGE = "range"
    TEXT = "text"


class Risk(StrEnum):
    NONE = ""
    AT_RISK = "at_risk"
    NO_DATA = "no_data"


@dataclass(frozen=True)
class Spec:
    """What an IKI asks for: its kind, target (or range), direction and unit of measure."""

    kind: Kind = Kind.NUMBER
    target: float | None = None
    low: float | None = None
    high: float | None = None
    lower_is_better: bool = False
    measure_unit: str = ""

    @property
    def is_rate(self) -> bool:
        return is_rate(self.measure_unit)

    @property
    def accumulates(self) -> bool:
        """A count: its period values add up (a rate, a range's level or a judgement do not)."""
        return self.kind is Kind.NUMBER and not self.is_rate


def is_rate(measure_unit: str) -> bool:
    """A rate, a percentage or a score (the latest value counts), not a count (the values add up)."""
    return bool(_RATE.search(measure_unit or ""))


def _clamp(value: float, cap: float) -> float:
    return round(max(0.0, min(cap, value)), 2)


def score(spec: Spec, realisation: float | None, cap: float = DEFAULT_CAP, *,
          target: float | None = None) -> float | None:
    """Capaian (%) of ``realisation`` against the IKI's target (``target`` overrides a number target,
    e.g. pro-rated); None when it cannot be scored (no value, no target)."""
    if realisation is None:
        return None
    r = float(realisation)
    if spec.kind is Kind.RANGE:
        low, high = spec.low, spec.high
        if low is None or high is None:
            return None
        low, high = min(low, high), max(low, high)
        if low <= r <= high:
            return _clamp(100.0, cap)
        edge = low if r < low else high
        if edge == 0:
            return _clamp(0.0 if (r < low) != spec.lower_is_better else cap, cap)
        ratio = r / edge
        return _clamp((2 - ratio) * 100 if spec.lower_is_better else ratio * 100, cap)
    if spec.kind is not Kind.NUMBER:
        return None
    t = spec.target if target is None else target
    if t is None:
        return None
    if t == 0:
        met = r <= 0 if spec.lower_is_better else r >= 0
        return _clamp(100.0 if met else 0.0, cap)
    ratio = r / t
    return _clamp((1 + (1 - ratio)) * 100 if spec.lower_is_better else ratio * 100, cap)


def judged(value: float | None, cap: float = DEFAULT_CAP) -> float | None:
    """A qualitative IKI: the superior's judgement, capped."""
    return None if value is None else _clamp(float(value), cap)


def cents(value: float) -> int:
    """A 2-decimal figure in whole hundredths (exact for the rounded figures the roll-up averages)."""
    return round(value * 100)


def mean_of_cents(total: int, n: int) -> float:
    """``total / n`` hundredths rounded half to even, in integers: exact and independent of the order the
    figures were added in (the set-based roll-up in PostgreSQL sums the same integers)."""
    q, r = divmod(total, n)
    if 2 * r > n or (2 * r == n and q % 2):
        q += 1
    return q / 100


def mean(values: Iterable[float | None]) -> float | None:
    """The mean of the values that exist (None when none does), to 2 decimals (on whole hundredths)."""
    present = [cents(v) for v in values if v is not None]
    return mean_of_cents(sum(present), len(present)) if present else None


# --- reporting periods ---------------------------------------------------------------------------

def add_months(day: date, months: int) -> date:
    index = day.month - 1 + months
    year, month = day.year + index // 12, index % 12 + 1
    return date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def reporting_periods(start: date, end: date, cadence: str = "monthly") -> list[tuple[date, date]]:
    """The reporting periods (monthly or quarterly, counted from ``start``) covering ``start``…``end``."""
    step = 3 if cadence == "quarterly" else 1
    periods, first = [], start
    while first <= end:
        nxt = add_months(date(first.year, first.month, 1), step)
        periods.append((first, min(end, nxt - timedelta(days=1))))
        first = nxt
    return periods


@functools.lru_cache(maxsize=4096)
def due_date(period_end: date, deadline_day: int = 5) -> date:
    """A period's report is due on ``deadline_day`` of the month after it ends."""
    nxt = add_months(date(period_end.year, period_end.month, 1), 1)
    return date(nxt.year, nxt.month, min(deadline_day, calendar.monthrange(nxt.year, nxt.month)[1]))


@functools.lru_cache(maxsize=256)
def quarter_ends(start: date, end: date) -> tuple[date, ...]:
    """The last day of each of the four quarters of an SKP period (three months each from ``start``)."""
    ends = [min(end, add_months(date(start.year, start.month, 1), 3 * q) - timedelta(days=1)) for q in (1, 2, 3)]
    return (*ends, end)


@functools.lru_cache(maxsize=4096)
def elapsed_share(start: date, end: date, day: date) -> float:
    """How much of ``start``…``end`` has passed at the end of ``day`` (0…1)."""
    total = (end - start).days + 1
    return max(0.0, min(1.0, ((day - start).days + 1) / total)) if total > 0 else 1.0


def planned_by(day: date, start: date, end: date, plans: dict[int, float]) -> float | None:
    """The cumulative value the quarterly plans ask for by ``day``: linear inside each quarter, from 0 at
    ``start`` (quarters without a target are skipped: the line runs to the next one that has one)."""
    if not plans:
        return None
    points = [(start - timedelta(days=1), 0.0)]
    for q, q_end in enumerate(quarter_ends(start, end), start=1):
        if plans.get(q) is not None:
            points.append((q_end, float(plans[q])))
    if len(points) == 1:
        return None
    for (d0, v0), (d1, v1) in zip(points, points[1:], strict=False):
        if day <= d1:
            share = (day - d0).days / max(1, (d1 - d0).days)
            return v0 + (v1 - v0) * max(0.0, min(1.0, share))
    return points[-1][1]


def planned_level(day: date, start: date, end: date, plans: dict[int, float]) -> float | None:
    """A rate's planned level by ``day``: the target of the quarter ``day`` falls in (else the next one)."""
    if not plans:
        return None
    for q, q_end in enumerate(quarter_ends(start, end), start=1):
        if day <= q_end and plans.get(q) is not None:
            return float(plans[q])
    later = [plans[q] for q in sorted(plans) if plans[q] is not None]
    return float(later[-1]) if later else None


# --- projection ----------------------------------------------------------------------------------

def project_cumulative(series: Sequence[float], total_periods: int) -> float | None:
    """Least squares through the origin over the cumulative series (x = 1…n), extrapolated to ``total_periods``."""
    if not series:
        return None
    sxx = sum((i + 1) ** 2 for i in range(len(series)))
    sxy = sum((i + 1) * y for i, y in enumerate(series))
    return sxy / sxx * total_periods


def trend_sxy(upto: int, total: float, tri: float) -> float:
    """:func:`project_cumulative`'s ``Σ x·y`` over the periods 1…``upto`` (``y`` the sum so far at ``x``) from two sums
    over the period values ``v`` of the periods ``k`` ≤ ``upto``: ``total = Σ v`` and ``tri = Σ v·k(k−1)/2``
    (each value counts in every period from its own on: ``Σ_{x=k..upto} x``). The set-based roll-up computes the
    same two sums with plain aggregates over the reports and this same expression."""
    return (upto * (upto + 1) // 2) * total - tri


def project_level(points: Sequence[tuple[int, float]], total_periods: int) -> float | None:
    """Least squares with an intercept over (period number, value), at ``total_periods``; the latest value
    when there are fewer than three points.

    Written with running sums added in period order (``slope = (n·Σxy − Σx·Σy) / (n·Σx² − (Σx)²)``), the
    same float operations in the same order as the set-based roll-up in PostgreSQL (window sums), so both
    give the same figures to the last bit."""
    sx = sy = sxx = sxy = 0.0
    for x, y in points:
        sx += x
        sy += y
        sxx += x * x
        sxy += x * y
    return level_from_sums(len(points), sx, sy, sxx, sxy, points[-1][1] if points else None, total_periods)


def level_from_sums(n: int, sx: float, sy: float, sxx: float, sxy: float, latest: float | None,
                    total_periods: int) -> float | None:
    """:func:`project_level` from its running sums over ``n`` points (``latest``: the last point's value), as a
    period's row carries them forward."""
    if n == 0:
        return None
    den = n * sxx - sx * sx
    if n < 3 or den == 0:
        return latest
    slope = (n * sxy - sx * sy) / den
    return sy / n + slope * (total_periods - sx / n)


# --- one IKI over its periods --------------------------------------------------------------------

@dataclass(frozen=True)
class Reported:
    """A counted report: the period value, or the superior's judgement for a qualitative IKI."""

    value: float | None = None
    judged: float | None = None


@dataclass
class Row:
    """The IKI's standing at the end of one reporting period."""

    period_start: date
    realisation: float | None = None
    achievement: float | None = None
    expected: float | None = None
    projected: float | None = None
    risk: Risk = Risk.NONE
    reason: str = ""
    reported: bool = False


@dataclass(frozen=True)
class Settings:
    cap: float = DEFAULT_CAP
    at_risk_below: float = DEFAULT_AT_RISK_BELOW
    cadence: str = "monthly"
    deadline_day: int = 5


def _fmt(value: float | None) -> str:
    if value is None:
        return "–"
    text = f"{value:,.2f}".rstrip("0").rstrip(".")
    return text.replace(",", "\0").replace(".", ",").replace("\0", ".")  # Indonesian: 1.234,5


REASON_SEP = "|"
# the reason codes (the parameters after each, in order; numbers as :func:`_num` writes them)
JUDGED = "judged"  # projected, threshold — a qualitative IKI: the superior's judgement is below the threshold
PROJECTED = "projected"  # projected, threshold, realisation, periods elapsed, cadence, target ("t" or "lo~hi"), unit
NO_DATA = "no_data"  # periods missing, cadence — no counted report for the last periods past their deadline
PK_NO_DATA = "pk_no_data"  # — a PK indicator or IKU: no supporting IKI reported yet
PK_AT_RISK = "pk_at_risk"  # projected, threshold, IKI at risk, supporting IKI


def reason_code(code: str, *params) -> str:
    """The stored early-warning reason: the code and its parameters joined by ``|`` (the last one — a free
    text such as a unit of measure — may itself hold a ``|``), at most 255 characters."""
    return REASON_SEP.join([code, *(str(p) for p in params)])[:255]


def parse_reason(stored: str) -> tuple[str, list[str]]:
    """(code, parameters) of a stored reason; ("", []) for a text that is not one (older rows, hand-written)."""
    parts = (stored or "").split(REASON_SEP)
    if parts[0] in (JUDGED, PROJECTED, NO_DATA, PK_NO_DATA, PK_AT_RISK):
        return parts[0], parts[1:]
    return "", []


def _num(value: float | None) -> str:
    """A number for a reason's parameters: 2 decimals, trailing zeros dropped, a point, no grouping; '–' for none."""
    if value is None:
        return "–"
    return f"{value:.2f}".rstrip("0").rstrip(".")


def period_word(cadence: str, n: int) -> str:
    return f"{n} triwulan" if cadence == "quarterly" else f"{n} bulan"


def target_words(spec: Spec) -> str:
    unit = f" {spec.measure_unit}" if spec.measure_unit else ""
    if spec.kind is Kind.RANGE:
        return f"{_fmt(spec.low)}–{_fmt(spec.high)}{unit}"
    return f"{_fmt(spec.target)}{unit}"


def iki_rows(spec: Spec, periods: Sequence[tuple[date, date]], reports: dict[date, Reported], *,
             today: date, settings: Settings = Settings(), plans: dict[int, float] | None = None,
             scheme: str = DEFAULT_SCHEME) -> list[Row]:
    """The rows of one IKI for every reporting period that has begun by ``today``."""
    return SCHEMES.get(scheme, SCHEMES[DEFAULT_SCHEME])(spec, periods, reports, today=today, settings=settings,
                                                        plans=plans or {})


@functools.lru_cache(maxsize=256)
def _calendar(periods: tuple, today: date, deadline_day: int) -> tuple:
    """Per begun period: (index, start, end, last overdue index so far, share of the SKP period elapsed)."""
    start, end = periods[0][0], periods[-1][1]
    out, last_overdue = [], 0
    for index, (p_start, p_end) in enumerate(periods, start=1):
        if p_start > today:
            break
        if due_date(p_end, deadline_day) < today:
            last_overdue = index
        out.append((index, p_start, p_end, last_overdue, elapsed_share(start, end, p_end)))
    return tuple(out)


def _iki_rows_6_2022(spec: Spec, periods, reports, *, today, settings, plans) -> list[Row]:
    if not periods:
        return []
    periods = tuple(periods)
    start, end = periods[0][0], periods[-1][1]
    total = len(periods)
    cap = settings.cap
    rows: list[Row] = []
    cumulative = 0.0
    tri = 0.0  # Σ v·k(k−1)/2 (trend_sxy)
    latest: float | None = None
    latest_judged: float | None = None
    count = 0  # period values so far, and project_level's running sums over them (None before the first)
    sx = sxx = sxy = None
    last_reported = 0
    any_counted = False
    accumulates, text = spec.accumulates, spec.kind is Kind.TEXT
    for index, p_start, p_end, last_overdue, share in _calendar(periods, today, settings.deadline_day):
        got = reports.get(p_start)
        row = Row(p_start, reported=got is not None)
        if got is not None:
            any_counted = True
            last_reported = index
            if got.value is not None:
                cumulative += got.value
                tri += got.value * (index * (index - 1) // 2)
                latest = got.value
                count += 1
                sx = (sx or 0.0) + index
                sxx = (sxx or 0.0) + index * index
                sxy = (sxy or 0.0) + index * got.value
            if got.judged is not None:
                latest_judged = got.judged
        # periods that count for the trend: up to the later of the last reported and the last overdue
        upto = max(last_reported, last_overdue)

        if text:
            row.realisation = None
            row.achievement = judged(latest_judged, cap)
            row.expected = None
            row.projected = row.achievement
        elif accumulates:
            row.realisation = cumulative if any_counted else None
            if spec.lower_is_better:
                prorated = None if spec.target is None else spec.target * share
                row.achievement = score(spec, row.realisation, cap, target=prorated)
                row.expected = 100.0
            else:
                row.achievement = score(spec, row.realisation, cap)
                planned = planned_by(p_end, start, end, plans)
                if spec.target:
                    value = planned if planned is not None else spec.target * share
                    row.expected = _clamp(value / spec.target * 100, 10_000.0)
            if any_counted and upto:
                squares = upto * (upto + 1) * (2 * upto + 1) // 6  # project_cumulative's Σ x² over 1…upto
                row.projected = score(spec, trend_sxy(upto, cumulative, tri) / squares * total, cap)
        else:  # a rate or a range: the latest value
            row.realisation = latest
            row.achievement = score(spec, latest, cap)
            level = planned_level(p_end, start, end, plans)
            row.expected = score(spec, level, cap) if level is not None else 100.0
            if count:
                row.projected = score(spec, level_from_sums(count, sx, cumulative, sxx, sxy, latest, total), cap)

        _warn(row, spec, settings, any_counted=any_counted, last_overdue=last_overdue, last_reported=last_reported,
              realisation=row.realisation, elapsed=upto)
        rows.append(row)
    return rows


def _warn(row: Row, spec: Spec, settings: Settings, *, any_counted: bool, last_overdue: int, last_reported: int,
          realisation: float | None, elapsed: int) -> None:
    if row.projected is not None and row.projected < settings.at_risk_below:
        row.risk = Risk.AT_RISK
        if spec.kind is Kind.TEXT:
            row.reason = reason_code(JUDGED, _num(row.projected), _num(settings.at_risk_below))
        else:
            target = f"{_num(spec.low)}~{_num(spec.high)}" if spec.kind is Kind.RANGE else _num(spec.target)
            row.reason = reason_code(PROJECTED, _num(row.projected), _num(settings.at_risk_below), _num(realisation),
                                     elapsed, settings.cadence, target, spec.measure_unit or "")
    elif last_overdue and (not any_counted or last_reported < last_overdue):
        row.risk = Risk.NO_DATA
        row.reason = reason_code(NO_DATA, last_overdue - last_reported, settings.cadence)


SCHEMES = {DEFAULT_SCHEME: _iki_rows_6_2022}


# --- roll-up -------------------------------------------------------------------------------------

@dataclass
class Standing:
    """An aggregate's value at one period: achievement, projection, how many IKI back it, how many at risk."""

    achievement: float | None = None
    projected: float | None = None
    contributors: int = 0
    at_risk: int = 0


def combine(parts: Sequence[Standing]) -> Standing:
    """The mean of the parts' achievement and projection; contributors and at-risk counts add up."""
    return Standing(mean(p.achievement for p in parts), mean(p.projected for p in parts),
                    sum(p.contributors for p in parts), sum(p.at_risk for p in parts))


@dataclass
class Accumulator:
    """Sums for :func:`combine` without keeping the parts: add standings one at a time, read the mean."""

    sum_a: int = 0  # hundredths (see cents)
    n_a: int = 0
    sum_p: int = 0
    n_p: int = 0
    contributors: int = 0
    at_risk: int = 0
    parts: int = 0

    def add(self, part: Standing) -> None:
        if part.achievement is not None:
            self.sum_a += cents(part.achievement)
            self.n_a += 1
        if part.projected is not None:
            self.sum_p += cents(part.projected)
            self.n_p += 1
        self.contributors += part.contributors
        self.at_risk += part.at_risk
        self.parts += 1

    def standing(self) -> Standing:
        return Standing(mean_of_cents(self.sum_a, self.n_a) if self.n_a else None,
                        mean_of_cents(self.sum_p, self.n_p) if self.n_p else None, self.contributors, self.at_risk)


def rolled_from(own: Standing | None, children: Accumulator | None) -> Standing:
    """:func:`rolled` with the children already summed (the bulk roll-up)."""
    if own is not None and own.achievement is not None:
        return own
    if children is None or (children.n_a == 0 and children.n_p == 0):
        return own or Standing()
    return children.standing()


def rolled(own: Standing | None, children: Sequence[Standing]) -> Standing:
    """An RHK's rolled standing: its own IKI when any is reported, else the mean of the RHK intervening it."""
    if own is not None and own.achievement is not None:
        return own
    kids = [c for c in children if c.achievement is not None or c.projected is not None]
    if not kids:
        return own or Standing()
    return combine(kids)


def indicator_warning(standing: Standing, at_risk_below: float = DEFAULT_AT_RISK_BELOW) -> tuple[Risk, str]:
    """The early warning of a PK indicator or an IKU from its rolled standing."""
    if standing.achievement is None and standing.projected is None:
        return Risk.NO_DATA, reason_code(PK_NO_DATA)
    if standing.projected is not None and standing.projected < at_risk_below:
        return Risk.AT_RISK, reason_code(PK_AT_RISK, _num(standing.projected), _num(at_risk_below), standing.at_risk,
                                         standing.contributors)
    return Risk.NONE, ""


def roll_tree(own: dict[int, Standing], children: dict[int, list[int]], roots: Iterable[int]) -> dict[int, Standing]:
    """Rolled standings of ``roots`` and everything below them (iterative post-order; cycles are cut)."""
    out: dict[int, Standing] = {}
    for root in roots:
        if root in out:
            continue
        stack: list[tuple[int, bool]] = [(root, False)]
        seen: set[int] = set()
        while stack:
            node, expanded = stack.pop()
            if node in out:
                continue
            if expanded:
                out[node] = rolled(own.get(node), [out[c] for c in children.get(node, ()) if c in out])
                continue
            if node in seen:
                continue
            seen.add(node)
            stack.append((node, True))
            stack.extend((c, False) for c in children.get(node, ()) if c not in out and c not in seen)
    return out
