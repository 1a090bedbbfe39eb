"""Evidence (bukti dukung): files and links of a report.

A file is checked before anything is written (``core/uploads.py``, the checker socialisation attachments go
through too): its size against the instance's limit, that it is not empty, its name (the base name only; ``..``,
NUL and control characters refused) and its CONTENT (PDF, images that decode, office documents; never programs,
SVG or HTML). A HEIC/HEIF photo is converted to JPEG (browsers other than Safari cannot show HEIC). Only
then is it stored under a random name, and the row and its audit event written in one transaction; if that
transaction fails the stored file is removed again (:func:`stored_files`), so no file is left without its
row. A retried upload carrying the same ``client_token`` returns the evidence already stored. Deleting is a
soft delete: the row and the file stay, an audit event records who and when.
"""

from __future__ import annotations

import contextlib
import contextvars
import hashlib
import uuid
from pathlib import PurePosixPath

from django.core.exceptions import ValidationError as DjangoValidationError
from django.core.files.base import ContentFile
from django.core.validators import URLValidator
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from kinerja.audit.services import record, snapshot
from kinerja.core import uploads
from kinerja.core.actors import is_system, require_actor
from kinerja.core.errors import field_error

from .. import periods
from ..models import Evidence, EvidenceKind, Report, ReportStatus, evidence_path, evidence_storage
from .common import FileTooLarge, check_open, check_reporter

URL_MAX = 1000
CAPTION_MAX = 255
_STORED: contextvars.ContextVar[list[str] | None] = contextvars.ContextVar("progress_stored_files", default=None)


CheckedFile = uploads.CheckedUpload  # an upload that passed every check: what it is, its safe name, size, digest


# --- files ------------------------------------------------------------------------------------------


def remove_stored(names) -> None:
    storage = evidence_storage()
    for name in names:
        with contextlib.suppress(Exception):  # a file already gone, a storage hiccup: never mask the real error
            storage.delete(name)


@contextlib.contextmanager
def stored_files():
    """Collect the files stored inside the block; if the block fails, remove them. Nested blocks hand their
    files to the enclosing one, so a failure after an inner block succeeded still removes them."""
    names: list[str] = []
    parent = _STORED.get()
    token = _STORED.set(names)
    try:
        yield names
    except BaseException:
        remove_stored(names)
        raise
    finally:
        _STORED.reset(token)
    if parent is not None:
        parent.extend(names)


def _note_stored(name: str) -> None:
    names = _STORED.get()
    if names is None:  # callers always open stored_files(); a stray store is still not an orphan in waiting
        raise RuntimeError("store evidence files inside stored_files()")
    names.append(name)


EVIDENCE_KINDS = (uploads.PDF, uploads.JPEG, uploads.PNG, uploads.WEBP, uploads.HEIC, uploads.HEIF,
                  uploads.DOCX, uploads.XLSX, uploads.PPTX, uploads.ODT, uploads.ODS, uploads.DOC, uploads.XLS)
ALLOWED_LABEL = uploads.label(EVIDENCE_KINDS)


def clean_name(raw, field: str = "file") -> str:
    return uploads.clean_name(raw, field)


def _as_jpeg(checked: CheckedFile) -> CheckedFile:
    """A HEIC/HEIF photo (an iPhone's, sent as it is when the phone's browser could not redraw it) stored as the
    JPEG the phone would have made: browsers other than Safari cannot show HEIC. Name, size and digest are
    those of the stored JPEG."""
    data = uploads.heic_to_jpeg(checked.upload)
    name = f"{PurePosixPath(checked.name).stem or 'foto'}.jpg"
    return CheckedFile(upload=ContentFile(data, name=name), name=name, kind=uploads.JPEG, size=len(data),
                       sha256=hashlib.sha256(data).hexdigest())


def check_file(upload, *, instance_id: int, field: str = "file", settings=None) -> CheckedFile:
    """Every check on one uploaded file (``core/uploads.py``, with the evidence kinds and the instance's size
    limit); raises a field error (a :class:`FileTooLarge` for the size). A HEIC/HEIF photo comes back as JPEG."""
    settings = settings or periods.settings_for(instance_id)
    checked = uploads.check_upload(
        upload, allowed=EVIDENCE_KINDS, max_bytes=settings.max_upload_mb * 1024 * 1024, field=field,
        too_large=FileTooLarge, messages={
            "too_large": _("“%(name)s” is %(size)s; the largest evidence file is %(max)s."),
            "program": _("“%(name)s” is a program, not a document; it cannot be evidence."),
        })
    if checked.kind in uploads.HEIF_KINDS:
        try:
            return _as_jpeg(checked)
        except uploads.Refused:
            raise field_error(field, _("“%(name)s” is damaged or not what it claims to be.") % {"name": checked.name},
                              "file_content") from None
    return checked


def clean_url(raw) -> str:
    url = (raw or "").strip() if isinstance(raw, str) or raw is None else None
    if not url:
        raise field_error("url", _("Enter the link."), "required")
    if len(url) > URL_MAX:
        raise field_error("url", _("A link is at most %(max)d characters.") % {"max": URL_MAX}, "too_long")
    try:
        URLValidator(schemes=["http", "https"])(url)
    except DjangoValidationError:
        raise field_error("url", _("Enter a web link starting with http:// or https://."), "invalid") from None
    return url


