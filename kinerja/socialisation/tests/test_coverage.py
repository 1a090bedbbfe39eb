"""Coverage per unit: right numbers, drill-down, and a constant number of queries."""

from __future__ import annotations

from datetime import date

import pytest

from kinerja.core.testing import SYSTEM, make_nip
from kinerja.organization import services as org
from kinerja.organization.models import PositionKind, UnitKind
from kinerja.people import services as people
from kinerja.socialisation import services
from kinerja.socialisation.coverage import coverage, summaries

from .conftest import draft, published

pytestmark = pytest.mark.django_db


def table(result):
    return {(r.unit.name if r.unit else None, r.direct): (r.audience, r.acknowledged) for r in result.rows}


def test_whole_instance_rows_are_the_opd(world):
    item = published(world, whole=True)
    for user in (world.u_staff1, world.u_staff2, world.u_kadisdik):
        services.acknowledge(actor=user, item=item)
    result = coverage(item)
    assert table(result) == {("Dinas Kesehatan", False): (7, 2), ("Dinas Pendidikan", False): (2, 1)}
    assert (result.audience, result.acknowledged, result.percent) == (9, 3, 33.3)
    assert all(r.has_children for r in result.rows if r.unit == world.dinkes)


def test_drill_down_into_a_unit(world):
    item = published(world, whole=True)
    services.acknowledge(actor=world.u_staff1, item=item)
    services.acknowledge(actor=world.u_kadinkes, item=item)
    result = coverage(item, world.dinkes)
    assert table(result) == {("Dinas Kesehatan", True): (1, 1), ("Bidang P2P", False): (4, 1),
                             ("Bidang Pelayanan Kesehatan", False): (2, 0)}
    assert [u.name for u in result.trail] == ["Dinas Kesehatan"]
    deeper = coverage(item, world.surv)
    assert table(deeper) == {("Seksi Surveilans", True): (3, 1)}
    assert [u.name for u in deeper.trail] == ["Dinas Kesehatan", "Bidang P2P", "Seksi Surveilans"]
    assert deeper.rows[0].percent == 33.3 and deeper.rows[0].tone == "danger"


def test_chosen_units_are_the_rows_and_only_the_audience_counts(world):
    item = published(world, units=[world.surv, world.yankes])
    services.acknowledge(actor=world.u_staff_yankes, item=item)
    services.acknowledge(actor=world.u_kabid_yankes, item=item)
    result = coverage(item)
    assert table(result) == {("Seksi Surveilans", False): (3, 0), ("Bidang Pelayanan Kesehatan", False): (2, 2)}
    assert result.rows[1].percent == 100.0 and result.rows[1].tone == "success"
    # an employee who left (inactive) no longer counts, whether they acknowledged or not
    people.set_active(actor=SYSTEM, employee=world.staff_yankes, active=False)
    assert table(coverage(item))[("Bidang Pelayanan Kesehatan", False)] == (1, 1)


def test_a_single_audience_unit_is_split_into_its_sub_units(world, django_assert_num_queries):
    item = published(world, units=[world.dinkes])
    services.acknowledge(actor=world.u_staff1, item=item)
    with django_assert_num_queries(5):
        result = coverage(item)
    assert result.unit is None
    assert table(result) == {("Dinas Kesehatan", True): (1, 0), ("Bidang P2P", False): (4, 1),
                             ("Bidang Pelayanan Kesehatan", False): (2, 0)}
    leaf = published(world, units=[world.surv], title="Seksi saja")
    assert table(coverage(leaf)) == {("Seksi Surveilans", True): (3, 0)}


def test_summaries_for_a_page_of_items(world):
    a = published(world, whole=True, title="A")
    b = published(world, units=[world.surv], title="B")
    c = draft(world, units=[world.disdik], title="C")
    services.acknowledge(actor=world.u_staff1, item=a)
    services.acknowledge(actor=world.u_staff1, item=b)
    services.acknowledge(actor=world.u_staff2, item=b)
    assert summaries([a, b, c]) == {a.pk: (9, 1), b.pk: (3, 2), c.pk: (2, 0)}
    assert summaries([]) == {}


def _grow(world, units: int, per_unit: int) -> None:
    """More units and employees under Bidang P2P: the query count must not follow."""
    seq = 900
    for n in range(units):
        unit = org.create_unit(actor=SYSTEM, instance=world.a, parent=world.p2p, name=f"Seksi Tambahan {n}",
                               kind=UnitKind.SEKSI)
        position = org.create_position(actor=SYSTEM, unit=unit, name="Pelaksana", kind=PositionKind.PELAKSANA,
                                       single_holder=False)
        for _ in range(per_unit):
            seq += 1
            people.create_employee(actor=SYSTEM, instance=world.a, nip=make_nip(seq=seq % 1000), name=f"Pegawai {seq}",
                                   position=position, tmt_position=date(2022, 1, 3))


@pytest.mark.parametrize("grow", [False, True])
def test_coverage_query_count_is_constant(world, django_assert_num_queries, grow):
    if grow:
        _grow(world, units=6, per_unit=4)
    item = published(world, whole=True)
    services.acknowledge(actor=world.u_staff1, item=item)
    with django_assert_num_queries(4):
        coverage(item)
    with django_assert_num_queries(5):  # + the trail above the drilled unit
        result = coverage(item, world.p2p)
    assert result.audience == (4 + 24 if grow else 4)
    items = [published(world, whole=True, title=f"Item {n}") for n in range(3)]
    with django_assert_num_queries(3):
        summaries(items)
