"""The back office lists and opens every socialisation model."""

from __future__ import annotations

import pytest
from django.urls import reverse

from kinerja.socialisation import services
from kinerja.socialisation.models import Acknowledgement, Item, ReminderBatch

from .conftest import pdf, published

pytestmark = pytest.mark.django_db


def test_back_office_pages(world, client_for, django_capture_on_commit_callbacks):
    item = published(world, units=[world.surv], files=[pdf()])
    services.acknowledge(actor=world.u_staff1, item=item)
    with django_capture_on_commit_callbacks(execute=True):
        batch = services.send_reminders(actor=world.u_admin_bkpsdm, item=item)
    client = client_for(world.u_root)
    for model, obj in ((Item, item), (Acknowledgement, Acknowledgement.objects.get()), (ReminderBatch, batch)):
        name = model._meta.model_name
        changelist = client.get(reverse(f"admin:socialisation_{name}_changelist"))
        assert changelist.status_code == 200, name
        assert client.get(reverse(f"admin:socialisation_{name}_change", args=[obj.pk])).status_code == 200, name
    html = client.get(reverse("admin:socialisation_item_change", args=[item.pk])).content.decode()
    assert "Seksi Surveilans" in html and "PermenPANRB-6-2022.pdf" in html
    assert client_for(world.u_admin_bkpsdm).get(reverse("admin:socialisation_item_changelist")).status_code == 302
