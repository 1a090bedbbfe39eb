"""/positions: read across the instance, written by the admins of the unit."""

from __future__ import annotations

import pytest

from kinerja.api.testing import errors_of
from kinerja.audit.models import AuditEvent
from kinerja.organization.models import Position

pytestmark = pytest.mark.django_db


def names(response) -> list[str]:
    assert response.status_code == 200, response.json()
    return [item["name"] for item in response.json()["items"]]


def test_list_positions(world, api):
    all_a = set(Position.objects.filter(instance=world.a).values_list("name", flat=True))
    for user in (world.u_admin_bkpsdm, world.u_staff1, world.u_nobody):
        assert set(names(api(user).get("/positions"))) == all_a
    assert set(names(api(world.u_admin_b).get("/positions"))) == {"Kepala Dinas Kesehatan B", "Pengadministrasi Umum"}
    assert api().get("/positions").status_code == 401


def test_list_positions_filters(world, api):
    client = api(world.u_staff1)
    assert names(client.get("/positions", {"unit": world.surv.pk})) == ["Kepala Seksi Surveilans", "Pengelola Data"]
    assert names(client.get("/positions", {"kind": "JPT"})) == ["Kepala Dinas Kesehatan", "Kepala Dinas Pendidikan"]
    assert names(client.get("/positions", {"q": "perawat"})) == ["Perawat Ahli Pertama"]
    response = api(world.u_admin_b).get("/positions", {"unit": world.surv.pk})
    assert response.status_code == 422 and "unit" in errors_of(response)


def test_position_detail(world, api):
    data = api(world.u_admin_bkpsdm).get(f"/positions/{world.pos_data.pk}").json()
    assert data["superior"]["id"] == world.pos_kasi_surv.pk
    assert data["unit"]["id"] == world.surv.pk
    assert {h["id"] for h in data["holders"]} == {world.staff1.pk, world.staff2.pk}


def test_position_detail_shows_only_visible_holders(world, api):
    data = api(world.u_staff1).get(f"/positions/{world.pos_data.pk}").json()
    assert [h["id"] for h in data["holders"]] == [world.staff1.pk]


def test_position_detail_out_of_scope_is_404(world, api):
    assert api(world.u_admin_b).get(f"/positions/{world.pos_kadinkes.pk}").status_code == 404
    assert api(world.u_staff1).get(f"/positions/{world.pos_staff_b.pk}").status_code == 404


def test_create_position(world, api):
    response = api(world.u_admin_opd).post("/positions", {"unit": world.surv.pk, "name": "Epidemiolog Ahli Muda",
                                                          "kind": "FUNGSIONAL"})
    assert response.status_code == 201, response.json()
    data = response.json()
    assert data["superior"]["id"] == world.pos_kasi_surv.pk  # the head of the unit, by default
    assert data["single_holder"] is False
    assert AuditEvent.objects.filter(action="organization.position.create", object_id=str(data["id"])).exists()


def test_create_position_explicit_superior(world, api):
    response = api(world.u_admin_bkpsdm).post("/positions", {
        "unit": world.surv.pk, "name": "Staf Khusus", "kind": "PELAKSANA", "superior": world.pos_kabid_p2p.pk,
        "single_holder": True,
    })
    assert response.status_code == 201
    assert response.json()["superior"]["id"] == world.pos_kabid_p2p.pk
    assert response.json()["single_holder"] is True


def test_create_position_permissions(world, api, unchanged):
    payload = {"unit": world.surv.pk, "name": "X", "kind": "PELAKSANA"}
    with unchanged():
        assert api(world.u_staff1).post("/positions", payload).status_code == 403
        assert api(world.u_monev).post("/positions", payload).status_code == 403
        assert api(world.u_admin_opd).post("/positions", {**payload, "unit": world.disdik.pk}).status_code == 403
        other = api(world.u_admin_b).post("/positions", payload)
    assert other.status_code == 422 and list(errors_of(other)) == ["unit"]


def test_create_position_superior_from_another_instance_is_422(world, api, unchanged):
    with unchanged():
        response = api(world.u_admin_bkpsdm).post("/positions", {
            "unit": world.surv.pk, "name": "X", "kind": "PELAKSANA", "superior": world.pos_kadinkes_b.pk})
    assert response.status_code == 422
    assert list(errors_of(response)) == ["superior"]


def test_platform_operator_gets_the_service_check_for_foreign_superior(world, api, unchanged):
    with unchanged():
        response = api(world.u_root).post("/positions", {
            "unit": world.surv.pk, "name": "X", "kind": "PELAKSANA", "superior": world.pos_kadinkes_b.pk})
    assert response.status_code == 422
    assert list(errors_of(response)) == ["superior"]


@pytest.mark.parametrize("payload, field", [
    ({"unit": 999999, "name": "X", "kind": "PELAKSANA"}, "unit"),
    ({"name": "X", "kind": "PELAKSANA"}, "unit"),
    ({"name": "X", "kind": "BOSS"}, "kind"),
    ({"name": "Pengelola Data", "kind": "PELAKSANA"}, "name"),
    ({"name": "Ketua", "kind": "PELAKSANA", "is_head": True}, "is_head"),
    ({"name": "Kepala Dua", "kind": "PENGAWAS", "is_head": True}, "is_head"),
    ({"name": "X", "kind": "PELAKSANA", "superior": 999999}, "superior"),
])
def test_create_position_bad_input(world, api, unchanged, payload, field):
    payload = {"unit": world.surv.pk, **payload} if "unit" not in payload and field != "unit" else payload
    with unchanged():
        response = api(world.u_admin_opd).post("/positions", payload)
    assert response.status_code == 422, response.json()
    assert field in errors_of(response)


def test_update_position(world, api):
    response = api(world.u_admin_opd).patch(f"/positions/{world.pos_perawat.pk}", {"echelon": "-", "name": "Perawat"})
    assert response.status_code == 200, response.json()
    world.pos_perawat.refresh_from_db()
    assert (world.pos_perawat.name, world.pos_perawat.echelon) == ("Perawat", "-")
    assert world.pos_perawat.superior_id == world.pos_kabid_yankes.pk  # untouched when not sent


def test_update_position_clear_superior(world, api):
    response = api(world.u_admin_opd).patch(f"/positions/{world.pos_perawat.pk}", {"superior": None})
    assert response.status_code == 200
    assert response.json()["superior"] is None


def test_update_position_cycle_is_422_on_superior(world, api, unchanged):
    with unchanged():
        response = api(world.u_admin_opd).patch(f"/positions/{world.pos_kadinkes.pk}",
                                                {"superior": world.pos_kasi_surv.pk})
    assert response.status_code == 422 and list(errors_of(response)) == ["superior"]


def test_update_position_single_holder_with_two_holders(world, api, unchanged):
    with unchanged():
        response = api(world.u_admin_opd).patch(f"/positions/{world.pos_data.pk}", {"single_holder": True})
    assert response.status_code == 422 and "single_holder" in errors_of(response)

