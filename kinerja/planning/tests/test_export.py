"""The plan workbook: opened back with openpyxl and checked cell by cell."""

from __future__ import annotations

import io
from datetime import date

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from kinerja.core.testing import SYSTEM
from kinerja.planning import export
from kinerja.planning import services as s

pytestmark = pytest.mark.django_db


def download(client, **params):
    response = client.get(reverse("planning:download"), params)
    assert response.status_code == 200
    assert response["Content-Type"] == export.CONTENT_TYPE
    return response, load_workbook(io.BytesIO(response.content))


def rows(sheet, first: int = 5) -> list[tuple]:
    return [tuple(row) for row in sheet.iter_rows(min_row=first, values_only=True)]


def header(sheet) -> list:
    return [cell.value for cell in sheet[4]]


def test_instance_workbook_has_renstra_iku_pk_and_rkt(world, plan, client_for):
    s.sign_agreement(actor=SYSTEM, agreement=plan.pk, signed_on=date(2026, 1, 15))
    response, book = download(client_for(world.u_staff1), year=2026)
    assert response["Content-Disposition"] == 'attachment; filename="rencana-alpha-2026.xlsx"'
    assert book.sheetnames == ["Renstra and IKU", "Performance agreements", "Work plans"]

    renstra = book["Renstra and IKU"]
    assert renstra["A1"].value == "Renstra and key performance indicators (IKU)"
    assert renstra["A2"].value == "Pemerintah Kota Alpha · year 2026"
    assert header(renstra)[:9] == ["OPD", "Mission", "Goal", "Strategic target", "Code",
                                   "Key performance indicator (IKU)", "Unit of measure", "Baseline", "Direction"]
    assert header(renstra)[9:14] == ["2025", "2026", "2027", "2028", "2029"]
    assert renstra.freeze_panes == "A5"
    assert renstra.column_dimensions["F"].width == 40
    assert renstra["A4"].font.bold
    tbc = next(r for r in rows(renstra) if r[5] == "Angka keberhasilan pengobatan TBC")
    assert tbc[0] == "Dinas Kesehatan" and tbc[1] == 1 and tbc[2].startswith("T1 ")
    assert tbc[4] == "IKU 1" and tbc[6] == "%" and tbc[7] == 85 and tbc[8] == "Higher is better"
    assert tbc[9:14] == (86, 87, 88, 89, 90)
    dbd = next(r for r in rows(renstra) if r[5] == "Insiden DBD per 100.000 penduduk")
    assert dbd[7] == 52.5 and dbd[8] == "Lower is better"
    assert any(r[5] == "Angka partisipasi murni SMP" for r in rows(renstra))
    assert not any(r[5] == "IKU Beta" for r in rows(renstra))  # another instance

    agreements = book["Performance agreements"]
    assert header(agreements)[-4:] == ["Quarter I", "Quarter II", "Quarter III", "Quarter IV"]
    first = rows(agreements)[0]
    assert first[0] == "Dinas Kesehatan" and first[1] == "Signed" and first[3] == "Siti Aminah"
    assert first[6] == "Angka keberhasilan pengobatan TBC" and first[7] == "IKU 1" and first[9] == 87
    assert first[10] == "• Pelacakan kasus mangkir (20 %)" and first[11] == "• Supervisi fasyankes"
    assert first[12] is None and first[13] is None
    assert agreements.cell(row=5, column=3).value.date() == date(2026, 1, 15)

    work = book["Work plans"]
    data = rows(work)
    programme = next(r for r in data if r[2] == "Program Pemenuhan Upaya Kesehatan")
    assert programme[1] == "1.02.02" and programme[3] == 1 and programme[5] == 1_500_000_000
    assert any(r[2].strip() == "Pengendalian penyakit menular" and r[5] == 450_000_000 for r in data if r[2])
    assert data[-2][2] == "Total of Dinas Kesehatan" and data[-2][5] == 1_750_000_000
    assert data[-1][2] == "Grand total" and data[-1][5] == 1_750_000_000
    money_cell = work.cell(row=5, column=6)
    assert money_cell.number_format == export.RUPIAH
    assert work.auto_filter.ref.startswith("A4:F")


def test_unit_workbook_keeps_to_the_unit(world, plan, client_for):
    pk_p2p = s.create_agreement(actor=SYSTEM, unit=world.p2p, year=2026)
    s.create_pk_indicator(actor=SYSTEM, agreement=pk_p2p, iku=plan.iku2, target=40)
    response, book = download(client_for(world.u_staff1), year=2026, unit=world.p2p.pk)
    assert response["Content-Disposition"] == 'attachment; filename="rencana-bidang-p2p-2026.xlsx"'
    renstra = rows(book["Renstra and IKU"])
    assert {r[0] for r in renstra if r[5]} == {"Dinas Kesehatan"}  # the OPD's Renstra
    agreements = rows(book["Performance agreements"])
    assert [r[0] for r in agreements] == ["Bidang P2P"]
    assert rows(book["Work plans"])[0][0] == "No work plan for 2026."


def test_empty_year_says_so(world, plan, client_for):
    _response, book = download(client_for(world.u_staff1), year=2029)
    assert rows(book["Performance agreements"])[0][0] == "No performance agreement for 2029."
    assert rows(book["Work plans"])[0][0] == "No work plan for 2029."


def test_download_of_another_instance_unit_is_404(world, plan, client_for):
    response = client_for(world.u_staff_b).get(reverse("planning:download"), {"year": 2026, "unit": world.p2p.pk})
    assert response.status_code == 404
    assert client_for(world.u_staff1).get(reverse("planning:download")).status_code == 200


def test_download_needs_a_login(client):
    response = client.get(reverse("planning:download"))
    assert response.status_code == 302
