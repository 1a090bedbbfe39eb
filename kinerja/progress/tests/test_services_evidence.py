"""Evidence: files checked by content, links, idempotent retries, replacing, soft delete, and no orphan file
after any failure."""

from __future__ import annotations

import hashlib
import uuid
from datetime import date

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from kinerja.audit.models import AuditEvent
from kinerja.core import uploads
from kinerja.progress import services
from kinerja.progress.models import Evidence, Report, ReportingSettings, ReportStatus
from kinerja.skp.models import Period

from .conftest import PDF, image_bytes, odf, ooxml, pdf, stored_files, upload

JAN = date(2026, 1, 1)
DOCX_MAIN = "application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"
XLSX_MAIN = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"
PPTX_MAIN = "application/vnd.openxmlformats-officedocument.presentationml.presentation.main+xml"
DOCM_MAIN = "application/vnd.ms-word.document.macroEnabled.main+xml"


@pytest.fixture
def report(world, k):
    return services.save_report(actor=world.u_staff1, iki=k.iki, period_start=JAN, value="3")


def codes(exc) -> dict:
    return {field: [e.code for e in errors] for field, errors in exc.value.error_dict.items()}


def add(world, report, data, name="bukti.pdf", **kwargs):
    return services.add_evidence(actor=world.u_staff1, report=report, upload=upload(data, name), **kwargs)


def raw(data: bytes, name: str):
    """A file object with the name exactly as given (Django's upload classes already drop the path)."""
    import io

    from django.core.files import File

    return File(io.BytesIO(data), name=name)


def test_pdf_is_stored_under_a_random_name(world, report, evidence_dir):
    evidence = add(world, report, PDF, name="Laporan Januari.pdf")
    assert evidence.original_name == "Laporan Januari.pdf" and evidence.content_type == "application/pdf"
    assert evidence.size == len(PDF) and evidence.sha256 == hashlib.sha256(PDF).hexdigest()
    assert evidence.file.name.startswith(f"evidence/{world.a.pk}/2026-01/") and evidence.file.name.endswith(".pdf")
    assert [p.read_bytes() for p in stored_files(evidence_dir)] == [PDF]
    event = AuditEvent.objects.get(action="progress.evidence.create")
    assert event.after["sha256"] == evidence.sha256 and event.actor == world.u_staff1


@pytest.mark.parametrize(("data", "name", "content_type"), [
    (image_bytes("PNG"), "foto.png", "image/png"),
    (image_bytes("JPEG", (64, 48)), "IMG_0001.jpg", "image/jpeg"),
    (image_bytes("WEBP"), "foto.webp", "image/webp"),
    (ooxml(DOCX_MAIN), "laporan.docx", uploads.DOCX.content_type),
    (ooxml(XLSX_MAIN, "xl"), "data.xlsx", uploads.XLSX.content_type),
    (ooxml(PPTX_MAIN, "ppt"), "paparan.pptx", uploads.PPTX.content_type),
    (odf("application/vnd.oasis.opendocument.text"), "laporan.odt", uploads.ODT.content_type),
    (odf("application/vnd.oasis.opendocument.spreadsheet"), "data.ods", uploads.ODS.content_type),
    (uploads.OLE_MAGIC + b"\x00" * 600 + "WordDocument".encode("utf-16-le") + b"\x00" * 100, "lama.doc",
     "application/msword"),
    (uploads.OLE_MAGIC + b"\x00" * 600 + "Workbook".encode("utf-16-le") + b"\x00" * 100, "lama.xls",
     "application/vnd.ms-excel"),
    # the name does not matter, the content does
    (PDF, "bukti.jpg", "application/pdf"),
])
def test_accepted_kinds(world, report, evidence_dir, data, name, content_type):
    evidence = add(world, report, data, name=name)
    assert evidence.content_type == content_type


def test_a_real_xlsx(world, report, evidence_dir):
    import io

    from openpyxl import Workbook

    buffer = io.BytesIO()
    Workbook().save(buffer)
    assert add(world, report, buffer.getvalue(), name="rekap.xlsx").content_type == uploads.XLSX.content_type


