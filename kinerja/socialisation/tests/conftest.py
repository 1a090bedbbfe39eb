"""Fixtures for socialisation tests: uploads go to a temporary MEDIA_ROOT; small real files."""

from __future__ import annotations

import io
import zipfile

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from kinerja.socialisation import services


@pytest.fixture(autouse=True)
def _media_root(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    return settings.MEDIA_ROOT


def pdf(name: str = "PermenPANRB-6-2022.pdf", size: int = 0) -> SimpleUploadedFile:
    body = b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n"
    if size:
        body = body + b"0" * (size - len(body))
    return SimpleUploadedFile(name, body, content_type="application/pdf")


DOCX_MAIN = "application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"


def docx_bytes(with_content_types: bool = True) -> bytes:
    """A DOCX as core/uploads.py checks it: a zip whose [Content_Types].xml names the document part."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        if with_content_types:
            archive.writestr("[Content_Types].xml", (
                '<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/'
                f'2006/content-types"><Override PartName="/word/document.xml" ContentType="{DOCX_MAIN}"/></Types>'))
        archive.writestr("word/document.xml", "<w:document/>")
    return buffer.getvalue()


def docx(name: str = "Panduan SKP 2026.docx") -> SimpleUploadedFile:
    buffer = io.BytesIO(docx_bytes())
    return SimpleUploadedFile(name, buffer.getvalue(),
                              content_type="application/vnd.openxmlformats-officedocument.wordprocessingml.document")


def image_bytes(fmt: str = "PNG", size=(8, 8)) -> bytes:
    from PIL import Image

    buffer = io.BytesIO()
    Image.new("RGB", size, (30, 90, 200)).save(buffer, fmt)
    return buffer.getvalue()


def draft(w, *, actor=None, units=None, whole=False, title="Panduan penyusunan SKP 2026", **kwargs):
    actor = actor if actor is not None else w.u_admin_bkpsdm
    if units is None and not whole:
        units = [w.surv]
    return services.create_item(actor=actor, instance=w.a, title=title, category=kwargs.pop("category", "guide"),
                                body=kwargs.pop("body", "Paragraf pertama.\n\nParagraf kedua."),
                                whole_instance=whole, units=units or [], **kwargs)


def published(w, **kwargs):
    item = draft(w, **kwargs)
    return services.publish_item(actor=kwargs.get("actor") or w.u_admin_bkpsdm, item=item)
