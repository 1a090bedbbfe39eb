"""``seed(..., skp=True)`` / ``kinerja seed --skp``: a plan and one cascading SKP per employee, in bulk."""

import hashlib
from collections import Counter

import click
import pytest
from click.testing import CliRunner

from kinerja.cli import seed as seed_cli
from kinerja.demo.seed import seed
from kinerja.organization.models import Unit
from kinerja.people.chain import superior_chain
from kinerja.people.models import Employee
from kinerja.planning.models import Iku, PerformanceAgreement, PkIndicator, Renstra, Rpjmd
from kinerja.skp.models import BehaviourExpectation, Iki, Period, Rhk, Skp

pytestmark = pytest.mark.django_db


def _digest(instance_id: int) -> str:
    rows = sorted(
        (r.skp.employee.nip, r.skp.status, r.group, r.order, r.text, r.parent.skp.employee.nip if r.parent else "",
         r.parent.text if r.parent else "", r.pk_indicator.name if r.pk_indicator else "",
         tuple((i.aspect, i.text, i.target_display) for i in r.ikis.all()))
        for r in Rhk.objects.filter(instance_id=instance_id).select_related(
            "skp__employee", "parent__skp__employee", "pk_indicator").prefetch_related("ikis"))
    return hashlib.sha256(repr(rows).encode()).hexdigest()


def test_every_employee_gets_a_cascading_skp(django_assert_max_num_queries):
    with django_assert_max_num_queries(120):  # bulk writes: the count does not grow with the employees
        result = seed(1500, seed=4, skp=True, year=2026)
    instance = result.instance_id
    employees = Employee.objects.filter(instance_id=instance)
    skps = Skp.objects.filter(instance_id=instance)
    assert result.skps == skps.count() == employees.count() == 1500
    assert result.rhks == Rhk.objects.filter(instance_id=instance).count()
    assert result.ikis == Iki.objects.filter(instance_id=instance).count()
    assert 2.5 <= result.rhks / result.skps <= 3.5
    assert 8.5 <= result.ikis / result.skps <= 11
    assert BehaviourExpectation.objects.filter(instance_id=instance).count() == 7 * 1500
    period = Period.objects.get(instance_id=instance)
    assert (period.year, period.deadline.month, period.deadline.day) == (2026, 1, 31)
    statuses = Counter(skps.values_list("status", flat=True))
    assert statuses["approved"] > 1500 / 2 and statuses["submitted"] and statuses["draft"] and statuses["returned"]
    # an SKP is started before it is submitted, and submitted before it is approved
    for created, submitted, approved in skps.exclude(submitted_at=None).values_list("created_at", "submitted_at",
                                                                                    "approved_at"):
        assert created <= submitted and (approved is None or submitted <= approved)
    # the plan: a Renstra, signed PK and IKU per OPD
    opds = Unit.objects.filter(instance_id=instance, depth=1).count()
    assert Rpjmd.objects.filter(instance_id=instance).count() == 1
    assert Renstra.objects.filter(instance_id=instance).count() == opds
    assert PerformanceAgreement.objects.filter(instance_id=instance, year=2026, status="signed").count() == opds
    assert PkIndicator.objects.filter(instance_id=instance).count() == Iku.objects.filter(instance_id=instance).count()
    # the cascade: JPT RHK carry the PK, everybody else's RHK intervene their evaluator's RHK
    for rhk in Rhk.objects.filter(instance_id=instance).select_related("skp", "parent__skp"):
        if rhk.skp.kind == "jpt":
            assert rhk.perspective and rhk.parent_id is None
        elif rhk.skp.evaluator_id is not None:
            assert rhk.parent is not None and rhk.parent.skp.employee_id == rhk.skp.evaluator_id, rhk
    assert Rhk.objects.filter(instance_id=instance, skp__kind="jpt", pk_indicator__isnull=False).exists()
    for skp in skps.select_related("employee__position")[::97]:
        chain = superior_chain(skp.employee)
        assert skp.evaluator_id == (chain[0].holder.pk if chain and chain[0].holder else None)


def test_the_skps_are_deterministic():
    first = seed(400, seed=9, skp=True, year=2026, slug="satu", name="Kota Satu")
    second = seed(400, seed=9, skp=True, year=2026, slug="dua", name="Kota Dua")
    assert (first.skps, first.rhks, first.ikis) == (second.skps, second.rhks, second.ikis)
    assert _digest(first.instance_id) == _digest(second.instance_id)


def test_seed_command_with_skp():
    group = click.Group()
    seed_cli.register(group)
    runner = CliRunner()
    result = runner.invoke(group, ["seed", "-n", "120", "--skp", "--year", "2026", "--slug", "uji"])
    assert result.exit_code == 0, result.output
    assert Skp.objects.filter(instance__slug="uji").count() == 120
    assert "120 SKPs" in result.output
    refused = runner.invoke(group, ["seed", "-n", "120", "--year", "2026", "--slug", "dua"])
    assert refused.exit_code == 2 and "--skp" in refused.output