@pytest.mark.parametrize(("data", "code", "words"), [
    (b"\x7fELF\x02\x01\x01" + b"\x00" * 100, "file_content", "program"),
    (b"MZ\x90\x00\x03" + b"\x00" * 100, "file_content", "program"),
    (b"#!/bin/sh\nrm -rf /\n", "file_content", "program"),
    (b"\xcf\xfa\xed\xfe" + b"\x00" * 100, "file_content", "program"),
    (b'<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>', "file_content", "scripts"),
    (b'<?xml version="1.0"?>\n<svg xmlns="http://www.w3.org/2000/svg"><rect/></svg>', "file_content", "scripts"),
    (b"<!DOCTYPE html><html><body>hi</body></html>", "file_content", "scripts"),
    (b"  <html><script>alert(1)</script></html>", "file_content", "scripts"),
    (b"\xef\xbb\xbf<script>alert(1)</script>", "file_content", "scripts"),
    (b"just some text, not a document\n", "file_type", "PDF, JPEG"),
    (b"GIF89a\x01\x00\x01\x00\x00\x00\x00;", "file_type", "Accepted:"),
    (ooxml(DOCM_MAIN), "file_type", "Accepted:"),
    (b"PK\x03\x04 this is not a zip at all", "file_content", "damaged"),
    (b"\x89PNG\r\n\x1a\n" + b"\x00" * 64, "file_content", "damaged"),
    (b"\xff\xd8\xff\xe0" + b"garbage" * 20, "file_content", "damaged"),
    (uploads.OLE_MAGIC + b"\x00" * 700, "file_type", "Accepted:"),
    # a HEIC header with no picture behind it: pillow-heif cannot decode it
    (b"\x00\x00\x00\x18ftypheic\x00\x00\x00\x00mif1heic" + b"\x00" * 64, "file_content", "damaged"),
])
def test_refused_content_whatever_the_name(world, report, evidence_dir, data, code, words):
    with pytest.raises(ValidationError) as exc:
        add(world, report, data, name="laporan.pdf")
    assert codes(exc) == {"file": [code]}
    assert words in str(exc.value)
    assert not Evidence.objects.exists() and stored_files(evidence_dir) == []


def test_too_large_is_refused_before_anything_is_written(world, report, evidence_dir):
    ReportingSettings.objects.create(instance=world.a, max_upload_mb=1)
    with pytest.raises(services.FileTooLarge) as exc:
        add(world, report, PDF + b"0" * (1024 * 1024))
    assert codes(exc) == {"file": ["file_size"]} and "1.0" in str(exc.value)
    assert not Evidence.objects.exists() and stored_files(evidence_dir) == []


def test_empty_file(world, report, evidence_dir):
    with pytest.raises(ValidationError) as exc:
        add(world, report, b"")
    assert codes(exc) == {"file": ["file_empty"]}


@pytest.mark.parametrize(("name", "stored"), [
    ("C:\\Users\\andi\\Desktop\\bukti.pdf", "bukti.pdf"), ("/etc/bukti.pdf", "bukti.pdf"),
    ("folder/sub/bukti.pdf", "bukti.pdf"), (".hidden.pdf", "hidden.pdf"), ("", "file"),
    ("laporan..final.pdf", "laporan..final.pdf"), ("a" * 300 + ".pdf", "a" * 196 + ".pdf"),
])
def test_a_path_in_the_name_is_reduced_to_the_base_name(world, report, evidence_dir, name, stored):
    evidence = services.add_evidence(actor=world.u_staff1, report=report, upload=raw(PDF, name))
    assert evidence.original_name == stored


@pytest.mark.parametrize("name", ["../../etc/passwd.pdf", "..\\..\\boot.pdf", "bukti\x00.pdf", "bukti\n.pdf",
                                  "a\x1b[31m.pdf"])
def test_traversal_and_control_characters_in_the_name(world, report, evidence_dir, name):
    with pytest.raises(ValidationError) as exc:
        services.add_evidence(actor=world.u_staff1, report=report, upload=raw(PDF, name))
    assert codes(exc) == {"file": ["file_name"]}
    assert stored_files(evidence_dir) == []


def test_links(world, report, evidence_dir):
    evidence = services.add_evidence(actor=world.u_staff1, report=report, url="https://drive.example.org/x",
                                     caption="Folder")
    assert (evidence.kind, evidence.url, evidence.caption) == ("link", "https://drive.example.org/x", "Folder")
    for bad, code in (("javascript:alert(1)", "invalid"), ("ftp://example.org/x", "invalid"),
                      ("file:///etc/passwd", "invalid"), ("https://e.org/" + "x" * 1000, "too_long"),
                      ("not a link", "invalid")):
        with pytest.raises(ValidationError) as exc:
            services.add_evidence(actor=world.u_staff1, report=report, url=bad)
        assert codes(exc) == {"url": [code]}, bad
    with pytest.raises(ValidationError):
        services.add_evidence(actor=world.u_staff1, report=report)  # neither
    with pytest.raises(ValidationError):
        services.add_evidence(actor=world.u_staff1, report=report, upload=pdf(), url="https://e.org")  # both


