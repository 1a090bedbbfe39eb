"""What notifications show of themselves (kinerja/core/registry.py): filled in by the Do work (issue 9)."""
