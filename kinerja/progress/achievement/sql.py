"""The roll-up set-based inside PostgreSQL (``rebuild`` and ``advance`` on PostgreSQL; services.py stays the
reference and the SQLite path). Both mirror ``kinerja.rules.achievement._iki_rows_6_2022`` float operation for float
operation (double precision, same order), so the rows equal the Python ones:

* **history** (:func:`iki_sql`, ``rebuild(history=True)``): one ``INSERT … SELECT`` per chunk of SKP ids computes
  every begun period's row of every IKI with window functions, all over the same window (PARTITION BY the IKI ORDER
  BY the period, a ROWS frame: the rows are sorted once): the cumulative realisation a running ``sum`` (counts),
  the latest value the last element of a running ``array_agg`` of the non-null values (rates, ranges,
  judgements), the least-squares sums running sums;
* **open periods** (:func:`write_open_rows`, ``advance`` and ``rebuild`` when the closed periods' rows are kept): one
  period's row of every IKI from plain aggregates over its counted reports, read in the order of the unique index
  (IKI, period), so the sums add in the rules' order; written over the stored row where it differs;
* in both, the trend's Σ x·(sum so far) is ``rules.trend_sxy``'s closed form of Σ v and Σ v·k(k−1)/2;
* what Python decides per distinct value is passed in: the reporting calendar of each SKP period
  (``rules._calendar``: period number, start, last overdue period, share of the year elapsed), the measure
  units that are rates (``rules.is_rate`` over the DISTINCT units), the formatted threshold and words;
* capaian, expected-by-now, projection are CASE expressions of ``rules.score``; ``round(x, 2)`` is Python's
  (correctly rounded, ties to even on the exact binary value: a fast path away from ties, an exact integer
  comparison at them, :data:`ROUND2_TIE`); the reason code is ``rules._warn``'s with ``rules._num``'s
  number format (a point, no grouping: the reader's language formats it when the reason is worded).

IKI with action plans that carry targets (their expected-by-now follows the plan) are scored in Python with
the rules themselves and written with COPY. The RHK own standing and the employee rows are GROUP BYs over the
IKI rows; the RHK that others intervene, the PK indicators and IKU (few) stay in Python (services.py).
"""

from __future__ import annotations

from datetime import date

from django.db import connection

from kinerja.core import bulk
from kinerja.progress.models import (
    ActionPlan,
    EmployeeAchievement,
    IkiAchievement,
    IndicatorAchievement,
    Report,
    RhkAchievement,
)
from kinerja.rules import achievement as rules

CHUNK_SKPS = 200_000  # one statement for most instances (work_mem is raised for it)

# Python's round(x, 2) at (or within float noise of) a tie: decide on the exact binary value of x
# (x = M·2^-s with M an integer), comparing 200·x with the odd integer 2k+1 exactly in numeric.
ROUND2_TIE = """
CREATE OR REPLACE FUNCTION pg_temp.kinerja_round2_tie(x float8) RETURNS float8 LANGUAGE sql IMMUTABLE AS $$
  SELECT (CASE WHEN d > 0 OR (d = 0 AND k % 2 <> 0) THEN k + 1 ELSE k END)::float8 / 100::float8
  FROM (SELECT k, sign(200 * (x * power(2::float8, s))::bigint::numeric - (2 * k + 1) * (1::bigint << s)::numeric) AS d
        FROM (SELECT floor(x * 100)::bigint AS k, (53 - floor(ln(abs(x)) / ln(2)))::int AS s) a) b
$$
"""


def r2(col: str) -> str:
    """Python's ``round(col, 2)`` for a float8 column (no expression: it is read several times)."""
    return (f"(CASE WHEN {col} IS NULL THEN NULL "
            f"WHEN abs({col}) >= 4503599627370496::float8 THEN {col} "
            f"WHEN abs({col}) < 1e7 AND abs(abs({col} * 100 - floor({col} * 100)) - 0.5::float8) > 1e-6::float8 "
            f"THEN round({col} * 100) / 100::float8 ELSE pg_temp.kinerja_round2_tie({col}) END)")


def mean_of_cents(total: str, n: str) -> str:
    """``rules.mean_of_cents`` in hundredths: integer ``total`` over ``n`` rounded half to even (None if n = 0)."""
    return (f"(CASE WHEN {n} > 0 THEN div({total}, {n}) + CASE WHEN 2 * mod({total}, {n}) > {n} OR "
            f"(2 * mod({total}, {n}) = {n} AND mod(div({total}, {n}), 2) <> 0) THEN 1 ELSE 0 END END)")


