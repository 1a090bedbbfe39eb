"""What progress shows of itself (kinerja/core/registry.py): filled in by the Do work (issue 9)."""

from kinerja.core.registry import BenchStep

# The month-end rush (issue 9): `kinerja bench --only rush` runs `kinerja serve` on PostgreSQL and a bounded
# load of report submissions with evidence from a separate process; throughput, latency, errors, loss check.
# The code lives in the bench package (kinerja/bench/rush.py): it writes its own throw-away database.
BENCH_STEPS = [
    BenchStep("rush", "the month-end rush (report submissions with evidence against `kinerja serve`, loss check)",
              "kinerja.bench.rush.run", kinds=("rush-seed", "rush-check"), child="kinerja.bench.rush.child_main",
              order=200),
]
