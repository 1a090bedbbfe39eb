"""Reading and normalising SIASN "Export Data ASN" rows (no database)."""

from datetime import date, datetime
from pathlib import Path

import openpyxl
import pytest
from django.utils import translation

from kinerja.core.testing import make_nip
from kinerja.people import siasn

DATA = Path(__file__).parent / "data"


@pytest.fixture(autouse=True)
def _english():
    """Messages are asserted in English (the msgids); the default language is Indonesian."""
    with translation.override("en"):
        yield


NIP = make_nip("19850312", "201001", 1, 1)


def read(path):
    with siasn.open_table(path) as table:
        return table, [(line, values) for line, values, _cells in table.records()]


def write(tmp_path, text: str, name="export.csv", encoding="utf-8") -> Path:
    path = tmp_path / name
    path.write_bytes(text.encode(encoding))
    return path


def norm(**values):
    values.setdefault("nip", NIP)
    values.setdefault("name", "Ahmad Fauzi")
    return siasn.normalize_row(7, values)


@pytest.mark.parametrize("header", ["NIP BARU", "nip_baru", " Nip  Baru ", "NIP_BARU", "\ufeffnip baru"])
def test_header_spaces_underscores_and_case(header):
    assert siasn.normalize_header(header) == "NIP BARU"
    assert siasn.COLUMNS[siasn.normalize_header(header)] == "nip"


def test_unknown_columns_are_ignored_and_first_duplicate_wins(tmp_path):
    path = write(tmp_path, f"agama_nama,nip_baru,Nama,NAMA,lokasi kerja\nIslam,'{NIP},Budi,Other,X\n")
    table, rows = read(path)
    assert table.keys == [None, "nip", "name", None, None]
    assert rows == [(2, {"nip": "'" + NIP, "name": "Budi"})]


def test_missing_required_column_and_empty_file(tmp_path):
    with pytest.raises(siasn.FileFormatError, match="NAMA"):
        read(write(tmp_path, f"NIP BARU,JABATAN NAMA\n{NIP},Staf\n"))
    with pytest.raises(siasn.FileFormatError):
        read(write(tmp_path, "\n\n", name="empty.csv"))


def test_sample_file_semicolon_bom_apostrophe_and_null():
    table, rows = read(DATA / "siasn_sample.csv")
    assert table.delimiter == ";"
    assert table.header[0] == "PNS ID"  # the BOM is gone
    row = siasn.normalize_row(*rows[0])
    assert row.errors == []
    assert row.nip == "198503122010011001"  # leading apostrophe stripped
    assert row.data["nip_lama"] == "" and row.data["front_title"] == ""  # "null" is empty
    assert row.unit_siasn_id == ""
    pppk = siasn.normalize_row(*rows[2])
    assert (pppk.kind, pppk.data["grade"], pppk.data["tmt_cpns"]) == ("PPPK", "IX", None)


def test_comma_csv_without_bom_and_quoted_multiline_line_numbers(tmp_path):
    nip2 = make_nip("19900725", "201503", 2, 2)
    text = f'NIP BARU,NAMA\n{NIP},"Budi\nSantoso"\n\n{nip2},Sri\n'
    table, rows = read(write(tmp_path, text))
    assert table.delimiter == ","
    assert [line for line, _values in rows] == [2, 5]  # a record spanning lines 2–3; blank line 4 skipped
    assert siasn.normalize_row(*rows[0]).data["name"] == "Budi Santoso"


def test_windows_1252_file_falls_back(tmp_path):
    table, rows = read(write(tmp_path, f"NIP BARU;NAMA\n{NIP};Andr\u00e9\n", encoding="cp1252"))
    assert rows[0][1]["name"] == "Andr\u00e9"


def test_xlsx_with_date_cells_and_rounded_numbers(tmp_path):
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.append(["nip_baru", "nama", "tanggal_lahir", "tmt_jabatan", "nip_lama"])
    sheet.append([NIP, "Budi", datetime(1985, 3, 12), "02-01-2021", 123456789])
    sheet.append([])  # an empty row: the next one is line 4
    sheet.append([float(NIP), "Rounded", None, None, None])
    path = tmp_path / "export.xlsx"
    book.save(path)
    _table, rows = read(path)
    assert [line for line, _v in rows] == [2, 4]
    first = siasn.normalize_row(*rows[0])
    assert first.errors == []
    assert first.data["birth_date"] == date(1985, 3, 12) and first.tmt_position == date(2021, 1, 2)
    assert first.data["nip_lama"] == "123456789"
    second = siasn.normalize_row(*rows[1])
    assert second.errors[0][0] == "NIP BARU" and "format the column as text" in second.errors[0][1]


@pytest.mark.parametrize("raw", ["12-03-1985", "12/03/1985", "1985-03-12", "12-3-1985", "1985-03-12 00:00:00",
                                 datetime(1985, 3, 12, 0, 0), date(1985, 3, 12), 31118])
