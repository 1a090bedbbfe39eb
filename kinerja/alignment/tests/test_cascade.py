"""build_cascade, branch and chain_for_skp: the tree, counts, scope, context, broken links, query counts."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from kinerja.alignment import cascade as c
from kinerja.core.testing import make_nip
from kinerja.people.models import Employee
from kinerja.skp.models import Period, Rhk, Skp, SkpStatus

from .conftest import make_rhk, make_skp

pytestmark = pytest.mark.django_db


def shape(node: c.Node) -> list:
    """The tree below ``node`` as nested [key, children…] lists, for exact comparisons."""
    return [node.key, *[shape(child) for child in node.children]]


def test_instance_cascade_links_every_level_to_its_mission(world, plan):
    p = plan
    tree = c.build_cascade(world.a.pk, p.period.pk)
    assert [m.key for m in tree.missions] == [f"m{p.m1.pk}", f"m{p.m2.pk}", f"m{p.m3.pk}"]
    assert shape(tree.missions[0]) == [
        f"m{p.m1.pk}", [f"s{p.s1.pk}",
                        [f"i{p.i1.pk}", [f"p{p.pki1.pk}", [f"r{p.r1.pk}", [f"r{p.r8.pk}"]]]],
                        [f"i{p.i2.pk}", [f"p{p.pki2.pk}", [f"r{p.r2.pk}", [f"r{p.r4.pk}", [f"r{p.r5.pk}",
                                                                                        [f"r{p.r6.pk}"]]]]]],
                        [f"i{p.i3.pk}"]]]
    assert shape(tree.missions[1]) == [f"m{p.m2.pk}", [f"s{p.s2.pk}", [f"i{p.i4.pk}", [f"p{p.pki3.pk}", [
        f"r{p.r9.pk}", [f"r{p.r10.pk}"]]]]]]
    assert shape(tree.missions[2]) == [f"m{p.m3.pk}"]  # a mission nothing serves still shows
    assert {n.key: n.issue for n in tree.unlinked.children} == {f"r{p.r3.pk}": c.NO_PK_INDICATOR,
                                                                 f"r{p.r7.pk}": c.NO_PARENT}


def test_counts_cover_rhk_employees_and_iki_below_each_node(world, plan):
    p = plan
    tree = c.build_cascade(world.a.pk, p.period.pk)
    m1 = tree.node(f"m{p.m1.pk}")
    assert (m1.rhk, m1.employees, m1.iki) == (6, 5, 7)  # R1 R2 R4 R5 R6 R8; R6 has two IKI
    r2 = tree.node(f"r{p.r2.pk}")
    assert (r2.rhk, r2.employees, r2.iki) == (4, 4, 5)
    assert tree.node(f"i{p.i3.pk}").rhk == 0
    assert (tree.unlinked.rhk, tree.unlinked.employees) == (2, 2)
    assert tree.totals() == {"skps": 7, "employees": 7, "rhk": 10, "linked_rhk": 8, "unlinked_rhk": 2, "iki": 11,
                             "missions": 3, "ikus": 4, "pk_indicators": 3}
    owner = tree.node(f"r{p.r6.pk}").owner
    assert (owner.name, owner.position, owner.unit) == ("Andi Pratama", "Pengelola Data", "Seksi Surveilans")


def test_unit_subtree_keeps_the_superiors_rhk_as_context(world, plan):
    p = plan
    tree = c.build_cascade(world.a.pk, p.period.pk, world.p2p)
    assert [m.key for m in tree.missions] == [f"m{p.m1.pk}"]
    assert shape(tree.missions[0]) == [f"m{p.m1.pk}", [f"s{p.s1.pk}", [f"i{p.i2.pk}", [f"p{p.pki2.pk}", [
        f"r{p.r2.pk}", [f"r{p.r4.pk}", [f"r{p.r5.pk}", [f"r{p.r6.pk}"]]]]]]]]
    r2 = tree.node(f"r{p.r2.pk}")
    assert r2.in_scope is False and r2.owner.name == "Siti Aminah"
    assert (r2.rhk, r2.employees, r2.iki) == (3, 3, 4)  # R2 itself is not counted: outside Bidang P2P
    assert [n.key for n in tree.unlinked.children] == [f"r{p.r7.pk}"]
    assert tree.totals()["rhk"] == 4 and tree.totals()["employees"] == 3 and tree.skp_total == 3
    assert tree.node(f"r{p.r1.pk}") is None and tree.node(f"i{p.i3.pk}") is None


def test_opd_subtree_shows_its_own_unsupported_iku(world, plan):
    tree = c.build_cascade(world.a.pk, plan.period.pk, world.dinkes.pk)
    assert tree.node(f"i{plan.i3.pk}") is not None  # Dinkes' own IKU, though nothing supports it
    assert tree.node(f"m{plan.m2.pk}") is None and tree.node(f"m{plan.m3.pk}") is None


def test_approved_only_keeps_unapproved_links_as_context(world, plan):
    p = plan
    tree = c.build_cascade(world.a.pk, p.period.pk, approved_only=True)
    r5 = tree.node(f"r{p.r5.pk}")  # kasi_surv's SKP is only submitted
    assert r5.in_scope is False and [ch.key for ch in r5.children] == [f"r{p.r6.pk}"]
    assert tree.node(f"r{p.r8.pk}") is None  # kabid_yankes' draft, nothing approved below it
    assert tree.totals()["skps"] == 5


def test_other_instance_and_other_period_never_show(world, plan):
    tree = c.build_cascade(world.a.pk, plan.period.pk)
    texts = {n.text for _, n in tree.walk()}
    assert "RHK rahasia Beta" not in texts and "Misi rahasia Beta" not in texts
    with pytest.raises(Period.DoesNotExist):
        c.build_cascade(world.a.pk, plan.period_b.pk)


def test_looping_links_are_cut_into_the_unlinked_bucket(world, plan):
    p = plan
    skp = make_skp(p.period, world.staff2)
    x = make_rhk(skp, "X")
    y = make_rhk(skp, "Y", parent=x)
    z = make_rhk(skp, "Z", parent=y)
    Rhk.objects.filter(pk=x.pk).update(parent=z)
    tree = c.build_cascade(world.a.pk, p.period.pk)
    cut = [n for n in tree.unlinked.children if n.issue == c.CYCLE]
    assert len(cut) == 1
    assert {k for k in shape(cut[0]) if isinstance(k, str)} <= {f"r{x.pk}", f"r{y.pk}", f"r{z.pk}"}
    assert tree.unlinked.rhk == 5  # R3, R7 and the three of the loop, each once
    chains = {ch.text: ch for ch in c.chain_for_skp(skp)}
    assert chains["Z"].issue == c.CYCLE


def test_rhk_with_a_missing_parent_is_reported(world, plan):
    p = plan
    skp = make_skp(p.period, world.staff2)
    stray = make_rhk(skp, "Menunjuk ke RHK instansi lain", parent=p.r_b)
    for unit in (None, world.surv):
        tree = c.build_cascade(world.a.pk, p.period.pk, unit)
        node = tree.node(f"r{stray.pk}")
        assert node in tree.unlinked.children and node.issue == c.MISSING_PARENT
        assert "RHK rahasia Beta" not in {n.text for _, n in tree.walk()}
    chain = {ch.rhk_id: ch for ch in c.chain_for_skp(skp)}[stray.pk]
    assert chain.issue == c.MISSING_PARENT and chain.links == []


def test_build_cascade_runs_a_fixed_number_of_queries(world, plan):
    p = plan

    def count(unit=None) -> int:
        with CaptureQueriesContext(connection) as ctx:
            c.build_cascade(world.a.pk, p.period.pk, unit)
        return len(ctx.captured_queries)

    before = (count(), count(world.p2p))
    staff = Employee.objects.bulk_create(
        Employee(instance=world.a, nip=make_nip("19900101", "201501", 1, 200 + i), name=f"Pegawai {i:02d}",
                 position=world.pos_data, unit=world.surv, grade="II/a") for i in range(30))
    for employee in staff:
        skp = make_skp(p.period, employee)
        make_rhk(skp, f"RHK {employee.name}", parent=p.r5, ikis=2)
        make_rhk(skp, f"RHK lepas {employee.name}")
    assert (count(), count(world.p2p)) == before
    assert max(before) <= 9
    tree = c.build_cascade(world.a.pk, p.period.pk, world.p2p)
    assert tree.node(f"r{p.r5.pk}").employees == 32


def test_branch_loads_one_level_with_subtree_counts(world, plan):
    p = plan
    children = c.branch(world.a.pk, p.period.pk, f"p{p.pki2.pk}")
    assert [(n.key, n.rhk, n.employees, n.iki) for n in children] == [(f"r{p.r2.pk}", 4, 4, 5)]
    children = c.branch(world.a.pk, p.period.pk, f"r{p.r2.pk}", world.surv)
    assert [(n.key, n.rhk, n.in_scope) for n in children] == [(f"r{p.r4.pk}", 2, False)]
    assert children[0].owner.name == "Budi Santoso"
    assert c.branch(world.a.pk, p.period.pk, f"r{p.r1.pk}", world.p2p) == []  # nothing of P2P below R1
    assert c.branch(world.a.pk, p.period.pk, f"r{p.r_b.pk}") is None  # another instance
    assert c.branch(world.a.pk, p.period.pk, "x1") is None


def test_branch_query_count_does_not_grow(world, plan):
    p = plan

    def count() -> int:
        with CaptureQueriesContext(connection) as ctx:
            c.branch(world.a.pk, p.period.pk, f"r{p.r5.pk}")
        return len(ctx.captured_queries)

    before = count()
    staff = Employee.objects.bulk_create(
        Employee(instance=world.a, nip=make_nip("19900101", "201501", 1, 300 + i), name=f"Pegawai {i:02d}",
                 position=world.pos_data, unit=world.surv, grade="II/a") for i in range(20))
    for employee in staff:
        make_rhk(make_skp(p.period, employee), "RHK", parent=p.r5)
    assert count() == before == 3


def test_chain_for_skp_climbs_to_the_mission(world, plan):
    p = plan
    chains = c.chain_for_skp(p.skp_staff1)
    assert [ch.rhk_id for ch in chains] == [p.r6.pk, p.r7.pk]
    main = chains[0]
    assert main.complete and main.mission.text == "Mewujudkan masyarakat yang sehat"
    assert [(link.kind, link.id) for link in main.links] == [
        ("rhk", p.r5.pk), ("rhk", p.r4.pk), ("rhk", p.r2.pk), ("pk", p.pki2.pk), ("iku", p.i2.pk),
        ("target", p.s1.pk), ("goal", p.g1.pk), ("mission", p.m1.pk)]
    assert main.links[0].owner.name == "Rina Wulandari"
    assert chains[1].issue == c.NO_PARENT and chains[1].stops_at is None
    jpt = {ch.rhk_id: ch for ch in c.chain_for_skp(p.skp_kadinkes.pk)}
    assert jpt[p.r1.pk].links[0].kind == "pk" and jpt[p.r1.pk].complete
    assert jpt[p.r3.pk].issue == c.NO_PK_INDICATOR


def test_chain_reports_where_an_upper_link_breaks(world, plan):
    p = plan
    Rhk.objects.filter(pk=p.r2.pk).update(pk_indicator=None)
    chain = c.chain_for_skp(p.skp_staff1)[0]
    assert chain.issue == c.NO_PK_INDICATOR
    assert chain.stops_at.name == "Siti Aminah"
    assert [link.kind for link in chain.links] == ["rhk", "rhk", "rhk"]


def test_chain_query_count_is_fixed(world, plan):
    p = plan
    skp = Skp.objects.get(pk=p.skp_staff1.pk)
    with CaptureQueriesContext(connection) as ctx:
        c.chain_for_skp(skp)
    assert len(ctx.captured_queries) == 4
    for i in range(5):
        make_rhk(skp, f"RHK tambahan {i}", parent=p.r5)
    with CaptureQueriesContext(connection) as ctx:
        assert len(c.chain_for_skp(skp)) == 7
    assert len(ctx.captured_queries) == 4


def test_skp_status_is_on_each_owner(world, plan):
    tree = c.build_cascade(world.a.pk, plan.period.pk)
    assert tree.node(f"r{plan.r5.pk}").owner.status == SkpStatus.SUBMITTED
