"""GET /employees, /employees/{id}, /employees/by-nip/{nip}: scope, filters, pages, query counts."""

from __future__ import annotations

from datetime import date

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from kinerja.api.testing import errors_of
from kinerja.core.testing import SYSTEM, make_nip
from kinerja.people import permissions as people_permissions
from kinerja.people import services as people_services
from kinerja.people.models import Employee

pytestmark = pytest.mark.django_db


def ids(response) -> set[int]:
    assert response.status_code == 200, response.json()
    return {item["id"] for item in response.json()["items"]}


def walk(client, params: dict) -> list[int]:
    """Every id of a list, following ``next_cursor`` to the end."""
    seen, cursor = [], None
    for _ in range(100):
        data = client.get("/employees", {**params, **({"cursor": cursor} if cursor else {})}).json()
        seen += [item["id"] for item in data["items"]]
        cursor = data["next_cursor"]
        if not cursor:
            return seen
    raise AssertionError("pagination does not end")


# --- who sees whom ------------------------------------------------------------------------------

def test_list_scope(world, api):
    w = world
    instance_a = set(Employee.objects.filter(instance=w.a).values_list("pk", flat=True))
    assert ids(api(w.u_admin_bkpsdm).get("/employees", {"limit": 100})) == instance_a
    assert ids(api(w.u_monev).get("/employees", {"limit": 100})) == instance_a
    dinkes = {w.kadinkes.pk, w.kabid_p2p.pk, w.kasi_surv.pk, w.staff1.pk, w.staff2.pk, w.kabid_yankes.pk,
              w.staff_yankes.pk}
    assert ids(api(w.u_admin_opd).get("/employees", {"limit": 100})) == dinkes
    assert ids(api(w.u_kasi_surv).get("/employees")) == {w.kasi_surv.pk, w.staff1.pk, w.staff2.pk}
    assert ids(api(w.u_kabid_yankes).get("/employees")) == {w.kabid_yankes.pk, w.staff_yankes.pk}
    assert ids(api(w.u_staff1).get("/employees")) == {w.staff1.pk}
    assert ids(api(w.u_admin_b).get("/employees")) == {w.kadinkes_b.pk, w.staff_b.pk}


def test_user_without_employee_or_role_sees_an_empty_list(world, api):
    response = api(world.u_nobody).get("/employees")
    assert response.status_code == 200
    assert response.json() == {"items": [], "next_cursor": None, "prev_cursor": None}


def test_list_item_shape(world, api):
    item = api(world.u_staff1).get("/employees").json()["items"][0]
    assert item["nip"] == world.staff1.nip
    assert item["nip_display"] == world.staff1.nip_display
    assert item["unit"] == {"id": world.surv.pk, "name": "Seksi Surveilans", "kind": "seksi"}
    assert item["position"]["id"] == world.pos_data.pk


# --- filters --------------------------------------------------------------------------------------

def test_filters(world, api):
    w = world
    client = api(w.u_admin_bkpsdm)
    assert ids(client.get("/employees", {"q": "andi"})) == {w.staff1.pk}
    assert ids(client.get("/employees", {"q": "pratama andi"})) == {w.staff1.pk}
    assert ids(client.get("/employees", {"q": w.staff1.nip_display})) == {w.staff1.pk}
    assert ids(client.get("/employees", {"q": w.staff1.nip[:15]})) == set(
        Employee.objects.filter(instance=w.a, nip__startswith=w.staff1.nip[:15]).values_list("pk", flat=True))
    assert ids(client.get("/employees", {"unit": w.p2p.pk})) == {w.kabid_p2p.pk, w.kasi_surv.pk, w.staff1.pk,
                                                                 w.staff2.pk}
    assert ids(client.get("/employees", {"grade": "IV/c"})) == {w.kadinkes.pk, w.kadisdik.pk}
    assert ids(client.get("/employees", {"position_kind": "JPT"})) == {w.kadinkes.pk, w.kadisdik.pk}
    assert ids(client.get("/employees", {"kind": "PPPK"})) == set()
    assert ids(client.get("/employees", {"active": "false"})) == set()
    people_services.set_active(actor=SYSTEM, employee=w.staff2, active=False)
    assert ids(client.get("/employees", {"active": "false"})) == {w.staff2.pk}
    assert w.staff2.pk not in ids(client.get("/employees", {"active": "true", "limit": 100}))


def test_filters_stay_inside_the_scope(world, api):
    # kabid_yankes filtering on P2P sees nobody there: the filter narrows, never widens.
    assert ids(api(world.u_kabid_yankes).get("/employees", {"unit": world.p2p.pk})) == set()


def test_filter_unit_of_another_instance_is_422(world, api):
    response = api(world.u_admin_b).get("/employees", {"unit": world.dinkes.pk})
    assert response.status_code == 422 and list(errors_of(response)) == ["unit"]


def test_filter_bad_values_are_422(world, api):
    response = api(world.u_admin_bkpsdm).get("/employees", {"position_kind": "BOSS", "active": "maybe"})
    assert response.status_code == 422
    assert {"position_kind", "active"} <= set(errors_of(response))


# --- keyset pagination ----------------------------------------------------------------------------

@pytest.fixture
def crowd(world):
    """25 more employees in Seksi Surveilans (a multi-holder position), some with equal names."""
    for n in range(25):
        people_services.create_employee(actor=SYSTEM, instance=world.a, nip=make_nip("19900215", "201503", 1, 100 + n),
                                        name=f"Pegawai {n % 7:02d}", position=world.pos_data,
                                        tmt_position=date(2021, 1, 4))
    return world


