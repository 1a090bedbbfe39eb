"""The SKP PDF: official wording and layout, read back with poppler, one page looked at as PNG."""

from __future__ import annotations

import re
import shutil
import subprocess
from pathlib import Path

import pytest

from kinerja.skp.documents.data import load_document
from kinerja.skp.documents.pdf import page_counter_css, render_skp_pdf

from .factories import LONG, iki, rhk

pytestmark = pytest.mark.skipif(not (shutil.which("pdftotext") and shutil.which("pdftoppm")),
                                reason="poppler-utils comes with scripts/bootstrap.sh --test")


def pdf_text(data: bytes, tmp_path: Path, name: str = "skp") -> str:
    path = tmp_path / f"{name}.pdf"
    path.write_bytes(data)
    return subprocess.run(["pdftotext", str(path), "-"], check=True, capture_output=True,
                          text=True).stdout


def page_count(data: bytes, tmp_path: Path) -> int:
    path = tmp_path / "count.pdf"
    path.write_bytes(data)
    info = subprocess.run(["pdfinfo", str(path)], check=True, capture_output=True, text=True).stdout
    return int(re.search(r"^Pages:\s+(\d+)", info, re.M).group(1))


def watermark_pixels(data: bytes, tmp_path: Path) -> int:
    """Pink pixels on page 1: the rotated "DRAFT" watermark is faint red (pdftotext cannot read it)."""
    from PIL import Image

    path = tmp_path / "wm.pdf"
    path.write_bytes(data)
    subprocess.run(["pdftoppm", "-r", "30", "-png", "-f", "1", "-l", "1", "-singlefile", str(path),
                    str(tmp_path / "wm")], check=True)
    with Image.open(tmp_path / "wm.png") as image:
        raw = image.convert("RGB").tobytes()
    pixels = zip(raw[0::3], raw[1::3], raw[2::3], strict=True)
    return sum(1 for r, g, b in pixels if r > 200 and r - g > 12 and r - b > 12)


def squash(text: str) -> str:
    """The text with all whitespace collapsed (table cells wrap long values over lines)."""
    return re.sub(r"\s+", " ", text)


