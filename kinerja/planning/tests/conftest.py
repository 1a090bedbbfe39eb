"""Fixtures for the plan tests: the test world plus a plan built through the services.

Both are built once per module inside a transaction that is rolled back at the end (as in
kinerja/api/tests); each test still runs in its own savepoint and gets a fresh copy of the objects.
"""

from __future__ import annotations

import copy
from contextlib import contextmanager

import pytest
from django.db import transaction
from django.test import override_settings

from kinerja.planning.testing import plan_state


@pytest.fixture(scope="module")
def _module_world_and_plan(django_db_setup, django_db_blocker):
    from kinerja.core.testing import build_world
    from kinerja.planning.testing import build_plan

    with django_db_blocker.unblock():
        outer = transaction.atomic()
        outer.__enter__()
        try:
            with override_settings(PASSWORD_HASHERS=["django.contrib.auth.hashers.MD5PasswordHasher"]):
                world = build_world()
            yield world, build_plan(world)
        finally:
            transaction.set_rollback(True)
            outer.__exit__(None, None, None)


@pytest.fixture
def world(_module_world_and_plan, db):
    return copy.deepcopy(_module_world_and_plan[0])


@pytest.fixture
def plan(_module_world_and_plan, world):
    return copy.deepcopy(_module_world_and_plan[1])


@pytest.fixture
def unchanged(db):
    """``with unchanged(): …`` fails if any planning row or audit event changed inside the block."""

    @contextmanager
    def check():
        before = plan_state()
        yield
        assert plan_state() == before

    return check
