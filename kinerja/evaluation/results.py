"""Reading the results of a period: which unit's curve each annual evaluation counts in, the counts per
predikat, the curve check, the organisation's Perjanjian Kinerja achievement and the recap (issue 10 items 4, 7).

**Which unit's curve an evaluation counts in.** The curve applies to "the organisation" that has a predikat
(DOMAIN §5). The *rated units* of a period are the units with an organisation predikat (:class:`UnitRating`)
and every top-level unit (OPD), rated or not yet. An annual evaluation counts in the deepest rated unit whose
subtree holds the employee's unit: a bidang with its own organisation predikat is calibrated on its own curve,
and the rest of the OPD on the OPD's. A unit head counts in the unit they lead.

**The predikat that counts** is the current one (``predikat``), or the evaluator's proposal until the
evaluation has one. Evaluations still in draft are counted (the meeting sees the whole unit) and named as not
final: the lock waits for them. Only PermenPANRB 6/2022 predikat have a curve; the numeric schemes' Cukup and
Buruk are counted apart (``other``) and the check is shown as not applicable.

Every function here reads with a fixed number of queries whatever the number of units and employees.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from dataclasses import dataclass, field
from decimal import Decimal

from django.db.models import Case, CharField, Count, F, Q, QuerySet, When

from kinerja.organization.models import Unit
from kinerja.rules.evaluation import curve
from kinerja.rules.evaluation.numbers import round2
from kinerja.rules.evaluation.ratings import PREDIKAT_6_2022
from kinerja.rules.evaluation.suggest import OrgThresholds, suggest_org_predikat

from .models import Calibration, CalibrationStatus, Evaluation, EvaluationKind, EvaluationStatus, UnitRating

FINAL_STATUSES = (EvaluationStatus.FINAL, EvaluationStatus.ACKNOWLEDGED)
CURVE_CODES = tuple(p.value for p in PREDIKAT_6_2022)

# The current predikat, or the evaluator's proposal until there is one.
EFFECTIVE = Case(When(predikat="", then=F("proposed_predikat")), default=F("predikat"), output_field=CharField())


def annual(period) -> QuerySet:
    return Evaluation.objects.filter(instance_id=period.instance_id, period=period, kind=EvaluationKind.ANNUAL)


def rated_units(period) -> dict[str, Unit]:
    """path → unit: the units with an organisation predikat for ``period`` and every top-level unit."""
    ids = UnitRating.objects.filter(instance_id=period.instance_id, period=period).values("unit_id")
    units = Unit.objects.filter(Q(pk__in=ids) | Q(depth=1), instance_id=period.instance_id)
    return {u.path: u for u in units.order_by("path")}


def home_of(path: str, rated_paths) -> str | None:
    """The deepest rated path whose subtree holds ``path``."""
    best = None
    for p in rated_paths:
        if path.startswith(p) and (best is None or len(p) > len(best)):
            best = p
    return best


def members_q(unit: Unit, rated_paths) -> Q:
    """The evaluations that count in ``unit``'s curve: its subtree, minus the subtrees of rated units below it."""
    q = Q(unit__path__startswith=unit.path)
    for p in rated_paths:
        if p != unit.path and p.startswith(unit.path):
            q &= ~Q(unit__path__startswith=p)
    return q


def members(unit: Unit, period, rated: dict[str, Unit] | None = None) -> QuerySet:
    rated = rated_units(period) if rated is None else rated
    return annual(period).filter(members_q(unit, rated))


@dataclass
class Distribution:
    """One rated unit's employees by predikat, and the curve check against its organisation predikat."""

    unit: Unit
    counts: Counter = field(default_factory=Counter)  # predikat code → count ('' = no predikat yet)
    not_final: int = 0
    rating: UnitRating | None = None
    calibration: Calibration | None = None

    @property
    def total(self) -> int:
        return sum(self.counts.values())

    @property
    def curve_counts(self) -> dict[str, int]:
        return {code: self.counts.get(code, 0) for code in CURVE_CODES}

    @property
    def other(self) -> int:
        """Counted, but outside the curve: no predikat yet, or a numeric scheme's Cukup/Buruk."""
        return self.total - sum(self.curve_counts.values())

    @property
    def check(self) -> curve.CurveCheck | None:
        if self.rating is None:
            return None
        return curve.check(self.rating.predikat, self.curve_counts)

    @property
    def locked(self) -> bool:
        return self.calibration is not None and self.calibration.status == CalibrationStatus.LOCKED

    def share(self, code: str) -> Decimal:
        total = sum(self.curve_counts.values())
        return round2(Decimal(self.counts.get(code, 0) * 100) / total) if total else Decimal(0)


