"""The Django back office: every model is registered and renders; the audit log is read-only;
back-office writes are audited."""

import pytest
from django.contrib import admin
from django.urls import reverse

from kinerja.accounts.models import ApiToken, RoleGrant, User
from kinerja.accounts.services import create_token
from kinerja.audit.models import AuditEvent
from kinerja.organization.models import Instance, Position, Unit
from kinerja.people.models import Assignment, Employee, GradeHistory

MODELS = [Instance, Unit, Position, Employee, Assignment, GradeHistory, User, RoleGrant, ApiToken, AuditEvent]


def admin_url(model, view, *args):
    return reverse(f"admin:{model._meta.app_label}_{model._meta.model_name}_{view}", args=args)


def test_every_model_is_registered():
    assert all(admin.site.is_registered(model) for model in MODELS)


@pytest.fixture
def root_client(world, client_for):
    create_token(actor=None, user=world.u_staff1, name="laptop")
    return client_for(world.u_root)


@pytest.mark.parametrize("model", MODELS, ids=lambda m: m.__name__)
def test_changelist_search_and_change_pages(root_client, model):
    assert root_client.get(admin_url(model, "changelist")).status_code == 200
    assert root_client.get(admin_url(model, "changelist"), {"q": "a"}).status_code == 200
    obj = model.objects.order_by("pk").first()
    assert root_client.get(admin_url(model, "change", obj.pk)).status_code == 200


@pytest.mark.parametrize("model", [Instance, Unit, Position, Employee, Assignment, GradeHistory, User, RoleGrant],
                         ids=lambda m: m.__name__)
def test_add_pages(root_client, model):
    assert root_client.get(admin_url(model, "add")).status_code == 200


def test_unit_tree_admin_lists_a_level_and_its_children(root_client, world):
    response = root_client.get(admin_url(Unit, "changelist"))
    assert "Dinas Kesehatan" in response.content.decode()
    children = root_client.get(admin_url(Unit, "changelist") + f"children/{world.dinkes.pk}/")
    assert children.status_code == 200 and "Bidang P2P" in children.json()["result_html"]


def test_audit_log_is_read_only(root_client):
    event = AuditEvent.objects.order_by("pk").first()
    assert root_client.get(admin_url(AuditEvent, "add")).status_code == 403
    assert root_client.get(admin_url(AuditEvent, "delete", event.pk)).status_code == 403
    response = root_client.post(admin_url(AuditEvent, "change", event.pk), {"action": "forged"})
    assert response.status_code == 403
    event.refresh_from_db()
    assert event.action != "forged"


def test_tokens_are_not_issued_in_the_back_office(root_client):
    assert root_client.get(admin_url(ApiToken, "add")).status_code == 403


def test_back_office_change_is_audited(root_client, world):
    response = root_client.post(admin_url(Instance, "change", world.a.pk), {
        "name": "Pemerintah Kota Alpha Raya", "slug": "alpha", "region": "Alpha", "code": "", "is_active": "on"})
    assert response.status_code == 302
    event = AuditEvent.objects.get(action="admin.organization.instance.update")
    assert event.before["name"] == "Pemerintah Kota Alpha" and event.after["name"] == "Pemerintah Kota Alpha Raya"
    assert event.actor == world.u_root and event.source == "admin"


def test_back_office_unit_add_uses_the_tree_form(root_client, world):
    response = root_client.post(admin_url(Unit, "add"), {
        "instance": world.a.pk, "name": "Seksi Imunisasi", "short_name": "", "kind": "seksi", "code": "",
        "siasn_id": "", "address": "", "is_active": "on",
        "treebeard_position": "first-child", "treebeard_ref_node": world.p2p.pk,
    })
    assert response.status_code == 302, response.context["adminform"].form.errors
    unit = Unit.objects.get(name="Seksi Imunisasi")
    assert Unit.objects.get_parent(unit) == world.p2p
    assert AuditEvent.objects.filter(action="admin.organization.unit.create", object_id=str(unit.pk)).exists()


def test_staff_without_superuser_rights_sees_no_models(world, client_for):
    world.u_staff1.is_staff = True
    world.u_staff1.save()
    client = client_for(world.u_staff1)
    assert client.get(admin_url(Employee, "changelist")).status_code == 403
    assert client_for(world.u_staff2).get(admin_url(Employee, "changelist")).status_code == 302