def fmt(col: str) -> str:
    """``rules._num``: 2 decimals, trailing zeros dropped, a decimal point, no grouping; '–' for none."""
    return (f"(CASE WHEN {col} IS NULL THEN '–' ELSE rtrim(rtrim(to_char({r2(col)}::text::numeric, "
            f"'FM999999999999999999999990.00'), '0'), '.') END)")


def clamp(expr: str, cap: str = "%(cap)s") -> str:
    """``rules._clamp`` without the rounding (rounded a level further out, on a column)."""
    return f"greatest(0::float8, least({cap}::float8, ({expr})))"


def score(r: str, t: str) -> str:
    """``rules.score(spec, r, cap, target=t)`` (unrounded; columns kind, lo, hi, lower of the IKI)."""
    low, high = "least(lo, hi)", "greatest(lo, hi)"
    edge = f"(CASE WHEN {r} < {low} THEN {low} ELSE {high} END)"
    return f"""(CASE WHEN {r} IS NULL THEN NULL
      WHEN kind = 'range' THEN (CASE WHEN lo IS NULL OR hi IS NULL THEN NULL
          WHEN {low} <= {r} AND {r} <= {high} THEN {clamp('100::float8')}
          WHEN {edge} = 0 THEN {clamp(f"CASE WHEN ({r} < {low}) <> lower THEN 0::float8 ELSE %(cap)s::float8 END")}
          WHEN lower THEN {clamp(f"(2::float8 - {r} / {edge}) * 100::float8")}
          ELSE {clamp(f"({r} / {edge}) * 100::float8")} END)
      WHEN kind <> 'number' OR {t} IS NULL THEN NULL
      WHEN {t} = 0 THEN {clamp(f"CASE WHEN (CASE WHEN lower THEN {r} <= 0 ELSE {r} >= 0 END) THEN 100::float8 "
                               "ELSE 0::float8 END")}
      WHEN lower THEN {clamp(f"(1::float8 + (1::float8 - {r} / {t})) * 100::float8")}
      ELSE {clamp(f"({r} / {t}) * 100::float8")} END)"""


TABLES = {"iki": "skp_iki", "rhk": "skp_rhk", "skp": "skp_skp", "period": "skp_period",
          "report": Report._meta.db_table, "plan": ActionPlan._meta.db_table, "out": IkiAchievement._meta.db_table}

# the IKI's own columns and its reporting period's (the calendar row ``c``), as every level below reads them
_IKI_COLUMNS = """i.id AS iki_id, i.instance_id, r.skp_id, s.employee_id, s.unit_id, i.target_kind AS kind,
         i.target_value::float8 AS t, i.target_min::float8 AS lo, i.target_max::float8 AS hi,
         i.target_min::float8 AS lo_raw, i.target_max::float8 AS hi_raw,
         coalesce(i.measure_unit, '') AS unit_text, i.lower_is_better AS lower,
         (i.target_kind = 'number' AND NOT (coalesce(i.measure_unit, '') = ANY(%(rates)s))) AS acc,
         c.idx, c.p_start, c.last_overdue, c.share, c.total"""

_IKI_FROM = f"""FROM {TABLES['iki']} i JOIN {TABLES['rhk']} r ON r.id = i.rhk_id
  JOIN {TABLES['skp']} s ON s.id = r.skp_id
  JOIN {TABLES['period']} pe ON pe.id = s.period_id
  JOIN kinerja_rollup_calendar c ON c.skp_start = pe.start_date AND c.skp_end = pe.end_date"""

# and the period's counted report (the history: every begun period of every IKI)
_BASE_COLUMNS = f"""{_IKI_COLUMNS},
         rep.value::float8 AS v, rep.judged_achievement::float8 AS j, (rep.id IS NOT NULL) AS reported"""

_BASE_FROM = f"""{_IKI_FROM}
  LEFT JOIN {TABLES['report']} rep ON rep.iki_id = i.id AND rep.period_start = c.p_start
       AND rep.status = ANY(%(statuses)s)"""

_NO_PLAN = f"NOT EXISTS (SELECT 1 FROM {TABLES['plan']} ap WHERE ap.iki_id = i.id AND ap.target IS NOT NULL)"

