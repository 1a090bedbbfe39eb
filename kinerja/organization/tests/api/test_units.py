"""/instances/current and /units: everyone in an instance reads the tree; admins change their part."""

from __future__ import annotations

import pytest

from kinerja.api.testing import errors_of
from kinerja.audit.models import AuditEvent
from kinerja.organization.models import Unit

pytestmark = pytest.mark.django_db


def names(response) -> list[str]:
    return [item["name"] for item in response.json()["items"]]


# --- instances ----------------------------------------------------------------------------------

def test_current_instance(world, api):
    assert api(world.u_staff1).get("/instances/current").json()["slug"] == "alpha"
    assert api(world.u_nobody).get("/instances/current").json()["slug"] == "alpha"
    assert api(world.u_admin_b).get("/instances/current").json()["slug"] == "beta"


# --- list ---------------------------------------------------------------------------------------

def test_units_list_is_the_instance_tree_for_every_user(world, api):
    expected = ["Dinas Kesehatan", "Bidang P2P", "Seksi Surveilans", "Bidang Pelayanan Kesehatan",
                "Dinas Pendidikan"]
    for user in (world.u_admin_bkpsdm, world.u_staff1, world.u_nobody):
        response = api(user).get("/units")
        assert response.status_code == 200
        assert names(response) == expected  # tree order
    assert names(api(world.u_admin_b).get("/units")) == ["Dinas Kesehatan B"]


def test_units_list_parent_ids(world, api):
    items = {i["name"]: i for i in api(world.u_staff1).get("/units").json()["items"]}
    assert items["Dinas Kesehatan"]["parent_id"] is None
    assert items["Seksi Surveilans"]["parent_id"] == world.p2p.pk
    assert items["Dinas Kesehatan"]["children_count"] == 2


def test_units_list_filters(world, api):
    client = api(world.u_staff1)
    assert names(client.get("/units", {"parent": world.dinkes.pk})) == ["Bidang P2P", "Bidang Pelayanan Kesehatan"]
    assert names(client.get("/units", {"kind": "dinas"})) == ["Dinas Kesehatan", "Dinas Pendidikan"]
    assert names(client.get("/units", {"q": "bidang"})) == ["Bidang P2P", "Bidang Pelayanan Kesehatan"]
    response = client.get("/units", {"kind": "castle"})
    assert response.status_code == 422 and "kind" in errors_of(response)


def test_units_list_parent_out_of_scope_is_422(world, api):
    response = api(world.u_admin_b).get("/units", {"parent": world.dinkes.pk})
    assert response.status_code == 422
    assert "parent" in errors_of(response)


def test_units_list_is_keyset_paginated(world, api):
    client = api(world.u_staff1)
    seen, cursor = [], None
    while True:
        data = client.get("/units", {"limit": 2, **({"cursor": cursor} if cursor else {})}).json()
        assert len(data["items"]) <= 2
        seen += [i["id"] for i in data["items"]]
        cursor = data["next_cursor"]
        if not cursor:
            break
    assert sorted(seen) == sorted(Unit.objects.filter(instance=world.a).values_list("pk", flat=True))
    assert len(seen) == len(set(seen))


# --- detail and children ------------------------------------------------------------------------

def test_unit_detail_with_ancestors(world, api):
    data = api(world.u_staff1).get(f"/units/{world.surv.pk}").json()
    assert data["name"] == "Seksi Surveilans"
    assert [a["name"] for a in data["ancestors"]] == ["Dinas Kesehatan", "Bidang P2P"]
    assert data["parent_id"] == world.p2p.pk
    assert data["instance"]["id"] == world.a.pk


def test_unit_detail_out_of_scope_is_404(world, api):
    response = api(world.u_admin_b).get(f"/units/{world.dinkes.pk}")
    assert response.status_code == 404
    assert set(response.json()) == {"detail"}
    assert api(world.u_staff1).get(f"/units/{world.dinkes_b.pk}").status_code == 404
    assert api(world.u_staff1).get("/units/999999").status_code == 404


def test_unit_children(world, api):
    response = api(world.u_nobody).get(f"/units/{world.dinkes.pk}/children")
    assert names(response) == ["Bidang P2P", "Bidang Pelayanan Kesehatan"]
    assert {i["parent_id"] for i in response.json()["items"]} == {world.dinkes.pk}
    assert api(world.u_admin_b).get(f"/units/{world.dinkes.pk}/children").status_code == 404


# --- create -------------------------------------------------------------------------------------

def test_create_unit_by_opd_admin(world, api):
    events = AuditEvent.objects.count()
    response = api(world.u_admin_opd).post("/units", {"parent": world.p2p.pk, "name": "Seksi Imunisasi",
                                                       "kind": "seksi", "code": "P2P-2"})
    assert response.status_code == 201, response.json()
    data = response.json()
    assert data["parent_id"] == world.p2p.pk
    assert [a["name"] for a in data["ancestors"]] == ["Dinas Kesehatan", "Bidang P2P"]
    unit = Unit.objects.get(pk=data["id"])
    assert (unit.instance_id, unit.code, unit.kind) == (world.a.pk, "P2P-2", "seksi")
    assert AuditEvent.objects.filter(action="organization.unit.create", object_id=str(unit.pk)).exists()
    assert AuditEvent.objects.count() == events + 1


