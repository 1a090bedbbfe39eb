"""Issue 7, item 11: the SKP PDF is signed in the instance's city or regency (a setting), numbers B. Tambahan
as the SKP page does, and writes numbers the Indonesian way (2.400) — and so do the workbook and the page."""

from __future__ import annotations

import io
import re
from decimal import Decimal

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from kinerja.audit.models import AuditEvent
from kinerja.core.errors import PermissionDenied
from kinerja.core.testing import SYSTEM
from kinerja.organization import services as org
from kinerja.organization.models import Instance
from kinerja.skp.documents.excel import export_rows
from kinerja.skp.documents.pdf import render_skp_pdf
from kinerja.skp.models import Skp

from .factories import iki, rhk
from .test_pdf import pdf_text, squash

pytestmark = pytest.mark.skipif(not __import__("shutil").which("pdftotext"), reason="poppler-utils")


def _province(world, **fields):
    Instance.objects.filter(pk=world.a.pk).update(region="Sumatera Selatan", **fields)


def test_signed_in_the_city_not_the_province(skps, world, tmp_path, client_for):
    _province(world, name="Pemerintah Kota Palembang", city="Palembang")
    text = pdf_text(render_skp_pdf(skps.jpt), tmp_path)
    assert "Palembang, 14 Januari 2026" in text
    assert "Sumatera Selatan," not in text
    # the workbook of the SKP signs in the same place
    response = client_for(world.u_kadinkes).get(reverse("skp_documents:xlsx", args=[skps.jpt.pk]))
    sheet = load_workbook(io.BytesIO(b"".join(response.streaming_content) if response.streaming
                                     else response.content)).active
    places = [str(c.value) for row in sheet.iter_rows() for c in row if str(c.value or "").endswith(" 2026")
              and "," in str(c.value)]
    assert places and all(p.startswith("Palembang, ") for p in places), places


def test_the_place_is_a_setting_the_bkpsdm_admin_changes(skps, world, tmp_path, client_for):
    _province(world)
    client = client_for(world.u_admin_bkpsdm)
    page = client.get(reverse("skp:periods"))
    assert 'data-testid="signing-place-form"' in page.content.decode()
    assert page.context["place_form"]["city"].value() == "Alpha"  # from the name "Pemerintah Kota Alpha"
    response = client.post(reverse("skp:signing_place"), {"city": "  Kabupaten   Ogan Ilir "})
    assert response.status_code == 302
    assert Instance.objects.get(pk=world.a.pk).city == "Kabupaten Ogan Ilir"
    event = AuditEvent.objects.get(action="organization.instance.signing_place")
    assert event.before == {"city": "Alpha"} and event.after == {"city": "Kabupaten Ogan Ilir"}
    assert "Kabupaten Ogan Ilir, 14 Januari 2026" in pdf_text(render_skp_pdf(skps.jpt), tmp_path)
    # bad input: the form says why, nothing written
    bad = client.post(reverse("skp:signing_place"), {"city": "x" * 121})
    assert bad.status_code == 200 and bad.context["place_form"].errors["city"]
    assert client.post(reverse("skp:signing_place"), {"city": "  "}).context["place_form"].errors["city"]
    assert Instance.objects.get(pk=world.a.pk).city == "Kabupaten Ogan Ilir"


def test_only_the_instances_admin_sets_the_place(world, client_for):
    for user in (world.u_admin_opd, world.u_kasi_surv, world.u_auditor, world.u_admin_b):
        if user is world.u_admin_b:  # their own instance only
            assert client_for(user).post(reverse("skp:signing_place"), {"city": "Beta"}).status_code == 302
            assert Instance.objects.get(pk=world.b.pk).city == "Beta"
            with pytest.raises(PermissionDenied):
                org.set_signing_place(actor=user, instance=world.a, city="Palembang")
            continue
        assert client_for(user).post(reverse("skp:signing_place"), {"city": "Palembang"}).status_code == 403
        with pytest.raises(PermissionDenied):
            org.set_signing_place(actor=user, instance=world.a, city="Palembang")
    assert Instance.objects.get(pk=world.a.pk).city == "Alpha"


