"""Orchestrates the benchmark: fresh databases, a generated SIASN file, measured child processes.

The import and list rows are the bench's own (``run``); every other group of rows is a ``BenchStep`` an
app declares in its faces.py (kinerja/core/registry.py) and runs with a :class:`BenchContext`.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


@dataclass
class Measured:
    data: dict
    seconds: float
    peak_rss_mb: float


def run_child(args: list[str], env: dict) -> Measured:
    """Run ``python -m kinerja.bench.child ARGS``; its own peak RSS comes from wait4()."""
    full_env = {**os.environ, **env, "KINERJA_INSECURE_HTTP": "1", "KINERJA_MANIFEST_STATIC": "0",
                "PYTHONUNBUFFERED": "1"}
    started = time.perf_counter()
    with tempfile.TemporaryFile("w+") as out, tempfile.TemporaryFile("w+") as err:
        proc = subprocess.Popen([sys.executable, "-m", "kinerja.bench.child", *args], cwd=ROOT, env=full_env,
                                stdout=out, stderr=err, text=True)
        _, status, usage = os.wait4(proc.pid, 0)
        proc.returncode = os.waitstatus_to_exitcode(status)
        seconds = time.perf_counter() - started
        out.seek(0)
        err.seek(0)
        stdout, stderr = out.read(), err.read()
    if proc.returncode != 0:
        raise RuntimeError(f"bench step {args[0]} failed:\n{stderr[-3000:]}")
    data = json.loads(stdout.strip().splitlines()[-1])
    return Measured(data, seconds, usage.ru_maxrss / 1024)


def migrate(env: dict) -> None:
    subprocess.run([sys.executable, "manage.py", "migrate", "-v0"], cwd=ROOT, env={**os.environ, **env},
                   check=True)


def fresh_postgres(url: str, name: str) -> dict:
    import psycopg

    base = url.rsplit("/", 1)[0]
    with psycopg.connect(f"{base}/postgres", autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}"')
        conn.execute(f'CREATE DATABASE "{name}"')
    return {"DATABASE_URL": f"{base}/{name}"}


def fresh_sqlite(workdir: Path, name: str) -> dict:
    path = workdir / f"{name}.sqlite3"
    for suffix in ("", "-wal", "-shm"):
        Path(f"{path}{suffix}").unlink(missing_ok=True)
    return {"KINERJA_SQLITE_PATH": str(path), "DATABASE_URL": ""}


@dataclass
class BenchContext:
    """What a declared bench step gets: the command's options, progress reporting, fresh databases and
    measured child processes (``python -m kinerja.bench.child KIND ARGS…``, dispatched to the step)."""

    databases: list[str]
    pg_url: str
    report: Callable[[str], None]
    options: dict = field(default_factory=dict)

    def fresh_database(self, db: str, name: str, workdir: Path) -> dict:
        """An empty database ``name`` (dropped and created again); the environment that selects it."""
        return fresh_postgres(self.pg_url, name) if db == "postgresql" else fresh_sqlite(workdir, name)

    def drop(self, db: str, name: str) -> None:
        """Leave no big database behind (SQLite files go with the step's temporary directory)."""
        if db == "postgresql":
            fresh_postgres(self.pg_url, name)

    @staticmethod
    def migrate(env: dict) -> None:
        migrate(env)

    @staticmethod
    def run_child(args: list[str], env: dict) -> Measured:
        return run_child(args, env)


def run(rows: int, databases: list[str], pg_url: str, rounds: int, small_rows: int, report) -> list[dict]:
    """Measure import and list latency on each database; ``report(text)`` prints progress."""
    from kinerja.demo.seed import write_siasn_csv

    results: list[dict] = []
    with tempfile.TemporaryDirectory(prefix="kinerja-bench-") as tmp:
        workdir = Path(tmp)
        files = {}
        for n in sorted({small_rows, rows}):
            path = workdir / f"siasn-{n}.csv"
            report(f"writing {n:,} SIASN rows to {path.name}")
            write_siasn_csv(path, n, seed=42)
            files[n] = path
        for db in databases:
            for n, path in files.items():
                name = f"kinerja_bench_{n}"
                env = fresh_postgres(pg_url, name) if db == "postgresql" else fresh_sqlite(workdir, name)
                report(f"{db}: migrate, then import {n:,} rows")
                migrate(env)
                first = run_child(["import", str(path), "bench"], env)
                report(f"{db}: re-import {n:,} rows (idempotent)")
                again = run_child(["import", str(path), "bench"], env)
                results.append({"db": db, "step": f"import {n:,} rows", "seconds": first.data["seconds"],
                                "rows_per_s": n / first.data["seconds"], "peak_mb": first.peak_rss_mb,
                                "note": f"created {first.data['created']:,}"})
                results.append({"db": db, "step": f"re-import {n:,} rows", "seconds": again.data["seconds"],
                                "rows_per_s": n / again.data["seconds"], "peak_mb": again.peak_rss_mb,
                                "note": f"updated {again.data['updated']:,}, unchanged {again.data['unchanged']:,}"})
                if n == rows:
                    report(f"{db}: directory and API latency at {n:,} employees ({rounds} requests each)")
                    lists = run_child(["lists", "bench", str(rounds)], env)
                    for label, value in lists.data.items():
                        if isinstance(value, dict):
                            results.append({"db": db, "step": label, "p50_ms": value["p50"], "p95_ms": value["p95"],
                                            "note": f"{lists.data['employees']:,} employees"})
                if db == "postgresql":
                    fresh_postgres(pg_url, name)  # leave no big database behind
    return results
