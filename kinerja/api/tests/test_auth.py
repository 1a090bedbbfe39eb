"""Session and bearer-token authentication, CSRF, and the 401 shape."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.test import Client
from django.utils import timezone

from kinerja.accounts import services as account_services
from kinerja.accounts.models import ApiToken
from kinerja.core.testing import SYSTEM

pytestmark = pytest.mark.django_db


def make_token(user, **kwargs) -> tuple[ApiToken, str]:
    return account_services.create_token(actor=SYSTEM, user=user, name="test", **kwargs)


def test_no_auth_is_401_json(world, api):
    response = api().get("/employees")
    assert response.status_code == 401
    assert response["Content-Type"].startswith("application/json")
    assert response.json()["detail"]
    assert response["WWW-Authenticate"].startswith("Bearer")


def test_session_auth(world, api):
    response = api(world.u_staff1).get("/me")
    assert response.status_code == 200
    assert response.json()["user"]["username"] == "staff1"


def test_bearer_token_reads_and_writes_without_csrf(world, api):
    _, raw = make_token(world.u_admin_opd)
    client = api(token=raw, enforce_csrf_checks=True)
    assert client.get("/me").json()["user"]["username"] == "admin_opd"
    response = client.post("/units", {"parent": world.dinkes.pk, "name": "Seksi Baru", "kind": "seksi"})
    assert response.status_code == 201, response.json()


def test_token_scope_is_the_users_scope(world, api):
    _, raw = make_token(world.u_admin_b)
    client = api(token=raw)
    assert client.get(f"/units/{world.dinkes.pk}").status_code == 404
    assert client.get(f"/units/{world.dinkes_b.pk}").status_code == 200


def test_revoked_token_is_401(world, api):
    token, raw = make_token(world.u_staff1)
    account_services.revoke_token(actor=world.u_staff1, token=token)
    response = api(token=raw).get("/me")
    assert response.status_code == 401
    assert "detail" in response.json()


def test_expired_token_is_401(world, api):
    token, raw = make_token(world.u_staff1, expires_at=timezone.now() + timedelta(hours=1))
    assert api(token=raw).get("/me").status_code == 200
    ApiToken.objects.filter(pk=token.pk).update(expires_at=timezone.now() - timedelta(seconds=1))
    assert api(token=raw).get("/me").status_code == 401


def test_inactive_user_token_is_401(world, api):
    _, raw = make_token(world.u_staff1)
    type(world.u_staff1).objects.filter(pk=world.u_staff1.pk).update(is_active=False)
    assert api(token=raw).get("/me").status_code == 401


@pytest.mark.parametrize("header", ["Bearer nonsense", "Bearer knj_doesnotexist", "Bearer "])
def test_bad_token_is_401_even_with_a_session(world, api, header):
    client = api(world.u_admin_bkpsdm, headers={})
    response = client.get("/me", headers={"Authorization": header})
    assert response.status_code == 401


def test_last_used_at_is_written_at_most_once_a_minute(world, api):
    token, raw = make_token(world.u_staff1)
    assert token.last_used_at is None
    client = api(token=raw)
    client.get("/me")
    token.refresh_from_db()
    first = token.last_used_at
    assert first is not None
    client.get("/me")
    token.refresh_from_db()
    assert token.last_used_at == first
    ApiToken.objects.filter(pk=token.pk).update(last_used_at=first - timedelta(minutes=2))
    client.get("/me")
    token.refresh_from_db()
    assert token.last_used_at > first - timedelta(minutes=2)


def test_session_write_needs_csrf(world, api, unchanged):
    client = api(world.u_admin_opd, enforce_csrf_checks=True)
    payload = {"parent": world.dinkes.pk, "name": "Seksi CSRF", "kind": "seksi"}
    with unchanged():
        response = client.post("/units", payload)
    assert response.status_code == 403
    assert "CSRF" in response.json()["detail"]
    # With the token from the cookie (as the site's htmx/JS does) the write goes through.
    client.client.get("/api/v1/docs")  # any page rendering {% csrf_token %} sets the cookie
    csrf = client.client.cookies["csrftoken"].value
    response = client.post("/units", payload, headers={"X-CSRFToken": csrf})
    assert response.status_code == 201, response.json()


def test_session_reads_need_no_csrf(world, api):
    client = api(world.u_staff1, enforce_csrf_checks=True)
    assert client.get("/employees").status_code == 200


def test_logged_out_session_is_401(world):
    client = Client()
    client.force_login(world.u_staff1)
    client.logout()
    assert client.get("/api/v1/me").status_code == 401


def test_a_token_records_when_it_was_last_used_at_most_once_a_minute(world, api):
    token, raw = make_token(world.u_staff1)
    assert token.last_used_at is None
    client = api(token=raw)
    before = timezone.now()
    assert client.get("/me").status_code == 200
    token.refresh_from_db()
    first = token.last_used_at
    assert first is not None and before <= first <= timezone.now()
    assert token.updated_at < first  # bookkeeping: the row's own change time stays
    assert client.get("/me").status_code == 200
    token.refresh_from_db()
    assert token.last_used_at == first  # within the minute: not written again
    ApiToken.objects.filter(pk=token.pk).update(last_used_at=first - timedelta(minutes=2))
    assert client.get("/me").status_code == 200
    token.refresh_from_db()
    assert token.last_used_at > first
