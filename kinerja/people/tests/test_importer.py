"""Importing SIASN exports: validation with line numbers, all-or-nothing, upsert, history, audit, CLI."""

import csv
from datetime import date, timedelta

import click
import openpyxl
import pytest
from click.testing import CliRunner
from django.db import IntegrityError, connection, transaction
from django.test.utils import CaptureQueriesContext
from django.utils import timezone, translation

from kinerja.audit.context import audit_context
from kinerja.audit.models import AuditEvent
from kinerja.core import bulk
from kinerja.core.testing import SYSTEM, make_nip
from kinerja.organization import services as org_services
from kinerja.organization.models import Instance, Position, Unit
from kinerja.people import importer
from kinerja.people.cli import import_group
from kinerja.people.importer import IMPORTER, EmployeeRows, EventRows, employee_label, fast_snapshot, import_employees
from kinerja.people.models import Assignment, Employee, GradeHistory


@pytest.fixture(autouse=True)
def _english():
    """Messages are asserted in English (the msgids); the default language is Indonesian."""
    with translation.override("en"):
        yield


HEADER = ["PNS ID", "NIP BARU", "NIP LAMA", "NAMA", "GELAR DEPAN", "GELAR BELAKANG", "TANGGAL LAHIR",
          "JENIS KELAMIN", "JENIS PEGAWAI NAMA", "TMT CPNS", "GOL AKHIR NAMA", "TMT GOLONGAN", "JENIS JABATAN NAMA",
          "JABATAN NAMA", "TMT JABATAN", "UNOR ID", "UNOR NAMA", "INSTANSI KERJA NAMA"]


