"""Read helpers and permission filters: who sees which SKP, and constant query counts."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from django.utils import timezone

from kinerja.accounts import scope
from kinerja.core.testing import SYSTEM
from kinerja.people import services as people
from kinerja.people.models import AssignmentKind
from kinerja.skp import permissions, queries, services
from kinerja.skp.models import Skp, SkpStatus

from .conftest import approved_skp, fill


@pytest.fixture
def skps(world, period):
    """An SKP for every employee of instance A (and B's staff), all drafts."""
    result = {}
    for name in ("kadinkes", "kabid_p2p", "kasi_surv", "staff1", "staff2", "kabid_yankes", "staff_yankes",
                 "kadisdik", "staff_disdik"):
        result[name] = services.create_skp(actor=SYSTEM, employee=getattr(world, name), period=period)
    return result


def visible(user, action=permissions.VIEW) -> set[str]:
    qs = permissions.restrict_skps(Skp.objects.all(), user, action)
    return {skp.employee.name for skp in qs.select_related("employee")}


NAMES = {"kadinkes": "Siti Aminah", "kabid_p2p": "Budi Santoso", "kasi_surv": "Rina Wulandari",
         "staff1": "Andi Pratama", "staff2": "Dewi Lestari", "kabid_yankes": "Hendra Gunawan",
         "staff_yankes": "Maya Sari", "kadisdik": "Joko Widodo", "staff_disdik": "Agus Salim"}


def names(*keys) -> set[str]:
    return {NAMES[k] for k in keys}


def test_view_scope(world, skps):
    assert visible(world.u_staff1) == names("staff1")
    assert visible(world.u_kasi_surv) == names("kasi_surv", "staff1", "staff2")
    assert visible(world.u_kabid_p2p) == names("kabid_p2p", "kasi_surv", "staff1", "staff2")
    assert visible(world.u_kadinkes) == names("kadinkes", "kabid_p2p", "kasi_surv", "staff1", "staff2",
                                              "kabid_yankes", "staff_yankes")
    assert visible(world.u_admin_opd) == visible(world.u_kadinkes)
    everyone = set(NAMES.values())
    for user in (world.u_admin_bkpsdm, world.u_monev, world.u_pimpinan, world.u_auditor, world.u_root):
        assert visible(user) == everyone
    assert visible(world.u_nobody) == set()
    assert visible(world.u_admin_b) == set() and visible(world.u_staff_b) == set()


def test_change_scope_is_own_or_admin_and_only_while_editable(world, skps):
    assert visible(world.u_staff1, permissions.CHANGE) == names("staff1")
    assert visible(world.u_kasi_surv, permissions.CHANGE) == names("kasi_surv")  # evaluators do not edit content
    assert visible(world.u_admin_opd, permissions.CHANGE) == names("kadinkes", "kabid_p2p", "kasi_surv", "staff1",
                                                                   "staff2", "kabid_yankes", "staff_yankes")
    assert visible(world.u_admin_bkpsdm, permissions.CHANGE) == set(NAMES.values())
    assert visible(world.u_monev, permissions.CHANGE) == set()
    Skp.objects.filter(pk=skps["staff1"].pk).update(status=SkpStatus.APPROVED)
    assert visible(world.u_staff1, permissions.CHANGE) == set()
    assert NAMES["staff1"] not in visible(world.u_admin_bkpsdm, permissions.CHANGE)
    assert NAMES["staff1"] not in visible(world.u_root, permissions.CHANGE)


def test_evaluator_named_on_the_skp_sees_it(world, skps):
    """A moved evaluator still sees the SKPs that name them (the header is frozen)."""
    Skp.objects.filter(pk=skps["staff_disdik"].pk).update(evaluator=world.staff_yankes)
    assert NAMES["staff_disdik"] in visible(world.u_staff_yankes)


def test_can_evaluate(world, skps):
    staff = Skp.objects.select_related("position__superior", "employee__unit").get(pk=skps["staff1"].pk)
    assert permissions.can_evaluate(world.u_kasi_surv, staff)
    for user in (world.u_staff1, world.u_staff2, world.u_kabid_p2p, world.u_admin_bkpsdm, world.u_admin_b,
                 world.u_monev, world.u_nobody):
        assert not permissions.can_evaluate(user, staff)
    top = Skp.objects.get(pk=skps["kadinkes"].pk)  # no superior position: an HR admin stands in
    assert permissions.evaluator_missing(top)
    assert permissions.can_evaluate(world.u_admin_bkpsdm, top) and permissions.can_evaluate(world.u_admin_opd, top)
    assert not permissions.can_evaluate(world.u_kadinkes, top) and not permissions.can_evaluate(world.u_admin_b, top)
    assert permissions.can_evaluate(SYSTEM, staff)  # background work, named
    assert not permissions.can_evaluate(None, staff)  # no actor is no permission


def test_plh_evaluates_alongside_the_holder(world, skps):
    people.assign_acting(actor=SYSTEM, employee=world.kabid_yankes, position=world.pos_kasi_surv,
                         kind=AssignmentKind.PLH, start_date=timezone.localdate())
    staff = Skp.objects.get(pk=skps["staff1"].pk)
    assert permissions.can_evaluate(world.u_kabid_yankes, staff)
    assert permissions.can_evaluate(world.u_kasi_surv, staff)


def test_skp_detail_costs_the_same_for_any_size(world, period, django_assert_num_queries):
    skp = services.create_skp(actor=world.u_staff1, employee=world.staff1, period=period)
    fill(skp, world.u_staff1)
    with django_assert_num_queries(5):
        small = queries.skp_detail(skp.pk)
        [list(r.ikis.all()) for r in small.rhks.all()]
    top = services.create_skp(actor=world.u_kasi_surv, employee=world.kasi_surv, period=period)
    parent = fill(top, world.u_kasi_surv)
    for n in range(12):
        fill(skp, world.u_staff1, parent=parent, text=f"RHK {n}")
    services.set_appendix(actor=world.u_staff1, skp=skp, lock_version=skp.lock_version, kind="resources",
                          lines=["a", "b"])
    with django_assert_num_queries(5):
        big = queries.skp_detail(skp)
        rows = [(r.parent.skp.employee.name if r.parent else "", r.pk_indicator,
                 [i.target_display for i in r.ikis.all()]) for r in big.rhks.all()]
        assert len(rows) == 13 and big.position.superior.name and big.evaluator.name
    with django_assert_num_queries(5):
        data = services.serialize(skp)
    assert len(data["rhks"]) == 13 and data["appendix"]["resources"] == ["a", "b"]


def test_allowed_parents_is_one_query_and_follows_acting_officials(world, period, django_assert_num_queries):
    staff = services.create_skp(actor=world.u_staff1, employee=world.staff1, period=period)
    kasi = services.create_skp(actor=world.u_kasi_surv, employee=world.kasi_surv, period=period)
    yankes = services.create_skp(actor=world.u_kabid_yankes, employee=world.kabid_yankes, period=period)
    own = fill(kasi, world.u_kasi_surv)
    other = fill(yankes, world.u_kabid_yankes)
    with django_assert_num_queries(1):
        assert [(r.pk, r.skp.employee.name) for r in queries.allowed_parents(staff)] == [(own.pk, "Rina Wulandari")]
    people.assign_acting(actor=SYSTEM, employee=world.kabid_yankes, position=world.pos_kasi_surv,
                         kind=AssignmentKind.PLT, start_date=timezone.localdate() - timedelta(days=1))
    assert {r.pk for r in queries.allowed_parents(staff)} == {own.pk, other.pk}
    assert set(queries.superiors(staff)) == {world.kasi_surv, world.kabid_yankes}
    assert queries.superior_skps(staff).count() == 2
    # the acting post ended: no longer a superior
    assert queries.allowed_parents(staff, day=timezone.localdate() - timedelta(days=5)).count() == 1
    top = services.create_skp(actor=world.u_kadinkes, employee=world.kadinkes, period=period)
    assert not queries.allowed_parents(top).exists()


def test_overdue_lists_who_has_no_approved_skp_after_the_deadline(world, period, django_assert_num_queries):
    approved_skp(world, period, world.staff1, world.u_staff1, world.u_kasi_surv)
    draft = services.create_skp(actor=world.u_staff2, employee=world.staff2, period=period)
    assert not queries.overdue(world.a, period, day=date(2026, 1, 31)).exists()  # not yet
    after = date(2026, 2, 1)
    with django_assert_num_queries(1):
        rows = list(queries.overdue(world.a, period, day=after))
        assert [(r.unit.name, r.position.name) for r in rows if r.name == "Dewi Lestari"] == [
            ("Seksi Surveilans", "Pengelola Data")]
    by_name = {r.name: (r.skp_status, r.skp_id) for r in rows}
    assert "Andi Pratama" not in by_name
    assert by_name["Dewi Lestari"] == ("draft", draft.pk)
    assert by_name["Agus Salim"] == (None, None)
    assert "Nur Hidayah" not in by_name  # other instance
    assert len(by_name) == 8
    in_unit = {r.name for r in queries.overdue(world.a, period, unit=world.p2p, day=after)}
    assert in_unit == {"Budi Santoso", "Rina Wulandari", "Dewi Lestari"}
    people.set_active(actor=SYSTEM, employee=world.staff2, active=False)
    assert "Dewi Lestari" not in {r.name for r in queries.overdue(world.a, period, day=after)}


def test_overdue_uses_today_by_default(world, period):
    period.deadline = timezone.localdate() - timedelta(days=1)
    assert queries.overdue(world.a, period).count() == 9
    period.deadline = timezone.localdate()
    assert queries.overdue(world.a, period).count() == 0


def test_team_skps_and_members(world, period, skps, django_assert_num_queries):
    scope.get_scope(world.u_kasi_surv)
    with django_assert_num_queries(1):
        team = [(s.employee.name, s.position.name, s.unit.name) for s in queries.team_skps(world.u_kasi_surv, period)]
    assert team == [("Andi Pratama", "Pengelola Data", "Seksi Surveilans"),
                    ("Dewi Lestari", "Pengelola Data", "Seksi Surveilans")]
    assert not queries.team_skps(world.u_staff1, period).exists()
    assert not queries.team_skps(world.u_admin_bkpsdm, period).exists()
    Skp.objects.filter(pk=skps["staff2"].pk).delete()
    scope.get_scope(world.u_kabid_p2p)
    with django_assert_num_queries(1):
        members = [(m.name, m.skp_status) for m in queries.team_members(world.u_kasi_surv, period)]
    assert members == [("Andi Pratama", "draft"), ("Dewi Lestari", None)]
    assert [m.name for m in queries.team_members(world.u_kabid_p2p, period)] == ["Rina Wulandari"]
    assert not queries.team_members(world.u_nobody, period).exists()


def test_can_view_reports(world):
    for user in (world.u_admin_bkpsdm, world.u_admin_opd, world.u_monev, world.u_kasi_surv, world.u_root):
        assert permissions.can_view_reports(user)
    for user in (world.u_staff1, world.u_nobody):
        assert not permissions.can_view_reports(user)