def distributions(period, unit: Unit | None = None, units_q: Q | None = None) -> list[Distribution]:
    """Per rated unit (inside ``unit``'s subtree and ``units_q`` when given), its distribution: four queries."""
    rated = rated_units(period)
    paths = list(rated)
    out: dict[str, Distribution] = {}
    for path, u in rated.items():
        if unit is not None and not path.startswith(unit.path):
            continue
        out[path] = Distribution(u)
    rows = (annual(period).annotate(effective=EFFECTIVE).values("unit__path", "effective", "status")
            .annotate(n=Count("id")).order_by())
    if unit is not None:
        rows = rows.filter(unit__path__startswith=unit.path)
    for row in rows:
        home = home_of(row["unit__path"], paths)
        if home is None or home not in out:
            continue
        d = out[home]
        d.counts[row["effective"] or ""] += row["n"]
        if row["status"] not in FINAL_STATUSES:
            d.not_final += row["n"]
    ratings = UnitRating.objects.filter(instance_id=period.instance_id, period=period).select_related("set_by")
    by_unit = {r.unit_id: r for r in ratings}
    calibrations = {c.unit_id: c for c in Calibration.objects.filter(instance_id=period.instance_id, period=period)}
    result = []
    for d in out.values():
        d.rating = by_unit.get(d.unit.pk)
        d.calibration = calibrations.get(d.unit.pk)
        result.append(d)
    if units_q is not None:
        allowed = set(Unit.objects.filter(units_q, pk__in=[d.unit.pk for d in result]).values_list("pk", flat=True))
        result = [d for d in result if d.unit.pk in allowed]
    return result


def distribution(unit: Unit, period) -> Distribution:
    """One unit's distribution (the unit need not be rated: then it has no check)."""
    for d in distributions(period, unit):
        if d.unit.pk == unit.pk:
            return d
    rated = rated_units(period)
    d = Distribution(unit)
    for row in (members(unit, period, {**rated, unit.path: unit}).annotate(effective=EFFECTIVE)
                .values("effective", "status").annotate(n=Count("id")).order_by()):
        d.counts[row["effective"] or ""] += row["n"]
        if row["status"] not in FINAL_STATUSES:
            d.not_final += row["n"]
    return d


def pk_achievement(unit: Unit, period) -> Decimal | None:
    """The unit's Perjanjian Kinerja achievement for the period's year: the mean over its PK indicators of the
    latest achievement up to the period's end (kinerja/progress roll-up, as the dashboard shows it)."""
    from kinerja.progress.models import IndicatorAchievement, IndicatorLevel

    rows = (IndicatorAchievement.objects
            .filter(instance_id=unit.instance_id, level=IndicatorLevel.PK, unit=unit,
                    pk_indicator__agreement__year=period.year, period_start__lte=period.end_date,
                    achievement__isnull=False)
            .order_by("pk_indicator_id", "-period_start").values_list("pk_indicator_id", "achievement"))
    latest: dict[int, Decimal] = {}
    for indicator_id, value in rows:
        latest.setdefault(indicator_id, value)
    if not latest:
        return None
    return round2(sum(latest.values(), Decimal(0)) / len(latest))


def suggestion(unit: Unit, period, thresholds: OrgThresholds | None = None):
    """(PK achievement, suggested organisation predikat code or ''), by the instance's thresholds
    (``EvaluationSettings.org_*_from``) unless ``thresholds`` are given."""
    from .services.evaluations import org_thresholds_of, settings_for

    achievement = pk_achievement(unit, period)
    if achievement is None:
        return None, ""
    if thresholds is None:
        thresholds = org_thresholds_of(settings_for(unit.instance_id))
    suggested = suggest_org_predikat(achievement, thresholds)
    return achievement, (suggested.value if suggested else "")


def recap(period, unit: Unit | None = None) -> list[dict]:
    """Per rated unit: the organisation predikat, the count per employee predikat and the curve's violations
    and warnings (plain language) — the CLI's ``evaluate recap``, the API and the recap workbook."""
    rows = []
    for d in sorted(distributions(period, unit), key=lambda d: d.unit.path):
        check = d.check
        rows.append({
            "unit_id": d.unit.pk, "unit_code": d.unit.code, "unit": d.unit.name,
            "org_predikat": d.rating.predikat if d.rating else None,
            "counts": dict(d.curve_counts), "other": d.other, "total": d.total, "not_final": d.not_final,
            "locked": d.locked,
            "violations": [f.message for f in check.violations] if check else [],
            "warnings": [f.message for f in check.warnings] if check else [],
        })
    return rows


def trends(instance_id: int, periods_q: Q | None = None, units_q: Q | None = None) -> list[dict]:
    """Counts per predikat of each period's annual evaluations (oldest first): one query."""
    qs = Evaluation.objects.filter(instance_id=instance_id, kind=EvaluationKind.ANNUAL)
    if units_q is not None:
        qs = qs.filter(units_q)
    rows = (qs.annotate(effective=EFFECTIVE).values("period_id", "period__name", "period__start_date", "effective")
            .annotate(n=Count("id")).order_by("period__start_date", "period_id"))
    out: dict[int, dict] = {}
    for row in rows:
        item = out.setdefault(row["period_id"], {"period_id": row["period_id"], "period": row["period__name"],
                                                 "counts": defaultdict(int), "total": 0})
        item["counts"][row["effective"] or ""] += row["n"]
        item["total"] += row["n"]
    return [{**item, "counts": dict(item["counts"])} for item in out.values()]
