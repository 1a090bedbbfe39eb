"""Back office: the reporting settings are set there (validated, audited); reports and evidence are read-only."""

from __future__ import annotations

from datetime import date

import pytest
from django.contrib import admin
from django.urls import reverse

from kinerja.audit.models import AuditEvent
from kinerja.audit.testing import admin_form_data
from kinerja.progress import services
from kinerja.progress.models import Evidence, Report, ReportingSettings


def admin_url(model, view, *args):
    return reverse(f"admin:{model._meta.app_label}_{model._meta.model_name}_{view}", args=args)


@pytest.fixture
def root_client(world, client_for):
    return client_for(world.u_root)


def test_reporting_settings_are_validated_and_audited(root_client, world):
    url = admin_url(ReportingSettings, "add")
    data = admin_form_data(root_client.get(url)) | {"instance": world.a.pk}
    for bad in ({"deadline_day": "29"}, {"max_upload_mb": "0"}, {"max_upload_mb": "101"}, {"cadence": "weekly"}):
        assert root_client.post(url, data | bad).status_code == 200, bad
    assert not ReportingSettings.objects.exists()
    assert root_client.post(url, data | {"cadence": "quarterly", "max_upload_mb": "5"}).status_code == 302
    row = ReportingSettings.objects.get()
    assert (row.cadence, row.max_upload_mb) == ("quarterly", 5)
    event = AuditEvent.objects.get(action="admin.progress.reportingsettings.create")
    assert event.after["cadence"] == "quarterly" and event.source == "admin"


@pytest.mark.parametrize("model", [Report, Evidence], ids=lambda m: m.__name__)
def test_reports_and_evidence_are_read_only(root_client, world, k, model):
    report = services.save_report(actor=world.u_staff1, iki=k.iki, period_start=date(2026, 1, 1), value="3")
    services.add_evidence(actor=world.u_staff1, report=report, url="https://example.org/x")
    obj = model.objects.first()
    model_admin = admin.site._registry[model]
    request = root_client.get(admin_url(model, "changelist")).wsgi_request
    assert not model_admin.has_add_permission(request) and not model_admin.has_delete_permission(request, obj)
    assert root_client.get(admin_url(model, "change", obj.pk)).status_code == 200
