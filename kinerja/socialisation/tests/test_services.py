"""Socialisation services: rules, scope, bad input, idempotency, nothing half-written."""

from __future__ import annotations

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile

from kinerja.audit.models import AuditEvent
from kinerja.core.errors import error_dict
from kinerja.core.testing import SYSTEM
from kinerja.socialisation import services
from kinerja.socialisation.models import Acknowledgement, Attachment, Item, ItemAudience, ReminderBatch, Status

from .conftest import docx, docx_bytes, draft, image_bytes, pdf, published

pytestmark = pytest.mark.django_db


def errors(exc_info) -> dict:
    return error_dict(exc_info.value)


def test_create_draft_with_audience_and_attachments(world, _media_root):
    item = draft(world, units=[world.surv, world.p2p, world.yankes], files=[pdf(), docx()])
    assert item.status == Status.DRAFT and item.published_at is None
    # Seksi Surveilans lies under Bidang P2P: the audience keeps the covering unit only
    assert sorted(item.audience.values_list("unit__name", flat=True)) == ["Bidang P2P", "Bidang Pelayanan Kesehatan"]
    assert item.owner_unit is None  # published by BKPSDM
    files = list(item.attachments.order_by("id"))
    assert [f.name for f in files] == ["PermenPANRB-6-2022.pdf", "Panduan SKP 2026.docx"]
    assert files[0].content_type == "application/pdf" and files[0].size > 0
    stored = _media_root / files[0].file.name
    assert stored.exists() and stored.read_bytes().startswith(b"%PDF-")
    assert "PermenPANRB" not in files[0].file.name  # stored under a random name
    event = AuditEvent.objects.get(action="socialisation.item.create")
    assert event.after["title"] == "Panduan penyusunan SKP 2026"
    assert event.after["attachments"] == ["PermenPANRB-6-2022.pdf", "Panduan SKP 2026.docx"]


def test_opd_admin_publishes_inside_their_subtree(world):
    item = draft(world, actor=world.u_admin_opd, units=[world.surv, world.yankes])
    assert item.owner_unit == world.dinkes
    with pytest.raises(ValidationError) as exc:
        draft(world, actor=world.u_admin_opd, units=[world.disdik])
    assert errors(exc)["units"] == ["You may only address units inside the unit you manage."]
    with pytest.raises(ValidationError) as exc:
        draft(world, actor=world.u_admin_opd, whole=True)
    assert "units" in errors(exc)


def test_opd_item_stays_inside_its_unit_even_for_bkpsdm(world):
    item = draft(world, actor=world.u_admin_opd, units=[world.surv])
    with pytest.raises(ValidationError) as exc:
        services.update_item(actor=world.u_admin_bkpsdm, item=item, units=[world.disdik])
    assert errors(exc)["units"] == ["Dinas Pendidikan lie outside Dinas Kesehatan."]
    with pytest.raises(ValidationError) as exc:
        services.update_item(actor=world.u_admin_bkpsdm, item=item, whole_instance=True)
    assert "whole_instance" in errors(exc)


@pytest.mark.parametrize(("field", "kwargs", "message"), [
    ("title", {"title": "   "}, "Title is required."),
    ("title", {"title": "x" * 201}, "Title is at most 200 characters."),
    ("body", {"body": "\n \n"}, "The text is required."),
    ("category", {"category": "gossip"}, "Choose policy, guide or change."),
    ("units", {"units": []}, "Choose the units to address, or the whole instance."),
])
def test_bad_input_names_the_field(world, field, kwargs, message):
    with pytest.raises(ValidationError) as exc:
        draft(world, **kwargs)
    assert errors(exc) == {field: [message]}
    assert not Item.objects.exists() and not AuditEvent.objects.filter(action__startswith="socialisation").exists()


def test_audience_unit_of_another_instance(world):
    with pytest.raises(ValidationError) as exc:
        draft(world, units=[world.surv, world.dinkes_b])
    assert errors(exc) == {"units": ["Dinas Kesehatan B belongs to another instance."]}
    assert not Item.objects.exists()


