"""What progress shows of itself (kinerja/core/registry.py): filled in by the Do work (issue 9)."""
