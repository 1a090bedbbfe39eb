"""The organisation tree: lazily loaded levels, search, instance isolation, constant queries."""

from datetime import date

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from kinerja.core.testing import SYSTEM, make_nip
from kinerja.organization import services as org
from kinerja.organization.models import PositionKind, UnitKind
from kinerja.people import services as people


def units_of(response):
    return [node.unit for node in response.context["nodes"]]


@pytest.mark.parametrize("user", ["u_staff1", "u_nobody", "u_auditor", "u_admin_opd", "u_kadisdik"])
def test_everyone_sees_their_instance_tree(world, client_for, user):
    response = client_for(getattr(world, user)).get(reverse("organization:tree"))
    assert response.status_code == 200
    assert units_of(response) == [world.dinkes, world.disdik]
    html = response.content.decode()
    assert "Dinas Kesehatan B" not in html
    dinkes = response.context["nodes"][0]
    assert dinkes.head == world.pos_kadinkes and dinkes.holder.employee == world.kadinkes
    assert dinkes.employees == 7
    children_url = reverse("organization:tree_children", args=[world.dinkes.pk])
    assert "Siti Aminah" in html and f'hx-get="{children_url}"' in html


def test_other_instance_sees_nothing_of_instance_a(world, client_for):
    client = client_for(world.u_admin_b)
    assert units_of(client.get(reverse("organization:tree"))) == [world.dinkes_b]
    assert client.get(reverse("organization:tree_children", args=[world.dinkes.pk])).status_code == 404
    assert units_of(client.get(reverse("organization:tree_search"), {"q": "Dinas"})) == [world.dinkes_b]


def test_superuser_picks_the_instance(world, client_for):
    client = client_for(world.u_root)
    assert units_of(client.get(reverse("organization:tree"), {"instance": world.b.pk})) == [world.dinkes_b]
    assert units_of(client.get(reverse("organization:tree"), {"instance": world.a.pk})) == [world.dinkes, world.disdik]


def test_children_fragment(world, client_for):
    response = client_for(world.u_staff1).get(reverse("organization:tree_children", args=[world.dinkes.pk]),
                                              HTTP_HX_REQUEST="true")
    assert response.status_code == 200
    html = response.content.decode()
    assert "<html" not in html and "Bidang P2P" in html and "Budi Santoso" in html
    nodes = {node.unit: node for node in response.context["nodes"]}
    assert list(nodes) == [world.p2p, world.yankes]
    assert nodes[world.p2p].employees == 4 and nodes[world.yankes].employees == 2
    assert world.p2p.pk in [n.unit.pk for n in nodes.values() if n.unit.numchild]


def test_leaf_has_no_expander(world, client_for):
    response = client_for(world.u_staff1).get(reverse("organization:tree_children", args=[world.p2p.pk]))
    assert units_of(response) == [world.surv]
    assert "data-tree-toggle" not in response.content.decode()


def test_acting_head_is_shown_with_plt(world, client_for):
    people.assign_acting(actor=SYSTEM, employee=world.kasi_surv, position=world.pos_kabid_yankes, kind="plt",
                         start_date=date(2020, 1, 1))
    response = client_for(world.u_staff1).get(reverse("organization:tree_children", args=[world.dinkes.pk]))
    yankes = next(n for n in response.context["nodes"] if n.unit == world.yankes)
    assert yankes.holder.employee == world.kasi_surv and yankes.holder.prefix == "Plt."
    assert "Plt." in response.content.decode()


def test_vacant_head(world, client_for):
    people.set_active(actor=SYSTEM, employee=world.kadisdik, active=False)
    response = client_for(world.u_staff1).get(reverse("organization:tree"))
    disdik = response.context["nodes"][1]
    assert disdik.holder is None and disdik.employees == 1
    assert "Vacant" in response.content.decode()


def _add_children(world, parent, count):
    from kinerja.people.models import Employee

    start = Employee.objects.count()
    for i in range(start, start + count):
        unit = org.create_unit(actor=SYSTEM, instance=world.a, parent=parent, name=f"Seksi Uji {i}",
                               kind=UnitKind.SEKSI)
        head = org.create_position(actor=SYSTEM, unit=unit, name=f"Kepala Seksi Uji {i}", kind=PositionKind.PENGAWAS,
                                   is_head=True)
        holder = people.create_employee(actor=SYSTEM, instance=world.a, nip=make_nip(seq=500 + i), name=f"Uji {i}",
                                        position=head)
        if i % 2:
            people.assign_acting(actor=SYSTEM, employee=world.staff2, position=head, kind="plh",
                                 start_date=date(2021, 1, 1))
        org.create_unit(actor=SYSTEM, instance=world.a, parent=unit, name=f"Sub {i}", kind=UnitKind.OTHER)
        assert holder.unit == unit


def test_a_level_costs_the_same_number_of_queries_for_any_number_of_children(world, client_for):
    client = client_for(world.u_staff1)
    url = reverse("organization:tree_children", args=[world.yankes.pk])
    _add_children(world, world.yankes, 1)
    client.get(url)
    with CaptureQueriesContext(connection) as few:
        assert len(units_of(client.get(url))) == 1
    _add_children(world, world.yankes, 9)
    with CaptureQueriesContext(connection) as many:
        response = client.get(url)
    assert len(units_of(response)) == 10
    assert len(many) == len(few), [q["sql"] for q in many.captured_queries]
    assert len(few) <= 14
    acting = [n for n in response.context["nodes"] if n.holder and n.holder.acting_kind == "plh"]
    assert acting and all(n.holder.employee == world.staff2 for n in acting)


def test_root_level_and_search_cost_constant_queries(world, client_for, django_assert_max_num_queries):
    client = client_for(world.u_admin_bkpsdm)
    client.get(reverse("organization:tree"))
    _add_children(world, None, 6)
    with django_assert_max_num_queries(16):
        assert len(units_of(client.get(reverse("organization:tree")))) == 8
    with django_assert_max_num_queries(16):
        assert len(units_of(client.get(reverse("organization:tree_search"), {"q": "Sub"}))) == 6


def test_search_by_name_shows_the_ancestors(world, client_for):
    response = client_for(world.u_staff_disdik).get(reverse("organization:tree_search"), {"q": "surv"})
    assert response.status_code == 200
    [node] = response.context["nodes"]
    assert node.unit == world.surv and node.trail == ["Dinas Kesehatan", "Bidang P2P"]
    assert "Dinas Kesehatan › Bidang P2P" in response.content.decode()
    assert node.employees == 3 and node.holder.employee == world.kasi_surv


def test_short_search_returns_the_roots_and_no_match_says_so(world, client_for):
    client = client_for(world.u_staff1)
    assert units_of(client.get(reverse("organization:tree_search"), {"q": "D"})) == [world.dinkes, world.disdik]
    response = client.get(reverse("organization:tree_search"), {"q": "Kelautan"})
    assert units_of(response) == [] and "No unit matches" in response.content.decode()


def test_user_without_instance_is_refused(world, client_for):
    from kinerja.accounts.models import User

    orphan = User.objects.create_user("orphan", password=world.password)
    assert client_for(orphan).get(reverse("organization:tree")).status_code == 403
    assert client_for(orphan).get(reverse("organization:tree_children", args=[world.dinkes.pk])).status_code == 404