def test_retry_with_the_same_token_returns_the_first_upload(world, report, evidence_dir):
    token = uuid.uuid4()
    first = add(world, report, PDF, client_token=str(token))
    again = add(world, report, PDF, client_token=token)
    assert again.pk == first.pk
    assert Evidence.objects.count() == 1 and len(stored_files(evidence_dir)) == 1
    assert AuditEvent.objects.filter(action="progress.evidence.create").count() == 1
    with pytest.raises(ValidationError) as exc:
        add(world, report, PDF, client_token="not-a-uuid")
    assert codes(exc) == {"client_token": ["invalid"]}


def test_replacing_soft_deletes_the_old_one(world, report, evidence_dir):
    old = add(world, report, PDF)
    new = add(world, report, image_bytes(), name="foto.png", replaces=old)
    old.refresh_from_db()
    assert old.deleted_at is not None and old.deleted_by == world.u_staff1 and new.replaces_id == old.pk
    assert list(Evidence.objects.live()) == [new]
    assert len(stored_files(evidence_dir)) == 2  # the old file is kept
    assert AuditEvent.objects.filter(action="progress.evidence.delete", object_id=str(old.pk)).count() == 1
    with pytest.raises(ValidationError) as exc:  # a deleted one cannot be replaced again
        add(world, report, PDF, replaces=old)
    assert codes(exc) == {"replaces": ["does_not_exist"]}


def test_soft_delete_keeps_the_file_and_is_audited(world, report, evidence_dir):
    evidence = add(world, report, PDF)
    services.delete_evidence(actor=world.u_staff1, evidence=evidence)
    evidence.refresh_from_db()
    assert evidence.is_deleted and len(stored_files(evidence_dir)) == 1
    event = AuditEvent.objects.get(action="progress.evidence.delete")
    assert event.before["id"] == evidence.pk and event.after is None
    services.delete_evidence(actor=world.u_staff1, evidence=evidence)  # again: nothing more
    assert AuditEvent.objects.filter(action="progress.evidence.delete").count() == 1


def test_only_the_owner_adds_and_deletes(world, report, evidence_dir):
    evidence = add(world, report, PDF)
    for user in (world.u_kasi_surv, world.u_staff2, world.u_admin_bkpsdm, world.u_staff_b):
        with pytest.raises(PermissionDenied):
            services.add_evidence(actor=user, report=report, upload=pdf())
        with pytest.raises(PermissionDenied):
            services.delete_evidence(actor=user, evidence=evidence)
    assert Evidence.objects.live().count() == 1 and len(stored_files(evidence_dir)) == 1


def test_accepted_report_and_closed_period_refuse_evidence(world, report, evidence_dir):
    evidence = add(world, report, PDF)
    Report.objects.filter(pk=report.pk).update(status=ReportStatus.ACCEPTED)
    with pytest.raises(ValidationError) as exc:
        add(world, report, PDF)
    assert codes(exc) == {"report": ["not_editable"]}
    with pytest.raises(ValidationError):
        services.delete_evidence(actor=world.u_staff1, evidence=evidence)
    Report.objects.filter(pk=report.pk).update(status=ReportStatus.SUBMITTED)
    add(world, report, PDF)  # a submitted report still takes evidence (a fix asked for by the superior)
    Period.objects.filter(pk=report.skp.period_id).update(is_closed=True)
    with pytest.raises(ValidationError) as exc:
        add(world, report, PDF)
    assert codes(exc) == {"period": ["closed"]}


def test_a_failed_transaction_leaves_no_file(world, report, evidence_dir, monkeypatch):
    from kinerja.progress.services import evidence as module

    def boom(*args, **kwargs):
        raise RuntimeError("database went away")

    monkeypatch.setattr(module, "record", boom)
    with pytest.raises(RuntimeError):
        add(world, report, PDF)
    assert not Evidence.objects.exists() and stored_files(evidence_dir) == []