def test_pagination_walk_returns_every_visible_employee_once(crowd, api):
    w = crowd
    for user in (w.u_admin_bkpsdm, w.u_admin_opd, w.u_kasi_surv):
        expected = set(people_permissions.restrict_employees(Employee.objects.all(), user).values_list("pk", flat=True))
        seen = walk(api(user), {"limit": 4})
        assert len(seen) == len(set(seen)) == len(expected)
        assert set(seen) == expected


def test_pagination_order_and_prev_cursor(crowd, api):
    client = api(crowd.u_admin_bkpsdm)
    first = client.get("/employees", {"limit": 5}).json()
    assert first["prev_cursor"] is None and first["next_cursor"]
    second = client.get("/employees", {"limit": 5, "cursor": first["next_cursor"]}).json()
    back = client.get("/employees", {"limit": 5, "cursor": second["prev_cursor"]}).json()
    assert [i["id"] for i in back["items"]] == [i["id"] for i in first["items"]]
    everything = walk(client, {"limit": 7})
    ordered = list(Employee.objects.filter(instance=crowd.a).order_by("name", "id").values_list("pk", flat=True))
    assert everything == ordered


def test_pagination_with_filters(crowd, api):
    seen = walk(api(crowd.u_admin_opd), {"limit": 3, "q": "pegawai"})
    assert len(seen) == 25 == len(set(seen))


def test_bad_cursor_is_400(world, api):
    response = api(world.u_staff1).get("/employees", {"cursor": "not-a-cursor"})
    assert response.status_code == 400
    body = response.json()
    assert body["detail"] and "cursor" in body["errors"]


@pytest.mark.parametrize("limit", [0, -1, 501])
def test_limit_out_of_range_is_422(world, api, limit):
    response = api(world.u_staff1).get("/employees", {"limit": limit})
    assert response.status_code == 422 and "limit" in errors_of(response)


def test_limit_maximum_comes_from_settings(world, api, settings):
    settings.KINERJA = {**settings.KINERJA, "API_MAX_PAGE_SIZE": 3}
    client = api(world.u_admin_bkpsdm)
    assert client.get("/employees", {"limit": 4}).status_code == 422
    assert len(client.get("/employees", {"limit": 3}).json()["items"]) == 3
    assert len(client.get("/employees").json()["items"]) == 3  # the default is capped too


def test_query_count_does_not_grow_with_page_size(crowd, api, django_assert_max_num_queries):
    client = api(crowd.u_admin_opd)
    counts = {}
    for limit in (1, 30):
        with CaptureQueriesContext(connection) as ctx:
            response = client.get("/employees", {"limit": limit})
        assert len(response.json()["items"]) == limit
        counts[limit] = len(ctx.captured_queries)
    assert counts[1] == counts[30]
    # session, user, role grants, the page (+ the unit named in the filter): whatever the page size
    with django_assert_max_num_queries(5):
        response = client.get("/employees", {"limit": 30, "q": "pegawai", "unit": crowd.dinkes.pk})
    assert len(response.json()["items"]) == 25


# --- detail ---------------------------------------------------------------------------------------

def test_detail(world, api):
    data = api(world.u_admin_bkpsdm).get(f"/employees/{world.staff1.pk}").json()
    assert data["id"] == world.staff1.pk
    assert data["grade"] == "III/a" and data["rank_name"]
    assert data["unit"]["id"] == world.surv.pk
    assert data["position"]["id"] == world.pos_data.pk
    chain = data["superior_chain"]
    assert [link["position"]["id"] for link in chain] == [world.pos_kasi_surv.pk, world.pos_kabid_p2p.pk]
    assert [link["holder"]["id"] for link in chain] == [world.kasi_surv.pk, world.kabid_p2p.pk]
    assert chain[0]["acting_kind"] is None
    assert [(h["position"]["id"], h["kind"], h["end_date"]) for h in data["position_history"]] == [
        (world.pos_data.pk, "definitive", None)]


def test_detail_shows_acting_superior(world, api):
    people_services.assign_acting(actor=SYSTEM, employee=world.kabid_yankes, position=world.pos_kasi_surv, kind="plh",
                                  start_date=date(2020, 1, 1))
    chain = api(world.u_staff1).get(f"/employees/{world.staff1.pk}").json()["superior_chain"]
    assert chain[0]["holder"]["id"] == world.kabid_yankes.pk
    assert chain[0]["acting_kind"] == "plh"


def test_detail_scope(world, api):
    w = world
    assert api(w.u_staff1).get(f"/employees/{w.staff1.pk}").status_code == 200
    assert api(w.u_kasi_surv).get(f"/employees/{w.staff1.pk}").status_code == 200
    assert api(w.u_staff1).get(f"/employees/{w.staff2.pk}").status_code == 404
    assert api(w.u_kabid_yankes).get(f"/employees/{w.staff1.pk}").status_code == 404
    assert api(w.u_nobody).get(f"/employees/{w.staff1.pk}").status_code == 404
    assert api(w.u_admin_b).get(f"/employees/{w.staff1.pk}").status_code == 404
    assert api(w.u_admin_opd).get(f"/employees/{w.staff_disdik.pk}").status_code == 404
    assert api(w.u_staff1).get("/employees/999999").status_code == 404


def test_by_nip(world, api):
    client = api(world.u_kasi_surv)
    assert client.get(f"/employees/by-nip/{world.staff1.nip}").json()["id"] == world.staff1.pk
    assert client.get(f"/employees/by-nip/{world.staff1.nip_display}").json()["id"] == world.staff1.pk
    assert client.get("/employees/by-nip/199001012015031001").status_code == 404

