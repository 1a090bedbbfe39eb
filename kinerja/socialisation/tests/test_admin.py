"""The back office lists and opens every socialisation model."""

from __future__ import annotations

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from kinerja.audit.models import AuditEvent
from kinerja.socialisation import services
from kinerja.socialisation.models import Acknowledgement, Attachment, Item, ItemAudience, ReminderBatch

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


def test_items_and_their_attachments_are_read_only_in_the_back_office(world, client_for):
    """Attachments are checked by content in the service; the back office offers no second way in."""
    item = published(world, units=[world.surv], files=[pdf()])
    client = client_for(world.u_root)
    url = reverse("admin:socialisation_item_change", args=[item.pk])
    assert 'name="attachments-0-file"' not in client.get(url).content.decode()
    fake = SimpleUploadedFile("evil.pdf", b"MZ\x90\x00 not a pdf", content_type="application/pdf")
    before = (Attachment.objects.count(), AuditEvent.objects.count(), ItemAudience.objects.count())
    response = client.post(url, {"title": "forged", "attachments-TOTAL_FORMS": "1",
                                 "attachments-INITIAL_FORMS": "0", "attachments-0-name": "evil.pdf",
                                 "attachments-0-file": fake})
    assert response.status_code == 403
    assert client.post(reverse("admin:socialisation_item_add"), {"title": "x"}).status_code == 403
    assert client.post(reverse("admin:socialisation_item_delete", args=[item.pk]), {"post": "yes"}).status_code == 403
    item.refresh_from_db()
    assert item.title != "forged"
    assert (Attachment.objects.count(), AuditEvent.objects.count(), ItemAudience.objects.count()) == before
    for model in (Acknowledgement, ReminderBatch):
        assert client.get(reverse(f"admin:socialisation_{model._meta.model_name}_add")).status_code == 403