def test_submit_with_evidence_all_or_nothing(world, k, evidence_dir, monkeypatch):
    # one bad file among good ones: nothing is written at all
    with pytest.raises(ValidationError) as exc:
        services.submit_with_evidence(actor=world.u_staff1, iki=k.iki, period_start=JAN, value="3",
                                      files=[pdf(), upload(b"\x7fELF" + b"\x00" * 50, "x.pdf")])
    assert codes(exc) == {"files": ["file_content"]}
    assert not Report.objects.exists() and stored_files(evidence_dir) == []
    # the second file's row fails after the first file was stored: both files are removed (the ORM path, which
    # writes row by row; the one-statement path below)
    from kinerja.progress.services import evidence as module
    from kinerja.progress.services import submission

    monkeypatch.setattr(submission, "ONE_STATEMENT", False)

    real, calls = module.record, []

    def second_fails(action, *args, **kwargs):
        if action == "progress.evidence.create":
            calls.append(action)
            if len(calls) == 2:
                raise RuntimeError("disk full")
        return real(action, *args, **kwargs)

    monkeypatch.setattr(module, "record", second_fails)
    with pytest.raises(RuntimeError):
        services.submit_with_evidence(actor=world.u_staff1, iki=k.iki, period_start=JAN, value="3",
                                      files=[pdf(), pdf("b.pdf")])
    assert not Report.objects.exists() and not Evidence.objects.exists() and stored_files(evidence_dir) == []
    monkeypatch.setattr(module, "record", real)
    monkeypatch.setattr(submission, "ONE_STATEMENT", True)
    report, created = services.submit_with_evidence(actor=world.u_staff1, iki=k.iki, period_start=JAN,
                                                    value="3", files=[pdf(), upload(image_bytes(), "f.png")])
    assert report.status == ReportStatus.SUBMITTED and len(created) == 2 and len(stored_files(evidence_dir)) == 2


def test_an_outer_rollback_after_success_removes_the_files(world, report, evidence_dir):
    from django.db import transaction

    with pytest.raises(RuntimeError), services.stored_files(), transaction.atomic():
        add(world, report, PDF)
        add(world, report, PDF)
        raise RuntimeError("the caller's next step failed")
    assert not Evidence.objects.exists() and stored_files(evidence_dir) == []


def test_a_failed_statement_leaves_no_file(world, k, evidence_dir, monkeypatch):
    """The one statement of a first save (PostgreSQL) fails after both files were stored: both are removed,
    nothing is written."""
    from django.db import connection

    from kinerja.core.chained import Chain

    if connection.vendor != "postgresql":
        pytest.skip("the one statement is PostgreSQL's")

    def boom(self, *args, **kwargs):
        raise RuntimeError("database went away")

    monkeypatch.setattr(Chain, "run", boom)
    with pytest.raises(RuntimeError):
        services.submit_with_evidence(actor=world.u_staff1, iki=k.iki, period_start=JAN, value="3",
                                      files=[pdf(), pdf("b.pdf")])
    assert not Report.objects.exists() and not Evidence.objects.exists() and stored_files(evidence_dir) == []


def _written(report) -> dict:
    """What a submission wrote, without ids, times and random file names."""
    from kinerja.notifications.models import Notification
    from kinerja.progress.models import evidence_storage

    drop = {"id", "created_at", "updated_at", "submitted_at", "report_id", "file", "period_start", "period_end"}

    def clean(data):
        return {k: v for k, v in (data or {}).items() if k not in drop}

    rows = {"report": clean(Report.objects.filter(pk=report.pk).values().get())}
    evidence = Evidence.objects.filter(report=report).order_by("pk")
    rows["evidence"] = [clean(e) for e in evidence.values()]
    rows["files"] = [evidence_storage().open(e.file.name).read() for e in evidence]
    from django.db.models import Q

    events = AuditEvent.objects.filter(Q(object_type="progress.report", object_id=str(report.pk))
                                       | Q(object_type="progress.evidence",
                                           object_id__in=[str(e.pk) for e in evidence])).order_by("pk")
    rows["audit"] = [(e.action, e.object_type, e.object_id == str(report.pk if e.object_type == "progress.report"
                                                                  else e.after["id"]), e.object_label,
                      e.actor_id, e.actor_label, e.source, e.instance_id, e.before, clean(e.after),
                      e.after["id"] == int(e.object_id)) for e in events]
    rows["evidence_audit_names_its_report"] = all(e.after["report_id"] == report.pk for e in events
                                                  if e.object_type == "progress.evidence")
    rows["notified"] = list(Notification.objects.filter(object_type="progress.report", object_id=str(report.pk))
                            .values_list("recipient_id", "kind", "title", "dedupe_key"))
    return rows


