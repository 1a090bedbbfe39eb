"""The annual evaluation of a whole instance in a few set-based statements (issue 10 "Scale, measured").

When BKPSDM opens the annual evaluation of a period, every approved SKP gets its annual :class:`Evaluation`
at once, each with the rating hasil kerja suggested from the employee's achievement at the end of the period
(kinerja.progress EmployeeAchievement, the instance's thresholds), and under PP 46/2011 its activities (one per
IKI, a second INSERT … SELECT); each evaluator then decides (the services of ``evaluations``).
:func:`refresh_predikat` recomputes the proposed predikat of every rated, unlocked
evaluation of the period under PermenPANRB 6/2022 (the matrix of kinerja.rules.evaluation.schemes written as
one CASE); the curve check per organisation unit is ``results.distributions`` (one GROUP BY).

Each is one or two statements whatever the size of the instance (no row passes through Python), so the memory
stays flat in the number of employees; ``kinerja bench --only evaluate`` measures them at 100,000 employees on
PostgreSQL and SQLite. The SQL is built from the pure rules (thresholds, matrix) and a test holds it equal to
them row for row.
"""

from __future__ import annotations

import time
from dataclasses import dataclass
from datetime import datetime

from django.db import connection, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from kinerja.accounts import scope
from kinerja.audit.services import record
from kinerja.core.errors import PermissionDenied, field_error
from kinerja.rules.evaluation.ratings import Rating
from kinerja.rules.evaluation.schemes import DEFAULT_SCHEME_ID, MATRIX_6_2022
from kinerja.rules.evaluation.suggest import HasilThresholds

from .activities import uses_activities
from .models import Activity, Evaluation, EvaluationKind, EvaluationStatus
from .services.evaluations import settings_for, thresholds_of


@dataclass
class BatchStats:
    created: int = 0
    updated: int = 0
    seconds: float = 0.0


def _suggest_sql(column: str, thresholds: HasilThresholds) -> tuple[str, list]:
    """``suggest_hasil_rating`` as SQL (None → '')."""
    return (f"CASE WHEN {column} IS NULL THEN '' WHEN {column} >= %s THEN %s WHEN {column} >= %s THEN %s "
            f"ELSE %s END",
            [thresholds.above_from, str(Rating.ABOVE), thresholds.meets_from, str(Rating.MEETS), str(Rating.BELOW)])


def _matrix_sql() -> tuple[str, list]:
    """The 6/2022 matrix as one CASE over (result_rating, behaviour_rating)."""
    parts, params = [], []
    for (hasil, perilaku), predikat in MATRIX_6_2022.items():
        parts.append("WHEN result_rating = %s AND behaviour_rating = %s THEN %s")
        params += [str(hasil), str(perilaku), str(predikat)]
    return "CASE " + " ".join(parts) + " ELSE '' END", params


def _column_values(now: datetime) -> dict[str, tuple[str, list]]:
    """The SQL of each column of a new annual evaluation, selected from ``s`` (skp), ``p`` (period) and
    ``a`` (the achievement row)."""
    return {
        "instance_id": ("s.instance_id", []), "period_id": ("s.period_id", []), "skp_id": ("s.id", []),
        "employee_id": ("s.employee_id", []), "unit_id": ("s.unit_id", []), "position_id": ("s.position_id", []),
        "kind": ("%s", [str(EvaluationKind.ANNUAL)]), "window_start": ("p.start_date", []),
        "window_end": ("p.end_date", []), "scheme": ("p.scoring_scheme", []), "evaluator_id": ("s.evaluator_id", []),
        "evaluator_acting": ("s.evaluator_acting", []), "status": ("%s", [str(EvaluationStatus.DRAFT)]),
        "achievement": ("a.achievement", []), "created_at": ("%s", [now]), "updated_at": ("%s", [now]),
    }


def _activities_sql(instance_id: int, period, now: datetime) -> tuple[str, list]:
    """PP 46/2011: the activities of the evaluations just created (``created_at = now``), one per IKI of their SKP
    (utama first, in the SKP's order), as ``activities.prefill`` builds them: the IKI's text, unit and target (a
    number, or a range's upper end), quality 100, time the months of the period, the realised quantity the IKI's
    achievement row at the period's end holds (one INSERT … SELECT)."""
    q = connection.ops.quote_name
    months = (period.end_date.year * 12 + period.end_date.month) - (
        period.start_date.year * 12 + period.start_date.month) + 1
    target = ("CASE WHEN i.target_kind = 'number' AND i.target_value > 0 THEN i.target_value "
              "WHEN i.target_kind = 'range' AND COALESCE(i.target_max, i.target_min) > 0 "
              "THEN COALESCE(i.target_max, i.target_min) END")
    values = {
        "instance_id": ("e.instance_id", []), "created_at": ("%s", [now]), "updated_at": ("%s", [now]),
        "evaluation_id": ("e.id", []), "iki_id": ("i.id", []),
        "position": (f"ROW_NUMBER() OVER (PARTITION BY e.id ORDER BY r.{q('group')} DESC, r.{q('order')}, r.id, "
                     f"i.{q('order')}, i.id)", []),
        "name": ("i.text", []), "measure_unit": ("i.measure_unit", []), "target_output": (target, []),
        "realised_output": ("a.realisation", []), "target_quality": ("%s", [100]), "target_time": ("%s", [months]),
    }
    columns, selects, params = [], [], []
    for f in Activity._meta.concrete_fields:
        if f.primary_key:
            continue
        columns.append(q(f.column))
        sql, p = values.get(f.attname, ("%s", [f.get_db_prep_save(f.get_default(), connection)]))
        selects.append(sql)
        params += p
    achievement = "progress_ikiachievement"
    sql = (f"INSERT INTO {Activity._meta.db_table} ({', '.join(columns)}) SELECT {', '.join(selects)} "
           f"FROM {Evaluation._meta.db_table} e JOIN skp_rhk r ON r.skp_id = e.skp_id "
           f"JOIN skp_iki i ON i.rhk_id = r.id "
           f"LEFT JOIN {achievement} a ON a.iki_id = i.id AND a.period_start = ("
           f"  SELECT MAX(x.period_start) FROM {achievement} x "
           f"  WHERE x.iki_id = i.id AND x.period_start <= e.window_end) "
           f"WHERE e.instance_id = %s AND e.period_id = %s AND e.kind = %s AND e.scheme = %s AND e.created_at = %s")
    params += [instance_id, period.pk, str(EvaluationKind.ANNUAL), period.scoring_scheme, now]
    return sql, params