# the columns of an IKI row, in the order every writer gives them (the statements here, services._write_iki_rows)
_KEY_COLUMNS = ["instance_id", "iki_id", "skp_id", "employee_id", "unit_id", "period_start"]
_STANDING_COLUMNS = ["realisation", "achievement", "expected", "projected", "risk", "reason"]
IKI_COLUMNS = [*_KEY_COLUMNS, *_STANDING_COLUMNS, "created_at", "updated_at"]

_INSERT = f"INSERT INTO {TABLES['out']} ({', '.join(IKI_COLUMNS)})"


def _history_levels(period_filter: bool) -> str:
    """base → w3a for every begun period of every IKI: the running sums with window functions (one sort)."""
    return f"""WITH base AS (
  SELECT {_BASE_COLUMNS}
  {_BASE_FROM}
  WHERE s.instance_id = %(instance)s AND s.version >= 1 AND s.id BETWEEN %(lo)s AND %(hi)s
    {"AND s.period_id = %(period)s" if period_filter else ""}
    AND {_NO_PLAN}
), w1 AS (
  SELECT b.*,
    bool_or(reported) OVER w AS any_counted,
    coalesce(max(idx) FILTER (WHERE reported) OVER w, 0) AS last_rep,
    sum(v) OVER w AS cum,
    count(v) OVER w AS nv,
    (array_agg(v) FILTER (WHERE v IS NOT NULL) OVER w)[count(v) OVER w] AS latest,
    (array_agg(j) FILTER (WHERE j IS NOT NULL) OVER w)[count(j) OVER w] AS latest_j,
    sum(idx::float8) FILTER (WHERE v IS NOT NULL) OVER w AS lsx,
    sum((idx * idx)::float8) FILTER (WHERE v IS NOT NULL) OVER w AS lsxx,
    sum(idx * v) FILTER (WHERE v IS NOT NULL) OVER w AS lsxy,
    sum(v * ((idx * (idx - 1) / 2)::float8)) FILTER (WHERE v IS NOT NULL) OVER w AS tri
  FROM base b WINDOW w AS (PARTITION BY iki_id ORDER BY idx ROWS BETWEEN UNBOUNDED PRECEDING AND CURRENT ROW)
), w3a AS (
  SELECT w1.*, greatest(last_rep, last_overdue) AS upto
  FROM w1
)"""


def _open_levels(aside: bool, periods: int) -> str:
    """base → w3a for one reporting period (``%(idx)s``, starting ``%(p_start)s``) of every IKI of the approved SKPs
    of one SKP period (``%(skp_start)s`` – ``%(skp_end)s``, ``periods`` reporting periods begun, starting
    ``%(start_1)s``, ``%(start_2)s``…): plain aggregates over the instance's counted reports up to that period, in
    one pass in the order of the unique index (IKI, period).

    The sums are of floats, so their order matters: the aggregates read their input in the order of the subquery
    (ORDER BY the IKI and the period, which the index gives without a sort), the order the rules and the history's
    windows add them in. The latest value is the last element of the non-null values in that order."""
    k = "CASE rep.period_start " + " ".join(f"WHEN %(start_{n})s THEN {n}" for n in range(1, periods + 1)) + " END"
    return f"""WITH agg AS (
  SELECT x.iki_id, max(x.k) AS last_rep, sum(x.v) AS cum, count(x.v) AS nv,
    (array_agg(x.v) FILTER (WHERE x.v IS NOT NULL))[count(x.v)] AS latest,
    (array_agg(x.j) FILTER (WHERE x.j IS NOT NULL))[count(x.j)] AS latest_j,
    sum(x.k::float8) FILTER (WHERE x.v IS NOT NULL) AS lsx,
    sum((x.k * x.k)::float8) FILTER (WHERE x.v IS NOT NULL) AS lsxx,
    sum(x.k * x.v) AS lsxy,
    sum(x.v * ((x.k * (x.k - 1) / 2)::float8)) AS tri
  FROM (SELECT rep.iki_id, rep.value::float8 AS v, rep.judged_achievement::float8 AS j,
               {k} AS k  -- none: not one of the SKP period's reporting periods
        FROM {TABLES['report']} rep
        WHERE rep.instance_id = %(instance)s AND rep.period_start >= %(skp_start)s
          AND rep.period_start <= %(p_start)s AND rep.status = ANY(%(statuses)s)
        ORDER BY rep.iki_id, rep.period_start) x
  WHERE x.k IS NOT NULL
  GROUP BY x.iki_id
), base AS (
  SELECT {_IKI_COLUMNS}
  {_IKI_FROM}
  WHERE s.instance_id = %(instance)s AND s.version >= 1 AND pe.start_date = %(skp_start)s
    AND pe.end_date = %(skp_end)s AND c.idx = %(idx)s AND {_NO_PLAN}
    {"AND NOT EXISTS (SELECT 1 FROM kinerja_rollup_aside x WHERE x.iki_id = i.id)" if aside else ""}
), w3a AS (
  SELECT b.*, a.iki_id IS NOT NULL AS any_counted, coalesce(a.last_rep, 0) AS last_rep, a.cum,
         coalesce(a.nv, 0) AS nv, a.latest, a.latest_j, a.lsx, a.lsxx, a.lsxy, a.tri,
         greatest(coalesce(a.last_rep, 0), b.last_overdue) AS upto
  FROM base b LEFT JOIN agg a ON a.iki_id = b.iki_id
)"""


