"""The permission harness: every route and every API operation has its cases, and each case holds.

`test_every_route_has_a_case` and `test_every_operation_has_a_case` fail, listing what is missing, when a
URL or an endpoint lands without its cases (kinerja/<app>/tests/permission_cases.py). The Django admin is
covered by one declared generic rule, tested on a sample below. The world is built once for the module.
"""

from __future__ import annotations

import json

import pytest
from django.test import Client, override_settings
from django.urls import reverse

from kinerja.audit.models import AuditEvent
from kinerja.core.testing import rolled_back

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

    with rolled_back(django_db_blocker), override_settings(MEDIA_ROOT=_media_dir, LANGUAGE_CODE="en"):
        yield build_harness_world()


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


def request(client: Client, case: Case, url: str, body):
    method = case.method.lower()
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


_HANDLER = []


def new_client() -> Client:
    """A test client sharing one request handler: building the middleware chain costs ~0.1 s per Client."""
    client = Client()
    if _HANDLER:
        client.handler = _HANDLER[0]
    else:
        _HANDLER.append(client.handler)
    return client


@pytest.mark.parametrize(("case", "kind", "user", "status"), list(_params()))
def test_case(w, case: Case, kind, user, status):
    client = new_client()
    if user != "anonymous":
        client.force_login(getattr(w, user))
    url, body = case.url(w), case.body(w)  # before the state: building them may write (a signed PK to reopen)
    state = case.state or AuditEvent.objects.count
    before = state()
    if case.settings:
        from django.conf import settings

        with override_settings(**case.settings(settings)):
            response = request(client, case, url, body)
    else:
        response = request(client, case, url, body)
    if kind == "anonymous" and status is None:
        if case.is_api:
            assert response.status_code == 401, response.content[:300]
        else:
            assert response.status_code == 302 and "/accounts/login/" in response["Location"], response
        return
    assert response.status_code == status, f"got {response.status_code}: {response.content[:200]!r}"
    if case.is_api and status in (401, 403, 404):
        assert response.json()["detail"], "an API refusal says why in {detail}"
    if kind != "allowed" and case.method.lower() != "get" and status in case.refused:
        assert state() == before, "a refused write changed something"
    if kind in ("other_unit", "other_instance") and case.hidden and status == 200:
        text = case.hidden(w)
        content = b"".join(response.streaming_content) if response.streaming else response.content
        assert text.encode() not in content, f"{text!r} shown out of scope"


# --- the Django admin: one generic rule -------------------------------------------------------------------
# Every admin route is for platform staff only: anyone else — anonymous, an employee, the instance's own
# BKPSDM or OPD admin, another instance's admin — is redirected to the admin log-in page and sees nothing.
# No instance user is staff (the back office is the platform operators'), so no admin page is scoped by
# instance. Tested on every admin route that names a model view (with an object of the harness world where
# the route takes one), the index and each app's index.

ADMIN_NAMES = {r.key for r in ADMIN_ROUTES}
NOT_STAFF = ("u_staff1", "u_admin_bkpsdm", "u_admin_opd", "u_admin_b")


def _admin_sample(w):
    from django.contrib import admin

    urls = [reverse("admin:index")]
    for model in admin.site._registry:
        meta = model._meta
        prefix = f"admin:{meta.app_label}_{meta.model_name}"
        urls += [reverse(f"{prefix}_changelist"), reverse(f"{prefix}_add")]
        obj = model._default_manager.order_by("pk").first()
        pk = obj.pk if obj is not None else 0  # no such row: the operator is sent back to the list
        urls += [reverse(f"{prefix}_{view}", args=[pk]) for view in ("change", "history", "delete")
                 if f"{prefix}_{view}" in ADMIN_NAMES]
        urls.append(reverse("admin:app_list", args=[meta.app_label]))
    return list(dict.fromkeys(urls))


# Admin plumbing outside the sample, each checked for non-staff by name below where it has a page.
ADMIN_PLUMBING = {
    "admin:login": "the admin log-in page itself (public)",
    "admin:logout": "logging out needs no permission",
    "admin:password_change": "staff only (checked below)",
    "admin:password_change_done": "staff only (checked below)",
    "admin:jsi18n": "staff only (checked below)",
    "admin:autocomplete": "staff only (checked below)",
    "admin:view_on_site": "a redirect to the object's public page, which has its own case",
    "admin:javascript-catalog": "the unit tree admin's translations, staff only",
    "admin:auth_user_password_change": "staff only (checked below with the user)",
}
# Unnamed admin routes: <object_id>/ redirects to the change page, the catch-all, and the unit tree admin's
# move (POST) and lazy children (both checked below for non-staff).
MODEL_VIEWS = ("changelist", "add", "change", "history", "delete")


def _admin_unsampled(sample_names):
    left = []
    for r in ADMIN_ROUTES:
        if r.key in sample_names or r.key in ADMIN_PLUMBING:
            continue
        if not r.key.startswith("admin:"):  # unnamed: <object_id>/ redirects to the change page, the catch-all
            continue
        left.append(r.key)
    return left


def test_admin_rule_covers_every_admin_route(w):
    from django.urls import resolve

    names = {resolve(url).view_name for url in _admin_sample(w)}
    assert not _admin_unsampled(names)


def test_admin_is_for_platform_staff_only(w):
    sample = _admin_sample(w)
    assert len(sample) > 50
    for user in (None, *NOT_STAFF):
        client = new_client()
        if user:
            client.force_login(getattr(w, user))
        for url in sample:
            response = client.get(url)
            assert response.status_code == 302 and response["Location"].startswith("/admin/login/"), (user, url)
        assert client.post(sample[-1], {}).status_code == 302
        assert client.post("/admin/organization/unit/move/", {}).status_code == 302
        for url in (reverse("admin:password_change"), reverse("admin:jsi18n"), reverse("admin:autocomplete"),
                    reverse("admin:auth_user_password_change", args=[w.u_staff1.pk]),
                    f"/admin/organization/unit/children/{w.dinkes.pk}/", "/admin/no-such-page/",
                    reverse("admin:people_employee_changelist") + f"{w.staff1.pk}/"):
            response = client.get(url)
            assert response.status_code == 302 and response["Location"].startswith("/admin/login/"), (user, url)
    root = new_client()
    root.force_login(w.u_root)
    for url in sample:
        # 403: a model the app edits through its services; 302: no row with that id (back to the list)
        assert root.get(url).status_code in (200, 302, 403), url
