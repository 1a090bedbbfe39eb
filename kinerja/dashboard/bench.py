"""The roll-up rows of ``kinerja bench`` (``--only rollup``): a big instance with a year of reports.

Declared in dashboard/faces.py (the dashboard shows what the roll-up computes; it sits above progress).
The parent (:func:`run`) makes a fresh PostgreSQL (or SQLite) database, seeds a synthetic government with
one cascading SKP per employee (``kinerja seed --skp``, ``--rollup-employees``, 100,000 by default), then a
child process writes 12 months of accepted reports for every IKI of the approved SKPs (PostgreSQL: one
``INSERT … SELECT``, the indexes built afterwards; SQLite: in Python, in chunks). PostgreSQL keeps that
database as a template for the next run of the same size (:func:`run`). Another child times:

* the **history rebuild** (``progress.achievement.rebuild(history=True)``, ``kinerja progress rollup --history``:
  every IKI row of every month, employees, RHK, PK indicators, IKU), once, on empty tables: what the first roll-up
  of an instance, a settings change or a new rows' version runs;
* the **full roll-up** (``progress.achievement.rebuild``, ``kinerja progress rollup``: the current standing of
  every IKI from all its reports, its employee, RHK, PK indicator and IKU; the months already closed keep their
  rows), every current row changed beforehand (untimed) so that each is written again, the median of three,
  target < 30 s at 100,000 employees;
* the **nightly advance** (``progress.achievement.advance``) on the day after a report deadline: the periods the
  date changes, every IKI from its reports, every such row changed beforehand (untimed; median of as many rounds),
  and on an ordinary day (nothing to do);
* the **incremental update after one report** (``refresh_for_ikis`` for one IKI whose report changed,
  the path a superior's acceptance takes), p50/p95 over a sample of IKI spread over the instance, target < 1 s.
"""

from __future__ import annotations

import hashlib
import random
import statistics
import tempfile
import time
from datetime import date
from pathlib import Path

PG_NAME = "kinerja_bench_rollup"


def _percentiles(samples: list[float]) -> dict:
    ordered = sorted(samples)
    p95 = ordered[min(len(ordered) - 1, round(0.95 * (len(ordered) - 1)))]
    return {"p50": statistics.median(ordered) * 1000, "p95": p95 * 1000, "max": ordered[-1] * 1000,
            "n": len(ordered)}


# --- in the child process ----------------------------------------------------------------------

REPORT_COLUMNS = ["instance_id", "skp_id", "iki_id", "employee_id", "unit_id", "period_start", "period_end", "value",
                  "value_text", "notes", "status", "judged_achievement", "lock_version", "submitted_at",
                  "reviewed_at", "review_comment", "created_at", "updated_at"]
PACES = (0.5, 0.8, 0.95, 1.0, 1.1)  # some behind, most on track

# PostgreSQL: every report in one INSERT … SELECT over the IKI × their reporting periods (a temp table from
# rules.reporting_periods); the pace of an IKI and the noise of a month come from hashint8 of the ids (fixed, so
# each run writes the same values). Ordered by IKI, as reports arrive in real life per IKI and period.
REPORTS_SQL = """
INSERT INTO progress_report (instance_id, skp_id, iki_id, employee_id, unit_id, period_start, period_end, value,
    value_text, notes, status, judged_achievement, lock_version, submitted_at, reviewed_at, review_comment,
    created_at, updated_at)
SELECT instance_id, skp_id, iki_id, employee_id, unit_id, p_start, p_end,
       CASE WHEN counted THEN round((t / n * pace * (0.8::float8 + 0.4::float8 * u))::numeric, 2)
            WHEN ranged THEN (lo * pace)::numeric END,
       '', '', 'accepted', CASE WHEN NOT counted AND NOT ranged THEN (100 * pace)::numeric END, 0,
       %(now)s, %(now)s, '', %(now)s, %(now)s
FROM (SELECT i.instance_id, r.skp_id, i.id AS iki_id, s.employee_id, s.unit_id, c.idx, c.p_start, c.p_end, c.n,
             i.target_value::float8 AS t, i.target_min::float8 AS lo,
             (i.target_kind = 'number' AND i.target_value IS NOT NULL) AS counted,
             (i.target_kind = 'range' AND i.target_min IS NOT NULL) AS ranged,
             (%(paces)s::float8[])[1 + (hashint8(i.id) & 2147483647) %% 5] AS pace,
             (hashint8(i.id * 64 + c.idx) & 1048575)::float8 / 1048575::float8 AS u
      FROM skp_iki i JOIN skp_rhk r ON r.id = i.rhk_id JOIN skp_skp s ON s.id = r.skp_id
      JOIN skp_period pe ON pe.id = s.period_id
      JOIN kinerja_bench_calendar c ON c.skp_start = pe.start_date AND c.skp_end = pe.end_date
      WHERE i.instance_id = %(instance)s AND s.version >= 1) x
ORDER BY iki_id, idx
"""