# rules.trend_sxy: the trend's Σ x·(sum so far) over the periods 1…upto from Σ v and Σ v·k(k−1)/2
SXY_UP = "((upto * (upto + 1) / 2)::float8 * coalesce(cum, 0::float8) - coalesce(tri, 0::float8))"


def _levels_after() -> str:
    """w3 → the output row, from w3a (the running state of each row: the sums over its IKI's counted reports up to
    its period, and ``upto``, the periods that count for the trend)."""
    target = f"(CASE WHEN kind = 'range' THEN {fmt('lo_raw')} || '~' || {fmt('hi_raw')} ELSE {fmt('t')} END)"
    return f""", w3 AS (
  SELECT w3a.*,
    CASE WHEN kind = 'text' THEN NULL WHEN acc THEN (CASE WHEN any_counted THEN coalesce(cum, 0::float8) END)
         ELSE latest END AS realisation,
    CASE WHEN lower AND t IS NOT NULL THEN t * share ELSE t END AS t_now
  FROM w3a
), w4 AS (
  SELECT w3.*,
    CASE WHEN kind = 'text' THEN {clamp('latest_j')}
         WHEN acc THEN {score('realisation', 't_now')}
         ELSE {score('latest', 't')} END AS ach_raw,
    CASE WHEN kind = 'text' THEN NULL
         WHEN acc AND lower THEN 100::float8
         WHEN acc THEN (CASE WHEN t IS NOT NULL AND t <> 0 THEN {clamp('(t * share) / t * 100::float8', '10000')}
                        END)
         ELSE 100::float8 END AS exp_raw,
    CASE WHEN kind = 'text' THEN {clamp('latest_j')}
         WHEN acc THEN (CASE WHEN any_counted AND upto > 0
              THEN {score(f'({SXY_UP} / ((upto * (upto + 1) * (2 * upto + 1) / 6)::float8)) * total::float8', 't')}
              END)
         WHEN nv = 0 THEN NULL
         WHEN nv < 3 OR (nv * lsxx - lsx * lsx) = 0 THEN {score('latest', 't')}
         ELSE {score('(cum / nv + ((nv * lsxy - lsx * cum) / (nv * lsxx - lsx * lsx)) * (total - lsx / nv))', 't')}
         END AS proj_raw
  FROM w3 OFFSET 0
), w5 AS (
  SELECT w4.*, {r2('ach_raw')} AS achievement, {r2('exp_raw')} AS expected, {r2('proj_raw')} AS projected
  FROM w4 OFFSET 0
)
SELECT instance_id, iki_id, skp_id, employee_id, unit_id, p_start, realisation::text::numeric,
  achievement::text::numeric, expected::text::numeric, projected::text::numeric,
  CASE WHEN projected < %(threshold)s::float8 THEN 'at_risk'
       WHEN last_overdue > 0 AND last_rep < last_overdue THEN 'no_data' ELSE '' END,
  CASE WHEN projected < %(threshold)s::float8 THEN
         (CASE WHEN kind = 'text' THEN left('judged|' || {fmt('projected')} || '|' || %(threshold_text)s, 255)
               ELSE left('projected|' || {fmt('projected')} || '|' || %(threshold_text)s || '|'
                         || {fmt('realisation')} || '|' || upto || '|' || %(cadence)s || '|' || {target} || '|'
                         || unit_text, 255) END)
       WHEN last_overdue > 0 AND last_rep < last_overdue THEN
         left('no_data|' || (last_overdue - last_rep) || '|' || %(cadence)s, 255)
       ELSE '' END,
  %(now)s, %(now)s
FROM w5
"""