def start_annual(*, instance_id: int, period_id: int, actor, now: datetime | None = None) -> BatchStats:
    """Create the annual evaluation of every approved SKP of the period that has none (one INSERT … SELECT),
    each with its suggested rating hasil kerja; one audit event for the batch."""
    from kinerja.skp.models import Period

    if not scope.can_manage_instance(actor, instance_id):
        raise PermissionDenied(_("Only the BKPSDM administrator opens the annual evaluation of the instance."))
    period = Period.objects.filter(pk=period_id, instance_id=instance_id).first()
    if period is None:
        raise field_error("period", _("No such period in this instance."), "unknown")
    if period.is_closed:
        raise field_error("period", _("The period is closed: its evaluation can no longer start."), "closed")
    started = time.perf_counter()
    now = now or timezone.now()
    thresholds = thresholds_of(settings_for(instance_id))
    values = _column_values(now)
    suggest_sql, suggest_params = _suggest_sql("a.achievement", thresholds)
    values["suggested_result"] = (suggest_sql, suggest_params)
    columns, selects, params = [], [], []
    for f in Evaluation._meta.concrete_fields:
        if f.primary_key:
            continue
        columns.append(connection.ops.quote_name(f.column))
        sql, p = values.get(f.attname, ("%s", [f.get_db_prep_save(f.get_default(), connection)]))
        selects.append(sql)
        params += p
    table = Evaluation._meta.db_table
    achievement = "progress_employeeachievement"
    sql = (f"INSERT INTO {table} ({', '.join(columns)}) SELECT {', '.join(selects)} "
           f"FROM skp_skp s JOIN skp_period p ON p.id = s.period_id "
           f"LEFT JOIN {achievement} a ON a.skp_id = s.id AND a.period_start = ("
           f"  SELECT MAX(x.period_start) FROM {achievement} x WHERE x.skp_id = s.id AND x.period_start <= p.end_date) "
           f"WHERE s.instance_id = %s AND s.period_id = %s AND s.version >= 1 AND NOT EXISTS ("
           f"  SELECT 1 FROM {table} e WHERE e.skp_id = s.id AND e.kind = %s AND e.window_start = p.start_date)")
    params += [instance_id, period_id, str(EvaluationKind.ANNUAL)]
    existing = Evaluation.objects.filter(period_id=period_id, kind=EvaluationKind.ANNUAL)
    with transaction.atomic():
        before = existing.count()
        with connection.cursor() as cursor:
            cursor.execute(sql, params)
            created = cursor.rowcount
            if created and uses_activities(period.scoring_scheme):
                cursor.execute(*_activities_sql(instance_id, period, now))
        record("evaluation.batch.start", period, actor=actor, instance_id=instance_id,
               before={"period": period.pk, "annual_evaluations": before},
               after={"period": period.pk, "annual_evaluations": before + created, "created": created})
    return BatchStats(created=created, seconds=time.perf_counter() - started)


def refresh_predikat(*, instance_id: int, period_id: int) -> BatchStats:
    """Recompute the proposed predikat of every rated, unlocked 6/2022 evaluation of the period (one UPDATE);
    an evaluation whose predikat nobody changed after the proposal follows it."""
    started = time.perf_counter()
    case, params = _matrix_sql()
    table = Evaluation._meta.db_table
    sql = (f"UPDATE {table} SET proposed_predikat = {case}, "
           f"predikat = CASE WHEN predikat = proposed_predikat OR predikat = '' THEN {case} ELSE predikat END "
           f"WHERE instance_id = %s AND period_id = %s AND scheme = %s AND locked_at IS NULL "
           f"AND result_rating <> '' AND behaviour_rating <> ''")
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute(sql, params + params + [instance_id, period_id, DEFAULT_SCHEME_ID])
        updated = cursor.rowcount
    return BatchStats(updated=updated, seconds=time.perf_counter() - started)