def write_reports(instance_id: int, months: int = 12, seed: int = 7) -> int:
    """Accepted reports for ``months`` months for every IKI of the approved SKPs: set-based on PostgreSQL
    (:data:`REPORTS_SQL`), else in Python written with COPY / executemany in chunks."""
    from django.db import connection

    if connection.vendor == "postgresql":
        return _write_reports_sql(instance_id, months)
    return _write_reports_python(instance_id, months, seed)


def _write_reports_sql(instance_id: int, months: int) -> int:
    from django.db import connection, transaction
    from django.utils import timezone

    from kinerja.core import bulk
    from kinerja.progress.models import Report
    from kinerja.rules.achievement import reporting_periods
    from kinerja.skp.models import Period

    calendar = []
    for start, end in set(Period.objects.filter(instance_id=instance_id).values_list("start_date", "end_date")
                          .order_by()):
        periods = reporting_periods(start, end)[:months]
        calendar += [(start, end, idx, p_start, p_end, len(periods))
                     for idx, (p_start, p_end) in enumerate(periods, start=1)]
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("SELECT current_setting('is_superuser') = 'on'")
        if cursor.fetchone()[0]:
            # synthetic rows whose every key is read from the row it points at: no foreign-key checks (the
            # deferred ones would take longer at COMMIT than the INSERT itself); needs a superuser
            cursor.execute("SET LOCAL session_replication_role = replica")
        cursor.execute("SET LOCAL work_mem = '256MB'")
        cursor.execute("CREATE TEMP TABLE kinerja_bench_calendar (skp_start date, skp_end date, idx int, "
                       "p_start date, p_end date, n int) ON COMMIT DROP")
        bulk.insert_raw("kinerja_bench_calendar", ["skp_start", "skp_end", "idx", "p_start", "p_end", "n"], calendar)
        cursor.execute("ANALYZE kinerja_bench_calendar")
        with bulk.indexes_set_aside([Report]):
            cursor.execute(REPORTS_SQL, {"instance": instance_id, "now": timezone.now(), "paces": list(PACES)})
            rows = cursor.rowcount
    bulk.refresh_statistics([Report], rows)
    return rows


def _write_reports_python(instance_id: int, months: int, seed: int) -> int:
    from django.db import transaction
    from django.utils import timezone

    from kinerja.core import bulk
    from kinerja.progress.models import Report
    from kinerja.rules.achievement import reporting_periods
    from kinerja.skp.models import Iki

    rng = random.Random(seed)
    now = timezone.now()
    rows = 0
    ikis = (Iki.objects.filter(instance_id=instance_id, rhk__skp__version__gte=1)
            .values_list("id", "rhk__skp_id", "rhk__skp__employee_id", "rhk__skp__unit_id", "target_kind",
                         "target_value", "target_min", "target_max", "rhk__skp__period__start_date",
                         "rhk__skp__period__end_date").order_by("id"))
    periods_of: dict = {}
    batch: list[list] = []
    with transaction.atomic():
        for iki, skp, emp, unit, kind, target, low, _high, start, end in ikis.iterator(chunk_size=20_000):
            periods = periods_of.setdefault((start, end), reporting_periods(start, end)[:months])
            pace = rng.choice(PACES)
            for p_start, p_end in periods:
                value = judged = None
                if kind == "number" and target is not None:
                    value = round(float(target) / len(periods) * pace * rng.uniform(0.8, 1.2), 2)
                elif kind == "range" and low is not None:
                    value = float(low) * pace
                else:
                    judged = 100 * pace
                batch.append([instance_id, skp, iki, emp, unit, p_start, p_end, value, "", "", "accepted", judged, 0,
                              now, now, "", now, now])
            if len(batch) >= 50_000:
                bulk.insert(Report, REPORT_COLUMNS, batch)
                rows += len(batch)
                batch = []
        bulk.insert(Report, REPORT_COLUMNS, batch)
        rows += len(batch)
    bulk.refresh_statistics([Report], rows)
    return rows


