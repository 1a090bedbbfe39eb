"""Fixtures for the plan tests: the test world plus a plan built through the services.

The world comes from kinerja/conftest.py (built once per module inside a transaction rolled back at
the end); the plan is built once per module on it; each test runs in its own savepoint and gets fresh
copies of the objects.
"""

from __future__ import annotations

import copy
from contextlib import contextmanager

import pytest

from kinerja.planning.testing import plan_state


@pytest.fixture(scope="module")
def _module_plan(_module_world, django_db_blocker):
    """The plan, built once per module on the module's world, inside its rolled-back transaction."""
    from kinerja.planning.testing import build_plan

    with django_db_blocker.unblock():
        return build_plan(_module_world)


@pytest.fixture
def plan(_module_plan, world):
    return copy.deepcopy(_module_plan)


@pytest.fixture
def unchanged(db):
    """``with unchanged(): …`` fails if any planning row or audit event changed inside the block."""

    @contextmanager
    def check():
        before = plan_state()
        yield
        assert plan_state() == before

    return check
