"""Fixtures for the plan tests: the test world plus a plan built through the services."""

from __future__ import annotations

from contextlib import contextmanager

import pytest

from kinerja.planning.testing import plan_state


@pytest.fixture
def plan(world):
    from kinerja.planning.testing import build_plan

    return build_plan(world)


@pytest.fixture
def unchanged(db):
    """``with unchanged(): …`` fails if any planning row or audit event changed inside the block."""

    @contextmanager
    def check():
        before = plan_state()
        yield
        assert plan_state() == before

    return check
