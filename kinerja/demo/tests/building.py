"""The demo built once for a test module: ``load_demo`` inside a transaction rolled back when the module ends."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from datetime import date

from django.db import transaction

from kinerja.demo.data import DemoLogin, load_demo

TODAY = date(2026, 12, 6)  # the "today": the first week of December


@contextmanager
def demo_built(django_db_blocker, specs=None, today=None) -> Iterator[list[DemoLogin]]:
    """The demo instances ``specs`` (default: every city) as of ``today``, for the block; its logins."""
    with django_db_blocker.unblock():
        atomic = transaction.atomic()
        atomic.__enter__()
        try:
            yield load_demo(specs, today=today)
        finally:
            transaction.set_rollback(True)
            atomic.__exit__(None, None, None)