def test_create_top_level_unit_by_bkpsdm(world, api):
    response = api(world.u_admin_bkpsdm).post("/units", {"parent": None, "name": "Badan Keuangan", "kind": "badan"})
    assert response.status_code == 201
    assert response.json()["depth"] == 1
    assert Unit.objects.get(pk=response.json()["id"]).instance_id == world.a.pk


def test_create_unit_under_other_instance_is_422_on_parent(world, api, unchanged):
    with unchanged():
        response = api(world.u_admin_b).post("/units", {"parent": world.dinkes.pk, "name": "X", "kind": "seksi"})
    assert response.status_code == 422
    assert list(errors_of(response)) == ["parent"]


@pytest.mark.parametrize("payload, field", [
    ({"kind": "seksi"}, "name"),
    ({"name": "   ", "kind": "seksi"}, "name"),
    ({"name": "X", "kind": "castle"}, "kind"),
    ({"name": None, "kind": "seksi"}, "name"),
])
def test_create_unit_bad_input(world, api, unchanged, payload, field):
    with unchanged():
        response = api(world.u_admin_opd).post("/units", {"parent": world.dinkes.pk, **payload})
    assert response.status_code == 422
    body = response.json()
    assert body["detail"] and field in body["errors"]
    assert all(isinstance(m, str) and m for m in body["errors"][field])


def test_create_unit_duplicate_siasn_id(world, api, unchanged):
    client = api(world.u_admin_bkpsdm)
    assert client.post("/units", {"parent": world.dinkes.pk, "name": "A", "siasn_id": "U-1"}).status_code == 201
    with unchanged():
        response = client.post("/units", {"parent": world.disdik.pk, "name": "B", "siasn_id": "U-1"})
    assert response.status_code == 422 and "siasn_id" in errors_of(response)


# --- update -------------------------------------------------------------------------------------

def test_update_unit(world, api):
    response = api(world.u_admin_opd).patch(f"/units/{world.p2p.pk}", {"short_name": "P2P", "address": "Jl. Sehat"})
    assert response.status_code == 200, response.json()
    world.p2p.refresh_from_db()
    assert (world.p2p.name, world.p2p.short_name, world.p2p.address) == ("Bidang P2P", "P2P", "Jl. Sehat")
    assert AuditEvent.objects.filter(action="organization.unit.update", object_id=str(world.p2p.pk)).exists()


def test_update_unit_null_name_is_422(world, api, unchanged):
    with unchanged():
        response = api(world.u_admin_opd).patch(f"/units/{world.p2p.pk}", {"name": None})
    assert response.status_code == 422 and "name" in errors_of(response)


# --- move ---------------------------------------------------------------------------------------

def test_move_unit(world, api):
    response = api(world.u_admin_opd).post(f"/units/{world.surv.pk}/move", {"parent": world.yankes.pk})
    assert response.status_code == 200, response.json()
    assert [a["name"] for a in response.json()["ancestors"]] == ["Dinas Kesehatan", "Bidang Pelayanan Kesehatan"]
    assert list(Unit.objects.get_children(Unit.objects.get(pk=world.yankes.pk))) == [world.surv]


def test_move_unit_under_its_own_descendant_is_422_on_parent(world, api, unchanged):
    with unchanged():
        response = api(world.u_admin_bkpsdm).post(f"/units/{world.dinkes.pk}/move", {"parent": world.surv.pk})
        itself = api(world.u_admin_bkpsdm).post(f"/units/{world.p2p.pk}/move", {"parent": world.p2p.pk})
    assert response.status_code == 422
    assert list(errors_of(response)) == ["parent"]
    assert itself.status_code == 422 and "parent" in errors_of(itself)


def test_move_unit_permissions(world, api, unchanged):
    with unchanged():
        assert api(world.u_staff1).post(f"/units/{world.surv.pk}/move", {"parent": world.yankes.pk}).status_code == 403
        # the OPD admin may not move a unit out of their OPD
        assert api(world.u_admin_opd).post(f"/units/{world.surv.pk}/move",
                                           {"parent": world.disdik.pk}).status_code == 403
        assert api(world.u_admin_b).post(f"/units/{world.surv.pk}/move",
                                         {"parent": world.dinkes_b.pk}).status_code == 404
        missing = api(world.u_admin_opd).post(f"/units/{world.surv.pk}/move", {"parent": 999999})
    assert missing.status_code == 422 and "parent" in errors_of(missing)


def test_move_unit_requires_parent_key(world, api):
    response = api(world.u_admin_bkpsdm).post(f"/units/{world.surv.pk}/move", {})
    assert response.status_code == 422 and "parent" in errors_of(response)