def iki_sql(*, period_filter: bool) -> str:
    """Every begun period's row of the IKI of a chunk of SKPs (``rebuild(history=True)``), written period after
    period: a period's rows then fill neighbouring pages, and what ``advance`` rewrites and reads of them (a period's
    rows, its RHK and employee means) is about a twelfth of the table instead of all of it."""
    return f"{_INSERT}\n{_history_levels(period_filter)}{_levels_after()}ORDER BY p_start, iki_id\n"


# a row of the period already stored is written over (the pages keep some room for the new versions, fillfactor,
# migration progress 0005: those that fit stay on their page without new index entries)
_UPSERT = "ON CONFLICT (iki_id, period_start) DO UPDATE SET " + ", ".join(
    f"{c} = EXCLUDED.{c}" for c in IKI_COLUMNS if c not in ("instance_id", "iki_id", "period_start", "created_at"))


# only a row that differs is written over (a rebuild recomputes mostly what is stored already: the row is left as it
# is, without a new version of it to write and vacuum)
_UPSERT_CHANGED = _UPSERT + " WHERE " + " OR ".join(f"{TABLES['out']}.{c} IS DISTINCT FROM EXCLUDED.{c}"
                                                    for c in ["skp_id", "employee_id", "unit_id", *_STANDING_COLUMNS])


def open_sql(*, aside: bool, periods: int) -> str:
    """One reporting period's IKI rows (``advance``, and ``rebuild`` when the history is kept), written over the stored
    ones where they differ. Returns the rows and IKI computed (a first row with iki_id -1, the rows written in its
    last column) and the written rows that are at risk (the early warning: a row that turned at risk is written)."""
    return (f"WITH computed ({', '.join(IKI_COLUMNS)}) AS (\n{_open_levels(aside, periods)}{_levels_after()}),\n"
            f"written AS ({_INSERT} SELECT * FROM computed {_UPSERT_CHANGED}\n"
            "RETURNING iki_id, skp_id, employee_id, unit_id, instance_id, period_start, risk, reason) "
            "SELECT -1, (SELECT count(*) FROM computed), 0, 0, 0, NULL::date, count(*)::text FROM written UNION ALL "
            "SELECT iki_id, skp_id, employee_id, unit_id, instance_id, period_start, reason FROM written "
            "WHERE risk = 'at_risk'")


def _calendar_rows(instance_id: int, period_id: int | None, cadence: str, today: date, deadline_day: int):
    from kinerja.skp.models import Period

    periods = Period.objects.filter(instance_id=instance_id)
    if period_id is not None:
        periods = periods.filter(pk=period_id)
    rows = []
    for start, end in set(periods.values_list("start_date", "end_date").order_by()):
        reporting = tuple(rules.reporting_periods(start, end, cadence))
        if not reporting:
            continue
        for index, p_start, _p_end, last_overdue, share in rules._calendar(reporting, today, deadline_day):
            rows.append((start, end, index, p_start, last_overdue, share, len(reporting)))
    return rows


def prepare(*, instance_id: int, period_id: int | None, settings, statuses: list[str], today: date, now) -> dict:
    """What the IKI statements read, inside the caller's transaction: the reporting calendar of the instance's SKP
    periods as of ``today`` (a temp table), the rounding function; returns the statements' parameters."""
    from kinerja.skp.models import Iki

    with connection.cursor() as cursor:
        # the expressions are large (each level's columns read several times: OFFSET 0 keeps the levels apart, else
        # the planner would paste them into each other); compiling them with JIT costs more than it saves
        cursor.execute("SET LOCAL jit = off")
        cursor.execute(ROUND2_TIE)
        cursor.execute("DROP TABLE IF EXISTS kinerja_rollup_calendar")
        cursor.execute("CREATE TEMP TABLE kinerja_rollup_calendar (skp_start date, skp_end date, idx int, "
                       "p_start date, last_overdue int, share float8, total int) ON COMMIT DROP")
        bulk.insert_raw("kinerja_rollup_calendar",
                        ["skp_start", "skp_end", "idx", "p_start", "last_overdue", "share", "total"],
                        _calendar_rows(instance_id, period_id, settings.cadence, today, settings.deadline_day))
        cursor.execute("ANALYZE kinerja_rollup_calendar")
    units = set(Iki.objects.filter(instance_id=instance_id).values_list("measure_unit", flat=True)
                .distinct().order_by())
    rates = sorted(u or "" for u in units if rules.is_rate(u or ""))
    threshold = float(settings.at_risk_below)
    return {"rates": rates, "statuses": statuses, "instance": instance_id, "period": period_id,
            "cap": float(settings.achievement_cap), "threshold": threshold,
            "threshold_text": rules._num(threshold), "cadence": settings.cadence, "now": now}