def clean_token(raw) -> uuid.UUID | None:
    if raw in (None, ""):
        return None
    try:
        return raw if isinstance(raw, uuid.UUID) else uuid.UUID(str(raw))
    except ValueError:
        raise field_error("client_token", _("The upload token must be a UUID."), "invalid") from None


# --- services ---------------------------------------------------------------------------------------


def _check_report(actor, report: Report) -> None:
    check_reporter(actor, report.skp)
    check_open(report.skp)
    if report.status == ReportStatus.ACCEPTED:
        raise field_error("report", _("The report was accepted; its evidence can no longer change."),
                          "not_editable")


def _uploader(actor):
    return None if is_system(actor) else actor


def evidence_snapshot(evidence: Evidence) -> dict:
    data = snapshot(evidence, exclude=("file",))
    data["file"] = evidence.file.name or ""
    return data


def _soft_delete(actor, evidence: Evidence) -> None:
    before = evidence_snapshot(evidence)
    evidence.deleted_at = timezone.now()
    evidence.deleted_by = _uploader(actor)
    evidence.save(update_fields=["deleted_at", "deleted_by", "updated_at"])
    record("progress.evidence.delete", evidence, actor=actor, before=before, after=None)


def new_evidence(*, actor, report: Report, checked: CheckedFile | None, url: str = "", caption: str = "",
                 client_token: uuid.UUID | None = None, replaces: Evidence | None = None) -> Evidence:
    """The evidence row of one checked file (stored now, inside :func:`stored_files`) or link; not saved yet."""
    evidence = Evidence(instance_id=report.instance_id, report=report, caption=caption,
                        client_token=client_token, uploaded_by=_uploader(actor), replaces=replaces)
    if checked is not None:
        evidence.kind = EvidenceKind.FILE
        evidence.original_name = checked.name
        evidence.content_type = checked.kind.content_type
        evidence.size = checked.size
        evidence.sha256 = checked.sha256
        checked.upload.seek(0)
        # the storage of the moment (settings may switch it: disk or S3), not the one the field held at import
        stored = evidence_storage().save(evidence_path(evidence, f"evidence.{checked.kind.extension}"),
                                         checked.upload)
        _note_stored(stored)
        evidence.file.name = stored
    else:
        evidence.kind = EvidenceKind.LINK
        evidence.url = url
    return evidence


def store_checked(*, actor, report: Report, checked: CheckedFile | None, url: str = "", caption: str = "",
                  client_token: uuid.UUID | None = None, replaces: Evidence | None = None) -> Evidence:
    """Write one already checked file (or link) of ``report`` (locked by the caller, inside a transaction and
    inside :func:`stored_files`)."""
    evidence = new_evidence(actor=actor, report=report, checked=checked, url=url, caption=caption,
                            client_token=client_token, replaces=replaces)
    evidence.save(force_insert=True)
    if replaces is not None:
        _soft_delete(actor, replaces)
    record("progress.evidence.create", evidence, actor=actor, after=evidence_snapshot(evidence))
    return evidence


def add_evidence(*, actor, report: Report, upload=None, url: str = "", caption: str = "", client_token=None,
                 replaces: Evidence | None = None) -> Evidence:
    """Add a file (``upload``) or a link (``url``) to ``report``; ``replaces`` soft-deletes an older piece of
    evidence of the same report in the same step. Idempotent per ``client_token``: a retried upload returns the
    evidence the first attempt stored (and stores no second file)."""
    require_actor(actor)
    report = Report.objects.select_related("skp__period", "skp__employee").get(pk=report.pk)
    _check_report(actor, report)
    token = clean_token(client_token)
    if token is not None:
        existing = Evidence.objects.filter(report=report, client_token=token).first()
        if existing is not None:
            return existing
    caption = (caption or "").strip()
    if len(caption) > CAPTION_MAX:
        raise field_error("caption", _("At most %(max)d characters.") % {"max": CAPTION_MAX}, "too_long")
    if (upload is None) == (not url):
        raise field_error("file", _("Send either a file or a link."), "required")
    checked = check_file(upload, instance_id=report.instance_id) if upload is not None else None
    link = clean_url(url) if upload is None else ""
    try:
        with stored_files(), transaction.atomic():
            locked = Report.objects.select_for_update().select_related("skp__period", "skp__employee").get(
                pk=report.pk)
            _check_report(actor, locked)
            old = None
            if replaces is not None:
                old = Evidence.objects.select_for_update().filter(pk=replaces.pk, report=locked,
                                                                  deleted_at__isnull=True).first()
                if old is None:
                    raise field_error("replaces", _("The evidence to replace is not a current piece of evidence "
                                                    "of this report."), "does_not_exist")
            return store_checked(actor=actor, report=locked, checked=checked, url=link, caption=caption,
                                 client_token=token, replaces=old)
    except IntegrityError:
        if token is not None:  # the same upload retried concurrently: the other attempt won
            existing = Evidence.objects.filter(report=report, client_token=token).first()
            if existing is not None:
                return existing
        raise


def delete_evidence(*, actor, evidence: Evidence) -> None:
    """Soft delete: the row and the file stay (the audit log and the auditor can still trace them), nobody
    downloads it any more, it no longer counts as evidence of the report."""
    require_actor(actor)
    report = Report.objects.select_related("skp__period", "skp__employee").get(pk=evidence.report_id)
    _check_report(actor, report)
    with transaction.atomic():
        current = Evidence.objects.select_for_update().get(pk=evidence.pk)
        if current.deleted_at is not None:
            return
        _soft_delete(actor, current)
