"""The administrators' list of positions: scope, filters, keyset pages, constant queries."""

from datetime import date

import pytest
from django.urls import reverse

from kinerja.core.testing import SYSTEM
from kinerja.organization import services as org
from kinerja.organization.models import PositionKind
from kinerja.people import services as people

URL = reverse("organization:positions")
A_POSITIONS = {"Kepala Dinas Kesehatan", "Kepala Bidang P2P", "Kepala Seksi Surveilans", "Pengelola Data",
               "Kepala Bidang Pelayanan", "Perawat Ahli Pertama", "Kepala Dinas Pendidikan", "Pengadministrasi Umum"}
DINKES_POSITIONS = A_POSITIONS - {"Kepala Dinas Pendidikan", "Pengadministrasi Umum"}


def names(response):
    return {row.position.name for row in response.context["rows"]}


@pytest.mark.parametrize(("user", "expected"), [
    ("u_admin_bkpsdm", A_POSITIONS), ("u_admin_opd", DINKES_POSITIONS),
    ("u_admin_b", {"Kepala Dinas Kesehatan B", "Pengadministrasi Umum"}),
])
def test_admins_see_positions_in_their_scope(world, client_for, user, expected):
    response = client_for(getattr(world, user)).get(URL)
    assert response.status_code == 200 and names(response) == expected


def test_holder_and_superior_are_shown(world, client_for):
    response = client_for(world.u_admin_opd).get(URL, {"unit": world.surv.pk})
    rows = {row.position: row for row in response.context["rows"]}
    assert set(rows) == {world.pos_kasi_surv, world.pos_data}
    assert [h.employee for h in rows[world.pos_data].holders] == [world.staff1, world.staff2]
    assert rows[world.pos_data].superior_holder.employee == world.kasi_surv
    assert rows[world.pos_kasi_surv].superior_holder.employee == world.kabid_p2p
    html = response.content.decode()
    assert "Andi Pratama" in html and "Kepala Bidang P2P" in html and "Budi Santoso" in html


def test_filters(world, client_for):
    org.create_position(actor=SYSTEM, unit=world.p2p, name="Analis Data", kind=PositionKind.FUNGSIONAL)
    people.set_active(actor=SYSTEM, employee=world.kadisdik, active=False)
    people.assign_acting(actor=SYSTEM, employee=world.staff_disdik, position=world.pos_kadisdik, kind="plt",
                         start_date=date(2024, 1, 1))
    client = client_for(world.u_admin_bkpsdm)
    assert names(client.get(URL, {"vacant": "on"})) == {"Analis Data", "Kepala Dinas Pendidikan"}
    assert names(client.get(URL, {"kind": "FUNGSIONAL"})) == {"Analis Data", "Perawat Ahli Pertama"}
    assert names(client.get(URL, {"unit": world.p2p.pk})) == {"Kepala Bidang P2P", "Kepala Seksi Surveilans",
                                                              "Pengelola Data", "Analis Data"}
    assert names(client.get(URL, {"q": "kepala bidang"})) == {"Kepala Bidang P2P", "Kepala Bidang Pelayanan"}
    response = client.get(URL, {"vacant": "on", "kind": "JPT"})
    [row] = response.context["rows"]
    assert row.vacant and row.holders[0].prefix == "Plt." and "Plt." in response.content.decode()


def test_opd_admin_cannot_filter_into_another_opd(world, client_for):
    response = client_for(world.u_admin_opd).get(URL, {"unit": world.disdik.pk})
    assert "unit" in response.context["form"].errors
    assert "Kepala Dinas Pendidikan" not in names(response)


def test_keyset_pages(world, client_for, settings):
    settings.KINERJA = {**settings.KINERJA, "PAGE_SIZE": 3}
    client = client_for(world.u_admin_bkpsdm)
    seen, response, pages = [], client.get(URL), 0
    while True:
        pages += 1
        seen += [row.position.name for row in response.context["rows"]]
        if not response.context["next_url"]:
            break
        response = client.get(URL + response.context["next_url"])
    assert pages == 3 and len(seen) == 8 and set(seen) == A_POSITIONS
    assert response.context["prev_url"]
    assert client.get(URL, {"cursor": "garbage"}).status_code == 200


def test_list_runs_a_constant_number_of_queries(world, client_for, django_assert_max_num_queries):
    client = client_for(world.u_admin_bkpsdm)
    client.get(URL)
    for i in range(20):
        org.create_position(actor=SYSTEM, unit=world.yankes, name=f"Perawat {i}", kind=PositionKind.FUNGSIONAL)
    with django_assert_max_num_queries(12):
        response = client.get(URL)
    assert len(response.context["rows"]) == 28
