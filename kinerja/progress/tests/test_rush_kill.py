"""A server killed in the middle of the month-end rush loses no acknowledged report (issue 9).

``kinerja serve`` (gunicorn, three workers) on a scratch database; 30 simulated employees submit reports
with a ~200 KB JPEG each (kinerja/progress/rush_load.py, a separate process); once 60 answers came, the
master and every worker get SIGKILL at once (no graceful shutdown, no cleanup code); the server is
started again. Then every acknowledged (201) report is in the database with its evidence row and its
file holding the bytes sent; a request whose answer was cut off may have committed, but only whole; no
row is without its file, no report without its evidence, and every refused request left nothing
(kinerja.progress.bench.loss_check). A worker killed between storing a file and committing its row
leaves a file no row names (seen in about every other run): the crash recovery, ``kinerja progress
evidence sweep``, removes those, after which nothing half-written remains.

PostgreSQL (as in production) in the PostgreSQL pass of the suite, on a scratch database next to the test
database; SQLite (WAL, several worker processes on one file) in the SQLite pass.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from kinerja.bench.runner import BenchContext
from kinerja.progress import bench as rush

PG = (os.environ.get("DATABASE_URL") or "").startswith(("postgres://", "postgresql://"))


def _ctx(db: str) -> BenchContext:
    base = os.environ.get("DATABASE_URL", "").rsplit("/", 1)[0]
    return BenchContext([db], f"{base}/postgres", lambda text: None)


@pytest.mark.parametrize("db", [
    pytest.param("postgresql", marks=pytest.mark.skipif(not PG, reason="runs in the PostgreSQL pass")),
    pytest.param("sqlite", marks=pytest.mark.skipif(PG, reason="runs in the SQLite pass")),
])
def test_a_killed_server_loses_no_acknowledged_report(db, tmp_path: Path):
    ctx = _ctx(db)
    name = f"{os.environ.get('KINERJA_TEST_DB_NAME', 'test_kinerja')}_rushkill"  # beside this run's test database
    try:
        outcome = rush.kill_run(ctx, tmp_path, employees=60, submissions=400, concurrency=30, workers=3, threads=2,
                                kill_after=60, db=db, name=name)
    finally:
        ctx.drop(db, name)
    check, statuses, before = outcome["check"], outcome["statuses"], outcome["before_sweep"]
    # Right after the restart, before the recovery sweep: no acknowledged report or file is missing and no
    # row is half-written; the only leftovers allowed are files a killed worker stored before its
    # transaction committed (no row names them; the sweep removes them).
    assert all(p.startswith("orphan file ") for p in before["problems"]), "\n".join(before["problems"])
    assert check["ok"], "\n".join(check["problems"])  # after the sweep: nothing half-written at all
    assert check["accepted"] == before["accepted"] and check["evidence"] == before["evidence"]
    assert len(outcome["killed_pids"]) >= 4, outcome["killed_pids"]  # the master and its three workers
    assert check["accepted"] >= 50, statuses  # the kill came in the middle of the rush …
    assert statuses.get(0, 0) > 0, statuses  # … and cut requests off