@pytest.mark.parametrize(("upload", "code", "message"), [
    (SimpleUploadedFile("virus.exe", b"MZ\x90\x00", content_type="application/octet-stream"), "file_type",
     "“virus.exe”: only PDF, DOCX, XLSX, PPTX, PNG, JPG files can be attached."),
    # an HTML page renamed .pdf: the shared checker (core/uploads.py) names what it really is
    (SimpleUploadedFile("fake.pdf", b"<html>not a pdf</html>", content_type="application/pdf"), "file_content",
     "“fake.pdf” is an SVG or HTML file; these may contain scripts and are not accepted. "
     "Send a PDF or an image instead."),
    (SimpleUploadedFile("kosong.pdf", b"", content_type="application/pdf"), "file_empty", "“kosong.pdf” is empty."),
    # content that is no program nor markup, but not what the name says
    (SimpleUploadedFile("fake.pdf", b"just some text, not a document\n", content_type="application/pdf"),
     "file_content", "“fake.pdf” is not a real PDF file."),
    (SimpleUploadedFile("foto.pdf", image_bytes("PNG"), content_type="application/pdf"), "file_content",
     "“foto.pdf” is not a real PDF file."),
    (SimpleUploadedFile("Panduan.docx", docx_bytes(with_content_types=False)), "file_content",
     "“Panduan.docx” is not a real DOCX file."),
    # programs renamed to an accepted extension
    (SimpleUploadedFile("Laporan Triwulan.pdf", b"MZ\x90\x00\x03" + b"\x00" * 100, content_type="application/pdf"),
     "file_content", "“Laporan Triwulan.pdf” is a program, not a document; it cannot be accepted."),
    (SimpleUploadedFile("jadwal.xlsx", b"\x7fELF\x02\x01\x01" + b"\x00" * 100), "file_content",
     "“jadwal.xlsx” is a program, not a document; it cannot be accepted."),
    (SimpleUploadedFile("foto.jpg", b"#!/bin/sh\nrm -rf /\n", content_type="image/jpeg"), "file_content",
     "“foto.jpg” is a program, not a document; it cannot be accepted."),
    # HTML and SVG (they may carry scripts), whatever they are called
    (SimpleUploadedFile("pengumuman.pdf", b"<!DOCTYPE html><html><body><script>alert(1)</script></body></html>",
                        content_type="application/pdf"), "file_content",
     "“pengumuman.pdf” is an SVG or HTML file; these may contain scripts and are not accepted. "
     "Send a PDF or an image instead."),
    (SimpleUploadedFile("logo.png", b'<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>',
                        content_type="image/png"), "file_content",
     "“logo.png” is an SVG or HTML file; these may contain scripts and are not accepted. "
     "Send a PDF or an image instead."),
    (SimpleUploadedFile("pengumuman.html", b"<html><body>hi</body></html>", content_type="text/html"), "file_type",
     "“pengumuman.html”: only PDF, DOCX, XLSX, PPTX, PNG, JPG files can be attached."),
    # images must decode
    (SimpleUploadedFile("foto.png", b"\x89PNG\r\n\x1a\n" + b"\x00" * 64, content_type="image/png"), "file_content",
     "“foto.png” is damaged or not what it claims to be."),
])
def test_bad_attachment_type(world, _media_root, upload, code, message):
    with pytest.raises(ValidationError) as exc:
        draft(world, files=[pdf(), upload])
    assert errors(exc) == {"attachments": [message]}
    assert exc.value.error_dict["attachments"][0].code == code
    assert not Item.objects.exists() and not Attachment.objects.exists()
    assert not (_media_root / "socialisation").exists() or not any((_media_root / "socialisation").rglob("*.*"))


@pytest.mark.parametrize(("name", "message"), [
    ("../../etc/PermenPANRB.pdf", "The file name contains a path (“..”); send the file itself."),
    ("Permen\x00PANRB.pdf", "The file name contains control characters."),
    ("Permen\x1bPANRB.pdf", "The file name contains control characters."),
])
def test_attachment_name_with_a_path_or_control_characters(world, _media_root, name, message):
    """The name checks evidence has (core/uploads.py); Django's upload classes drop a path, a raw File keeps it."""
    import io

    from django.core.files import File

    with pytest.raises(ValidationError) as exc:
        draft(world, files=[File(io.BytesIO(pdf().read()), name=name)])
    assert errors(exc) == {"attachments": [message]}
    assert exc.value.error_dict["attachments"][0].code == "file_name"
    assert not Item.objects.exists() and not Attachment.objects.exists()


