"""The permission harness: every route and every API operation has its cases, and each case holds.

`test_every_route_has_a_case` and `test_every_operation_has_a_case` fail, listing what is missing, when a
URL or an endpoint lands without its cases (kinerja/<app>/tests/permission_cases.py). The Django admin is
covered by one declared generic rule, tested on a sample below. The world is built once for the module.
"""

from __future__ import annotations

import json

import pytest
from django.db import transaction
from django.test import Client, override_settings

from kinerja.audit.models import AuditEvent

from .harness import Case, collect_cases, is_admin, openapi_path, operations, routes

CASES = collect_cases()
OPERATIONS = operations()
API_PATHS = {op.split(" ", 1)[1] for op in OPERATIONS}


def _needs_case(route) -> bool:
    if is_admin(route):
        return False
    # The API's operation routes are covered by their OpenAPI operations (test below).
    return not (route.key.startswith("api:") and openapi_path(route.route) in API_PATHS)


ROUTES = [r for r in routes() if _needs_case(r)]
ADMIN_ROUTES = [r for r in routes() if is_admin(r)]


def test_every_route_has_a_case():
    missing = sorted({r.key for r in ROUTES} - set(CASES))
    assert not missing, f"{len(missing)} routes without permission cases:\n" + "\n".join(missing)


def test_every_operation_has_a_case():
    missing = [op for op in OPERATIONS if op not in CASES]
    assert not missing, f"{len(missing)} API operations without permission cases:\n" + "\n".join(missing)


def test_every_case_names_a_route_or_an_operation():
    known = {r.key for r in ROUTES} | set(OPERATIONS)
    assert not sorted(set(CASES) - known)


def test_every_case_is_complete():
    """A case is public (with a reason) or has an allowed user, a user without the role and a user of
    another instance, and a user of another unit or the reason why the route has no unit scope."""
    incomplete = []
    for key, cases in CASES.items():
        for case in cases:
            if case.public:
                continue
            if not (case.allowed and case.no_role and case.other_instance and case.other_unit):
                incomplete.append(key)
    assert not incomplete


def test_the_harness_covers_everything(capsys):
    cases = sum(len(c) for c in CASES.values())
    checks = sum(len(c.checks()) for cs in CASES.values() for c in cs)
    with capsys.disabled():
        print(f"\npermission harness: {len(ROUTES)} routes and {len(OPERATIONS)} API operations with "
              f"{cases} cases ({checks} checks); {len(ADMIN_ROUTES)} admin routes under the generic admin rule")
    assert {r.key for r in ROUTES} <= set(CASES) and set(OPERATIONS) <= set(CASES)


# --- running the cases ---------------------------------------------------------------------------------

@pytest.fixture(scope="module")
def harness_world(django_db_setup, django_db_blocker, _media_dir):
    from .world import build_harness_world

    with django_db_blocker.unblock():
        outer = transaction.atomic()
        outer.__enter__()
        try:
            with override_settings(PASSWORD_HASHERS=["django.contrib.auth.hashers.MD5PasswordHasher"],
                                   MEDIA_ROOT=_media_dir, LANGUAGE_CODE="en"):
                world = build_harness_world()
            yield world
        finally:
            transaction.set_rollback(True)
            outer.__exit__(None, None, None)


@pytest.fixture
def w(harness_world, db):
    return harness_world


def _params():
    for key in sorted(CASES):
        for n, case in enumerate(CASES[key]):
            for kind, user, status in case.checks():
                yield pytest.param(case, kind, user, status, id=f"{key}#{n}-{kind}-{user}")
            if not case.public:
                yield pytest.param(case, "anonymous", "anonymous", case.anonymous, id=f"{key}#{n}-anonymous")


def request(client: Client, case: Case, w):
    url = case.url(w)
    method = case.method.lower()
    body = case.body(w)
    send = getattr(client, method)
    if case.is_api:
        if case.multipart:
            return send(url, body or {})
        if method in ("get", "delete"):
            return send(url, body) if body else send(url)
        return send(url, json.dumps(body if body is not None else {}, default=str), content_type="application/json")
    if method == "get":
        return send(url, body or {})
    return send(url, body or {})


@pytest.mark.parametrize(("case", "kind", "user", "status"), list(_params()))
def test_case(w, case: Case, kind, user, status):
    client = Client()
    if user != "anonymous":
        client.force_login(getattr(w, user))
    state = case.state or AuditEvent.objects.count
    before = state()
    if case.settings:
        from django.conf import settings

        with override_settings(**case.settings(settings)):
            response = request(client, case, w)
    else:
        response = request(client, case, w)
    if kind == "anonymous" and status is None:
        if case.is_api:
            assert response.status_code == 401, response.content[:300]
        else:
            assert response.status_code == 302 and "/accounts/login/" in response["Location"], response
        return
    assert response.status_code == status, f"got {response.status_code}: {response.content[:200]!r}"
    if kind != "allowed" and case.method.lower() != "get" and status in case.refused:
        assert state() == before, "a refused write changed something"
    if kind in ("other_unit", "other_instance") and case.hidden and status == 200:
        text = case.hidden(w)
        content = b"".join(response.streaming_content) if response.streaming else response.content
        assert text.encode() not in content, f"{text!r} shown out of scope"
