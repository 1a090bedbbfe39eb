"""SKP workbooks: one SKP in the official layout, and the streamed period export (one row per IKI)."""

from __future__ import annotations

import io

from django.utils import translation
from openpyxl import load_workbook

from kinerja.skp.documents.excel import export_rows, period_skps, skp_workbook_bytes, write_period_export
from kinerja.skp.models import Iki, Skp

from .factories import LONG, rhk


def cells(ws) -> list[str]:
    return [str(c.value) for row in ws.iter_rows() for c in row if c.value not in (None, "")]


def test_one_skp_workbook_has_the_official_layout(skps, world):
    wb = load_workbook(io.BytesIO(skp_workbook_bytes(skps.staff)))
    assert wb.sheetnames == ["SKP", "Lampiran"]
    ws = wb["SKP"]
    values = cells(ws)
    text = "\n".join(values)
    assert ws["A1"].value == "SASARAN KINERJA PEGAWAI"
    assert "DRAF — belum disetujui" in text
    assert "PEMERINTAH KOTA ALPHA" in values
    assert "PERIODE PENILAIAN: 1 JANUARI S.D. 31 DESEMBER 2026" in values
    # header: one row per field, three people side by side
    name_row = next(r for r in ws.iter_rows() if r[1].value == "NAMA")
    assert [name_row[2].value, name_row[3].value, name_row[5].value] == [
        world.staff1.name, world.kasi_surv.name, world.kabid_p2p.name]
    nip_row = next(r for r in ws.iter_rows() if r[1].value == "NIP")
    assert nip_row[2].value == world.staff1.nip_display
    # hasil kerja: official columns, groups, the first RHK over its IKI rows (merged), aspects and targets
    head = next(r for r in ws.iter_rows() if r[1].value == "RENCANA HASIL KERJA PIMPINAN YANG DIINTERVENSI")
    assert [c.value for c in head] == ["NO", "RENCANA HASIL KERJA PIMPINAN YANG DIINTERVENSI", "RENCANA HASIL KERJA",
                                       "ASPEK", "INDIKATOR KINERJA INDIVIDU", "TARGET"]
    assert "A. UTAMA" in values and "B. TAMBAHAN" in values
    rhk2 = next(r for r in ws.iter_rows() if str(r[2].value or "").startswith("RHK-02"))
    assert rhk2[0].value == 2
    assert rhk2[1].value == LONG  # the intervened RHK of the superior
    assert [rhk2[3].value, rhk2[5].value] == ["Kuantitas", "13 dokumen"]
    assert f"C{rhk2[0].row}:C{rhk2[0].row + 1}" in {str(m) for m in ws.merged_cells.ranges}
    below = ws.cell(row=rhk2[0].row + 1, column=4).value, ws.cell(row=rhk2[0].row + 1, column=6).value
    assert below == ("Kualitas", "Tanpa revisi dari atasan")
    assert "95–100 %" in values
    # perilaku kerja: the seven values with their guides, and the superior's expectations
    for value in ("Berorientasi Pelayanan", "Akuntabel", "Kompeten", "Harmonis", "Loyal", "Adaptif", "Kolaboratif"):
        assert any(v.startswith(value) for v in values), value
    assert any("• Memahami dan memenuhi kebutuhan masyarakat" in v for v in values)
    assert "Aktif berkoordinasi dengan petugas surveilans puskesmas" in values
    # signatures
    assert "Pegawai yang Dinilai" in values and "Pejabat Penilai Kinerja" in values
    assert f"NIP. {world.staff1.nip_display}" in values
    assert ws.page_setup.orientation == "landscape"
    # lampiran
    lampiran = cells(wb["Lampiran"])
    assert "LAMPIRAN SASARAN KINERJA PEGAWAI" in lampiran
    for part in ("DUKUNGAN SUMBER DAYA", "SKEMA PERTANGGUNGJAWABAN", "KONSEKUENSI"):
        assert part in lampiran
    assert "Komputer dan akses aplikasi SKDR" in lampiran


def test_jpt_workbook_uses_perspectives_and_no_draft_line_once_approved(skps):
    wb = load_workbook(io.BytesIO(skp_workbook_bytes(skps.jpt)))
    values = cells(wb["SKP"])
    assert not any(v.startswith(("DRAFT", "DRAF")) for v in values)
    assert "Perspektif Penerima Layanan" in values and "Perspektif Anggaran" in values
    assert "RENCANA HASIL KERJA PIMPINAN YANG DIINTERVENSI" not in values
    assert "Wajar Tanpa Pengecualian (WTP)" in values
    assert any("Indikator Perjanjian Kinerja: Angka kesakitan" in v for v in values)