def nip(i: int, sex: int = 1) -> str:
    """A valid, distinct NIP per i (tmt 2010-01: never one of the world's NIPs)."""
    return make_nip(f"1985{i % 12 + 1:02d}{i // 12 % 28 + 1:02d}", "201001", sex, i // 336 + 1)


def person(i: int, **over) -> dict:
    row = {"PNS ID": f"PNS-{i}", "NIP BARU": "'" + nip(i), "NIP LAMA": "null", "NAMA": f"Pegawai {i}",
           "GELAR DEPAN": "", "GELAR BELAKANG": "S.Kom.", "TANGGAL LAHIR": "", "JENIS KELAMIN": "M",
           "JENIS PEGAWAI NAMA": "PNS", "TMT CPNS": "01-01-2010", "GOL AKHIR NAMA": "III/a",
           "TMT GOLONGAN": "01-04-2014", "JENIS JABATAN NAMA": "Fungsional Umum", "JABATAN NAMA": "Pengelola Data",
           "TMT JABATAN": "02-01-2021", "UNOR ID": "", "UNOR NAMA": "Seksi Surveilans",
           "INSTANSI KERJA NAMA": "Pemerintah Kota Alpha"}
    row.update(over)
    return row


def world_row(employee, **over) -> dict:
    """A row describing an employee of the world as they are now."""
    row = person(0, **{"NIP BARU": employee.nip, "NAMA": employee.name, "PNS ID": employee.pns_id,
                       "GELAR BELAKANG": "", "JENIS KELAMIN": employee.sex, "GOL AKHIR NAMA": employee.grade,
                       "TMT GOLONGAN": employee.tmt_grade.isoformat(), "TMT CPNS": "",
                       "JABATAN NAMA": employee.position.name, "UNOR NAMA": employee.unit.name,
                       "TMT JABATAN": employee.tmt_position.isoformat()})
    row.update(over)
    return row


def write_csv(path, rows, header=HEADER, delimiter=","):
    with open(path, "w", encoding="utf-8", newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=header, delimiter=delimiter, extrasaction="ignore")
        writer.writeheader()
        writer.writerows(rows)
    return path


def run(path, instance="alpha", **options):
    with audit_context("cli"):
        return import_employees(path, instance, **options)


def state():
    """Everything an import could change."""
    return (sorted(Employee.objects.values_list("nip", "name", "position_id", "grade", "updated_at")),
            sorted(Assignment.objects.values_list("employee_id", "position_id", "start_date", "end_date")),
            GradeHistory.objects.count(), Unit.objects.count(), Position.objects.count(),
            AuditEvent.objects.count())


def messages(result):
    return [str(e) for e in result.errors]


# --- Creating and updating -------------------------------------------------------------------

def test_import_creates_employees_history_and_audit(world, tmp_path):
    rows = [person(1), person(2, **{"JENIS KELAMIN": "Perempuan", "NIP BARU": nip(2, sex=2), "GELAR DEPAN": "dr.",
                                    "JABATAN NAMA": "Perawat Ahli Pertama", "JENIS JABATAN NAMA": "Fungsional Tertentu",
                                    "UNOR NAMA": "bidang pelayanan kesehatan", "TMT JABATAN": ""})]
    before = AuditEvent.objects.count()
    result = run(write_csv(tmp_path / "asn.csv", rows))
    assert result.ok and result.committed
    assert (result.rows, result.created, result.updated, result.unchanged, result.invalid) == (2, 2, 0, 0, 0)

    first = Employee.objects.get(instance=world.a, nip=nip(1))
    assert (first.name, first.back_title, first.kind, first.grade, first.sex) == ("Pegawai 1", "S.Kom.", "PNS",
                                                                                  "III/a", "M")
    assert first.birth_date == date(1985, 2, 1) and first.tmt_cpns == date(2010, 1, 1)
    assert (first.position, first.unit, first.tmt_position) == (world.pos_data, world.surv, date(2021, 1, 2))
    assert list(first.assignments.values_list("position_id", "start_date", "end_date")) == [
        (world.pos_data.pk, date(2021, 1, 2), None)]
    assert list(first.grade_history.values_list("grade", "tmt")) == [("III/a", date(2014, 4, 1))]
    second = Employee.objects.get(nip=nip(2, sex=2))
    assert second.full_name == "dr. Pegawai 2, S.Kom." and second.position == world.pos_perawat
    assert second.tmt_position is None and second.assignments.get().start_date == timezone.localdate()

    events = AuditEvent.objects.filter(pk__gt=0).order_by("id")[before:]
    assert [e.action for e in events] == ["people.employee.create", "people.employee.create", "people.import"]
    assert {(e.source, e.actor_id, e.actor_label, e.instance_id) for e in events} == {("cli", None, "system:import",
                                                                                        world.a.pk)}
    assert events[0].after["nip"] == nip(1) and events[0].object_id == str(first.pk)
    assert events[2].after | {} == {"file": "asn.csv", "rows": 2, "created": 2, "updated": 0, "unchanged": 0,
                                    "invalid": 0, "units_created": 0, "positions_created": 0}


def test_rerun_is_idempotent(world, tmp_path):
    path = write_csv(tmp_path / "asn.csv", [person(i) for i in range(1, 6)] + [world_row(world.staff1)])
    first = run(path)
    assert (first.created, first.updated, first.unchanged) == (5, 0, 1)
    snapshot = state()
    again = run(path)
    assert (again.rows, again.created, again.updated, again.unchanged, again.invalid) == (6, 0, 0, 6, 0)
    after = state()
    assert after[:5] == snapshot[:5]  # no row, history or tree change
    assert after[5] == snapshot[5] + 1  # only the summary event
    assert AuditEvent.objects.order_by("-id").first().action == "people.import"


def test_update_changes_only_changed_rows_with_before_and_after(world, tmp_path):
    rows = [world_row(world.staff1, **{"NAMA": "Andi Pratama Putra", "GELAR BELAKANG": "S.T."}),
            world_row(world.staff2)]
    result = run(write_csv(tmp_path / "asn.csv", rows))
    assert (result.created, result.updated, result.unchanged) == (0, 1, 1)
    world.staff1.refresh_from_db()
    assert world.staff1.full_name == "Andi Pratama Putra, S.T."
    event = AuditEvent.objects.get(action="people.employee.update")
    assert event.object_id == str(world.staff1.pk)
    assert event.before["name"] == "Andi Pratama" and event.after["name"] == "Andi Pratama Putra"
    assert {k for k, _b, _a in event.changed_fields()} == {"name", "back_title"}


def test_position_change_closes_the_old_post_and_opens_a_new_one(world, tmp_path):
    row = world_row(world.staff1, **{"JABATAN NAMA": "Perawat Ahli Pertama", "UNOR NAMA": "Bidang Pelayanan Kesehatan",
                                     "TMT JABATAN": "01-07-2024", "JENIS JABATAN NAMA": "Fungsional Tertentu"})
    path = write_csv(tmp_path / "asn.csv", [row])
    result = run(path)
    assert (result.updated, result.unchanged) == (1, 0)
    world.staff1.refresh_from_db()
    assert (world.staff1.position, world.staff1.unit, world.staff1.tmt_position) == (
        world.pos_perawat, world.yankes, date(2024, 7, 1))
    history = list(world.staff1.assignments.order_by("start_date").values_list("position_id", "start_date",
                                                                               "end_date"))
    assert history == [(world.pos_data.pk, date(2020, 1, 2), date(2024, 6, 30)),
                       (world.pos_perawat.pk, date(2024, 7, 1), None)]
    assert run(path).unchanged == 1  # re-run: history is not duplicated
    assert world.staff1.assignments.count() == 2


def test_grade_change_adds_grade_history(world, tmp_path):
    row = world_row(world.staff1, **{"GOL AKHIR NAMA": "III/b - Penata Muda Tingkat I", "TMT GOLONGAN": "01-04-2023"})
    path = write_csv(tmp_path / "asn.csv", [row])
    assert run(path).updated == 1
    assert list(world.staff1.grade_history.order_by("tmt").values_list("grade", "tmt")) == [
        ("III/a", date(2015, 4, 1)), ("III/b", date(2023, 4, 1))]
    assert run(path).unchanged == 1
    assert world.staff1.grade_history.count() == 2


def test_moving_the_holder_of_a_single_holder_post_frees_it(world, tmp_path):
    """The file moves the current Kepala Seksi away and puts a newcomer in: no conflict."""
    rows = [world_row(world.kasi_surv, **{"JABATAN NAMA": "Pengelola Data", "TMT JABATAN": "01-07-2024"}),
            person(1, **{"JABATAN NAMA": "Kepala Seksi Surveilans", "JENIS JABATAN NAMA": "Struktural"})]
    result = run(write_csv(tmp_path / "asn.csv", rows))
    assert result.ok, messages(result)
    assert Employee.objects.get(nip=nip(1)).position == world.pos_kasi_surv


# --- Bad input: every row reported, nothing written --------------------------------------------

def test_every_bad_row_is_reported_with_line_and_nothing_is_written(world, tmp_path):
    rows = [
        person(1),  # line 2: fine
        person(2, **{"NIP BARU": "198513012010011001"}),  # 3: birth month 13
        person(3, **{"NIP BARU": "198502302010011001"}),  # 4: 30 February
        person(4, **{"NIP BARU": "19850101201001100"}),  # 5: 17 digits
        person(5, **{"NIP BARU": "1985010120100110AB"}),  # 6: letters
        person(6, **{"NIP BARU": nip(1)}),  # 7: duplicate of line 2
        person(7, **{"UNOR NAMA": "Dinas Pariwisata"}),  # 8: unknown unit
        person(8, **{"JABATAN NAMA": "Analis Data"}),  # 9: unknown position
        person(9, **{"NAMA": "null"}),  # 10: missing name
        person(10, **{"TMT GOLONGAN": "31-02-2019"}),  # 11: bad date
        person(11, **{"JABATAN NAMA": "Kepala Bidang Pelayanan",  # 12: held by kabid_yankes in the database
                      "UNOR NAMA": "Bidang Pelayanan Kesehatan", "JENIS JABATAN NAMA": "Struktural"}),
        person(12, **{"JABATAN NAMA": "Kepala Dinas Pendidikan", "UNOR NAMA": "Dinas Pendidikan"}),  # 13
        world_row(world.kadisdik),  # 14: the holder stays, so …
        person(13, **{"JABATAN NAMA": "Kepala Dinas Pendidikan", "UNOR NAMA": "Dinas Pendidikan"}),  # 15: twice
    ]
    path = write_csv(tmp_path / "asn.csv", rows)
    before = state()
    result = run(path)
    assert not result.ok and not result.committed
    assert state() == before
    assert (result.rows, result.invalid, result.created) == (14, 13, 0)
    text = "\n".join(messages(result))
    assert "line 3: NIP BARU: NIP digits 5–6 (birth month) must be 01–12." in text
    assert "line 4: NIP BARU: NIP digits 1–8 (19850230) are not a valid birth date" in text
    assert "line 5: NIP BARU: NIP must have 18 digits" in text
    assert "line 6: NIP BARU: NIP may contain digits only" in text
    assert f"line 7: NIP BARU: NIP {nip(1)} also appears on line 2." in text
    assert "line 8: UNOR NAMA: Unknown unit Dinas Pariwisata" in text
    assert "line 9: JABATAN NAMA: Unknown position Analis Data in Seksi Surveilans" in text
    assert "line 10: NAMA: Name is required." in text
    assert "line 11: TMT GOLONGAN: 31-02-2019 is not a valid date" in text
    assert (f"line 12: JABATAN NAMA: Position Kepala Bidang Pelayanan is already held by Hendra Gunawan "
            f"(NIP {world.kabid_yankes.nip}).") in text
    assert "line 13: JABATAN NAMA: Position Kepala Dinas Pendidikan is already held by Joko Widodo" in text
    assert (f"line 14: JABATAN NAMA: Position Kepala Dinas Pendidikan has a single holder and is also given to "
            f"NIP {nip(12)} on line 13.") in text
    assert "line 15: JABATAN NAMA: Position Kepala Dinas Pendidikan has a single holder" in text
    assert not any(e.line == 2 for e in result.errors)
    assert result.errors == sorted(result.errors, key=lambda e: e.line)


def test_new_post_must_start_after_the_current_one(world, tmp_path):
    row = world_row(world.staff1, **{"JABATAN NAMA": "Perawat Ahli Pertama", "UNOR NAMA": "Bidang Pelayanan Kesehatan",
                                     "TMT JABATAN": "02-01-2020"})
    result = run(write_csv(tmp_path / "asn.csv", [row]))
    assert messages(result) == ["line 2: TMT JABATAN: The new post must start after the current one (2020-01-02)."]


def test_ambiguous_unit_name_needs_the_unor_id(world, tmp_path):
    org_services.create_unit(actor=SYSTEM, instance=world.a, parent=world.disdik, name="Seksi Surveilans",
                             kind="seksi")
    result = run(write_csv(tmp_path / "asn.csv", [person(1)]))
    assert "Several units are named Seksi Surveilans" in messages(result)[0]
    org_services.update_unit(actor=SYSTEM, unit=world.surv, siasn_id="8ae48280-surv")
    assert run(write_csv(tmp_path / "asn.csv", [person(1, **{"UNOR ID": "8ae48280-surv"})])).ok


def test_unor_id_wins_over_the_name(world, tmp_path):
    org_services.update_unit(actor=SYSTEM, unit=world.surv, siasn_id="A1")
    row = person(1, **{"UNOR ID": "A1", "UNOR NAMA": "Seksi Surveilans dan Imunisasi (nama baru)"})
    result = run(write_csv(tmp_path / "asn.csv", [row]))
    assert result.ok and Employee.objects.get(nip=nip(1)).unit == world.surv


def test_skip_invalid_imports_good_rows_and_writes_errors_file(world, tmp_path):
    rows = [person(1), person(2, **{"NIP BARU": "198513012010011001"}), person(3), person(4, **{"NAMA": ""})]
    path = write_csv(tmp_path / "asn.csv", rows, delimiter=";")
    result = run(path, skip_invalid=True)
    assert result.committed and (result.created, result.invalid) == (2, 2)
    assert set(Employee.objects.filter(nip__in=[nip(i) for i in range(1, 5)]).values_list("nip", flat=True)) == {
        nip(1), nip(3)}
    assert result.errors_path == f"{path}.errors.csv"
    with open(result.errors_path, encoding="utf-8-sig", newline="") as handle:
        written = list(csv.reader(handle, delimiter=";"))
    assert written[0][:4] == ["line", "reason", "PNS ID", "NIP BARU"]
    assert [r[0] for r in written[1:]] == ["3", "5"]
    assert written[1][1].startswith("NIP BARU: NIP digits 5–6") and written[1][3] == "198513012010011001"
    assert written[2][1] == "NAMA: Name is required."


def test_custom_errors_file_without_skip_still_imports_nothing(world, tmp_path):
    out = tmp_path / "rejected.csv"
    result = run(write_csv(tmp_path / "asn.csv", [person(1), person(2, **{"NAMA": ""})]), errors_path=out)
    assert result.errors_path == str(out) and out.exists() and not result.committed
    assert not Employee.objects.filter(nip=nip(1)).exists()


def test_dry_run_counts_but_writes_nothing(world, tmp_path):
    rows = [person(1), world_row(world.staff1, **{"NAMA": "Andi P."}), world_row(world.staff2)]
    before = state()
    result = run(write_csv(tmp_path / "asn.csv", rows), dry_run=True)
    assert result.ok and not result.committed
    assert (result.created, result.updated, result.unchanged) == (1, 1, 1)
    assert state() == before


# --- Units and positions ---------------------------------------------------------------------

def test_create_units_makes_units_and_positions(world, tmp_path):
    rows = [
        person(1, **{"UNOR ID": "U-PAR", "UNOR NAMA": "Dinas Pariwisata", "JABATAN NAMA": "Kepala Dinas Pariwisata",
                     "JENIS JABATAN NAMA": "Jabatan Struktural"}),
        person(2, **{"UNOR ID": "U-PAR", "UNOR NAMA": "Dinas Pariwisata", "JABATAN NAMA": "Pengadministrasi Umum"}),
        person(3, **{"UNOR ID": "U-PAR", "UNOR NAMA": "Dinas Pariwisata", "JABATAN NAMA": "Pengadministrasi Umum"}),
        person(4, **{"JABATAN NAMA": "Epidemiolog Ahli Muda", "JENIS JABATAN NAMA": "Fungsional Tertentu"}),
    ]
    path = write_csv(tmp_path / "asn.csv", rows)
    refused = run(path)
    assert [e.line for e in refused.errors] == [2, 3, 4, 5]
    assert "use --create-units" in messages(refused)[0]

    preview = run(path, create_units=True, dry_run=True)
    assert (preview.units_created, preview.positions_created, preview.created) == (1, 3, 4)
    assert not Unit.objects.filter(name="Dinas Pariwisata").exists()

    result = run(path, create_units=True)
    assert result.ok and (result.units_created, result.positions_created, result.created) == (1, 3, 4)
    unit = Unit.objects.get(instance=world.a, name="Dinas Pariwisata")
    assert (unit.siasn_id, unit.kind, unit.depth) == ("U-PAR", "dinas", 1)
    head = Position.objects.get(unit=unit, name="Kepala Dinas Pariwisata")
    assert (head.kind, head.is_head, head.single_holder, head.superior) == ("JPT", True, True, None)
    staff = Position.objects.get(unit=unit, name="Pengadministrasi Umum")
    assert (staff.kind, staff.is_head, staff.single_holder, staff.superior) == ("PELAKSANA", False, False, head)
    epi = Position.objects.get(unit=world.surv, name="Epidemiolog Ahli Muda")
    assert (epi.kind, epi.superior) == ("FUNGSIONAL", world.pos_kasi_surv)
    assert Employee.objects.filter(position=staff).count() == 2
    assert AuditEvent.objects.filter(action="organization.unit.create", object_id=str(unit.pk)).exists()
    assert AuditEvent.objects.filter(action="organization.position.create").count() >= 3
    assert Unit.objects.find_problems() == ([], [], [], [], [])  # the tree is still consistent

    again = run(path, create_units=True)
    assert (again.units_created, again.positions_created, again.unchanged) == (0, 0, 4)


def test_created_head_reports_to_the_head_of_the_parent_unit(world, tmp_path):
    org_services.create_unit(actor=SYSTEM, instance=world.a, parent=world.p2p, name="Seksi Imunisasi", kind="seksi")
    row = person(1, **{"UNOR NAMA": "Seksi Imunisasi", "JABATAN NAMA": "Kepala Seksi Imunisasi",
                       "JENIS JABATAN NAMA": "Struktural"})
    assert run(write_csv(tmp_path / "asn.csv", [row]), create_units=True).ok
    position = Position.objects.get(name="Kepala Seksi Imunisasi")
    assert (position.kind, position.is_head, position.superior) == ("PENGAWAS", True, world.pos_kabid_p2p)


def test_creating_a_position_needs_its_type(world, tmp_path):
    result = run(write_csv(tmp_path / "asn.csv", [person(1, **{"JABATAN NAMA": "Analis", "JENIS JABATAN NAMA": ""})]),
                 create_units=True)
    assert messages(result) == ["line 2: JENIS JABATAN NAMA: The position type is needed to create the position "
                                "Analis."]


# --- Formats -------------------------------------------------------------------------------

def test_xlsx_import(world, tmp_path):
    book = openpyxl.Workbook()
    sheet = book.active
    header = [h.lower().replace(" ", "_") for h in HEADER]
    sheet.append(header)
    for i in (1, 2):
        row = person(i)
        cells = [row[h] for h in HEADER]
        cells[HEADER.index("TMT JABATAN")] = date(2021, 1, 2)
        sheet.append(cells)
    path = tmp_path / "asn.xlsx"
    book.save(path)
    result = run(path)
    assert result.ok and result.created == 2
    assert Employee.objects.get(nip=nip(2)).tmt_position == date(2021, 1, 2)


def test_sample_file_imports(world):
    from pathlib import Path

    result = run(Path(__file__).parent / "data" / "siasn_sample.csv")
    assert result.ok, messages(result)
    assert result.created == 3
    assert Employee.objects.get(nip="199201142022011003").kind == "PPPK"


# --- Scale: queries per chunk do not grow with the rows ----------------------------------------

def _queries(world, tmp_path, n, offset):
    path = write_csv(tmp_path / f"asn{n}.csv", [person(offset + i) for i in range(n)])
    with CaptureQueriesContext(connection) as ctx:
        result = run(path, chunk=100)
    assert result.ok and result.created == n
    return len(ctx.captured_queries)


def test_query_count_does_not_grow_with_rows(world, tmp_path):
    one, two, five = (_queries(world, tmp_path, n, off) for n, off in ((100, 0), (200, 1000), (500, 2000)))
    per_chunk = two - one
    assert per_chunk <= 15
    assert five - two == 3 * per_chunk
    # re-importing unchanged rows costs even less per chunk
    path = tmp_path / "asn500.csv"
    with CaptureQueriesContext(connection) as ctx:
        assert run(path, chunk=100).unchanged == 500
    assert len(ctx.captured_queries) <= five


# --- CLI ------------------------------------------------------------------------------------

@pytest.fixture
def cli():
    group = click.Group("kinerja")
    group.add_command(import_group)
    return group


def test_cli_imports_and_prints_a_summary(world, tmp_path, cli):
    path = write_csv(tmp_path / "asn.csv", [person(1), person(2)])
    result = CliRunner().invoke(cli, ["import", "employees", str(path), "--instance", "alpha"])
    assert result.exit_code == 0, result.output
    assert "Import finished: 2 created, 0 updated, 0 unchanged." in result.output
    assert "Created" in result.output
    assert AuditEvent.objects.filter(action="people.import", source="cli").count() == 1


def test_cli_reports_errors_and_exits_1(world, tmp_path, cli):
    path = write_csv(tmp_path / "asn.csv", [person(1), person(2, **{"NIP BARU": "198513012010011001"})])
    result = CliRunner().invoke(cli, ["import", "employees", str(path), "--instance", "alpha"])
    assert result.exit_code == 1
    assert "line 3: NIP BARU: NIP digits 5–6 (birth month) must be 01–12." in result.output
    assert "nothing was imported" in result.output
    assert not Employee.objects.filter(nip=nip(1)).exists()

    skipped = CliRunner().invoke(cli, ["import", "employees", str(path), "--instance", "alpha", "--skip-invalid",
                                       "--errors-file", str(tmp_path / "bad.csv")])
    assert skipped.exit_code == 0, skipped.output
    assert (tmp_path / "bad.csv").exists() and Employee.objects.filter(nip=nip(1)).exists()


def test_cli_instance_option_and_dry_run(world, tmp_path, cli):
    path = write_csv(tmp_path / "asn.csv", [person(1)])
    ambiguous = CliRunner().invoke(cli, ["import", "employees", str(path)])
    assert ambiguous.exit_code == 2 and "--instance" in ambiguous.output
    unknown = CliRunner().invoke(cli, ["import", "employees", str(path), "--instance", "gamma"])
    assert unknown.exit_code == 2
    dry = CliRunner().invoke(cli, ["import", "employees", str(path), "--instance", "alpha", "--dry-run"])
    assert dry.exit_code == 0 and "Dry run" in dry.output
    assert not Employee.objects.filter(nip=nip(1)).exists()


def test_cli_single_instance_needs_no_option_and_bad_file_fails(db, tmp_path, cli):
    org_services.create_instance(actor=SYSTEM, name="Pemerintah Kota Gamma", slug="gamma")
    org_services.create_unit(actor=SYSTEM, instance=Instance.objects.get(slug="gamma"), name="Dinas Kesehatan",
                             kind="dinas")
    path = write_csv(tmp_path / "asn.csv", [person(1, **{"UNOR NAMA": "Dinas Kesehatan", "JABATAN NAMA": ""})])
    result = CliRunner().invoke(cli, ["import", "employees", str(path)])
    assert result.exit_code == 0, result.output
    assert Employee.objects.get(nip=nip(1)).unit.name == "Dinas Kesehatan"
    bad = tmp_path / "bad.csv"
    bad.write_text("foo,bar\n1,2\n")
    failed = CliRunner().invoke(cli, ["import", "employees", str(bad)])
    assert failed.exit_code == 1 and "NIP BARU" in failed.output


def test_transfer_uses_today_when_tmt_is_empty(world, tmp_path):
    row = world_row(world.staff1, **{"JABATAN NAMA": "Perawat Ahli Pertama", "UNOR NAMA": "Bidang Pelayanan Kesehatan",
                                     "TMT JABATAN": ""})
    path = write_csv(tmp_path / "asn.csv", [row])
    assert run(path).updated == 1
    today = timezone.localdate()
    current = world.staff1.assignments.get(end_date__isnull=True)
    assert current.start_date == today
    assert world.staff1.assignments.get(position=world.pos_data).end_date == today - timedelta(days=1)
    assert run(path).unchanged == 1


def test_progress_is_reported_per_phase(world, tmp_path):
    calls = []
    path = write_csv(tmp_path / "asn.csv", [person(i) for i in range(1, 251)])
    result = run(path, chunk=100, progress=lambda phase, done, total: calls.append((phase, done, total)))
    assert result.created == 250
    assert calls[-1] == ("import", 250, 250)
    assert ("validate", 250, 250) in calls
    assert [c[1] for c in calls if c[0] == "import"] == [100, 200, 250]
    calls.clear()
    assert run(path, chunk=100, dry_run=True, progress=lambda *call: calls.append(call)).unchanged == 250
    assert [c[1] for c in calls if c[0] == "import"] == [100, 200, 250]


def test_fast_audit_helpers_match_the_audit_service(world):
    from kinerja.audit.services import build, snapshot

    for obj in (world.staff1, world.kadinkes_b, world.surv, world.pos_kasi_surv):
        assert fast_snapshot(obj) == snapshot(obj)
    names = [f.attname for f in Employee._meta.concrete_fields]
    for employee in (world.staff1, world.kadinkes_b, Employee(front_title="dr.", name="Siti", back_title="M.Kes.")):
        values = {name: getattr(employee, name) for name in names}
        assert EmployeeRows.snapshot(values) == snapshot(employee)
        assert employee_label(values) == str(employee)
    now = timezone.now()
    with audit_context("cli"):
        rows = EventRows(Employee, world.a.pk)
        first = rows.row("people.employee.update", world.staff1.pk, str(world.staff1), {"a": 1}, {"a": 2}, now)
        second = rows.row("people.employee.update", world.staff2.pk, str(world.staff2), {"b": 1}, {"b": 2}, now)
        expected = build("people.employee.update", world.staff2, actor=IMPORTER, before={"b": 1}, after={"b": 2})
    expected.at = now
    assert first[EventRows.ATTNAMES.index("object_id")] == str(world.staff1.pk)
    made = dict(zip(EventRows.ATTNAMES, second, strict=True))
    assert {k: v for k, v in made.items() if k != "request_id"} == {
        name: getattr(expected, name) for name in EventRows.ATTNAMES if name != "request_id"}
    assert made["request_id"] == first[EventRows.ATTNAMES.index("request_id")]  # one import, one request id


# --- Pass 2: chunks written in the background, rows that changed since pass 1 -----------------

def _mixed_rows(world):
    return [person(1), world_row(world.staff1, **{"JABATAN NAMA": "Perawat Ahli Pertama",
                                                  "UNOR NAMA": "Bidang Pelayanan Kesehatan",
                                                  "TMT JABATAN": "01-07-2024", "JENIS JABATAN NAMA": "Fungsional"}),
            person(2), world_row(world.staff2),
            world_row(world.kabid_p2p, **{"GOL AKHIR NAMA": "IV/b", "TMT GOLONGAN": "01-04-2024"}),
            person(3, **{"UNOR ID": "U-NEW", "UNOR NAMA": "Dinas Pariwisata", "JABATAN NAMA": "Pengadministrasi Umum"}),
            world_row(world.kasi_surv, **{"NAMA": "Nama Baru"})]


def _outcome():
    """What an import wrote, without ids and timestamps."""
    employees = {e.pk: e.nip for e in Employee.objects.all()}
    return (sorted(Employee.objects.values_list("nip", "name", "grade", "position__name", "unit__name",
                                                "tmt_position")),
            sorted((employees[a.employee_id], a.position.name, a.start_date, a.end_date) for a in
                   Assignment.objects.select_related("position")),
            sorted((employees[g.employee_id], g.grade, g.tmt) for g in GradeHistory.objects.all()),
            sorted((e.action, e.object_label, e.before is None) for e in AuditEvent.objects.all()))


def test_the_chunk_size_does_not_change_the_outcome(world, tmp_path):
    """Chunks of 1, 2 and all rows: reads of a chunk run before the previous chunk's writes."""
    path = write_csv(tmp_path / "asn.csv", _mixed_rows(world))
    created_before = AuditEvent.objects.filter(action="people.employee.create").count()
    outcomes = []
    for chunk in (1, 2, 1000):
        with transaction.atomic():
            result = run(path, create_units=True, chunk=chunk)
            outcomes.append(((result.created, result.updated, result.unchanged), _outcome()))
            assert run(path, create_units=True, chunk=chunk).unchanged == 7
            transaction.set_rollback(True)
    assert outcomes[0] == outcomes[1] == outcomes[2]
    counts, (employees, posts, grades, events) = outcomes[0]
    assert counts == (3, 3, 1)
    assert "Nama Baru" in {name for _nip, name, *_rest in employees}
    assert (world.staff1.nip, "Perawat Ahli Pertama", date(2024, 7, 1), None) in posts
    assert (world.staff1.nip, world.pos_data.name, date(2020, 1, 2), date(2024, 6, 30)) in posts
    assert (world.kabid_p2p.nip, "IV/b", date(2024, 4, 1)) in grades
    assert sum(1 for action, *_rest in events if action == "people.employee.create") == created_before + 3
    assert ("people.employee.update", "Nama Baru", False) in events


def test_promotion_already_on_record_is_not_added_twice(world, tmp_path):
    GradeHistory.objects.create(instance=world.a, employee=world.staff1, grade="III/b", tmt=date(2023, 4, 1))
    row = world_row(world.staff1, **{"GOL AKHIR NAMA": "III/b", "TMT GOLONGAN": "01-04-2023"})
    assert run(write_csv(tmp_path / "asn.csv", [row])).updated == 1
    assert world.staff1.grade_history.filter(grade="III/b").count() == 1


def test_employee_created_elsewhere_between_the_passes_fails_the_whole_import(world, tmp_path, monkeypatch):
    """Pass 1 found NIP 2 new; someone adds it before pass 2: the insert fails, nothing is written."""
    spill = importer.Spill.write

    def write_then_add(self, chunk):
        spill(self, chunk)
        Employee.objects.create(instance=world.a, nip=nip(2), name="Added Meanwhile")

    monkeypatch.setattr(importer.Spill, "write", write_then_add)
    before = state()
    with pytest.raises(IntegrityError):
        run(write_csv(tmp_path / "asn.csv", [person(1), person(2), person(3)]))
    monkeypatch.undo()
    Employee.objects.filter(nip=nip(2)).delete()
    assert state() == before


def test_employee_deleted_elsewhere_between_the_passes_is_created(world, tmp_path, monkeypatch):
    Employee.objects.create(instance=world.a, nip=nip(1), name="Pegawai 1")
    spill = importer.Spill.write

    def write_then_delete(self, chunk):
        assert [exists for _row, _unit, _position, exists in chunk] == [True, False]
        spill(self, chunk)
        Employee.objects.filter(nip=nip(1)).delete()

    monkeypatch.setattr(importer.Spill, "write", write_then_delete)
    result = run(write_csv(tmp_path / "asn.csv", [person(1), person(2)]))
    assert (result.created, result.updated) == (2, 0)
    assert Employee.objects.get(nip=nip(1)).assignments.count() == 1


# --- Bulk helpers --------------------------------------------------------------------------

def test_lookup_finds_the_rows_of_the_values(world):
    queryset = Employee.objects.filter(instance=world.a).order_by().values_list("nip", "name", "position_id")
    nips = [world.staff1.nip, world.kadinkes_b.nip, "000000000000000000", world.staff2.nip + "9"]
    assert sorted(bulk.lookup(queryset, "nip", nips)) == [
        (world.staff1.nip, world.staff1.name, world.staff1.position_id)]
    assert bulk.lookup(queryset, "nip", []) == []


def test_pipeline_writes_in_order_and_fails_as_a_django_error(world):
    columns = ["instance_id", "employee_id", "grade", "tmt", "decree_number", "created_at", "updated_at"]
    now = timezone.now()
    row = [world.a.pk, world.staff2.pk, "III/c", date(2024, 4, 1), "", now, now]
    with transaction.atomic(), bulk.Pipeline() as pipeline:
        pipeline.insert(GradeHistory, columns, [row])
        pipeline.flush()
        pipeline.execute(f"UPDATE {GradeHistory._meta.db_table} SET decree_number = %s WHERE grade = %s",
                         ["SK-1", "III/c"])
    assert GradeHistory.objects.get(employee=world.staff2, grade="III/c").decree_number == "SK-1"
    with pytest.raises(IntegrityError), transaction.atomic(), bulk.Pipeline() as pipeline:
        pipeline.insert(GradeHistory, columns, [[*row[:2], "III/d", *row[3:]]])
        pipeline.flush()
        pipeline.insert(GradeHistory, columns, [row])  # the same grade and TMT again
    assert not GradeHistory.objects.filter(employee=world.staff2, grade="III/d").exists()  # rolled back


@pytest.mark.skipif(connection.vendor != "postgresql", reason="PostgreSQL constraint modes")
def test_foreign_keys_are_checked_per_statement_inside_the_block_only(world):
    table = GradeHistory._meta.db_table
    dangling = (f"INSERT INTO {table} (instance_id, employee_id, grade, tmt, decree_number, created_at, updated_at) "
                "VALUES (%s, 999999999, 'I/a', '2020-01-01', 'x', now(), now())")
    with transaction.atomic():
        with bulk.checks_per_statement([GradeHistory]), pytest.raises(IntegrityError), transaction.atomic(), \
                connection.cursor() as cursor:
            cursor.execute(dangling, [world.a.pk])  # checked at once
        with connection.cursor() as cursor:  # deferred again: fixed before the end, nothing is raised
            cursor.execute(dangling, [world.a.pk])
            cursor.execute(f"DELETE FROM {table} WHERE decree_number = 'x'")


def test_a_committed_import_refreshes_planner_statistics(world, tmp_path, monkeypatch,
                                                         django_capture_on_commit_callbacks):
    calls = []
    monkeypatch.setattr(bulk, "refresh_statistics", lambda models, added=0: calls.append((models, added)))
    with django_capture_on_commit_callbacks(execute=True):
        run(write_csv(tmp_path / "asn.csv", [person(1), person(2), world_row(world.staff1, **{"NAMA": "X"})]))
    assert calls == [([Employee, Assignment, GradeHistory, AuditEvent, Unit, Position], 3)]


def test_refresh_statistics_analyzes_stale_tables(world):
    if connection.vendor == "sqlite":  # always analyzed (sampled): SQLite has no statistics until then
        assert bulk.refresh_statistics([Employee, Assignment]) == ["people_employee", "people_assignment"]
        with connection.cursor() as cursor:
            cursor.execute("SELECT DISTINCT tbl FROM sqlite_stat1 WHERE tbl LIKE 'people_%' ORDER BY tbl")
            assert [r[0] for r in cursor.fetchall()] == ["people_assignment", "people_employee"]
        return
    assert sorted(bulk.refresh_statistics([Employee, Assignment], added=10**6)) == ["people_assignment",
                                                                                     "people_employee"]
    with connection.cursor() as cursor:
        cursor.execute("SELECT reltuples FROM pg_class WHERE relname = 'people_employee'")
        assert cursor.fetchone()[0] >= 0  # analyzed


# --- SIASN files as SIASN writes them (docs/import.md, "The file as SIASN exports it") ------------

def test_export_data_asn_file_imports_as_it_comes(world):
    """The full "Export Data ASN" layout: 67 lower-case columns in SIASN's order, `|`-separated,
    dd-mm-yyyy dates, PPPK rows named by JENIS PEGAWAI NAMA or only by KEDUDUKAN HUKUM NAMA."""
    from pathlib import Path

    result = run(Path(__file__).parent / "data" / "siasn_export_data_asn.csv")
    assert result.ok, messages(result)
    assert result.created == 4
    bambang = Employee.objects.get(nip="198604172011011002")
    assert (bambang.name, bambang.back_title, bambang.grade, bambang.tmt_grade, bambang.tmt_cpns, bambang.kind) == (
        "BAMBANG SETIAWAN", "S.Kom.", "III/c", date(2019, 4, 1), date(2011, 1, 1), "PNS")
    assert bambang.position.name == "Pengelola Data" and bambang.tmt_position == date(2022, 1, 2)
    assert bambang.pns_id == "8AE48288799B1F4A01799C9F1B3E0101"
    dewi = Employee.objects.get(nip="199109232019032005")
    assert (dewi.front_title, dewi.sex, dewi.position.name) == ("Ns.", "F", "Perawat Ahli Pertama")
    pppk = Employee.objects.filter(kind="PPPK").order_by("nip")
    assert [(e.nip, e.grade) for e in pppk] == [("199502112022212004", "IX"), ("199812302023211001", "VII")]
    assert run(Path(__file__).parent / "data" / "siasn_export_data_asn.csv").unchanged == 4


@pytest.mark.parametrize("delimiter", ["|", ";", ",", "\t"])
def test_separator_is_detected_with_upper_case_underscore_headers(world, tmp_path, delimiter):
    header = [h.replace(" ", "_") for h in HEADER]
    rows = [{k.replace(" ", "_"): v for k, v in person(i, **{"NAMA": f"Pegawai, {i}"}).items()}
            for i in (1, 2)]
    result = run(write_csv(tmp_path / "asn.csv", rows, header=header, delimiter=delimiter))
    assert result.ok and result.created == 2, messages(result)


def test_older_sapk_header_names_are_accepted(world, tmp_path):
    """SAPK-era exports name the birth date TGL_LAHIR."""
    header = [{"TANGGAL LAHIR": "TGL_LAHIR"}.get(h, h.replace(" ", "_")) for h in HEADER]
    row = {k.replace(" ", "_"): v for k, v in person(1).items()}
    row["TGL_LAHIR"] = "01-01-1984"  # nip(1) is born 1985-02-01: the column is read, so the mismatch is found
    result = run(write_csv(tmp_path / "asn.csv", [row], header=header, delimiter="|"))
    assert messages(result) == ["line 2: TANGGAL LAHIR: Birth date does not match the NIP (1985-02-01)."]


def test_pppk_by_legal_status_alone(world, tmp_path):
    header = [*HEADER, "KEDUDUKAN HUKUM NAMA"]
    ni_pppk = make_nip("19950211", "202221", 2, 4)
    row = person(1, **{"NIP BARU": ni_pppk, "JENIS PEGAWAI NAMA": "", "GOL AKHIR NAMA": "IX", "TMT CPNS": "",
                       "JENIS KELAMIN": "F", "KEDUDUKAN HUKUM NAMA": "PPPK Aktif"})
    result = run(write_csv(tmp_path / "asn.csv", [row], header=header))
    assert result.ok, messages(result)
    assert Employee.objects.get(nip=ni_pppk).kind == "PPPK"
