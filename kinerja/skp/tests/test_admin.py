"""The SKP back office: every model is registered and renders; versions are read-only; edits are audited."""

from __future__ import annotations

import pytest
from django.contrib import admin
from django.urls import reverse

from kinerja.audit.models import AuditEvent
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
    services.create_template(actor=None, instance=world.a, name="Perawat", content=[
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
    data = {"instance": period.instance_id, "name": "Tahun 2026", "kind": "annual", "year": 2026,
            "start_date": "2026-01-01", "end_date": "2026-12-31", "deadline": "2026-02-28",
            "scoring_scheme": period.scoring_scheme}
    response = root_client.post(admin_url(Period, "change", period.pk), data)
    assert response.status_code == 302, response.content.decode()[:2000]
    assert Period.objects.get(pk=period.pk).deadline.isoformat() == "2026-02-28"
    event = AuditEvent.objects.get(action="admin.skp.period.update")
    assert event.before["deadline"] == "2026-01-31" and event.after["deadline"] == "2026-02-28"
