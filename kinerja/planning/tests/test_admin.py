"""The back office lists, searches and opens every plan model. The RPJMD and its missions are saved
through the plan services (validated, audited with real before/after, mission rows included); every
other plan model is read-only there."""

import pytest
from django.apps import apps
from django.contrib import admin
from django.urls import reverse

from kinerja.audit.models import AuditEvent
from kinerja.audit.testing import admin_form_data
from kinerja.planning.models import Mission, Rpjmd

MODELS = list(apps.get_app_config("planning").get_models())
WRITABLE = {Rpjmd, Mission}


def admin_url(model, view, *args):
    return reverse(f"admin:{model._meta.app_label}_{model._meta.model_name}_{view}", args=args)


def test_every_plan_model_is_registered():
    assert len(MODELS) == 13
    assert all(admin.site.is_registered(model) for model in MODELS)


@pytest.mark.parametrize("model", MODELS, ids=lambda m: m.__name__)
def test_changelist_search_change_and_add_pages(world, plan, client_for, model):
    client = client_for(world.u_root)
    assert client.get(admin_url(model, "changelist")).status_code == 200
    assert client.get(admin_url(model, "changelist"), {"q": "a"}).status_code == 200
    obj = model.objects.order_by("pk").first()
    assert client.get(admin_url(model, "change", obj.pk)).status_code == 200
    assert client.get(admin_url(model, "add")).status_code == (200 if model in WRITABLE else 403)


@pytest.fixture
def root(world, client_for):
    return client_for(world.u_root)


def rpjmd_form(root, plan):
    return admin_form_data(root.get(admin_url(Rpjmd, "change", plan.rpjmd.pk)))


def test_rpjmd_and_mission_rows_saved_in_the_back_office_are_audited_with_before_and_after(root, plan, world):
    last = AuditEvent.objects.order_by("-pk").values_list("pk", flat=True).first()
    data = rpjmd_form(root, plan)
    rows = {data[f"missions-{i}-id"]: i for i in range(3)}
    data["title"] = "RPJMD Kota Alpha 2025–2029 (perubahan)"
    data[f"missions-{rows[plan.m2.pk]}-text"] = "Mewujudkan tata kelola pemerintahan yang bersih"
    data[f"missions-{rows[plan.m3.pk]}-DELETE"] = "on"
    data.update({"missions-TOTAL_FORMS": 4, "missions-3-number": "4", "missions-3-text": "Misi baru",
                 "missions-3-rpjmd": plan.rpjmd.pk})
    response = root.post(admin_url(Rpjmd, "change", plan.rpjmd.pk), data)
    assert response.status_code == 302, response.context["adminform"].form.errors

    rpjmd = AuditEvent.objects.get(source="admin", action="planning.rpjmd.update", object_id=str(plan.rpjmd.pk))
    assert rpjmd.before["title"] == "RPJMD Kota Alpha 2025–2029"
    assert rpjmd.after["title"] == "RPJMD Kota Alpha 2025–2029 (perubahan)"
    mission = AuditEvent.objects.get(source="admin", action="planning.mission.update", object_id=str(plan.m2.pk))
    assert mission.before["text"] == "Mewujudkan tata kelola pemerintahan yang baik"
    assert mission.after["text"] == "Mewujudkan tata kelola pemerintahan yang bersih"
    assert AuditEvent.objects.get(source="admin", action="planning.mission.delete").before["id"] == plan.m3.pk
    created = AuditEvent.objects.get(source="admin", action="planning.mission.create")
    assert created.before is None and created.after["text"] == "Misi baru" and created.after["number"] == 4
    events = AuditEvent.objects.filter(pk__gt=last)
    assert events.count() == 4
    assert {e.source for e in events} == {"admin"} and {e.actor_id for e in events} == {world.u_root.pk}
    assert list(Mission.objects.filter(rpjmd=plan.rpjmd).values_list("number", "text")) == [
        (1, "Meningkatkan kualitas sumber daya manusia"), (2, "Mewujudkan tata kelola pemerintahan yang bersih"),
        (4, "Misi baru")]