def test_standard_skp_prints_the_official_layout_in_indonesian(skps, world, tmp_path):
    data = render_skp_pdf(skps.staff)
    assert data.startswith(b"%PDF")
    text = pdf_text(data, tmp_path)
    flat = squash(text)
    # title, instance, period
    assert "SASARAN KINERJA PEGAWAI" in text
    assert "PEMERINTAH KOTA ALPHA" in text
    assert "PERIODE PENILAIAN: 1 JANUARI S.D. 31 DESEMBER 2026" in flat
    # the header: employee, evaluator and the evaluator's superior, with NIP, rank, position, unit
    for label in ("PEGAWAI YANG DINILAI", "PEJABAT PENILAI KINERJA", "ATASAN PEJABAT PENILAI KINERJA",
                  "NAMA", "NIP", "PANGKAT/GOL. RUANG", "JABATAN", "UNIT KERJA"):
        assert label in text, label
    for person in (world.staff1, world.kasi_surv, world.kabid_p2p):
        assert person.name in text
        assert person.nip_display in text
    assert "Penata Muda, III/a" in text
    assert "Pengelola Data" in text
    assert "Seksi Surveilans, Dinas Kesehatan" in flat
    # hasil kerja: the official columns, groups, every RHK with its intervened RHK, aspects and targets
    for head in ("HASIL KERJA", "RENCANA HASIL KERJA PIMPINAN YANG DIINTERVENSI", "ASPEK",
                 "INDIKATOR KINERJA INDIVIDU", "TARGET", "A. UTAMA", "B. TAMBAHAN"):
        assert head in flat, head
    for n in range(1, 15):
        assert f"RHK-{n:02d}" in text
    assert "Tugas tambahan 3" in text
    for aspect in ("Kuantitas", "Kualitas", "Waktu", "Biaya"):
        assert aspect in text
    assert "12 dokumen" in text and "95–100 %" in text and "Tanpa revisi dari atasan" in text
    assert "Terlaksananya surveilans epidemiologi" in text  # the superior's RHK (long text wraps)
    # perilaku kerja: the seven BerAKHLAK values, their guides and the superior's expectations
    assert "PERILAKU KERJA" in text and "EKSPEKTASI KHUSUS PIMPINAN" in flat
    for value in ("Berorientasi Pelayanan", "Akuntabel", "Kompeten", "Harmonis", "Loyal", "Adaptif", "Kolaboratif"):
        assert value in text, value
    assert "Memahami dan memenuhi kebutuhan masyarakat" in text
    assert "Menggerakkan pemanfaatan berbagai sumber daya untuk tujuan bersama" in flat
    assert "Aktif berkoordinasi dengan petugas surveilans puskesmas" in text
    # lampiran and signatures
    assert "LAMPIRAN SASARAN KINERJA PEGAWAI" in text
    for part in ("DUKUNGAN SUMBER DAYA", "SKEMA PERTANGGUNGJAWABAN", "KONSEKUENSI"):
        assert part in text
    assert "Komputer dan akses aplikasi SKDR" in text
    assert "Pegawai yang Dinilai" in text and "Pejabat Penilai Kinerja" in text
    assert f"NIP. {world.staff1.nip_display}" in text
    assert re.search(r"Alpha, \d{1,2} \w+ \d{4}", text)
    # not approved: watermark and footer say so; pages are numbered
    assert "Belum disetujui (Draf" in text
    assert watermark_pixels(data, tmp_path) > 500
    assert "Halaman 1 dari" in text
    pages = page_count(data, tmp_path)
    assert 3 <= pages <= 10
    assert f"Halaman {pages} dari {pages}" in text


def test_jpt_skp_groups_by_perspective_and_an_approved_one_has_no_watermark(skps, world, tmp_path):
    data = render_skp_pdf(skps.jpt)
    text = pdf_text(data, tmp_path)
    flat = squash(text)
    assert "PEJABAT PIMPINAN TINGGI" in flat
    for perspective in ("Perspektif Penerima Layanan", "Perspektif Proses Bisnis",
                        "Perspektif Penguatan Internal", "Perspektif Anggaran"):
        assert perspective in text, perspective
    assert "Indikator Perjanjian Kinerja: Angka kesakitan penyakit menular" in flat
    assert "Wajar Tanpa Pengecualian (WTP)" in text
    assert "80–90 %" in text and "85,5 indeks" in text
    assert "RENCANA HASIL KERJA PIMPINAN YANG DIINTERVENSI" not in flat  # JPT columns: RHK, IKI, target
    assert watermark_pixels(data, tmp_path) == 0
    assert "Disetujui, versi 1" in text
    assert "Alpha, 14 Januari 2026" in text  # signed on the approval date
    assert world.kadinkes.nip_display in text
    assert 2 <= page_count(data, tmp_path) <= 6


def test_page_renders_to_png(skps, tmp_path):
    path = tmp_path / "skp.pdf"
    path.write_bytes(render_skp_pdf(skps.kasi))
    subprocess.run(["pdftoppm", "-r", "50", "-png", "-f", "1", "-l", "1", str(path), str(tmp_path / "page")],
                   check=True)
    png = next(tmp_path.glob("page*.png"))
    header = png.read_bytes()[:24]
    assert header.startswith(b"\x89PNG")
    width, height = int.from_bytes(header[16:20], "big"), int.from_bytes(header[20:24], "big")
    assert width > height  # A4 landscape


def test_english_rendition_on_request(skps, tmp_path):
    text = pdf_text(render_skp_pdf(skps.kasi, language="en"), tmp_path)
    assert "PERFORMANCE TARGETS OF THE EMPLOYEE" in text
    assert "Page 1 of" in text
    assert "Understands and meets the public's needs" in text
    assert "Diterima tanpa revisi" in text  # content stays as written


