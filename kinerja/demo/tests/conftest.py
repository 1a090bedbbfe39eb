"""The demo tests' shared fixture: Palembang as of the issue's today (building.TODAY), built once per module."""

from __future__ import annotations

import pytest

from kinerja.demo.clock import DemoClock
from kinerja.demo.world import PALEMBANG

from .building import TODAY, demo_built


@pytest.fixture(scope="module")
def built(django_db_setup, django_db_blocker):
    """Palembang as of TODAY, built once for the module (rolled back at its end); the demo clock of that day."""
    with demo_built(django_db_blocker, [PALEMBANG], TODAY):
        yield DemoClock(TODAY)