def read_export(skps_qs, **kwargs):
    out = io.BytesIO()
    count = write_period_export(out, skps_qs, title="SKP Tahunan 2026", **kwargs)
    out.seek(0)
    ws = load_workbook(out, read_only=True).active
    rows = [list(r) for r in ws.iter_rows(values_only=True)]
    return count, rows


def test_period_export_has_one_row_per_iki(skps, world):
    qs = period_skps(skps.period)
    count, rows = read_export(qs)
    assert rows[0][0] == "SKP Tahunan 2026"
    header = rows[2]
    assert header[:7] == ["No", "NIP", "Nama", "Jabatan", "Unit kerja", "OPD", "Status SKP"]
    assert "RHK pimpinan yang diintervensi" in header and "IKI" in header and "Target" in header
    data = rows[3:]
    assert count == len(data) == Iki.objects.filter(rhk__skp__period=skps.period).count()
    assert [r[0] for r in data] == list(range(1, count + 1))
    col = {name: header.index(name) for name in header}
    # ordered by employee name; every row names its employee, NIP, unit and OPD
    names = [r[col["Nama"]] for r in data]
    assert names == sorted(names)
    staff_rows = [r for r in data if r[col["NIP"]] == world.staff1.nip]
    assert len(staff_rows) == Iki.objects.filter(rhk__skp=skps.staff).count()
    first = staff_rows[0]
    assert first[col["Unit kerja"]] == "Seksi Surveilans" and first[col["OPD"]] == "Dinas Kesehatan"
    with translation.override("id"):
        assert first[col["Status SKP"]] == str(Skp(status="draft").get_status_display())
    assert first[col["Kelompok"]] == "Utama" and first[col["No. RHK"]] == 1
    assert first[col["RHK"]].startswith("RHK-01")
    assert first[col["Aspek"]] == "Kuantitas"
    assert (first[col["Target"]], first[col["Nilai target"]], first[col["Satuan"]]) == ("12 dokumen", 12, "dokumen")
    second_rhk = [r for r in staff_rows if r[col["No. RHK"]] == 2]
    assert second_rhk[0][col["RHK pimpinan yang diintervensi"]] == LONG
    assert staff_rows[-1][col["Kelompok"]] == "Tambahan"  # utama first, tambahan after
    jpt_rows = [r for r in data if r[col["NIP"]] == world.kadinkes.nip]
    assert {r[col["Perspektif"]] for r in jpt_rows} >= {"Perspektif Penerima Layanan", "Perspektif Anggaran"}
    assert world.staff_b.nip not in {r[col["NIP"]] for r in data}  # another instance's period


def test_period_export_keeps_rhk_without_iki_and_skp_without_rhk(skps, world):
    from .factories import skp as make_skp

    make_skp(skps.period, world.staff2, world.kasi_surv, world.kabid_p2p)  # nothing in it yet
    rhk(skps.kasi, "RHK tanpa indikator", order=5)
    _count, rows = read_export(period_skps(skps.period, unit=world.surv))
    header, data = rows[2], rows[3:]
    nips = {r[header.index("NIP")] for r in data}
    assert nips == {world.staff1.nip, world.staff2.nip, world.kasi_surv.nip}  # the unit's subtree only
    assert any(r[header.index("RHK")] == "RHK tanpa indikator" and r[header.index("IKI")] is None for r in data)
    assert any(r[header.index("NIP")] == world.staff2.nip and r[header.index("RHK")] is None for r in data)


def test_period_export_reads_in_chunks_with_a_fixed_number_of_queries_each(skps, django_assert_num_queries):
    qs = period_skps(skps.period)  # 4 SKPs in instance A
    # chunk_size=2: 2 full chunks (2 queries each: SKPs, then their RHK/IKI) + the empty closing page
    # + one OPD-name lookup per chunk with new OPDs
    with django_assert_num_queries(2 + 2 + 1 + 1):
        rows = list(export_rows(qs, chunk_size=2))
    with django_assert_num_queries(2 + 1):
        assert list(export_rows(qs, chunk_size=500)) == rows