def child_main(kind: str, args: list[str]) -> dict:
    if kind == "rollup-data":
        return _child_data(args[0])
    if kind != "rollup":
        raise SystemExit(f"unknown step {kind}")
    from django.db import transaction

    from kinerja.organization.models import Instance
    from kinerja.progress.achievement import rebuild, refresh_for_ikis
    from kinerja.progress.models import Report

    slug, rounds = args[0], int(args[1])
    full_rounds = int(args[2]) if len(args) > 2 else 1
    today = date.fromisoformat(args[3]) if len(args) > 3 else None
    instance = Instance.objects.get(slug=slug)
    history = rebuild(instance_id=instance.pk, today=today, notify_risks=False, history=True)  # on empty tables
    fulls, written = [], []
    for _ in range(full_rounds):
        _spoil_open_rows(instance.pk, today or date.today())  # untimed: every current row must be written again
        stats = rebuild(instance_id=instance.pk, today=today, notify_risks=False)
        fulls.append(stats.seconds)
        written.append(stats.iki_rows_written)
    nightly = _advance_rounds(instance.pk, today or date.today(), full_rounds)
    first = Report.objects.filter(instance=instance).order_by("period_start").values_list("period_start",
                                                                                         flat=True).first()
    ids = list(Report.objects.filter(instance=instance, period_start=first).values_list("pk", "iki_id"))
    rng = random.Random(3)
    sample = rng.sample(ids, min(rounds, len(ids)))
    samples = []
    for report_id, iki_id in sample:
        t0 = time.perf_counter()
        with transaction.atomic():  # as a superior's acceptance: the report changes, then the roll-up
            Report.objects.filter(pk=report_id).update(value=1)
            refresh_for_ikis([iki_id], today=today)
        samples.append(time.perf_counter() - t0)
    return {"history_s": history.seconds, "history_iki_rows": history.iki_rows,
            "history_employee_rows": history.employee_rows, "history_rhk_rows": history.rhk_rows,
            "history_indicator_rows": history.indicator_rows,
            "full_s": statistics.median(fulls), "fulls": fulls, "ikis": stats.ikis, "written": written,
            "iki_rows": stats.iki_rows, "employee_rows": stats.employee_rows, "rhk_rows": stats.rhk_rows,
            "indicator_rows": stats.indicator_rows, "reports": Report.objects.filter(instance=instance).count(),
            "incremental": _percentiles(samples), **nightly}


def _spoil_open_rows(instance_id: int, today: date, which=None) -> int:
    """Change every stored IKI row the next roll-up recomputes (``which``: services.open_periods, or changed_periods
    for ``advance``), its reason, so that the roll-up has to write each of them again, as if every current figure had
    moved since the last run (it leaves alone a row it finds right). Every IKI of the bench reports every month, so
    a passing deadline alone changes no row."""
    from kinerja.progress.achievement.services import open_periods, reporting_settings
    from kinerja.progress.models import IkiAchievement, RollupMark
    from kinerja.skp.models import Period

    settings = reporting_settings(instance_id)
    since = RollupMark.objects.get(instance_id=instance_id).as_of
    starts = {p_start for period in Period.objects.filter(instance_id=instance_id)
              for _i, p_start in (which or open_periods)(period.start_date, period.end_date, settings, since, today)}
    return IkiAchievement.objects.filter(instance_id=instance_id, period_start__in=starts).update(reason="(stale)")


