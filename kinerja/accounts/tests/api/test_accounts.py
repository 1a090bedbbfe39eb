"""/me and the caller's own API tokens."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.utils import timezone

from kinerja.accounts import services as account_services
from kinerja.accounts.models import ApiToken, hash_token
from kinerja.api.testing import errors_of
from kinerja.audit.models import AuditEvent
from kinerja.core.testing import SYSTEM

pytestmark = pytest.mark.django_db


# --- /me ----------------------------------------------------------------------------------------

def test_me_for_an_employee(world, api):
    data = api(world.u_kasi_surv).get("/me").json()
    assert data["user"]["username"] == "kasi_surv"
    assert data["instance"] == {"id": world.a.pk, "name": world.a.name}
    assert data["employee"]["id"] == world.kasi_surv.pk
    assert data["roles"] == []
    assert data["is_pegawai"] and data["is_penilai"] and data["read_only"]
    assert "Evaluating official" in data["role_labels"]


def test_me_for_an_admin(world, api):
    data = api(world.u_admin_opd).get("/me").json()
    assert data["employee"] is None
    assert data["roles"] == ["admin_opd"]
    assert data["read_only"] is False and data["can_view_audit"] is False


def test_me_without_employee_or_role(world, api):
    data = api(world.u_nobody).get("/me").json()
    assert (data["employee"], data["roles"], data["is_pegawai"], data["is_penilai"]) == (None, [], False, False)


def test_me_for_platform_operator(world, api):
    data = api(world.u_root).get("/me").json()
    assert data["instance"] is None and data["user"]["is_superuser"] is True


def test_me_needs_auth(world, api):
    assert api().get("/me").status_code == 401


# --- tokens -------------------------------------------------------------------------------------

def test_create_token_returns_the_raw_token_once(world, api):
    client = api(world.u_staff1)
    response = client.post("/tokens", {"name": "laptop"})
    assert response.status_code == 201, response.json()
    data = response.json()
    raw = data["token"]
    assert raw.startswith("knj_") and data["prefix"] == raw[:10]
    stored = ApiToken.objects.get(pk=data["id"])
    assert stored.user == world.u_staff1 and stored.digest == hash_token(raw)
    assert AuditEvent.objects.filter(action="accounts.token.create", object_id=str(stored.pk)).exists()
    listed = client.get("/tokens").json()
    assert [t["id"] for t in listed] == [stored.pk]
    assert "token" not in listed[0]
    assert api(token=raw).get("/me").json()["user"]["username"] == "staff1"


def test_token_with_expiry(world, api):
    expires = (timezone.now() + timedelta(days=30)).isoformat()
    response = api(world.u_staff1).post("/tokens", {"name": "ci", "expires_at": expires})
    assert response.status_code == 201
    assert response.json()["expires_at"]


def test_token_expiry_in_the_past_is_422(world, api, unchanged):
    with unchanged():
        response = api(world.u_staff1).post("/tokens", {"name": "old", "expires_at": "2020-01-01T00:00:00"})
    assert response.status_code == 422 and list(errors_of(response)) == ["expires_at"]


def test_token_name_required(world, api, unchanged):
    with unchanged():
        response = api(world.u_staff1).post("/tokens", {})
    assert response.status_code == 422 and "name" in errors_of(response)


def test_platform_operator_without_instance_gets_no_token(world, api, unchanged):
    with unchanged():
        response = api(world.u_root).post("/tokens", {"name": "root"})
    assert response.status_code == 422 and "user" in errors_of(response)


def test_token_list_shows_only_own_tokens(world, api):
    account_services.create_token(actor=SYSTEM, user=world.u_staff2, name="other")
    mine, _ = account_services.create_token(actor=SYSTEM, user=world.u_staff1, name="mine")
    assert [t["name"] for t in api(world.u_staff1).get("/tokens").json()] == ["mine"]
    assert api(world.u_nobody).get("/tokens").json() == []
    assert api().get("/tokens").status_code == 401


def test_revoke_own_token(world, api):
    token, raw = account_services.create_token(actor=SYSTEM, user=world.u_staff1, name="phone")
    response = api(world.u_staff1).delete(f"/tokens/{token.pk}")
    assert response.status_code == 204
    token.refresh_from_db()
    assert token.revoked
    assert api(token=raw).get("/me").status_code == 401
    assert api(world.u_staff1).get("/tokens").json()[0]["revoked"] is True


def test_token_can_revoke_itself(world, api):
    token, raw = account_services.create_token(actor=SYSTEM, user=world.u_staff1, name="script")
    assert api(token=raw).delete(f"/tokens/{token.pk}").status_code == 204
    assert api(token=raw).get("/tokens").status_code == 401


def test_revoke_someone_elses_token_is_404(world, api, unchanged):
    token, _ = account_services.create_token(actor=SYSTEM, user=world.u_staff2, name="other")
    with unchanged():
        assert api(world.u_staff1).delete(f"/tokens/{token.pk}").status_code == 404
        # not even a BKPSDM admin revokes someone's token through this endpoint (it is "my tokens")
        assert api(world.u_admin_bkpsdm).delete(f"/tokens/{token.pk}").status_code == 404
        assert api(world.u_admin_b).delete(f"/tokens/{token.pk}").status_code == 404
