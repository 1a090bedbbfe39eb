"""The SKP back office: every model is registered and renders; SKPs, their content, templates and
versions are read-only there (the app's services write them); settings and periods are validated and
audited with their real before/after."""

from __future__ import annotations

import pytest
from django.contrib import admin
from django.urls import reverse

from kinerja.audit.models import AuditEvent
from kinerja.audit.testing import admin_form_data
from kinerja.core.testing import SYSTEM
from kinerja.skp import services
from kinerja.skp.models import Iki, Period, Rhk, Skp, SkpSettings, SkpTemplate, SkpVersion

from .conftest import approved_skp

MODELS = [SkpSettings, Period, Skp, Rhk, SkpTemplate, SkpVersion]


def admin_url(model, view, *args):
    return reverse(f"admin:{model._meta.app_label}_{model._meta.model_name}_{view}", args=args)


@pytest.fixture
def root_client(world, period, client_for):
    SkpSettings.objects.create(instance=world.a)
    approved_skp(world, period, world.staff1, world.u_staff1, world.u_kasi_surv)
    services.create_template(actor=SYSTEM, instance=world.a, name="Perawat", content=[
        {"text": "Asuhan", "ikis": [{"text": "Pasien", "aspect": "kuantitas", "target_value": 5,
                                     "measure_unit": "orang"}]}])
    return client_for(world.u_root)


def test_every_model_is_registered():
    assert all(admin.site.is_registered(model) for model in MODELS)
    assert not admin.site.is_registered(Iki)  # edited inline on its RHK


@pytest.mark.parametrize("model", MODELS, ids=lambda m: m.__name__)
def test_changelist_search_and_change_pages(root_client, model):
    assert root_client.get(admin_url(model, "changelist")).status_code == 200
    assert root_client.get(admin_url(model, "changelist"), {"q": "a"}).status_code == 200
    obj = model.objects.order_by("pk").first()
    response = root_client.get(admin_url(model, "change", obj.pk))
    assert response.status_code == 200


def test_skp_page_shows_its_content_and_keeps_the_workflow_read_only(root_client):
    skp = Skp.objects.get()
    html = root_client.get(admin_url(Skp, "change", skp.pk)).content.decode()
    assert "Tersedianya data surveilans" in html and 'name="status"' not in html
    assert 'name="lock_version"' not in html


def test_versions_cannot_be_added_changed_or_deleted(root_client):
    version = SkpVersion.objects.first()
    assert root_client.get(admin_url(SkpVersion, "add")).status_code == 403
    assert root_client.post(admin_url(SkpVersion, "delete", version.pk), {"post": "yes"}).status_code == 403
    assert SkpVersion.objects.filter(pk=version.pk).exists()


def test_back_office_period_edit_is_audited(root_client, period):
    data = admin_form_data(root_client.get(admin_url(Period, "change", period.pk)))
    response = root_client.post(admin_url(Period, "change", period.pk), data | {"deadline": "2026-02-28"})
    assert response.status_code == 302, response.context["adminform"].form.errors
    assert Period.objects.get(pk=period.pk).deadline.isoformat() == "2026-02-28"
    event = AuditEvent.objects.get(action="admin.skp.period.update")
    assert event.before["deadline"] == "2026-01-31" and event.after["deadline"] == "2026-02-28"
    assert event.source == "admin"


@pytest.mark.parametrize("bad", [{"deadline": "2025-12-31"}, {"end_date": "2025-06-30"}, {"year": "2027"}],
                         ids=["deadline-before-start", "ends-before-start", "year-not-the-start"])
def test_back_office_period_refuses_bad_dates(root_client, period, bad):
    data = admin_form_data(root_client.get(admin_url(Period, "change", period.pk)))
    events = AuditEvent.objects.count()
    response = root_client.post(admin_url(Period, "change", period.pk), data | bad)
    assert response.status_code == 200 and "errornote" in response.content.decode()
    assert Period.objects.get(pk=period.pk).deadline.isoformat() == "2026-01-31"
    assert AuditEvent.objects.count() == events


def test_back_office_settings_are_validated_and_audited(root_client, world):
    settings_row = SkpSettings.objects.get(instance=world.a)
    url = admin_url(SkpSettings, "change", settings_row.pk)
    data = admin_form_data(root_client.get(url))
    for bad in ({"deadline_day": "32"}, {"deadline_day": "0"}, {"deadline_months_after_start": "12"}):
        assert root_client.post(url, data | bad).status_code == 200, bad
    assert not AuditEvent.objects.filter(action__startswith="admin.skp.").exists()
    assert root_client.post(url, data | {"deadline_day": "15"}).status_code == 302
    event = AuditEvent.objects.get(action="admin.skp.skpsettings.update")
    assert event.before["deadline_day"] == 31 and event.after["deadline_day"] == 15


@pytest.mark.parametrize("model", [Skp, Rhk, SkpTemplate, SkpVersion], ids=lambda m: m.__name__)
def test_skp_content_is_read_only_in_the_back_office(root_client, model):
    obj = model.objects.order_by("pk").first()
    events = AuditEvent.objects.count()
    html = root_client.get(admin_url(model, "change", obj.pk)).content.decode()
    assert 'name="_save"' not in html
    assert root_client.post(admin_url(model, "change", obj.pk), {"text": "forged", "name": "forged"}).status_code == 403
    assert root_client.post(admin_url(model, "delete", obj.pk), {"post": "yes"}).status_code == 403
    assert root_client.get(admin_url(model, "add")).status_code == 403
    assert model.objects.filter(pk=obj.pk).exists() and AuditEvent.objects.count() == events


def test_rhk_rows_of_an_skp_cannot_be_changed_through_its_inline(root_client):
    skp = Skp.objects.get()
    before = list(Rhk.objects.filter(skp=skp).values_list("pk", "text"))
    page = root_client.get(admin_url(Skp, "change", skp.pk))
    assert 'name="rhk_set-0-text"' not in page.content.decode()
    data = {"rhk_set-TOTAL_FORMS": "1", "rhk_set-INITIAL_FORMS": "1", "rhk_set-0-id": before[0][0],
            "rhk_set-0-text": "forged"}
    assert root_client.post(admin_url(Skp, "change", skp.pk), data).status_code == 403
    assert list(Rhk.objects.filter(skp=skp).values_list("pk", "text")) == before