def _advance_rounds(instance_id: int, today: date, rounds: int) -> dict:
    """The nightly ``advance`` after the rebuild: on the day after a report deadline (the period that fell due and
    those after it are recomputed, every IKI from its reports), ``rounds`` times (each time, untimed, the mark set back
    to the deadline and the rows to recompute changed, so that each is written again); and on an ordinary day
    (nothing changes)."""
    from datetime import timedelta

    from django.db import connection

    from kinerja.progress.achievement import advance
    from kinerja.progress.achievement.services import changed_periods, reporting_settings
    from kinerja.progress.models import RollupMark
    from kinerja.rules.achievement import due_date, reporting_periods
    from kinerja.skp.models import Period

    if connection.vendor != "postgresql":  # elsewhere advance is a rebuild
        return {}
    settings = reporting_settings(instance_id)
    period = Period.objects.filter(instance_id=instance_id, start_date__lte=today).order_by("-start_date").first()
    dues = [due_date(end, settings.deadline_day) for _start, end in
            reporting_periods(period.start_date, period.end_date, settings.cadence)]
    deadline = max((d for d in dues if d < today), default=None)
    if deadline is None:
        return {}
    day = deadline + timedelta(days=1)
    periods = len(changed_periods(period.start_date, period.end_date, settings, deadline, day))
    times, stats = [], None
    for _ in range(rounds):
        RollupMark.objects.filter(instance_id=instance_id).update(as_of=deadline)
        _spoil_open_rows(instance_id, day, changed_periods)  # untimed: every row recomputed is written again
        stats = advance(instance_id=instance_id, today=day, notify_risks=False)
        times.append(stats.seconds)
    ordinary = advance(instance_id=instance_id, today=day + timedelta(days=1), notify_risks=False)
    return {"advance_s": statistics.median(times), "advances": times, "advance_periods": periods,
            "advance_iki_rows": stats.iki_rows, "advance_written": stats.iki_rows_written,
            "advance_day": day.isoformat(), "ordinary_s": ordinary.seconds}


def _child_data(slug: str) -> dict:
    from kinerja.organization.models import Instance

    instance = Instance.objects.get(slug=slug)
    started = time.perf_counter()
    reports = write_reports(instance.pk)
    return {"reports": reports, "generate_s": time.perf_counter() - started}


# --- in the parent ------------------------------------------------------------------------------

GENERATOR = "2"  # bump when the seed or the reports change: cached templates of older data are not reused


def _template_key(employees: int) -> str:
    """What a cached PostgreSQL template must match: the migrations on disk, the size, the year, the generator."""
    from django.db.migrations.loader import MigrationLoader

    names = sorted(f"{app}.{name}" for app, name in MigrationLoader(None, ignore_no_migrations=True).disk_migrations)
    text = "\n".join([*names, str(employees), str(date.today().year), GENERATOR])
    return hashlib.sha256(text.encode()).hexdigest()[:20]


def _server(ctx):
    import psycopg

    return psycopg.connect(f"{ctx.pg_url.rsplit('/', 1)[0]}/postgres", autocommit=True)


def _cached_template(ctx, template: str, key: str) -> bool:
    with _server(ctx) as conn:
        row = conn.execute("SELECT shobj_description(oid, 'pg_database') FROM pg_database WHERE datname = %s",
                           [template]).fetchone()
    return bool(row) and row[0] == key


def _copy_database(ctx, source: str, target: str, key: str | None = None) -> None:
    """``target`` as a file copy of ``source`` (CREATE DATABASE … TEMPLATE; nobody may be connected to it)."""
    with _server(ctx) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{target}"')
        conn.execute(f'CREATE DATABASE "{target}" TEMPLATE "{source}"')
        if key:
            conn.execute(f"COMMENT ON DATABASE \"{target}\" IS '{key}'")


def _generate(ctx, db: str, env: dict, employees: int, slug: str, results: list[dict]) -> None:
    ctx.report(f"{db}: migrate, then seed {employees:,} employees with SKPs")
    ctx.migrate(env)
    seeded = ctx.run_child(["seed", str(employees), slug, "skp"], env)
    d = seeded.data
    results.append({"db": db, "step": f"seed {employees:,} employees + SKPs", "seconds": d["seconds"],
                    "peak_mb": seeded.peak_rss_mb,
                    "note": f"{d['skps']:,} SKP, {d['rhks']:,} RHK, {d['ikis']:,} IKI"})
    ctx.report(f"{db}: 12 months of reports")
    data = ctx.run_child(["rollup-data", slug], env)
    m = data.data
    results.append({"db": db, "step": "write 12 months of reports", "seconds": m["generate_s"],
                    "rows_per_s": m["reports"] / max(m["generate_s"], 1e-9), "peak_mb": data.peak_rss_mb,
                    "note": f"{m['reports']:,} reports" + (" (INSERT … SELECT)" if db == "postgresql" else "")})


