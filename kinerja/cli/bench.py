"""``kinerja bench``: measure import speed/memory and list latency; print a table."""

from __future__ import annotations

import click


def register(cli: click.Group) -> None:
    @cli.command()
    @click.option("--rows", default=100_000, show_default=True, help="Employees in the big import file.")
    @click.option("--small-rows", default=20_000, show_default=True,
                  help="A smaller file, to show that import memory stays flat as files grow.")
    @click.option("--db", "databases", multiple=True, type=click.Choice(["sqlite", "postgresql"]),
                  default=("sqlite", "postgresql"), show_default=True)
    @click.option("--pg-url", default="postgres://postgres@127.0.0.1:5432/postgres", show_default=True,
                  help="A PostgreSQL server URL; scratch databases kinerja_bench_* are created on it.")
    @click.option("--rounds", default=40, show_default=True, help="Requests per latency figure.")
    @click.option("--only", default="all", show_default=True,
                  help="import: the import and list rows; or a step an app declares (BENCH_STEPS in its faces.py), "
                       "e.g. skp: the SKP rows (seed with SKPs, cascade map, SKP page, PDF).")
    @click.option("--skp-employees", default=100_000, show_default=True,
                  help="Employees of the instance seeded with SKPs (about 10 IKI each).")
    @click.option("--skp-subtree", default=5_000, show_default=True,
                  help="Employees in the unit subtree whose cascade map is timed.")
    @click.option("--skp-rounds", default=20, show_default=True, help="Samples per SKP figure.")
    @click.option("--quick", is_flag=True,
                  help="A one-minute version of the steps that have one (rush: 500 employees, 1,500 submissions).")
    @click.option("--rush-employees", type=click.IntRange(min=10), default=None,
                  help="rush: employees with an approved SKP and an API token [default: 2,000; --quick 500].")
    @click.option("--rush-submissions", type=click.IntRange(min=1), default=None,
                  help="rush: report submissions, each with a ~200 KB evidence file [default: 6,000; --quick 1,500].")
    @click.option("--rush-concurrency", type=click.IntRange(min=1), default=None,
                  help="rush: employees submitting at the same time [default: 200; --quick 100].")
    @click.option("--rush-rate", type=click.FloatRange(min=0), default=None,
                  help="rush: after the flat-out run, an open loop at a pace that has this many submissions a second "
                       "accepted (the 2 % deliberately bad ones come on top; 0: none) [default: 200].")
    @click.option("--rush-workers", type=click.IntRange(min=1), default=None,
                  help="rush: `kinerja serve --workers` [default: one per core].")
    @click.option("--rush-threads", type=click.IntRange(min=1), default=None,
                  help="rush: `kinerja serve --threads` [default: 8].")
    @click.option("--rollup-employees", default=100_000, show_default=True,
                  help="Employees of the instance whose year of reports is rolled up (--only rollup).")
    @click.option("--rollup-rounds", type=click.IntRange(min=1), default=3, show_default=True,
                  help="Full roll-ups timed (the median is shown; the first runs on empty tables).")
    @click.option("--evaluate-employees", default=100_000, show_default=True,
                  help="Employees of the instance evaluated at once (--only evaluate; also a tenth of it).")
    def bench(rows: int, small_rows: int, databases: tuple[str, ...], pg_url: str, rounds: int, only: str,
              skp_employees: int, skp_subtree: int, skp_rounds: int, quick: bool, rush_employees: int | None,
              rush_submissions: int | None, rush_concurrency: int | None, rush_rate: float | None,
              rush_workers: int | None,
              rush_threads: int | None, rollup_employees: int, rollup_rounds: int, evaluate_employees: int) -> None:
        """Import 100,000 employees and time the directory and API lists (first and deep pages); seed
        100,000 employees with SKPs and time the cascade map, the SKP page and its PDF."""
        import os

        os.environ.setdefault("DJANGO_SETTINGS_MODULE", "kinerja.settings")
        os.environ.setdefault("KINERJA_DEMO", "1")  # throwaway databases: a generated secret key will do
        import django
        from rich.console import Console
        from rich.table import Table

        django.setup()
        from kinerja.bench.runner import BenchContext, run
        from kinerja.core.registry import bench_steps, resolve

        steps = {step.name: step for step in bench_steps()}
        if only not in ("all", "import", *steps):
            raise click.BadParameter(f"{only!r} is none of: all, import, {', '.join(steps)}", param_hint="--only")
        err = Console(stderr=True)
        results = []
        if only in ("all", "import"):
            results += run(rows, list(databases), pg_url, rounds, min(small_rows, rows),
                           lambda text: err.log(text))
        options = {"skp_employees": skp_employees, "skp_rounds": skp_rounds, "skp_subtree": skp_subtree,
                   "rollup_employees": rollup_employees, "rollup_rounds": rollup_rounds,
                   "evaluate_employees": evaluate_employees}
        if quick:
            options["quick"] = True
        rush = {"rush_employees": rush_employees, "rush_submissions": rush_submissions,
                "rush_concurrency": rush_concurrency, "rush_rate": rush_rate, "rush_workers": rush_workers,
                "rush_threads": rush_threads}
        options.update({key: value for key, value in rush.items() if value is not None})
        context = BenchContext(list(databases), pg_url, lambda text: err.log(text), options)
        for name, step in steps.items():
            if only in ("all", name):
                results += resolve(step.run)(context)
        sizes = ([f"import {rows:,}"] * (only in ("all", "import"))
                 + [f"SKP {skp_employees:,}"] * (only in ("all", "skp"))
                 + ["rush"] * (only in ("all", "rush"))
                 + [f"roll-up {rollup_employees:,}"] * (only in ("all", "rollup"))
                 + [f"evaluation {evaluate_employees:,}"] * (only in ("all", "evaluate")))
        table = Table(title=f"Kinerja benchmark ({', '.join(sizes)} employees)")
        for col in ("database", "step", "seconds", "rows/s", "peak RSS MB", "p50 ms", "p95 ms", "p99 ms", "note"):
            table.add_column(col, justify="left" if col in ("database", "step", "note") else "right")

        def fmt(value, pattern):
            return pattern.format(value) if value is not None else ""

        for r in results:
            table.add_row(r["db"], r["step"], fmt(r.get("seconds"), "{:.1f}"), fmt(r.get("rows_per_s"), "{:,.0f}"),
                          fmt(r.get("peak_mb"), "{:.0f}"), fmt(r.get("p50_ms"), "{:.1f}"),
                          fmt(r.get("p95_ms"), "{:.1f}"), fmt(r.get("p99_ms"), "{:.1f}"), r.get("note", ""))
        Console(width=max(140, Console().width)).print(table)
