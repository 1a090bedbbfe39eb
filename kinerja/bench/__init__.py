"""Benchmarks: ``kinerja bench`` prints a table of measured figures (never timed tests)."""
