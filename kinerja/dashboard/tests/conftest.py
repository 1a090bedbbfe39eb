"""The achievement cascade of progress/tests/achievement_world.py, rolled up as of TODAY (frozen clock)."""

from __future__ import annotations

from unittest import mock

import pytest

from kinerja.planning.testing import build_plan
from kinerja.progress.achievement import rebuild
from kinerja.progress.tests.achievement_world import TODAY, build


@pytest.fixture
def cascade(world):
    c = build(world, build_plan(world))
    rebuild(instance_id=world.a.pk, today=TODAY)
    return c


@pytest.fixture(autouse=True)
def frozen_today():
    with mock.patch("django.utils.timezone.localdate", return_value=TODAY):
        yield