@pytest.mark.parametrize("one_statement", [True, False])
def test_both_paths_write_the_same(world, k, evidence_dir, monkeypatch, one_statement):
    """The first save with files as one statement (PostgreSQL) and through the ORM (SQLite, and any report that
    exists) write the same report, evidence rows (ids ascending in the order of the files), files, audit events
    and notification. Compared against what the ORM path wrote for another IKI in the same state."""
    from kinerja.progress.services import submission

    png = image_bytes()
    monkeypatch.setattr(submission, "ONE_STATEMENT", False)
    orm, orm_created = services.submit_with_evidence(actor=world.u_staff1, iki=k.iki, period_start=JAN, value="3,5",
                                                     notes="Januari", files=[pdf(), upload(png, "foto.png")])
    expected = _written(orm)
    monkeypatch.setattr(submission, "ONE_STATEMENT", one_statement)
    report, created = services.submit_with_evidence(actor=world.u_staff1, iki=k.iki, period_start=date(2026, 2, 1),
                                                    value="3,5", notes="Januari",
                                                    files=[pdf(), upload(png, "foto.png")])
    got = _written(report)
    # what differs by nature: the period (and so the report's label and the notification's title and key; the
    # periods themselves are left out by _written)
    for rows in (expected, got):
        rows["audit"] = [(*a[:3], *a[4:]) for a in rows["audit"]]
        rows["notified"] = [(r, kind) for r, kind, _title, _key in rows["notified"]]
    assert got == expected
    assert [e.pk for e in created] == sorted(e.pk for e in created) == list(
        Evidence.objects.filter(report=report).order_by("created_at", "pk").values_list("pk", flat=True))
    assert [e.original_name for e in created] == ["bukti.pdf", "foto.png"]
    assert report.pk and report.lock_version == 0 and report.status == ReportStatus.SUBMITTED
    assert all(e.report_id == report.pk and not e._state.adding for e in created)
    assert len(expected["audit"]) == 3 and len(expected["notified"]) == 1


def test_a_first_save_racing_another_device_is_a_conflict(world, k, evidence_dir):
    """The report was created (on another device) since: the one statement writes nothing, the ORM path answers
    the conflict, and the files stored meanwhile are removed."""
    services.save_report(actor=world.u_staff1, iki=k.iki, period_start=JAN, value="1")
    with pytest.raises(services.ConflictError):
        services.submit_with_evidence(actor=world.u_staff1, iki=k.iki, period_start=JAN, value="3", files=[pdf()])
    assert not Evidence.objects.exists() and stored_files(evidence_dir) == []
    assert Report.objects.get().value == 1


@pytest.mark.parametrize("one_statement", [True, False])
@pytest.mark.parametrize("language, words", [("", "melaporkan realisasi Januari 2026"),
                                             ("en", "reported progress for January 2026"),
                                             ("xx", "melaporkan realisasi Januari 2026")])
def test_the_evaluator_is_told_once_per_period_in_their_own_language(world, k, evidence_dir, monkeypatch, settings,
                                                                      django_capture_on_commit_callbacks,
                                                                      one_statement, language, words):
    """Both paths write the evaluator's notification in the evaluator's language (their choice, an unknown one
    falling back to the default), whatever the reporter's, once per employee and period, and e-mail it after
    the commit."""
    from django.utils import translation

    from kinerja.notifications.models import Kind, LanguagePreference, Notification
    from kinerja.progress.services import submission
    from kinerja.progress.services.reports import notified_key
    from kinerja.progress.services.submission import _one_statement

    settings.LANGUAGE_CODE = "id"  # the instance default, as in production (the tests' is English)
    if language:  # "xx": a stored choice no longer offered
        LanguagePreference.objects.create(instance_id=world.u_kasi_surv.instance_id, user=world.u_kasi_surv,
                                          language=language)
    monkeypatch.setattr(submission, "ONE_STATEMENT", one_statement)
    with translation.override("en" if language != "en" else "id"), \
            django_capture_on_commit_callbacks(execute=False) as callbacks:
        report, _created = services.submit_with_evidence(actor=world.u_staff1, iki=k.iki, period_start=JAN,
                                                         value="3", files=[pdf()])
    told = Notification.objects.get(kind=Kind.REPORT_SUBMITTED)
    assert (told.recipient_id, told.kind, told.title, told.body, told.object_type, told.object_id,
            told.dedupe_key, told.emailed_at) == (
        world.u_kasi_surv.pk, Kind.REPORT_SUBMITTED, f"{world.staff1.name} {words}", k.iki.text, "progress.report",
        str(report.pk), notified_key(report), None)
    # the ORM path enqueues the e-mail task once committed; the one statement leaves it to the outbox
    assert len(callbacks) == (0 if one_statement and _one_statement() else 1)
    # the employee's next report of that month: the evaluator is not told again
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        services.submit_with_evidence(actor=world.u_staff1, iki=k.iki_text, period_start=JAN,
                                      value_text="Baik sekali", files=[pdf()])
    assert Notification.objects.filter(kind=Kind.REPORT_SUBMITTED).count() == 1 and not callbacks
