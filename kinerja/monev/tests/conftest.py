"""Fixtures of the tim monev tests: the test world with the monev part (tests/world.py)."""

from __future__ import annotations

import pytest

from .world import build_monev


@pytest.fixture
def mw(world):
    return build_monev(world)
