"""Fixtures for the progress tests: staff1's approved SKP of 2026 (evaluator kasi_surv) with one numeric IKI,
a qualitative IKI, and an evidence storage of its own per test (a temporary directory)."""

from __future__ import annotations

import io
import zipfile
from datetime import date
from types import SimpleNamespace

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from kinerja.skp import services as skp_services
from kinerja.skp.models import Period

PDF = b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n"


@pytest.fixture
def evidence_dir(settings, tmp_path):
    root = tmp_path / "evidence"
    settings.STORAGES = {**settings.STORAGES, "evidence": {
        "BACKEND": "django.core.files.storage.FileSystemStorage", "OPTIONS": {"location": str(root)}}}
    return root


def stored_files(root) -> list:
    return sorted(p for p in root.rglob("*") if p.is_file()) if root.exists() else []


def build_progress(w) -> SimpleNamespace:
    k = SimpleNamespace()
    k.period = Period.objects.create(instance=w.a, name="2026", year=2026, start_date=date(2026, 1, 1),
                                     end_date=date(2026, 12, 31), deadline=date(2026, 1, 31))
    skp = skp_services.create_skp(actor=w.u_staff1, employee=w.staff1, period=k.period)
    k.rhk = skp_services.add_rhk(actor=w.u_staff1, skp=skp, lock_version=0, text="Tersedianya data surveilans")
    k.iki = skp_services.add_iki(actor=w.u_staff1, rhk=k.rhk, lock_version=1, text="Jumlah laporan",
                                 aspect="kuantitas", target_value="12", measure_unit="laporan")
    k.iki_text = skp_services.add_iki(actor=w.u_staff1, rhk=k.rhk, lock_version=2, text="Kualitas laporan",
                                      aspect="kualitas", target_kind="text", target_text="Laporan lengkap")
    skp.refresh_from_db()
    skp = skp_services.submit(actor=w.u_staff1, skp=skp, lock_version=skp.lock_version)
    k.skp = skp_services.approve(actor=w.u_kasi_surv, skp=skp, lock_version=skp.lock_version)
    # staff2's SKP stays a draft
    k.draft = skp_services.create_skp(actor=w.u_staff2, employee=w.staff2, period=k.period)
    k.draft_rhk = skp_services.add_rhk(actor=w.u_staff2, skp=k.draft, lock_version=0, text="Laporan")
    k.draft_iki = skp_services.add_iki(actor=w.u_staff2, rhk=k.draft_rhk, lock_version=1, text="Jumlah",
                                       aspect="kuantitas", target_value="5", measure_unit="laporan")
    return k


@pytest.fixture
def k(world):
    return build_progress(world)


def upload(data: bytes, name: str = "bukti.pdf", content_type: str = "application/pdf") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, data, content_type=content_type)


def pdf(name: str = "bukti.pdf") -> SimpleUploadedFile:
    return upload(PDF, name)


def image_bytes(fmt: str = "PNG", size=(8, 8)) -> bytes:
    from PIL import Image

    buffer = io.BytesIO()
    Image.new("RGB", size, (200, 30, 30)).save(buffer, fmt)
    return buffer.getvalue()


def ooxml(main: str, folder: str = "word") -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("[Content_Types].xml", (
            '<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/'
            f'content-types"><Override PartName="/{folder}/document.xml" ContentType="{main}"/></Types>'))
        archive.writestr(f"{folder}/document.xml", "<document/>")
    return buffer.getvalue()


def odf(mimetype: str) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("mimetype", mimetype)
        archive.writestr("content.xml", "<office:document-content/>")
    return buffer.getvalue()


# supervision: the ``sup`` fixture (an approved SKP per subordinate of kasi_surv, a submitted report)
from kinerja.api.testing import api  # noqa: E402,F401

from .review_fixtures import sup  # noqa: E402,F401
