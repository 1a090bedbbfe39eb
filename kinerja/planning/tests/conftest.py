"""Fixtures for the plan tests: the test world plus a plan built through the services."""

from __future__ import annotations

from contextlib import contextmanager

import pytest


@pytest.fixture
def plan(world):
    from kinerja.planning.testing import build_plan

    return build_plan(world)


def plan_state() -> dict:
    """Every planning row and the audit log, to prove a refused write left nothing behind."""
    from django.apps import apps

    from kinerja.audit.models import AuditEvent

    state = {model.__name__: list(model.objects.order_by("pk").values_list())
             for model in apps.get_app_config("planning").get_models()}
    state["audit"] = AuditEvent.objects.count()
    return state


@pytest.fixture
def unchanged(db):
    """``with unchanged(): …`` fails if any planning row or audit event changed inside the block."""

    @contextmanager
    def check():
        before = plan_state()
        yield
        assert plan_state() == before

    return check
