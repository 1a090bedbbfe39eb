"""The system actor: background work names itself; ``actor=None`` is an error, never "allowed"."""

import pytest

from kinerja.accounts.scope import get_scope
from kinerja.audit.context import audit_context
from kinerja.audit.models import AuditEvent
from kinerja.audit.services import build, record
from kinerja.core.actors import is_system, require_actor, system_actor
from kinerja.core.tree import in_subtrees, outermost, subtree_q
from kinerja.organization import permissions as org_permissions
from kinerja.organization import services as org_services
from kinerja.organization.models import Unit
from kinerja.people import services as people_services
from kinerja.planning import services as planning_services
from kinerja.skp import services as skp_services


def test_a_system_actor_is_named_and_is_no_user():
    actor = system_actor("task:socialisation.reminders")
    assert is_system(actor) and actor.name == "task:socialisation.reminders" and actor.pk is None
    assert not actor.is_superuser and not actor.is_authenticated
    assert not get_scope(actor).authenticated  # a check that forgets is_system refuses
    assert not is_system(None)
    with pytest.raises(ValueError):
        system_actor("")


def test_require_actor_refuses_none():
    require_actor(system_actor("cli"))
    with pytest.raises(TypeError, match="system_actor"):
        require_actor(None)


@pytest.mark.parametrize("call", [
    lambda w: org_services.create_unit(actor=None, instance=w.a, parent=w.dinkes, name="Seksi Baru"),
    lambda w: people_services.set_active(actor=None, employee=w.staff1, active=False),
    lambda w: planning_services.create_rpjmd(actor=None, instance=w.a, title="R", start_year=2030,
                                             end_year=2034, vision="V"),
    lambda w: skp_services.ensure_period(actor=None, instance=w.a, year=2026),
    lambda w: record("organization.unit.update", w.dinkes, actor=None),
])
def test_services_and_the_audit_log_refuse_actor_none(world, call):
    before = AuditEvent.objects.count()
    with pytest.raises(TypeError, match="system_actor"):
        call(world)
    assert AuditEvent.objects.count() == before


def test_the_system_actor_passes_the_checks_that_name_it_and_is_recorded_without_a_user(world):
    actor = system_actor("cli")
    assert org_permissions.can_change_unit(actor, world.dinkes_b)
    with audit_context("cli"):
        unit = org_services.create_unit(actor=actor, instance=world.a, parent=world.dinkes, name="Seksi Baru")
    event = AuditEvent.objects.filter(action="organization.unit.create", object_id=str(unit.pk)).get()
    assert (event.actor_id, event.actor_label, event.source) == (None, "system:cli", "cli")
    assert event.actor_display == "system"
    assert build("x.y.z", actor=actor, instance_id=world.a.pk).actor_label == "system:cli"


def test_subtree_q_keeps_only_the_outermost_paths():
    assert outermost(["00010002", "0001", "00020001", "00010002", "0002000100010"]) == ["0001", "00020001"]
    assert str(subtree_q(["0001", "00010003"])) == str(subtree_q(["0001"]))
    assert "unit__path__startswith" in str(subtree_q(["0001"]))
    assert "owner_unit__path__startswith" in str(subtree_q(["0001"], "owner_unit__path"))


@pytest.mark.django_db
def test_in_subtrees_answers_in_memory_what_subtree_q_answers_in_a_query(world):
    roots = [world.p2p.path, world.disdik.path]
    in_query = set(Unit.objects.filter(subtree_q(roots, "path")).values_list("pk", flat=True))
    in_memory = {u.pk for u in Unit.objects.all() if in_subtrees(u.path, roots)}
    assert in_memory == in_query == {world.p2p.pk, world.surv.pk, world.disdik.pk}
    assert not in_subtrees(None, roots) and not in_subtrees("", roots) and not in_subtrees(world.p2p.path, [])
