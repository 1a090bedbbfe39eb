"""Helpers for API tests: a JSON client per user (session or bearer token)."""

from __future__ import annotations

import json

import pytest
from django.test import Client
from django.test.client import ClientHandler

BASE = "/api/v1"

# One request handler per CSRF mode for the whole run: building the middleware chain (WhiteNoise
# scans the static directories) costs ~0.1 s per Client; cookies stay per client.
_HANDLERS: dict[bool, ClientHandler] = {}


class ApiClient:
    """A test client speaking JSON to /api/v1; ``token`` sends ``Authorization: Bearer …`` instead."""

    def __init__(self, user=None, token: str | None = None, **client_kwargs):
        self.client = Client(**client_kwargs)
        self.client.handler = _HANDLERS.setdefault(bool(client_kwargs.get("enforce_csrf_checks")),
                                                   self.client.handler)
        if user is not None:
            self.client.force_login(user)
        self.headers = {"Authorization": f"Bearer {token}"} if token else {}

    def _call(self, method: str, path: str, data=None, **kwargs):
        url = path if path.startswith(BASE) else f"{BASE}{path}"
        headers = {**self.headers, **kwargs.pop("headers", {})}
        send = getattr(self.client, method)
        if method in ("get", "delete") and data is None:
            return send(url, headers=headers, **kwargs)
        if method == "get":
            return send(url, data, headers=headers, **kwargs)
        body = json.dumps(data if data is not None else {}, default=str)
        return send(url, body, content_type="application/json", headers=headers, **kwargs)

    def get(self, path, params=None, **kw):
        return self._call("get", path, params, **kw)

    def post(self, path, data=None, **kw):
        return self._call("post", path, data, **kw)

    def patch(self, path, data=None, **kw):
        return self._call("patch", path, data, **kw)

    def put(self, path, data=None, **kw):
        return self._call("put", path, data, **kw)

    def delete(self, path, **kw):
        return self._call("delete", path, **kw)


@pytest.fixture
def api():
    """``api(user)`` → an :class:`ApiClient` logged in as ``user`` (None: anonymous)."""

    def make(user=None, **kwargs):
        return ApiClient(user, **kwargs)

    return make


def errors_of(response) -> dict:
    return response.json().get("errors", {})


def db_state() -> dict:
    """Everything an API write could touch, to prove a refused write left no trace."""
    from kinerja.accounts.models import ApiToken
    from kinerja.audit.models import AuditEvent
    from kinerja.organization.models import Position, Unit
    from kinerja.people.models import Assignment, Employee, GradeHistory

    return {
        "units": list(Unit.objects.order_by("pk").values_list("pk", "path", "name", "kind", "siasn_id")),
        "positions": list(Position.objects.order_by("pk").values_list("pk", "name", "kind", "is_head",
                                                                       "superior_id", "single_holder")),
        "employees": list(Employee.objects.order_by("pk").values_list("pk", "nip", "name", "grade", "position_id",
                                                                       "unit_id", "is_active")),
        "assignments": list(Assignment.objects.order_by("pk").values_list("pk", "position_id", "kind", "end_date")),
        "grades": GradeHistory.objects.count(),
        "tokens": list(ApiToken.objects.order_by("pk").values_list("pk", "revoked")),
        "audit": AuditEvent.objects.count(),
    }


@pytest.fixture
def unchanged(db):
    """``with unchanged(): …`` fails if anything in the database changed inside the block."""
    from contextlib import contextmanager

    @contextmanager
    def check():
        before = db_state()
        yield
        assert db_state() == before

    return check