def test_without_a_place_the_line_is_left_to_fill_never_the_province(skps, world, tmp_path):
    _province(world, name="Pemerintah Provinsi Sumatera Selatan", city="")
    text = pdf_text(render_skp_pdf(skps.jpt), tmp_path)
    assert "…, 14 Januari 2026" in text or "..., 14 Januari 2026" in text
    assert "Sumatera Selatan, 14" not in squash(text)


def test_new_instances_and_the_demo_sign_in_their_city(world):
    made = org.create_instance(actor=SYSTEM, name="Pemerintah Kabupaten Banyumas", slug="banyumas",
                               region="Jawa Tengah")
    assert made.city == "Banyumas"
    from kinerja.demo.world import PADANG, PALEMBANG, SEMARANG

    assert [Instance(name=s.name, city=s.city).signing_place for s in (PALEMBANG, PADANG, SEMARANG)] == [
        "Palembang", "Padang", "Semarang"]


def test_additional_rhk_are_numbered_from_one_as_on_the_page(skps, world, tmp_path, client_for):
    text = pdf_text(render_skp_pdf(skps.staff), tmp_path)
    assert re.search(r"B\. TAMBAHAN\s+1\s+-\s+2\s+-\s+3\b", text), text[text.index("B. TAMBAHAN") - 50:][:200]
    section = text[text.index("B. TAMBAHAN"):text.index("PERILAKU KERJA")]
    # the running footer (printed at HH:MM, "Halaman x dari y") may fall inside the section on a page break
    section = re.sub(r"(dicetak|printed)[^\n]*|Halaman \d+ dari \d+|Page \d+ of \d+", "", section)
    assert not re.search(r"\b1[5-7]\b", section)
    page = client_for(world.u_staff1).get(reverse("skp:detail", args=[skps.staff.pk]))
    web = [[item.number for item in group.items] for group in page.context["groups"]]
    assert web == [list(range(1, 15)), [1, 2, 3]]


@pytest.fixture
def big_numbers(skps):
    r = rhk(skps.staff, "Terlayaninya permohonan data kependudukan", group="tambahan", order=9)
    iki(r, "Jumlah permohonan yang dilayani", aspect="kuantitas", value=2400, unit="permohonan")
    iki(r, "Rentang dokumen terverifikasi", aspect="kualitas", low=1500, high=2500, unit="dokumen", order=1)
    iki(r, "Anggaran yang diserap", aspect="biaya", value=Decimal("1500000.5"), unit="rupiah", order=2)
    return skps


def test_numbers_are_written_the_indonesian_way_in_the_pdf(big_numbers, tmp_path):
    text = squash(pdf_text(render_skp_pdf(big_numbers.staff), tmp_path))
    assert "2.400 permohonan" in text
    assert "1.500–2.500 dokumen" in text
    assert "1.500.000,5 rupiah" in text
    for wrong in ("2400 permohonan", "2,400", "1500–2500", "1,500,000"):
        assert wrong not in text


def test_numbers_are_written_the_indonesian_way_in_the_workbook_and_on_the_page(big_numbers, world, client_for,
                                                                                 settings):
    settings.LANGUAGE_CODE = "id"  # the product's default (the test suite runs in English)
    response = client_for(world.u_staff1).get(reverse("skp_documents:xlsx", args=[big_numbers.staff.pk]))
    assert response.status_code == 200
    sheet = load_workbook(io.BytesIO(b"".join(response.streaming_content) if response.streaming
                                     else response.content)).active
    cells = {str(c.value) for row in sheet.iter_rows() for c in row if c.value is not None}
    assert "2.400 permohonan" in cells and "1.500–2.500 dokumen" in cells and "1.500.000,5 rupiah" in cells
    rows = list(export_rows(Skp.objects.filter(pk=big_numbers.staff.pk)))
    flat = {str(v) for r in rows for v in r}
    assert "2.400 permohonan" in flat and "1.500–2.500 dokumen" in flat
    page = client_for(world.u_staff1).get(reverse("skp:detail", args=[big_numbers.staff.pk]),
                                          headers={"Accept-Language": "id"})
    html = page.content.decode()
    assert 'lang="id"' in html
    assert "2.400 permohonan" in html and "1.500–2.500 dokumen" in html and "1.500.000,5 rupiah" in html