def test_dates(raw):
    assert siasn.parse_date(raw) == date(1985, 3, 12)


@pytest.mark.parametrize("raw", ["31-02-1985", "1985/03/12", "12 Maret 1985", "03-1985"])
def test_bad_dates(raw):
    with pytest.raises(ValueError):
        siasn.parse_date(raw)


def test_clean_text():
    assert siasn.clean_text("'0123") == "0123"
    assert siasn.clean_text(" NuLL ") == ""
    assert siasn.clean_text("  Budi   Santoso ") == "Budi Santoso"
    assert siasn.clean_text(None) == ""
    assert siasn.clean_text(12.0) == "12"


@pytest.mark.parametrize(("raw", "sex"), [("M", "M"), ("L", "M"), ("Laki-laki", "M"), ("LAKI-LAKI", "M"), ("1", "M"),
                                          ("F", "F"), ("P", "F"), ("perempuan", "F"), ("2", "F"), ("", "")])
def test_sex(raw, sex):
    assert siasn.parse_sex(raw) == sex


def test_kind_and_position_group():
    assert siasn.parse_kind("PPPK") == "PPPK" and siasn.parse_kind("Pegawai PPPK") == "PPPK"
    assert siasn.parse_kind("PNS Daerah") == "PNS" and siasn.parse_kind("") == "PNS"
    groups = {"Struktural": "STRUCTURAL", "Jabatan Struktural": "STRUCTURAL", "Fungsional Tertentu": "FUNGSIONAL",
              "Fungsional": "FUNGSIONAL", "Fungsional Umum": "PELAKSANA", "Pelaksana": "PELAKSANA", "": None}
    for text, group in groups.items():
        assert siasn.position_group(text) == group
    with pytest.raises(ValueError):
        siasn.position_group("Honorer")


@pytest.mark.parametrize(("name", "unit_kind", "kind"), [
    ("Kepala Dinas Kesehatan", "dinas", "JPT"),
    ("Kepala Badan Kepegawaian", "badan", "JPT"),
    ("Kepala Dinas Kesehatan", "other", "ADMINISTRATOR"),
    ("Sekretaris Daerah", "setda", "JPT"),
    ("Asisten Pemerintahan", "other", "JPT"),
    ("Staf Ahli Bidang Hukum", "setda", "JPT"),
    ("Inspektur", "badan", "JPT"),
    ("Inspektur Pembantu Wilayah I", "badan", "ADMINISTRATOR"),
    ("Camat Ilir Barat", "kecamatan", "ADMINISTRATOR"),
    ("Sekretaris Dinas", "dinas", "ADMINISTRATOR"),
    ("Kepala Bidang P2P", "bidang", "ADMINISTRATOR"),
    ("Kepala Bagian Umum", "bidang", "ADMINISTRATOR"),
    ("Kepala Seksi Surveilans", "seksi", "PENGAWAS"),
    ("Kepala Subbagian Keuangan", "subbagian", "PENGAWAS"),
    ("Kepala Sub Bagian Umum", "subbagian", "PENGAWAS"),
    ("Lurah Sukamaju", "kelurahan", "PENGAWAS"),
    ("Sekretaris Kelurahan", "kelurahan", "PENGAWAS"),
    ("Kepala UPTD Puskesmas", "puskesmas", "PENGAWAS"),
    ("Pejabat Lain", "other", "PENGAWAS"),
    ("Sekretaris DPRD", "sekretariat", "JPT"),
    ("Kepala Pelaksana BPBD", "badan", "JPT"),
    ("Direktur RSUD", "other", "ADMINISTRATOR"),
])
def test_structural_kind_heuristic(name, unit_kind, kind):
    assert siasn.structural_kind(name, unit_kind) == kind


def test_unit_kind_and_head_guesses():
    assert siasn.guess_unit_kind("Dinas Kesehatan") == "dinas"
    assert siasn.guess_unit_kind("Sekretariat Daerah") == "setda"
    assert siasn.guess_unit_kind("Sub Bagian Umum") == "subbagian"
    assert siasn.guess_unit_kind("Kelurahan Sukamaju") == "kelurahan"
    assert siasn.guess_unit_kind("Tim Percepatan") == "other"
    assert siasn.is_head_title("Kepala Seksi Surveilans", "seksi")
    assert siasn.is_head_title("Camat Ilir Barat", "kecamatan")
    assert siasn.is_head_title("Sekretaris Dinas", "sekretariat")
    assert not siasn.is_head_title("Sekretaris Dinas", "dinas")
    assert not siasn.is_head_title("Asisten Pemerintahan", "setda")


def test_normalize_valid_row_derives_from_nip():
    row = norm(grade="III/a - Penata Muda", kind="PNS", tmt_grade="01-04-2018", position_type="Struktural")
    assert row.errors == []
    assert row.data["birth_date"] == date(1985, 3, 12) and row.data["sex"] == "M"
    assert row.data["grade"] == "III/a" and row.position_group == "STRUCTURAL"
    assert "pns_id" not in row.data  # a column absent from the file is not touched


