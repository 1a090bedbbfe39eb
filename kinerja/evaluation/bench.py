"""The evaluation rows of ``kinerja bench`` (``--only evaluate``): the annual evaluation of a big instance.

Declared in evaluation/faces.py. For each database the parent (:func:`run`) seeds a synthetic government with
one approved SKP per employee (``kinerja seed --skp``) at two sizes — a tenth of ``--evaluate-employees`` and
all of it (100,000 by default) — and a child process, after writing each SKP's year-end achievement and each
OPD's organisation predikat, times the three set-based steps of kinerja/evaluation/batch.py and results.py:

* **start**: every approved SKP gets its annual evaluation with the suggested rating hasil kerja;
* **predikat**: (after the evaluators' ratings, simulated by one UPDATE that is not timed) the proposed
  predikat of every evaluation under the 6/2022 matrix;
* **curve**: the count of each predikat per organisation and its distribution-curve check.

It prints employees per second over the three (target ≥ 5,000/s on PostgreSQL) and the child's peak memory at
both sizes: equal peaks mean the memory is flat in the number of employees.
"""

from __future__ import annotations

import tempfile
import time
from pathlib import Path

PG_NAME = "kinerja_bench_evaluate"


# --- in the child process ----------------------------------------------------------------------

def _prepare(instance_id: int) -> tuple[int, int]:
    """Each approved SKP's achievement at its period's last month; each OPD's organisation predikat."""
    from datetime import date

    from django.db import connection, transaction
    from django.utils import timezone

    from kinerja.evaluation.models import UnitRating
    from kinerja.organization.models import OPD_KINDS, Unit
    from kinerja.progress.models import EmployeeAchievement
    from kinerja.skp.models import Period

    now = timezone.now()
    period = Period.objects.filter(instance_id=instance_id).order_by("-start_date").first()
    last_month = date(period.end_date.year, period.end_date.month, 1)
    table = EmployeeAchievement._meta.db_table
    with transaction.atomic(), connection.cursor() as cursor:
        # achievement spread over 60–129% by the SKP's id: some below, most meeting, some above expectations
        cursor.execute(
            f"INSERT INTO {table} (instance_id, skp_id, employee_id, unit_id, period_start, achievement, projected, "
            f"indicators, reported, at_risk, created_at, updated_at) "
            f"SELECT instance_id, id, employee_id, unit_id, %s, 60 + (id * 7919) %% 70, NULL, 3, 3, 0, %s, %s "
            f"FROM skp_skp WHERE instance_id = %s AND period_id = %s AND version >= 1",
            [last_month, now, now, instance_id, period.pk])
        achievements = cursor.rowcount
        opds = list(Unit.objects.filter(instance_id=instance_id, kind__in=OPD_KINDS).values_list("id", flat=True))
        UnitRating.objects.bulk_create(
            [UnitRating(instance_id=instance_id, period_id=period.pk, unit_id=u,
                        predikat="istimewa" if i % 5 == 0 else "baik", created_at=now, updated_at=now)
             for i, u in enumerate(opds)], batch_size=2_000)
    return achievements, len(opds)


def _rate(instance_id: int, period_id: int) -> int:
    """The evaluators' decisions, simulated: the suggestion taken (or Sesuai), perilaku mostly Sesuai."""
    from django.db import connection, transaction

    from kinerja.evaluation.models import Evaluation

    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute(
            f"UPDATE {Evaluation._meta.db_table} SET "
            f"result_rating = CASE WHEN suggested_result <> '' THEN suggested_result ELSE 'sesuai' END, "
            f"behaviour_rating = CASE id %% 10 WHEN 0 THEN 'di_atas' WHEN 1 THEN 'di_bawah' ELSE 'sesuai' END "
            f"WHERE instance_id = %s AND period_id = %s", [instance_id, period_id])
        return cursor.rowcount


def child_main(kind: str, args: list[str]) -> dict:
    if kind != "evaluate":
        raise SystemExit(f"unknown step {kind}")
    from kinerja.core.actors import system_actor
    from kinerja.evaluation import batch, results
    from kinerja.organization.models import Instance
    from kinerja.skp.models import Period

    instance = Instance.objects.get(slug=args[0])
    achievements, opds = _prepare(instance.pk)
    period = Period.objects.filter(instance=instance).order_by("-start_date").first()
    t0 = time.perf_counter()
    started = batch.start_annual(instance_id=instance.pk, period_id=period.pk, actor=system_actor("bench"))
    t1 = time.perf_counter()
    rated = _rate(instance.pk, period.pk)
    t2 = time.perf_counter()
    refreshed = batch.refresh_predikat(instance_id=instance.pk, period_id=period.pk)
    t3 = time.perf_counter()
    units = violations = warnings = 0
    for distribution in results.distributions(period):
        units += 1
        check = distribution.check
        if check is not None:
            violations += len(check.violations)
            warnings += len(check.warnings)
    t4 = time.perf_counter()
    return {"achievements": achievements, "opds": opds, "created": started.created, "rated": rated,
            "predikat": refreshed.updated, "units": units, "violations": violations, "warnings": warnings,
            "start_s": t1 - t0, "rate_s": t2 - t1, "predikat_s": t3 - t2, "curve_s": t4 - t3}


# --- in the parent ------------------------------------------------------------------------------

def run(ctx) -> list[dict]:
    """``kinerja bench --only evaluate``: ``ctx`` is a kinerja.bench.runner.BenchContext."""
    employees = ctx.options.get("evaluate_employees", 100_000)
    sizes = sorted({max(employees // 10, 100), employees})
    results: list[dict] = []
    with tempfile.TemporaryDirectory(prefix="kinerja-bench-evaluate-") as tmp:
        for db in ctx.databases:
            for size in sizes:
                slug = f"bench-evaluate-{size}"
                env = ctx.fresh_database(db, PG_NAME, Path(tmp))
                try:
                    ctx.report(f"{db}: migrate, then seed {size:,} employees with SKPs")
                    ctx.migrate(env)
                    seeded = ctx.run_child(["seed", str(size), slug, "skp"], env)
                    ctx.report(f"{db}: the annual evaluation of {size:,} employees")
                    measured = ctx.run_child(["evaluate", slug], env)
                    m = measured.data
                    total = m["start_s"] + m["predikat_s"] + m["curve_s"]
                    results.append({
                        "db": db, "step": f"annual evaluation, {size:,} employees", "seconds": total,
                        "rows_per_s": m["created"] / max(total, 1e-9), "peak_mb": measured.peak_rss_mb,
                        "note": (f"start {m['start_s']:.2f} s ({m['created']:,} evaluations), predikat "
                                 f"{m['predikat_s']:.2f} s ({m['predikat']:,}), curve {m['curve_s']:.2f} s "
                                 f"({m['units']:,} units: {m['violations']} violations, {m['warnings']} warnings); "
                                 f"seed {seeded.data['seconds']:.0f} s; target ≥ 5,000/s on PostgreSQL")})
                except Exception as exc:  # noqa: BLE001 - report and go on with the next size or database
                    results.append({"db": db, "step": f"evaluation bench {size:,}",
                                    "note": f"failed: {str(exc)[-300:]}"})
                finally:
                    ctx.drop(db, PG_NAME)
    return results
