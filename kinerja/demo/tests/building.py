"""The demo built once for a test module: ``load_demo`` inside core.testing.rolled_back, undone at its end."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from datetime import date

from kinerja.core.testing import rolled_back
from kinerja.demo.data import DemoLogin, load_demo

TODAY = date(2026, 12, 6)  # the "today": the first week of December


@contextmanager
def demo_built(django_db_blocker, specs=None, today=None) -> Iterator[list[DemoLogin]]:
    """The demo instances ``specs`` (default: every city) as of ``today``, for the block; its logins."""
    with rolled_back(django_db_blocker):
        yield load_demo(specs, today=today)
