"""build_report: what counts as unsupported, unlinked and not approved; six queries whatever the size."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from kinerja.alignment.report import build_report
from kinerja.skp.models import Rhk, Skp, SkpStatus

from .conftest import make_rhk, make_skp

pytestmark = pytest.mark.django_db


def test_an_skp_under_revision_still_counts_as_approved(world, plan):
    Skp.objects.filter(pk=plan.skp_staff1.pk).update(status=SkpStatus.DRAFT, version=1)  # approved, now revised
    Skp.objects.filter(pk=plan.skp_kasi.pk).update(status=SkpStatus.RETURNED, version=0)
    report = build_report(world.a.pk, plan.period, world.surv)
    assert (report.employee_total, report.approved_total) == (3, 1)
    assert {(r["name"], r["skp_status"]) for r in report.without_approved} == {
        ("Rina Wulandari", "returned"), ("Dewi Lestari", None)}


def test_a_jpt_rhk_without_pk_indicator_is_unlinked_even_with_a_parent(world, plan):
    Rhk.objects.filter(pk=plan.r9.pk).update(pk_indicator=None, parent=plan.r1)
    report = build_report(world.a.pk, plan.period, world.disdik)
    assert [(r["text"], r["issue"]) for r in report.unlinked_rhks] == [
        ("Meningkatnya partisipasi sekolah SMP", "no_pk_indicator")]
    # the IKU it carried is now unsupported, though still in the PK
    assert [(r["name"], r["in_pk"]) for r in report.unsupported_ikus] == [("Angka partisipasi kasar SMP", True)]


def test_employees_without_position_are_listed_with_a_hint(world, plan):
    world.staff2.position = None
    world.staff2.save(update_fields=["position"])
    row = next(r for r in build_report(world.a.pk, plan.period, world.surv).without_approved
               if r["name"] == "Dewi Lestari")
    assert row["has_position"] is False and row["skp_id"] is None


def test_inactive_employees_and_other_periods_do_not_count(world, plan):
    world.staff2.is_active = False
    world.staff2.save(update_fields=["is_active"])
    from .conftest import make_period

    other = make_period(world.a, 2027)
    make_rhk(make_skp(other, world.staff_yankes), "RHK tahun depan")
    report = build_report(world.a.pk, plan.period)
    assert report.employee_total == 8 and report.rhk_total == 10
    assert "Dewi Lestari" not in {r["name"] for r in report.without_approved}


def test_six_queries_whatever_the_size(world, plan):
    with CaptureQueriesContext(connection) as ctx:
        build_report(world.a.pk, plan.period, world.dinkes)
    assert len(ctx.captured_queries) == 6