def run(ctx) -> list[dict]:
    """``kinerja bench --only rollup``: ``ctx`` is a kinerja.bench.runner.BenchContext.

    PostgreSQL keeps the seeded instance with its reports as a template database
    (``kinerja_bench_rollup_tpl_N``, its comment the :func:`_template_key`): a later run of the same size copies
    it (a file copy) instead of generating it again. Drop it to start from scratch."""
    employees = ctx.options.get("rollup_employees", 100_000)
    rounds = ctx.options.get("skp_rounds", 20)
    full_rounds = ctx.options.get("rollup_rounds", 3)
    slug = "bench-rollup"
    results: list[dict] = []
    with tempfile.TemporaryDirectory(prefix="kinerja-bench-rollup-") as tmp:
        for db in ctx.databases:
            try:
                template, key = f"{PG_NAME}_tpl_{employees}", _template_key(employees)
                if db == "postgresql" and _cached_template(ctx, template, key):
                    ctx.report(f"{db}: copy the cached {employees:,}-employee instance ({template})")
                    started = time.perf_counter()
                    _copy_database(ctx, template, PG_NAME)
                    env = {"DATABASE_URL": f"{ctx.pg_url.rsplit('/', 1)[0]}/{PG_NAME}"}
                    results.append({"db": db, "step": "copy the cached seed and reports", "seconds":
                                    time.perf_counter() - started, "note": f"template database {template}"})
                else:
                    env = ctx.fresh_database(db, PG_NAME, Path(tmp))
                    _generate(ctx, db, env, employees, slug, results)
                    if db == "postgresql":
                        ctx.report(f"{db}: keep it as the template {template}")
                        _copy_database(ctx, PG_NAME, template, key)
                ctx.report(f"{db}: full roll-up x{full_rounds}, {rounds} incremental updates")
                measured = ctx.run_child(["rollup", slug, str(rounds), str(full_rounds)], env)
                m = measured.data
                results += [
                    {"db": db, "step": "history rebuild (rollup --history)", "seconds": m["history_s"],
                     "rows_per_s": m["history_iki_rows"] / max(m["history_s"], 1e-9),
                     "note": (f"on empty tables: {m['history_iki_rows']:,} IKI rows (every month), "
                              f"{m['history_employee_rows']:,} employee rows, {m['history_rhk_rows']:,} RHK rows, "
                              f"{m['history_indicator_rows']:,} PK/IKU rows")},
                    {"db": db, "step": "full roll-up (rebuild)", "seconds": m["full_s"],
                     "rows_per_s": m["iki_rows"] / max(m["full_s"], 1e-9), "peak_mb": measured.peak_rss_mb,
                     "note": (f"median of {', '.join(f'{s:.1f}' for s in m['fulls'])} s; every IKI's current "
                              f"standing from all {m['reports']:,} reports: {m['ikis']:,} IKI → "
                              f"{m['iki_rows']:,} IKI rows (the open months, each changed before the run, so "
                              f"written: {', '.join(f'{w:,}' for w in m['written'])}), "
                              f"{m['employee_rows']:,} employee rows, "
                              f"{m['rhk_rows']:,} RHK rows, {m['indicator_rows']:,} PK/IKU rows; target < 30 s")},
                    *([{"db": db, "step": "nightly advance, day after a deadline", "seconds": m["advance_s"],
                        "rows_per_s": m["advance_iki_rows"] / max(m["advance_s"], 1e-9),
                        "note": (f"median of {', '.join(f'{s:.1f}' for s in m['advances'])} s; "
                                 f"{m['advance_day']}: {m['advance_periods']} periods × every IKI "
                                 f"({m['advance_iki_rows']:,} IKI rows, each changed before the run, so written: "
                                 f"{m['advance_written']:,}) from their reports, their employees, RHK, PK, IKU")},
                       {"db": db, "step": "nightly advance, an ordinary day", "seconds": m["ordinary_s"],
                        "note": "no period begins, no deadline passes: nothing to recompute"}]
                      if "advance_s" in m else []),
                    {"db": db, "step": "incremental after one report", "p50_ms": m["incremental"]["p50"],
                     "p95_ms": m["incremental"]["p95"],
                     "note": f"max {m['incremental']['max']:.0f} ms over {m['incremental']['n']}; target < 1000 ms"},
                ]
            except Exception as exc:  # noqa: BLE001 - report and go on with the next database
                results.append({"db": db, "step": "roll-up bench", "note": f"failed: {str(exc)[-300:]}"})
            finally:
                ctx.drop(db, PG_NAME)
    return results