def test_unknown_language_falls_back_to_indonesian(skps, tmp_path):
    assert "SASARAN KINERJA PEGAWAI" in pdf_text(render_skp_pdf(skps.kasi, language="xx"), tmp_path)


def test_empty_skp_still_prints(skps, world, tmp_path):
    from .factories import skp as make_skp

    empty = make_skp(skps.period, world.staff2, world.kasi_surv, world.kabid_p2p)
    text = pdf_text(render_skp_pdf(empty), tmp_path)
    assert "A. UTAMA" in text and "B. TAMBAHAN" in text
    assert "Tidak ada" in text


def test_reading_the_document_costs_constant_queries(skps, django_assert_num_queries):
    with django_assert_num_queries(6):
        small = load_document(skps.kasi.pk)
    for n in range(30):
        r = rhk(skps.kasi, f"{LONG} {n}", parent=skps.kabid_rhk, order=10 + n)
        iki(r, "Jumlah laporan", aspect="kuantitas", value=n + 1, unit="laporan")
        iki(r, "Mutu laporan", aspect="kualitas", qualitative="Tanpa revisi", order=1)
    with django_assert_num_queries(6):
        big = load_document(skps.kasi.pk)
    assert big.rhk_count == small.rhk_count + 30
    assert big.iki_count == small.iki_count + 60


def test_page_counter_css_keeps_the_translated_order():
    from django.utils import translation

    with translation.override("en"):
        assert page_counter_css() == '"Page " counter(page) " of " counter(pages)'
    with translation.override("id"):
        assert page_counter_css() == '"Halaman " counter(page) " dari " counter(pages)'


def test_an_skp_written_through_the_services_prints_its_header_and_approval(world, tmp_path):
    """The real write path: create (header filled from the org tree), fill, submit, approve, print."""
    from datetime import date

    from kinerja.skp import services
    from kinerja.skp.models import Period

    period = Period.objects.create(instance=world.a, name="Tahunan 2027", year=2027, start_date=date(2027, 1, 1),
                                   end_date=date(2027, 12, 31), deadline=date(2027, 1, 31))
    skp = services.create_skp(actor=world.u_staff_yankes, employee=world.staff_yankes, period=period)
    rhk_ = services.add_rhk(actor=world.u_staff_yankes, skp=skp, lock_version=skp.lock_version,
                            text="Terlaksananya asuhan keperawatan pasien rawat jalan")
    services.add_iki(actor=world.u_staff_yankes, rhk=rhk_, lock_version=skp.lock_version,
                     text="Jumlah pasien yang mendapat asuhan keperawatan", aspect="kuantitas", target_value="1200",
                     measure_unit="pasien")
    services.set_appendix(actor=world.u_staff_yankes, skp=skp, lock_version=skp.lock_version, kind="resources",
                          lines=["Alat kesehatan poli umum"])
    skp.refresh_from_db()
    draft = render_skp_pdf(skp)
    assert watermark_pixels(draft, tmp_path) > 500
    services.submit(actor=world.u_staff_yankes, skp=skp, lock_version=skp.lock_version)
    services.approve(actor=world.u_kabid_yankes, skp=skp, lock_version=skp.lock_version)
    data = render_skp_pdf(skp)
    assert watermark_pixels(data, tmp_path) == 0
    text = pdf_text(data, tmp_path)
    assert world.staff_yankes.name in text and world.kabid_yankes.name in text  # employee and evaluator
    assert world.kadinkes.name in text  # the evaluator's superior
    assert "Perawat Ahli Pertama" in text and "Kepala Bidang Pelayanan" in text
    assert "1.200 pasien" in text  # Indonesian thousands dot (issue 7, item 11)
    assert "Alat kesehatan poli umum" in text
    assert "Disetujui, versi 1" in text
