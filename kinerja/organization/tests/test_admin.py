"""The Django back office: every model is registered and renders; the audit log is read-only;
back-office writes go through the services (instances, role grants, token revocation) or are audited
with their real before/after (users); units, positions and people are read-only there."""

import pytest
from django.contrib import admin
from django.urls import reverse

from kinerja.accounts.models import ApiToken, RoleGrant, User
from kinerja.accounts.services import create_token
from kinerja.audit.models import AuditEvent
from kinerja.audit.testing import admin_form_data
from kinerja.core.testing import SYSTEM
from kinerja.organization.models import Instance, Position, Unit
from kinerja.people.models import Assignment, Employee, GradeHistory

MODELS = [Instance, Unit, Position, Employee, Assignment, GradeHistory, User, RoleGrant, ApiToken, AuditEvent]


def admin_url(model, view, *args):
    return reverse(f"admin:{model._meta.app_label}_{model._meta.model_name}_{view}", args=args)


def test_every_model_is_registered():
    assert all(admin.site.is_registered(model) for model in MODELS)


@pytest.fixture
def root_client(world, client_for):
    create_token(actor=SYSTEM, user=world.u_staff1, name="laptop")
    return client_for(world.u_root)


@pytest.mark.parametrize("model", MODELS, ids=lambda m: m.__name__)
def test_changelist_search_and_change_pages(root_client, model):
    assert root_client.get(admin_url(model, "changelist")).status_code == 200
    assert root_client.get(admin_url(model, "changelist"), {"q": "a"}).status_code == 200
    obj = model.objects.order_by("pk").first()
    assert root_client.get(admin_url(model, "change", obj.pk)).status_code == 200


@pytest.mark.parametrize("model", [Instance, User, RoleGrant], ids=lambda m: m.__name__)
def test_add_pages(root_client, model):
    assert root_client.get(admin_url(model, "add")).status_code == 200


@pytest.mark.parametrize("model", [Unit, Position, Employee, Assignment, GradeHistory], ids=lambda m: m.__name__)
def test_models_written_in_the_app_are_read_only_here(root_client, model):
    obj = model.objects.order_by("pk").first()
    events = AuditEvent.objects.count()
    assert root_client.get(admin_url(model, "add")).status_code == 403
    assert root_client.post(admin_url(model, "add"), {"name": "x"}).status_code == 403
    assert root_client.post(admin_url(model, "change", obj.pk), {"name": "x"}).status_code == 403
    assert root_client.post(admin_url(model, "delete", obj.pk), {"post": "yes"}).status_code == 403
    assert model.objects.filter(pk=obj.pk).exists() and AuditEvent.objects.count() == events
    assert "delete_selected" not in root_client.get(admin_url(model, "changelist")).content.decode()


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


def test_back_office_instance_change_goes_through_the_service(root_client, world):
    data = admin_form_data(root_client.get(admin_url(Instance, "change", world.a.pk)))
    response = root_client.post(admin_url(Instance, "change", world.a.pk),
                                data | {"name": "Pemerintah Kota Alpha Raya"})
    assert response.status_code == 302
    event = AuditEvent.objects.get(action="organization.instance.update")
    assert event.before["name"] == "Pemerintah Kota Alpha" and event.after["name"] == "Pemerintah Kota Alpha Raya"
    assert event.actor == world.u_root and event.source == "admin"


def test_back_office_instance_refuses_bad_values_and_writes_nothing(root_client, world):
    data = admin_form_data(root_client.get(admin_url(Instance, "change", world.a.pk)))
    events = AuditEvent.objects.count()
    for bad in ({"slug": "beta"}, {"name": "  "}, {"slug": "bukan slug!"}):
        response = root_client.post(admin_url(Instance, "change", world.a.pk), data | bad)
        assert response.status_code == 200 and "errornote" in response.content.decode(), bad
    world.a.refresh_from_db()
    assert (world.a.name, world.a.slug) == ("Pemerintah Kota Alpha", "alpha")
    assert AuditEvent.objects.count() == events


def test_back_office_instance_add_goes_through_the_service(root_client):
    data = admin_form_data(root_client.get(admin_url(Instance, "add")))
    data |= {"name": "Pemerintah Kota Gamma", "slug": "gamma", "region": "Gamma"}
    assert root_client.post(admin_url(Instance, "add"), data).status_code == 302
    event = AuditEvent.objects.get(action="organization.instance.create", object_label="Pemerintah Kota Gamma")
    assert event.source == "admin" and event.after["slug"] == "gamma"


def test_unit_tree_cannot_be_rearranged_by_drag_and_drop(root_client, world):
    path = world.disdik.path
    response = root_client.post(admin_url(Unit, "changelist") + "move/", {
        "node_id": world.disdik.pk, "sibling_id": world.p2p.pk, "as_child": "1"})
    assert response.status_code == 403
    world.disdik.refresh_from_db()
    assert world.disdik.path == path