def test_a_path_in_the_name_is_reduced_to_the_base_name(world, _media_root):
    import io

    from django.core.files import File

    item = draft(world, files=[File(io.BytesIO(pdf().read()), name="C:\\Users\\andi\\PermenPANRB.pdf")])
    assert list(item.attachments.values_list("name", flat=True)) == ["PermenPANRB.pdf"]


@pytest.mark.parametrize(("make", "name", "content_type"), [
    (lambda: image_bytes("PNG"), "bagan.png", "image/png"),
    (lambda: image_bytes("JPEG"), "foto.jpeg", "image/jpeg"),
    (lambda: image_bytes("JPEG"), "foto.JPG", "image/jpeg"),
])
def test_real_images_are_attached(world, _media_root, make, name, content_type):
    item = draft(world, files=[SimpleUploadedFile(name, make())])
    assert item.attachments.get().content_type == content_type


def test_attachment_too_big(world, settings, _media_root):
    settings.KINERJA = {**settings.KINERJA, "SOCIALISATION_MAX_UPLOAD": 1024}
    with pytest.raises(ValidationError) as exc:
        draft(world, files=[pdf("besar.pdf", size=2048)])
    assert errors(exc) == {"attachments": ["“besar.pdf” is 2.0\xa0KB; the limit is 1.0\xa0KB."]}
    assert not Item.objects.exists()


def test_default_upload_limit_is_ten_megabytes():
    assert services.max_upload_bytes() == 10 * 1024 * 1024


def test_failure_after_files_were_stored_removes_them(world, _media_root, monkeypatch):
    def boom(*args, **kwargs):
        raise RuntimeError("database went away")

    monkeypatch.setattr(services, "record", boom)
    with pytest.raises(RuntimeError):
        draft(world, files=[pdf()])
    assert not Item.objects.exists()
    assert list((_media_root / "socialisation").rglob("*.pdf")) == []


def test_update_text_audience_and_attachments(world, _media_root, django_capture_on_commit_callbacks):
    item = draft(world, files=[pdf()])
    old = item.attachments.get()
    old_path = _media_root / old.file.name
    with django_capture_on_commit_callbacks(execute=True):  # the old file goes once the change is committed
        updated = services.update_item(actor=world.u_admin_bkpsdm, item=item, title="Panduan SKP 2026 (revisi)",
                                       units=[world.yankes], add_files=[docx()], remove_attachments=[old.pk])
    assert updated.title == "Panduan SKP 2026 (revisi)"
    assert list(updated.audience.values_list("unit", flat=True)) == [world.yankes.pk]
    assert list(updated.attachments.values_list("name", flat=True)) == ["Panduan SKP 2026.docx"]
    assert not old_path.exists()
    event = AuditEvent.objects.get(action="socialisation.item.update")
    assert event.before["units"] == [world.surv.pk] and event.after["units"] == [world.yankes.pk]
    assert event.before["attachments"] == ["PermenPANRB-6-2022.pdf"]


def test_update_without_change_writes_nothing(world):
    item = draft(world)
    services.update_item(actor=world.u_admin_bkpsdm, item=item, title=item.title)
    assert not AuditEvent.objects.filter(action="socialisation.item.update").exists()


def test_unknown_attachment_to_remove(world):
    other = draft(world, files=[pdf()])
    item = draft(world, title="Lain")
    with pytest.raises(ValidationError) as exc:
        services.update_item(actor=world.u_admin_bkpsdm, item=item, remove_attachments=[other.attachments.get().pk])
    assert "remove_attachments" in errors(exc)


def test_publish(world):
    item = published(world)
    assert item.status == Status.PUBLISHED and item.published_at is not None
    assert item.published_by == world.u_admin_bkpsdm
    with pytest.raises(ValidationError) as exc:
        services.publish_item(actor=world.u_admin_bkpsdm, item=item)
    assert errors(exc) == {"status": ["The item is already published."]}


@pytest.mark.parametrize("user", ["u_staff1", "u_kadinkes", "u_monev", "u_auditor", "u_pimpinan", "u_nobody",
                                  "u_admin_b"])
