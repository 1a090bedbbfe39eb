"""What progress shows of itself (kinerja/core/registry.py): filled in by the Do work (issue 9)."""

from kinerja.core.registry import BenchStep

# The month-end rush (issue 9): `kinerja bench --only rush` runs `kinerja serve` on PostgreSQL and a bounded
# load of report submissions with evidence from a separate process; throughput, latency, errors, loss check.
BENCH_STEPS = [
    BenchStep("rush", "the month-end rush (report submissions with evidence against `kinerja serve`, loss check)",
              "kinerja.progress.bench.run", kinds=("rush-seed", "rush-check"),
              child="kinerja.progress.bench.child_main", order=200),
]
