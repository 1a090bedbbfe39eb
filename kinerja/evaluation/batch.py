"""The annual evaluation of a whole instance in a few set-based statements (issue 10 "Scale, measured").

When BKPSDM opens the annual evaluation of a period, every approved SKP gets its annual :class:`Evaluation`
at once (its seven BerAKHLAK rows are written at its first rating, ``services.behaviour_rows``: seven rows a
person would double what the batch writes), each with what ``suggestions.py`` suggests — the one definition the
per-evaluator ``start_evaluations`` uses too: the rating hasil kerja from the employee's achievement at the end of
the period (kinerja.progress EmployeeAchievement, the instance's thresholds), and for a unit head whose unit has an
organisation predikat, the unit's rating (a join to UnitRating); each evaluator then decides (the services of
``evaluations``); under PP 46/2011 each also gets its activities (one per IKI, a second
INSERT … SELECT). The SELECT is the suggestions' SKP queryset compiled by Django, prefixed with the INSERT.
:func:`refresh_predikat` recomputes the proposed predikat of every rated, unlocked evaluation of the period
under PermenPANRB 6/2022 (the matrix of kinerja.rules.evaluation.schemes written as one CASE); the curve check per
organisation unit is ``results.distributions`` (one GROUP BY).

Each is one or two statements whatever the size of the instance (no row passes through Python), so the memory
stays flat in the number of employees; ``kinerja bench --only evaluate`` measures them at 100,000 employees on
PostgreSQL and SQLite. The SQL is built from the pure rules (thresholds, leader mapping, matrix); tests hold it
equal to them and to ``start_evaluations`` row for row (tests/test_batch.py, tests/test_suggestions.py).
"""

from __future__ import annotations

import time
from dataclasses import dataclass
from datetime import datetime

from django.db import connection, transaction
from django.db.models import Exists, OuterRef, Value
from django.utils import timezone
from django.utils.translation import gettext as _

from kinerja.accounts import scope
from kinerja.audit.services import record
from kinerja.core.errors import PermissionDenied, field_error
from kinerja.rules.evaluation.schemes import DEFAULT_SCHEME_ID, MATRIX_6_2022

from . import suggestions
from .activities import uses_activities
from .models import Activity, Evaluation, EvaluationKind, EvaluationStatus
from .services.evaluations import settings_for, thresholds_of


@dataclass
class BatchStats:
    created: int = 0
    updated: int = 0
    seconds: float = 0.0


def _matrix_sql() -> tuple[str, list]:
    """The 6/2022 matrix as one CASE over (result_rating, behaviour_rating)."""
    parts, params = [], []
    for (hasil, perilaku), predikat in MATRIX_6_2022.items():
        parts.append("WHEN result_rating = %s AND behaviour_rating = %s THEN %s")
        params += [str(hasil), str(perilaku), str(predikat)]
    return "CASE " + " ".join(parts) + " ELSE '' END", params


def _opening_columns(period, now: datetime) -> dict:
    """The expression of each column of a new annual evaluation, over the SKP (``skp.Skp``) it evaluates; the
    suggestion columns come from :mod:`.suggestions` (the same as ``start_evaluations``)."""
    from django.db.models import F

    def const(value, field: str):
        return Value(value, output_field=Evaluation._meta.get_field(field))

    return {
        "instance_id": F("instance_id"), "period_id": F("period_id"), "skp_id": F("pk"),
        "employee_id": F("employee_id"), "unit_id": F("unit_id"), "position_id": F("position_id"),
        "kind": const(str(EvaluationKind.ANNUAL), "kind"), "window_start": F("period__start_date"),
        "window_end": F("period__end_date"), "scheme": F("period__scoring_scheme"),
        "evaluator_id": F("evaluator_id"), "evaluator_acting": F("evaluator_acting"),
        "status": const(str(EvaluationStatus.DRAFT), "status"),
        "created_at": const(now, "created_at"), "updated_at": const(now, "updated_at"),
        **{field: F(name) for name, field in suggestions.COLUMNS.items()},
    }


def _activities_sql(instance_id: int, period, now: datetime) -> tuple[str, list]:
    """PP 46/2011: the activities of the period's annual evaluations that have none (those just opened), one per
    IKI of their SKP (utama first, in the SKP's order), as ``activities.prefill`` builds them: the IKI's text, unit
    and target (a number, or a range's upper end), quality 100, time the months of the period, the realised
    quantity the IKI's achievement row at the period's end holds (one INSERT … SELECT)."""
    q = connection.ops.quote_name
    stamp = Activity._meta.get_field("created_at").get_db_prep_value(now, connection)
    months = (period.end_date.year * 12 + period.end_date.month) - (
        period.start_date.year * 12 + period.start_date.month) + 1
    target = ("CASE WHEN i.target_kind = 'number' AND i.target_value > 0 THEN i.target_value "
              "WHEN i.target_kind = 'range' AND COALESCE(i.target_max, i.target_min) > 0 "
              "THEN COALESCE(i.target_max, i.target_min) END")
    values = {
        "instance_id": ("e.instance_id", []), "created_at": ("%s", [stamp]), "updated_at": ("%s", [stamp]),
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
           f"WHERE e.instance_id = %s AND e.period_id = %s AND e.kind = %s AND e.scheme = %s AND e.window_start = %s "
           f"AND NOT EXISTS (SELECT 1 FROM {Activity._meta.db_table} x WHERE x.evaluation_id = e.id)")
    params += [instance_id, period.pk, str(EvaluationKind.ANNUAL), period.scoring_scheme,
               connection.ops.adapt_datefield_value(period.start_date)]
    return sql, params


def _opening_select(instance_id: int, period, thresholds, now: datetime) -> tuple[list[str], str, list]:
    """The columns and the SELECT (SQL, params) of the annual evaluations to open: every SKP of the period
    approved at least once (``version >= 1``) that has no annual evaluation yet."""
    from kinerja.skp.models import Skp

    opened = Evaluation.objects.filter(skp_id=OuterRef("pk"), kind=EvaluationKind.ANNUAL,
                                       window_start=period.start_date)
    skps = suggestions.annotate(
        Skp.objects.filter(instance_id=instance_id, period_id=period.pk, version__gte=1).filter(~Exists(opened)),
        window_end=period.end_date, thresholds=thresholds)
    given = _opening_columns(period, now)
    columns, exprs = [], {}
    for f in Evaluation._meta.concrete_fields:
        if f.primary_key:
            continue
        columns.append(connection.ops.quote_name(f.column))
        exprs[f"col_{len(exprs)}"] = given.get(f.attname) or Value(f.get_default(), output_field=f)
    query = skps.annotate(**exprs).order_by().values(*exprs).query
    sql, params = query.sql_with_params()
    return columns, sql, list(params)


def start_annual(*, instance_id: int, period_id: int, actor, now: datetime | None = None) -> BatchStats:
    """Create the annual evaluation of every approved SKP of the period that has none (one INSERT … SELECT),
    each with what :mod:`.suggestions` suggests (a unit head: their unit's rating); under PP 46/2011 their
    activities (one INSERT … SELECT); one audit event for the batch."""
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
    columns, select, params = _opening_select(instance_id, period, thresholds, now)
    sql = f"INSERT INTO {Evaluation._meta.db_table} ({', '.join(columns)}) {select}"
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
