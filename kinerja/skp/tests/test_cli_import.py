"""``kinerja skp import FILE --period ID --as USER`` through click's test runner."""

from __future__ import annotations

import csv
from decimal import Decimal

import click
import pytest
from click.testing import CliRunner

from kinerja.audit.models import AuditEvent
from kinerja.core.testing import SYSTEM
from kinerja.skp import cli as skp_cli
from kinerja.skp import services
from kinerja.skp.models import Iki, Rhk, Skp

from .conftest import approved_skp, fill

HEADER = ["NIP", "RHK", "KELOMPOK", "RHK ATASAN", "ASPEK", "IKI", "JENIS TARGET", "TARGET", "TARGET MIN",
          "TARGET MAKS", "SATUAN", "LOWER IS BETTER"]
PARENT = "Terlaksananya surveilans penyakit"


@pytest.fixture
def cli():
    group = click.Group()
    group.add_command(skp_cli.skp_group)
    return group


def run(cli, *args):
    return CliRunner().invoke(cli, ["skp", "import", *args])


def write_csv(path, rows, delimiter=","):
    with open(path, "w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle, delimiter=delimiter)
        writer.writerow(HEADER)
        writer.writerows(rows)
    return str(path)


def good_rows(world):
    return [
        [world.kasi_surv.nip, PARENT, "utama", "", "kuantitas", "Jumlah laporan surveilans", "angka", "12", "", "",
         "laporan", "tidak"],
        [world.staff1.nip, "Tersedianya data surveilans", "utama", PARENT, "kuantitas", "Jumlah data", "angka",
         "24", "", "", "dokumen", ""],
        [world.staff1.nip, "Tersedianya data surveilans", "utama", PARENT, "waktu", "Waktu penyampaian",
         "rentang", "", "1", "3", "hari", "ya"],
        [world.staff2.nip, "Dukungan kegiatan kantor", "tambahan", "", "kualitas", "Kualitas dukungan",
         "kualitatif", "Tanpa revisi", "", "", "", ""],
    ]


def test_import_creates_the_skps(cli, world, period, tmp_path):
    path = write_csv(tmp_path / "skp.csv", good_rows(world), delimiter=";")
    result = run(cli, path, "--period", str(period.pk), "--as", "admin_bkpsdm")
    assert result.exit_code == 0, result.output
    assert "Imported 4 rows: 3 new SKP, 3 RHK, 4 IKI." in result.output
    skp = Skp.objects.get(employee=world.staff1, period=period)
    assert skp.set_by_admin and skp.status == "draft"
    rhk = Rhk.objects.get(skp=skp)
    assert rhk.parent.text == PARENT and rhk.parent.skp.employee == world.kasi_surv
    ikis = list(Iki.objects.filter(rhk=rhk).order_by("order"))
    assert [i.target_value for i in ikis] == [Decimal(24), None]
    assert (ikis[1].target_kind, ikis[1].target_min, ikis[1].target_max, ikis[1].lower_is_better) == (
        "range", Decimal(1), Decimal(3), True)
    extra = Rhk.objects.get(skp__employee=world.staff2)
    assert extra.group == "tambahan" and Iki.objects.get(rhk=extra).target_text == "Tanpa revisi"
    events = AuditEvent.objects.filter(action__startswith="skp.")
    assert events.count() == 3 + 3 + 4 and {e.source for e in events} == {"cli"}
    assert {e.actor_id for e in events} == {world.u_admin_bkpsdm.pk}


def test_import_xlsx_adds_to_a_draft(cli, world, period, tmp_path):
    from openpyxl import Workbook

    skp = services.create_skp(actor=world.u_staff2, employee=world.staff2, period=period)
    fill(skp, world.u_staff2, text="RHK yang sudah ada")
    book = Workbook()
    book.active.append(HEADER)
    book.active.append([world.staff2.nip, "RHK yang sudah ada", "utama", None, "kualitas", "IKI baru", "angka",
                        95, None, None, "persen", "tidak"])
    book.active.append([world.staff2.nip, "RHK baru", "tambahan", None, "waktu", "Tepat waktu", "angka", 12.5,
                        None, None, "bulan", None])
    book.save(tmp_path / "skp.xlsx")
    result = run(cli, str(tmp_path / "skp.xlsx"), "--period", str(period.pk), "--as", "admin_bkpsdm")
    assert result.exit_code == 0, result.output
    assert "Imported 2 rows: 0 new SKP, 1 RHK, 2 IKI." in result.output
    assert Skp.objects.count() == 1
    assert sorted(Rhk.objects.filter(skp=skp).values_list("text", "group")) == [
        ("RHK baru", "tambahan"), ("RHK yang sudah ada", "utama")]
    assert Iki.objects.filter(rhk__skp=skp).count() == 3
    assert Iki.objects.get(text="IKI baru").target_value == Decimal(95)
    assert Iki.objects.get(text="Tepat waktu").target_value == Decimal("12.5")


def test_dry_run_writes_nothing(cli, world, period, tmp_path):
    path = write_csv(tmp_path / "skp.csv", good_rows(world))
    result = run(cli, path, "--period", str(period.pk), "--as", "admin_bkpsdm", "--dry-run")
    assert result.exit_code == 0, result.output
    assert "Dry run: the file is valid (4 rows: 3 new SKP, 3 RHK, 4 IKI)" in result.output
    assert not Skp.objects.exists() and not AuditEvent.objects.filter(action__startswith="skp.").exists()


def _other_superiors_rhk(world, period):
    skp = services.create_skp(actor=world.u_kabid_yankes, employee=world.kabid_yankes, period=period)
    fill(skp, world.u_kabid_yankes, text="Pelayanan kesehatan prima")


def _approved(world, period):
    approved_skp(world, period, world.staff1, world.u_staff1, world.u_kasi_surv)


def _closed(world, period):
    services.set_period_closed(actor=SYSTEM, period=period)


BAD = {
    "unknown NIP": (0, "199001012020011999", None, None, "NIP: No employee with NIP 199001012020011999"),
    "parent not found": (1, None, 3, "Tidak ada", "RHK ATASAN: No RHK with this text in the SKP of the employee's"),
    "parent not the superior's": (1, None, 3, "Pelayanan kesehatan prima",
                                  "RHK ATASAN: This RHK belongs to someone who is not the employee's"),
    "non-numeric target": (1, None, 7, "dua belas", "TARGET: Enter a number"),
    "negative target": (1, None, 7, "-3", "TARGET: A target cannot be negative."),
    "range min above max": (2, None, 8, "5", "TARGET MIN: The minimum is above the maximum."),
    "bad group": (1, None, 2, "inti", "KELOMPOK: Write utama or tambahan."),
    "bad target kind": (1, None, 6, "persen", "JENIS TARGET: Write angka, rentang or kualitatif."),
    "bad aspect": (1, None, 4, "mutu", "ASPEK: Write kuantitas, kualitas, waktu or biaya."),
    "missing unit": (1, None, 10, "", "SATUAN: A numeric target needs a unit of measure."),
    "approved SKP": (1, None, None, None, "SKP: An approved SKP changes only through a revision."),
    "closed period": (1, None, None, None, "SKP: The period is closed"),
}
SETUP = {"parent not the superior's": _other_superiors_rhk, "approved SKP": _approved, "closed period": _closed}


@pytest.mark.parametrize("case", list(BAD))
def test_bad_rows_are_reported_and_nothing_is_written(cli, world, period, tmp_path, case):
    index, nip, column, value, message = BAD[case]
    if case in SETUP:
        SETUP[case](world, period)
    before = (Skp.objects.count(), Rhk.objects.count(), Iki.objects.count(), AuditEvent.objects.count())
    rows = good_rows(world)
    if nip is not None:
        rows[index][0] = nip
    if column is not None:
        rows[index][column] = value
    path = write_csv(tmp_path / "skp.csv", rows)
    result = run(cli, path, "--period", str(period.pk), "--as", "admin_bkpsdm")
    assert result.exit_code == 1, result.output
    assert f"line {index + 2}: {message}" in result.output
    assert "rows are invalid: nothing was imported" in result.output
    assert (Skp.objects.count(), Rhk.objects.count(), Iki.objects.count(), AuditEvent.objects.count()) == before


def test_every_bad_row_is_listed(cli, world, period, tmp_path):
    rows = good_rows(world)
    rows[1][7] = "abc"
    rows[2][8] = "9"
    rows[3][0] = "123"
    result = run(cli, write_csv(tmp_path / "skp.csv", rows), "--period", str(period.pk), "--as", "admin_bkpsdm")
    assert result.exit_code == 1
    assert "line 3: TARGET: " in result.output and "line 4: TARGET MIN: " in result.output
    assert "line 5: NIP: " in result.output and "3 of 4 rows are invalid" in result.output
    assert not Skp.objects.exists()


def test_a_user_outside_the_scope_is_refused(cli, world, period, tmp_path):
    rows = [[world.staff_disdik.nip, "RHK", "utama", "", "kuantitas", "IKI", "angka", "1", "", "", "dokumen", ""]]
    result = run(cli, write_csv(tmp_path / "skp.csv", rows), "--period", str(period.pk), "--as", "admin_opd")
    assert result.exit_code == 1
    assert "line 2: NIP: admin_opd may not change this employee's SKP." in result.output
    assert not Skp.objects.exists()


@pytest.mark.parametrize(("args", "code", "message"), [
    (["--period", "999", "--as", "admin_bkpsdm"], 2, "No SKP period 999"),
    (["--period", "{period}", "--as", "ghost"], 2, "No active user ghost"),
    (["--period", "{period}"], 2, "--as"),
])
def test_bad_options(cli, world, period, tmp_path, args, code, message):
    path = write_csv(tmp_path / "skp.csv", good_rows(world))
    result = run(cli, path, *[a.format(period=period.pk) for a in args])
    assert result.exit_code == code, result.output
    assert message in result.output


def test_unreadable_files(cli, world, period, tmp_path):
    no_column = tmp_path / "a.csv"
    no_column.write_text("NIP,NAMA\n1,x\n")
    result = run(cli, str(no_column), "--period", str(period.pk), "--as", "admin_bkpsdm")
    assert result.exit_code == 1 and "no column RHK, IKI" in result.output
    broken = tmp_path / "b.xlsx"
    broken.write_bytes(b"PK\x03\x04 not really")
    result = run(cli, str(broken), "--period", str(period.pk), "--as", "admin_bkpsdm")
    assert result.exit_code == 1 and "Cannot read the spreadsheet" in result.output


def test_jpt_rows_carry_the_perspective(cli, world, period, tmp_path):
    path = tmp_path / "jpt.csv"
    path.write_text("nip,rhk,perspektif,iki,target,satuan\n"
                    f"{world.kadinkes.nip},Meningkatnya derajat kesehatan,Proses Bisnis,Angka kematian,\"12,5\",%\n"
                    f"{world.kadinkes.nip},Anggaran terserap,,Serapan anggaran,90,%\n")
    result = run(cli, str(path), "--period", str(period.pk), "--as", "admin_bkpsdm")
    assert result.exit_code == 1
    assert "line 3: PERSPEKTIF: Choose the perspective of this RHK." in result.output
    path.write_text(path.read_text().replace(",,Serapan", ",anggaran,Serapan"))
    result = run(cli, str(path), "--period", str(period.pk), "--as", "admin_bkpsdm")
    assert result.exit_code == 0, result.output
    rhk = Rhk.objects.get(skp__employee=world.kadinkes, perspective="proses_bisnis")
    assert Iki.objects.get(rhk=rhk).target_value == Decimal("12.5")