def write_iki_rows(*, instance_id: int, period_id: int | None, skp_ids: list[int], settings, statuses: list[str],
                   today: date, now) -> int:
    """Every IKI row of the SKPs ``skp_ids`` (approved, of the instance / period), set-based. Returns the count."""
    params = prepare(instance_id=instance_id, period_id=period_id, settings=settings, statuses=statuses,
                     today=today, now=now)
    sql = iki_sql(period_filter=period_id is not None).replace("%%%%", "%%")
    written = 0
    with connection.cursor() as cursor:
        for i in range(0, len(skp_ids), CHUNK_SKPS):
            chunk = skp_ids[i:i + CHUNK_SKPS]
            cursor.execute(sql, {**params, "lo": chunk[0], "hi": chunk[-1]})
            written += cursor.rowcount
    return written


def set_aside(iki_ids) -> None:
    """The IKI :func:`write_open_rows` leaves to the rules in Python (a temp table)."""
    with connection.cursor() as cursor:
        cursor.execute("CREATE TEMP TABLE kinerja_rollup_aside (iki_id bigint PRIMARY KEY) ON COMMIT DROP")
    bulk.insert_raw("kinerja_rollup_aside", ["iki_id"], ([i] for i in sorted(iki_ids)))
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE kinerja_rollup_aside")


def write_open_rows(params: dict, *, skp_start: date, skp_end: date, idx: int, p_start: date, starts: list[date],
                    aside: bool) -> tuple[int, int, list]:
    """The rows of reporting period ``idx`` (starting ``p_start``) of every IKI of the approved SKPs of the SKP period
    ``skp_start`` – ``skp_end`` (whose begun reporting periods start on ``starts``), each from its counted reports,
    written over the stored ones where they differ; not the IKI with a plan, nor those :func:`set_aside`
    (``aside``: there are some). :func:`prepare` first. Returns the number of rows computed (one per IKI), of rows
    written, and (iki, skp, employee, unit, instance, rules.Row) of the written rows at risk."""
    numbered = {f"start_{n}": start for n, start in enumerate(starts, start=1)}
    with connection.cursor() as cursor:
        cursor.execute(open_sql(aside=aside, periods=len(starts)),
                       {**params, **numbered, "skp_start": skp_start, "skp_end": skp_end, "idx": idx,
                        "p_start": p_start})
        computed, written, risky = 0, 0, []
        for iki, skp, emp, unit, inst, start, reason in cursor.fetchall():
            if iki == -1:
                computed, written = skp, int(reason)
            else:
                risky.append((iki, skp, emp, unit, inst, rules.Row(start, risk=rules.Risk.AT_RISK, reason=reason)))
        return computed, written, risky


def plan_iki_ids(*, instance_id: int, period_id: int | None) -> list[int]:
    """The IKI whose action plans carry targets (scored in Python: their trajectory follows the plan)."""
    plans = ActionPlan.objects.filter(instance_id=instance_id, target__isnull=False,
                                      iki__rhk__skp__version__gte=1)
    if period_id is not None:
        plans = plans.filter(iki__rhk__skp__period_id=period_id)
    return sorted(set(plans.values_list("iki_id", flat=True).order_by()))


def _scope(period_filter: bool) -> str:
    return ("SELECT id FROM skp_skp WHERE instance_id = %(instance)s AND version >= 1"
            + (" AND period_id = %(period)s" if period_filter else ""))