def test_role_grant_goes_through_the_service(root_client, world):
    response = root_client.post(admin_url(RoleGrant, "add"), {
        "user": world.u_staff1.pk, "role": "admin_opd", "unit": world.surv.pk})
    assert response.status_code == 302, response.context["adminform"].form.errors
    grant = RoleGrant.objects.get(user=world.u_staff1)
    event = AuditEvent.objects.get(action="accounts.role.grant", object_id=str(grant.pk))
    assert event.before is None and event.after["role"] == "admin_opd" and event.source == "admin"
    assert grant.granted_by == world.u_root
    # the change page offers nothing to change; revoking is the service's revoke
    assert root_client.post(admin_url(RoleGrant, "change", grant.pk), {"role": "auditor"}).status_code == 403
    assert root_client.post(admin_url(RoleGrant, "delete", grant.pk), {"post": "yes"}).status_code == 302
    assert not RoleGrant.objects.filter(pk=grant.pk).exists()
    assert AuditEvent.objects.get(action="accounts.role.revoke").before["role"] == "admin_opd"


@pytest.mark.parametrize("data, message", [
    ({"role": "admin_opd", "unit": "dinkes_b"}, "another instance"),
    ({"role": "admin_opd", "unit": ""}, "needs a unit"),
    ({"role": "auditor", "unit": "", "user": "u_root"}, "no instance roles"),
], ids=["unit-of-another-instance", "unit-missing", "platform-operator"])
def test_role_grant_refused_by_the_service_writes_nothing(root_client, world, data, message):
    post = {"user": getattr(world, data.get("user", "u_staff1")).pk, "role": data["role"],
            "unit": getattr(world, data["unit"]).pk if data["unit"] else ""}
    events = AuditEvent.objects.count()
    response = root_client.post(admin_url(RoleGrant, "add"), post)
    assert response.status_code == 200 and message in response.content.decode()
    assert not RoleGrant.objects.filter(user_id=post["user"], role=data["role"]).exists()
    assert AuditEvent.objects.count() == events


def test_token_is_revoked_through_the_service_and_stays_revoked(root_client, world):
    token = ApiToken.objects.get()
    data = admin_form_data(root_client.get(admin_url(ApiToken, "change", token.pk)))
    assert root_client.post(admin_url(ApiToken, "change", token.pk), data | {"revoked": "on"}).status_code == 302
    event = AuditEvent.objects.get(action="accounts.token.revoke")
    assert event.before["revoked"] is False and event.after["revoked"] is True and "digest" not in event.after
    data = admin_form_data(root_client.get(admin_url(ApiToken, "change", token.pk)))
    data.pop("revoked")
    response = root_client.post(admin_url(ApiToken, "change", token.pk), data)
    assert response.status_code == 200 and "stays revoked" in response.content.decode()
    token.refresh_from_db()
    assert token.revoked and AuditEvent.objects.filter(action__contains="token").count() == 2
    assert root_client.post(admin_url(ApiToken, "delete", token.pk), {"post": "yes"}).status_code == 403


def test_user_change_is_audited_with_real_before_and_after(root_client, world):
    data = admin_form_data(root_client.get(admin_url(User, "change", world.u_staff2.pk)))
    response = root_client.post(admin_url(User, "change", world.u_staff2.pk), data | {"email": "s2@alpha.go.id"})
    assert response.status_code == 302, response.context["adminform"].form.errors
    event = AuditEvent.objects.get(action="admin.accounts.user.update")
    assert event.before["email"] == "" and event.after["email"] == "s2@alpha.go.id"
    assert event.before["inline_rows"] == event.after["inline_rows"] == {"accounts.rolegrant": []}
    assert "password" not in event.after and event.source == "admin"


def test_user_with_an_employee_of_another_instance_is_refused(root_client, world):
    data = admin_form_data(root_client.get(admin_url(User, "change", world.u_staff2.pk)))
    events = AuditEvent.objects.count()
    response = root_client.post(admin_url(User, "change", world.u_staff2.pk), data | {"employee": world.staff_b.pk})
    assert response.status_code == 200 and "another instance" in response.content.decode()
    world.u_staff2.refresh_from_db()
    assert world.u_staff2.employee == world.staff2 and AuditEvent.objects.count() == events


def test_staff_without_superuser_rights_sees_no_models(world, client_for):
    world.u_staff1.is_staff = True
    world.u_staff1.save()
    client = client_for(world.u_staff1)
    assert client.get(admin_url(Employee, "changelist")).status_code == 403
    assert client_for(world.u_staff2).get(admin_url(Employee, "changelist")).status_code == 302


def test_only_platform_operators_change_instances(world):
    from django.core.exceptions import PermissionDenied

    from kinerja.organization.services import update_instance

    with pytest.raises(PermissionDenied):
        update_instance(actor=world.u_admin_bkpsdm, instance=world.a, name="Kota Alpha Baru")
    world.a.refresh_from_db()
    assert world.a.name == "Pemerintah Kota Alpha"
