"""``seed()``: bulk-written synthetic data, deterministic, consistent with the tree and the rules."""

import pytest
from django.core.exceptions import ValidationError

from kinerja.audit.models import AuditEvent
from kinerja.demo.plan import build_plan
from kinerja.demo.seed import instance_digest, plan_digest, seed
from kinerja.organization.models import Position, Unit
from kinerja.people.chain import superior_chain
from kinerja.people.models import Assignment, Employee, GradeHistory
from kinerja.rules import nip as nip_rules

pytestmark = pytest.mark.django_db


def test_same_n_and_seed_give_identical_data():
    first = seed(300, seed=5, slug="satu", name="Kota Satu")
    second = seed(300, seed=5, slug="dua", name="Kota Dua")
    assert first.digest == second.digest == plan_digest(build_plan(300, 5))
    assert instance_digest(first.instance_id) == instance_digest(second.instance_id) == first.digest
    assert plan_digest(build_plan(300, 6)) != first.digest


def test_seed_at_scale_is_consistent(django_assert_max_num_queries):
    with django_assert_max_num_queries(60):  # bulk writes: the query count does not grow with n
        result = seed(2000, seed=1)
    instance = result.instance_id
    employees = Employee.objects.filter(instance_id=instance)
    assert employees.count() == result.employees == 2000
    assert Unit.objects.filter(instance_id=instance).count() == result.units == 40
    assert Unit.objects.find_problems() == ([], [], [], [], [])
    assert set(employees.values_list("position__kind", flat=True)) == {
        "JPT", "ADMINISTRATOR", "PENGAWAS", "PELAKSANA", "FUNGSIONAL"}
    assert 0 < result.pppk == employees.filter(kind="PPPK").count() < 2000
    for nip, kind in employees.values_list("nip", "kind"):
        nip_rules.parse(nip, kind)
    # positions, units and assignments stay inside the instance; superiors exist
    assert not Position.objects.filter(instance_id=instance).exclude(unit__instance_id=instance).exists()
    assert not Position.objects.filter(instance_id=instance, superior__isnull=False).exclude(
        superior__instance_id=instance).exists()
    assert Position.objects.filter(instance_id=instance, superior__isnull=True).count() == 1
    assert not employees.filter(position__isnull=True).exists()
    assert Assignment.objects.filter(instance_id=instance).count() == result.assignments
    assert Assignment.objects.filter(instance_id=instance, end_date__isnull=False).exists()
    assert GradeHistory.objects.filter(instance_id=instance).count() == result.grade_rows
    current = Assignment.objects.filter(instance_id=instance, kind="definitive", end_date__isnull=True)
    assert current.count() == 2000
    # a unit's subtree query works on the computed paths
    disdik = Unit.objects.get(instance_id=instance, name="Dinas Pendidikan")
    schools = Unit.objects.get_descendants(disdik).filter(kind="sekolah")
    assert schools.exists()
    assert employees.filter(unit__in=schools).count() > 100
    # a teacher's evaluating superior is the school head, then the Kepala Dinas for the head
    teacher = employees.filter(unit__in=schools, position__kind="FUNGSIONAL").first()
    chain = superior_chain(teacher)
    assert chain[0].position.name == "Kepala Sekolah"
    event = AuditEvent.objects.get(action="demo.seed", instance_id=instance)
    assert event.source == "cli" and event.after["n"] == 2000 and event.after["digest"] == result.digest


def test_seed_next_to_other_instances_keeps_the_tree_valid(world):
    seed(120, seed=2, slug="tiga", name="Kota Tiga")
    assert Unit.objects.find_problems() == ([], [], [], [], [])
    alpha_roots = [u.name for u in Unit.objects.get_root_nodes() if u.instance_id == world.a.pk]
    assert "Dinas Kesehatan" in alpha_roots
    dinkes = Unit.objects.get(pk=world.dinkes.pk)
    assert Unit.objects.get_descendants(dinkes).filter(instance_id=world.a.pk).count() == 3


def test_seed_refuses_an_existing_instance():
    seed(20, seed=0, slug="sama", name="Kota Sama")
    with pytest.raises(ValidationError):
        seed(20, seed=0, slug="sama", name="Kota Lain")
    with pytest.raises(ValueError):
        seed(20, seed=0, slug="lain", name="Kota Sama")