def rhk_and_employee_rows(*, instance_id: int, period_id: int | None, inner: set[int], now,
                          starts: list[date] | None = None):
    """The RHK own standings (a temp table), the employee rows and the RHK rows of the RHK nobody intervenes
    (only the reporting periods beginning on ``starts``, if given); returns (inner RHK own standings, per-parent
    sums, per-PK-indicator sums, periods, RHK rows, employee rows) for services._BulkRollup."""
    iki_table = IkiAchievement._meta.db_table
    params = {"instance": instance_id, "period": period_id, "now": now, "starts": starts}
    scope = _scope(period_id is not None)
    with connection.cursor() as cursor:
        # the RHK others intervene, as a table (an array parameter is searched element by element for each row)
        cursor.execute("DROP TABLE IF EXISTS kinerja_rollup_inner")
        cursor.execute("CREATE TEMP TABLE kinerja_rollup_inner (rhk_id bigint PRIMARY KEY) ON COMMIT DROP")
        bulk.insert_raw("kinerja_rollup_inner", ["rhk_id"], ([rhk] for rhk in sorted(inner)))
        cursor.execute("ANALYZE kinerja_rollup_inner")
        cursor.execute("DROP TABLE IF EXISTS kinerja_rollup_rhk")
        cursor.execute(f"""
CREATE TEMP TABLE kinerja_rollup_rhk ON COMMIT DROP AS
SELECT *, a_c::float8 / 100::float8 AS achievement, p_c::float8 / 100::float8 AS projected,
       EXISTS (SELECT 1 FROM kinerja_rollup_inner x WHERE x.rhk_id = m.rhk_id) AS is_inner,
       EXISTS (SELECT 1 FROM kinerja_rollup_inner x WHERE x.rhk_id = m.parent_id) AS parent_inner FROM (
SELECT g.rhk_id, r.skp_id, s.employee_id, s.unit_id, %(instance)s::bigint AS instance_id, r.parent_id,
       r.pk_indicator_id, g.period_start, n, contributors, at_risk,
       {mean_of_cents('sa', 'contributors')}::bigint AS a_c, {mean_of_cents('sp', 'np')}::bigint AS p_c
FROM (SELECT i.rhk_id, a.period_start, count(*) AS n, count(a.achievement) AS contributors,
             count(*) FILTER (WHERE a.risk = 'at_risk') AS at_risk,
             sum((a.achievement * 100)::bigint) AS sa, sum((a.projected * 100)::bigint) AS sp,
             count(a.projected) AS np
      FROM {iki_table} a JOIN skp_iki i ON i.id = a.iki_id
      WHERE a.instance_id = %(instance)s AND a.skp_id IN ({scope})
        {"AND a.period_start = ANY(%(starts)s)" if starts is not None else ""}
      GROUP BY 1, 2) g
-- what is the same for every IKI row of an RHK (its SKP, employee, unit, parent, PK indicator) is joined once per
-- group instead of being grouped on: the hash keys stay two columns wide
JOIN skp_rhk r ON r.id = g.rhk_id JOIN skp_skp s ON s.id = r.skp_id) m""", params)
        cursor.execute(f"""
INSERT INTO {EmployeeAchievement._meta.db_table} (instance_id, skp_id, employee_id, unit_id, period_start,
    achievement, projected, indicators, reported, at_risk, created_at, updated_at)
SELECT instance_id, skp_id, employee_id, unit_id, period_start, ({mean_of_cents('sa', 'na')} / 100::numeric),
       ({mean_of_cents('sp', 'np')} / 100::numeric), n, contributors, at_risk, %(now)s, %(now)s
FROM (SELECT instance_id, skp_id, employee_id, unit_id, period_start, sum(n) AS n, sum(contributors) AS contributors,
             sum(at_risk) AS at_risk, sum(a_c) AS sa, count(a_c) AS na, sum(p_c) AS sp, count(p_c) AS np
      FROM kinerja_rollup_rhk GROUP BY 1, 2, 3, 4, 5) g""", params)
        employee_rows = cursor.rowcount
        cursor.execute(f"""
INSERT INTO {RhkAchievement._meta.db_table} (instance_id, rhk_id, period_start, achievement, projected,
    rolled_achievement, rolled_projected, contributors, at_risk, created_at, updated_at)
SELECT instance_id, rhk_id, period_start, achievement::text::numeric, projected::text::numeric,
       achievement::text::numeric, projected::text::numeric, contributors, at_risk, %(now)s, %(now)s
FROM kinerja_rollup_rhk WHERE NOT is_inner""", params)
        rhk_rows = cursor.rowcount
        cursor.execute("SELECT rhk_id, period_start, achievement, projected, contributors, at_risk "
                       "FROM kinerja_rollup_rhk WHERE is_inner", params)
        inner_own: dict[int, dict[date, rules.Standing]] = {}
        for rhk_id, start, a, p, n, risk in cursor.fetchall():
            inner_own.setdefault(rhk_id, {})[start] = rules.Standing(a, p, n, risk)
        sums = {}
        for key in ("parent_id", "pk_indicator_id"):
            extra = "AND parent_inner" if key == "parent_id" else "AND pk_indicator_id IS NOT NULL"
            cursor.execute(f"""
SELECT {key}, period_start, coalesce(sum(a_c), 0), count(a_c), coalesce(sum(p_c), 0),
       count(p_c), sum(contributors), sum(at_risk), count(*)
FROM kinerja_rollup_rhk WHERE NOT is_inner {extra} GROUP BY 1, 2""", params)
            out: dict[int, dict[date, rules.Accumulator]] = {}
            for owner, start, sa, na, sp, np_, n, risk, parts in cursor.fetchall():
                out.setdefault(owner, {})[start] = rules.Accumulator(
                    int(sa), na, int(sp), np_, int(n), int(risk), parts)
            sums[key] = out
        cursor.execute("SELECT DISTINCT period_start FROM kinerja_rollup_rhk")
        periods = {row[0] for row in cursor.fetchall()}
    return inner_own, sums["parent_id"], sums["pk_indicator_id"], periods, rhk_rows, employee_rows