@pytest.mark.parametrize("change, message", [
    ({"end_year": "2024"}, "year"),  # before the first year: the service's year-range check
    ({"missions-1-text": "   "}, "Mission 2"),  # an empty mission row: the service refuses blank text
    ({"missions-1-number": "1"}, "Mission"),  # the number of another row
    ({"missions-0-DELETE": "on"}, "protected"),  # a mission goals still serve
], ids=["years", "blank-row", "duplicate-number", "protected-row"])
def test_back_office_refuses_what_the_service_refuses_and_writes_nothing(root, plan, unchanged, change, message):
    data = rpjmd_form(root, plan) | {"title": "Changed too"} | change
    with unchanged():
        response = root.post(admin_url(Rpjmd, "change", plan.rpjmd.pk), data)
    assert response.status_code == 200
    html = response.content.decode()
    assert "errornote" in html and message in html
    assert "Changed too" in html  # the user's input is kept


def test_rpjmd_added_in_the_back_office_goes_through_the_service(root, world, unchanged):
    page = root.get(admin_url(Rpjmd, "add"))
    data = admin_form_data(page) | {"instance": world.b.pk, "title": "RPJMD Kota Beta", "start_year": "2040",
                                    "end_year": "2044", "vision": "Beta maju"}
    data |= {"missions-TOTAL_FORMS": 1, "missions-0-number": "", "missions-0-text": "Misi pertama"}
    assert root.post(admin_url(Rpjmd, "add"), data).status_code == 302
    rpjmd = Rpjmd.objects.get(instance=world.b, start_year=2040)
    assert AuditEvent.objects.get(source="admin", action="planning.rpjmd.create").after["vision"] == "Beta maju"
    assert list(rpjmd.missions.values_list("number", "text")) == [(1, "Misi pertama")]
    # overlapping years of the same instance: the service's rule, nothing written
    with unchanged():
        response = root.post(admin_url(Rpjmd, "add"), data | {"title": "Lagi", "start_year": "2042",
                                                              "end_year": "2046"})
    assert response.status_code == 200 and "overlap" in response.content.decode()


@pytest.mark.parametrize("model", sorted(set(MODELS) - WRITABLE, key=lambda m: m.__name__), ids=lambda m: m.__name__)
def test_other_plan_models_are_read_only(root, plan, unchanged, model):
    obj = model.objects.order_by("pk").first()
    with unchanged():
        assert root.post(admin_url(model, "change", obj.pk), {}).status_code == 403
        assert root.post(admin_url(model, "delete", obj.pk), {"post": "yes"}).status_code == 403
        assert root.post(admin_url(model, "add"), {}).status_code == 403


def test_back_office_deletes_go_through_the_service(root, plan, unchanged):
    with unchanged():  # goals still serve the RPJMD's missions: refused, nothing written
        root.post(admin_url(Rpjmd, "delete", plan.rpjmd.pk), {"post": "yes"})
    assert Rpjmd.objects.filter(pk=plan.rpjmd.pk).exists()
    response = root.post(admin_url(Mission, "delete", plan.m3.pk), {"post": "yes"})
    assert response.status_code == 302 and not Mission.objects.filter(pk=plan.m3.pk).exists()
    event = AuditEvent.objects.get(source="admin", action="planning.mission.delete")
    assert event.before["text"] == "Membangun infrastruktur yang merata" and event.after is None


def test_mission_page_saves_through_the_service(root, plan, unchanged):
    url = admin_url(Mission, "change", plan.m3.pk)
    data = admin_form_data(root.get(url))
    with unchanged():
        response = root.post(url, data | {"number": "1"})  # mission 1 exists: the service's rule
        assert response.status_code == 200 and "already exists" in response.content.decode()
    assert root.post(url, data | {"text": "Membangun infrastruktur yang merata dan hijau"}).status_code == 302
    event = AuditEvent.objects.get(source="admin", action="planning.mission.update")
    assert event.before["text"] == "Membangun infrastruktur yang merata"
    assert event.after["text"] == "Membangun infrastruktur yang merata dan hijau"
