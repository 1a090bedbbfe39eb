"""What a new evaluation is suggested, for whom — one definition, as ORM expressions (issue 10; DOMAIN §4).

* Everyone: the rating hasil kerja suggested from their achievement over the window (the newest
  ``progress.EmployeeAchievement`` up to the window's end; the instance's thresholds, ``suggest_hasil_rating``).
* A unit head (the evaluated position heads its unit) whose unit has an organisation predikat for the period
  (``UnitRating``): the unit's rating becomes their rating hasil kerja (``leader_hasil_rating``); it is both the
  suggestion and the rating, marked ``result_from_unit``.

:func:`annotate` adds these as columns of an SKP queryset; ``start_evaluations`` reads them for a team and
``batch.start_annual`` compiles the same queryset into its ``INSERT … SELECT``, so both paths write the same
suggestion. :func:`leader_rating` (the unit predikat → rating mapping as a CASE) is also what
``services.unit_ratings`` writes when a unit's predikat is set after its head's evaluation was opened. The CASEs
are built from the pure rules' thresholds and mapping (``kinerja.rules.evaluation.suggest``), and
``tests/test_suggestions.py`` holds them equal to the rules.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from django.db.models import BooleanField, Case, CharField, DecimalField, OuterRef, Q, QuerySet, Subquery, Value, When

from kinerja.rules.evaluation import suggest as suggest_rules
from kinerja.rules.evaluation.ratings import Rating

from .models import UnitRating

CENT = Decimal("0.01")  # Evaluation.achievement's places
ACHIEVEMENT = "suggest_achievement"
UNIT_PREDIKAT = "suggest_unit_predikat"
FROM_UNIT = "suggest_from_unit"
SUGGESTED = "suggest_result"
RESULT = "suggest_result_rating"
COLUMNS = {ACHIEVEMENT: "achievement", SUGGESTED: "suggested_result", RESULT: "result_rating",
           FROM_UNIT: "result_from_unit"}  # annotation → Evaluation field


def leader_rating(predikat: str = UNIT_PREDIKAT) -> Case:
    """``leader_hasil_rating`` as a CASE over the unit predikat at ``predikat`` ('' when there is none)."""
    return Case(*[When(**{predikat: str(org)}, then=Value(str(suggest_rules.leader_hasil_rating(org))))
                  for org in suggest_rules.DEFAULT_LEADER_RATING],
                default=Value(""), output_field=CharField())


def hasil_rating(thresholds: suggest_rules.HasilThresholds, achievement: str = ACHIEVEMENT) -> Case:
    """``suggest_hasil_rating`` as a CASE over the achievement at ``achievement`` ('' when there is none)."""
    return Case(When(**{f"{achievement}__isnull": True}, then=Value("")),
                When(**{f"{achievement}__gte": thresholds.above_from}, then=Value(str(Rating.ABOVE))),
                When(**{f"{achievement}__gte": thresholds.meets_from}, then=Value(str(Rating.MEETS))),
                default=Value(str(Rating.BELOW)), output_field=CharField())


def annotate(skps: QuerySet, *, window_end: date, thresholds: suggest_rules.HasilThresholds,
             position: str = "position") -> QuerySet:
    """``skps`` (``skp.Skp``) with the columns of :data:`COLUMNS`: the achievement up to ``window_end`` and what it
    suggests, or, for the head of a unit with an organisation predikat for the SKP's period, the unit's rating.
    ``position``: the lookup of the evaluated position from the SKP (the SKP's own, or ``employee__position``)."""
    from kinerja.progress.models import EmployeeAchievement

    latest = (EmployeeAchievement.objects.filter(skp_id=OuterRef("pk"), period_start__lte=window_end)
              .order_by("-period_start").values("achievement")[:1])
    unit_predikat = (UnitRating.objects.filter(period_id=OuterRef("period_id"),
                                               unit_id=OuterRef(f"{position}__unit_id")).values("predikat")[:1])
    from_unit = Q(**{f"{position}__is_head": True, f"{UNIT_PREDIKAT}__isnull": False})
    return skps.annotate(**{
        ACHIEVEMENT: Subquery(latest, output_field=DecimalField(max_digits=9, decimal_places=2)),
        UNIT_PREDIKAT: Subquery(unit_predikat, output_field=CharField()),
    }).annotate(**{
        FROM_UNIT: Case(When(from_unit, then=Value(True)), default=Value(False), output_field=BooleanField()),
        SUGGESTED: Case(When(from_unit, then=leader_rating()), default=hasil_rating(thresholds),
                        output_field=CharField()),
        RESULT: Case(When(from_unit, then=leader_rating()), default=Value(""), output_field=CharField()),
    })


def read(skps: QuerySet, **kwargs) -> dict[int, dict]:
    """SKP id → {Evaluation field: value} of :func:`annotate` (one query)."""
    rows = annotate(skps, **kwargs).order_by().values("pk", *COLUMNS)
    out = {row["pk"]: {field: row[name] for name, field in COLUMNS.items()} for row in rows}
    for row in out.values():  # SQLite gives a computed decimal without its places (95 for 95.00)
        if row["achievement"] is not None:
            row["achievement"] = row["achievement"].quantize(CENT)
    return out