def test_only_administrators_of_the_instance_write(world, user):
    actor = getattr(world, user)
    with pytest.raises(PermissionDenied):
        draft(world, actor=actor)
    item = draft(world)
    with pytest.raises(PermissionDenied):
        services.update_item(actor=actor, item=item, title="X")
    with pytest.raises(PermissionDenied):
        services.publish_item(actor=actor, item=item)
    item = services.publish_item(actor=world.u_admin_bkpsdm, item=item)
    with pytest.raises(PermissionDenied):
        services.send_reminders(actor=actor, item=item)
    assert not ReminderBatch.objects.exists()


def test_opd_admin_cannot_touch_bkpsdm_items(world):
    item = published(world, units=[world.surv])
    with pytest.raises(PermissionDenied):
        services.update_item(actor=world.u_admin_opd, item=item, title="X")
    with pytest.raises(PermissionDenied):
        services.send_reminders(actor=world.u_admin_opd, item=item)


def test_acknowledge_is_idempotent(world):
    item = published(world, units=[world.p2p])
    first = services.acknowledge(actor=world.u_staff1, item=item)
    second = services.acknowledge(actor=world.u_staff1, item=item)
    assert first.pk == second.pk and first.employee == world.staff1 and first.instance_id == world.a.pk
    assert Acknowledgement.objects.count() == 1
    assert AuditEvent.objects.filter(action="socialisation.acknowledgement.create").count() == 1


def test_acknowledge_only_what_is_addressed_to_me(world):
    item = published(world, units=[world.surv])
    with pytest.raises(PermissionDenied):
        services.acknowledge(actor=world.u_staff_yankes, item=item)  # another bidang
    with pytest.raises(PermissionDenied):
        services.acknowledge(actor=world.u_staff_b, item=item)  # another instance
    with pytest.raises(PermissionDenied):
        services.acknowledge(actor=world.u_admin_bkpsdm, item=item)  # no employee record
    with pytest.raises(PermissionDenied):
        services.acknowledge(actor=world.u_kasi_surv, item=item, employee=world.staff1)  # not for someone else
    draft_item = draft(world, title="Belum terbit")
    with pytest.raises(PermissionDenied):
        services.acknowledge(actor=world.u_staff1, item=draft_item)
    assert not Acknowledgement.objects.exists()


def test_whole_instance_reaches_everyone_of_the_instance_only(world):
    item = published(world, whole=True)
    services.acknowledge(actor=world.u_staff_disdik, item=item)
    with pytest.raises(PermissionDenied):
        services.acknowledge(actor=world.u_staff_b, item=item)


def test_send_reminders_validates(world):
    item = draft(world, units=[world.surv])
    with pytest.raises(ValidationError) as exc:
        services.send_reminders(actor=world.u_admin_bkpsdm, item=item)
    assert errors(exc) == {"status": ["Publish the item before sending reminders."]}
    item = services.publish_item(actor=world.u_admin_bkpsdm, item=item)
    with pytest.raises(ValidationError) as exc:
        services.send_reminders(actor=world.u_admin_bkpsdm, item=item, unit=world.yankes)
    assert errors(exc) == {"unit": ["Bidang Pelayanan Kesehatan is not in the audience of this item."]}
    for user in (world.u_kasi_surv, world.u_staff1, world.u_staff2):
        services.acknowledge(actor=user, item=item)
    with pytest.raises(ValidationError) as exc:
        services.send_reminders(actor=world.u_admin_bkpsdm, item=item)
    assert errors(exc) == {"__all__": ["Everyone addressed has already acknowledged this item."]}
    assert not ReminderBatch.objects.exists()


def test_pending_employees_follow_the_tree_and_skip_inactive(world):
    from kinerja.people import services as people

    item = published(world, units=[world.dinkes])
    services.acknowledge(actor=world.u_staff1, item=item)
    people.set_active(actor=SYSTEM, employee=world.staff2, active=False)
    names = set(services.pending_employees(item).values_list("name", flat=True))
    assert names == {"Siti Aminah", "Budi Santoso", "Rina Wulandari", "Hendra Gunawan", "Maya Sari"}
    assert set(services.pending_employees(item, world.surv).values_list("name", flat=True)) == {"Rina Wulandari"}


def test_audience_rows_carry_the_instance(world):
    draft(world, units=[world.surv, world.yankes])
    assert set(ItemAudience.objects.values_list("instance_id", flat=True)) == {world.a.pk}