@pytest.mark.parametrize(("values", "label", "fragment"), [
    ({"nip": "198513122010011001"}, "NIP BARU", "digits 5–6 (birth month) must be 01–12"),
    ({"nip": "198502302010011001"}, "NIP BARU", "not a valid birth date"),
    ({"nip": "19850312201001100"}, "NIP BARU", "18 digits"),
    ({"nip": "1985031220100110AB"}, "NIP BARU", "digits only"),
    ({"nip": "198503122010131001"}, "NIP BARU", "TMT CPNS month"),
    ({"nip": "198503122010013001"}, "NIP BARU", "digit 15 (sex)"),
    ({"nip": ""}, "NIP BARU", "required"),
    ({"name": "null"}, "NAMA", "Name is required"),
    ({"name": "x" * 151}, "NAMA", "at most 150"),
    ({"name": "Andi\x00Pratama"}, "NAMA", "control character U+0000"),
    ({"name": "Andi\x7fPratama"}, "NAMA", "control character U+007F"),
    ({"birth_date": "31-02-1985"}, "TANGGAL LAHIR", "not a valid date"),
    ({"birth_date": "13-03-1985"}, "TANGGAL LAHIR", "does not match the NIP"),
    ({"sex": "P"}, "JENIS KELAMIN", "does not match digit 15"),
    ({"sex": "X"}, "JENIS KELAMIN", "Unknown value"),
    ({"grade": "V/a"}, "GOL AKHIR NAMA", "Unknown rank/grade"),
    ({"tmt_grade": "01-01-1980"}, "TMT GOLONGAN", "after the birth date"),
    ({"tmt_position": "2021-13-01"}, "TMT JABATAN", "not a valid date"),
    ({"nip_lama": "12345"}, "NIP LAMA", "9 digits"),
    ({"position_type": "Honorer"}, "JENIS JABATAN NAMA", "Unknown position type"),
])
def test_normalize_reports_column_and_reason(values, label, fragment):
    row = norm(**values)
    assert any(found == label and fragment in message for found, message in row.errors), row.errors


def test_pppk_nip_rules_follow_the_kind():
    pppk_nip = "199201142022151003"  # appointed 2022, 15th work agreement, male, 003
    assert norm(nip=pppk_nip, kind="PPPK", grade="IX").errors == []
    assert any("TMT CPNS month" in m for _label, m in norm(nip=pppk_nip, kind="PNS").errors)
    assert any(label == "GOL AKHIR NAMA" for label, _m in norm(nip=pppk_nip, kind="PPPK", grade="III/a").errors)


# --- Fast paths keep the results -------------------------------------------------------------

def test_short_and_blank_rows(tmp_path):
    text = f"NIP BARU,NAMA,UNOR NAMA\n{NIP},Budi\n , ,\n{NIP},Sri,Dinas Kesehatan,extra\n"
    _table, rows = read(write(tmp_path, text))
    assert rows == [(2, {"nip": NIP, "name": "Budi", "unit_name": None}),
                    (4, {"nip": NIP, "name": "Sri", "unit_name": "Dinas Kesehatan"})]


def test_repeated_cells_and_cached_dates_give_the_same_results():
    first, again = norm(tmt_grade="01-04-2018", back_title=" S.Kom. "), norm(tmt_grade="01-04-2018",
                                                                           back_title=" S.Kom. ")
    assert (first.data, first.errors) == (again.data, again.errors)
    assert first.data["tmt_grade"] == date(2018, 4, 1) and first.data["back_title"] == "S.Kom."
    # an Excel day number and a boolean cell that hash alike are told apart
    assert norm(tmt_position=1).tmt_position == date(1899, 12, 31)
    assert any(label == "TMT JABATAN" for label, _m in norm(tmt_position=True).errors)
    assert norm(tmt_position=31118.0).tmt_position == date(1985, 3, 12)
    # a bad value is reported each time, not cached
    assert len([e for e in norm(tmt_grade="31-02-2019").errors + norm(tmt_grade="31-02-2019").errors
                if e[0] == "TMT GOLONGAN"]) == 2
    assert norm(grade="iii a").data["grade"] == "III/a" and norm(grade="iii a").data["grade"] == "III/a"
    assert any(label == "GOL AKHIR NAMA" for label, _m in norm(grade="V/a").errors)
    assert any(label == "GOL AKHIR NAMA" for label, _m in norm(grade="V/a").errors)


def test_nip_dates_are_checked_against_the_given_day():
    recent = make_nip("20040101", "202401", 1, 1)  # appointed January 2024
    assert norm(nip=recent).errors == []
    errors = siasn.normalize_row(7, {"nip": recent, "name": "Budi"}, date(2023, 6, 1)).errors
    assert any(label == "NIP BARU" for label, _m in errors)