def delete_rows(*, instance_id: int, period_id: int | None) -> bool:
    """The rows a rebuild rewrites: the instance's (the period's IKI, employee and RHK rows for one period; the
    indicators are rewritten from every period's RHK rows then).

    The whole instance, when the tables hold no other instance's rows (one instance per database, the usual
    case): TRUNCATE instead of DELETE (no dead rows left to vacuum) and True: the caller may set the indexes
    aside while it writes (bulk.indexes_set_aside). Both take the tables' exclusive lock until the rebuild
    commits: readers wait for the new rows instead of reading the old ones."""
    params = {"instance": instance_id, "period": period_id}
    models = (IkiAchievement, EmployeeAchievement, RhkAchievement, IndicatorAchievement)
    with connection.cursor() as cursor:
        if period_id is None:
            others = " UNION ALL ".join(
                f"(SELECT 1 FROM {m._meta.db_table} WHERE instance_id < %(instance)s LIMIT 1) UNION ALL "
                f"(SELECT 1 FROM {m._meta.db_table} WHERE instance_id > %(instance)s LIMIT 1)" for m in models)
            cursor.execute(f"SELECT EXISTS ({others})", params)
            if not cursor.fetchone()[0]:
                cursor.execute(f"TRUNCATE {', '.join(m._meta.db_table for m in models)}")
                return True
            for model in models:
                cursor.execute(f"DELETE FROM {model._meta.db_table} WHERE instance_id = %(instance)s", params)
            return False
        periods = "SELECT id FROM skp_skp WHERE instance_id = %(instance)s AND period_id = %(period)s"
        for model in (IkiAchievement, EmployeeAchievement):
            cursor.execute(f"DELETE FROM {model._meta.db_table} WHERE instance_id = %(instance)s "
                           f"AND skp_id IN ({periods})", params)
        cursor.execute(f"DELETE FROM {RhkAchievement._meta.db_table} WHERE instance_id = %(instance)s AND rhk_id IN "
                       f"(SELECT id FROM skp_rhk WHERE skp_id IN ({periods}))", params)
    return False


def latest_at_risk(*, instance_id: int, period_id: int | None) -> list[tuple]:
    """(iki, skp, employee, unit, instance, Row) of each IKI whose latest row is at risk (for the notifications)."""
    params = {"instance": instance_id, "period": period_id}
    with connection.cursor() as cursor:
        cursor.execute(f"""
SELECT iki_id, skp_id, employee_id, unit_id, instance_id, period_start, reason FROM (
  SELECT DISTINCT ON (iki_id) iki_id, skp_id, employee_id, unit_id, instance_id, period_start, risk, reason
  FROM {IkiAchievement._meta.db_table} WHERE instance_id = %(instance)s AND skp_id IN ({_scope(period_id is not None)})
  ORDER BY iki_id, period_start DESC) x WHERE risk = 'at_risk'""", params)
        return [(iki, skp, emp, unit, inst, rules.Row(start, risk=rules.Risk.AT_RISK, reason=reason))
                for iki, skp, emp, unit, inst, start, reason in cursor.fetchall()]
