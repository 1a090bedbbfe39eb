"""The synthetic plan and the SIASN rows made from it (no database)."""

import csv
import re
from collections import Counter

from kinerja.demo.people import REFERENCE_DATE
from kinerja.demo.plan import build_plan
from kinerja.demo.profiles import grade_range, level_of
from kinerja.demo.seed import plan_digest
from kinerja.demo.siasn import SIASN_COLUMNS, siasn_rows, write_siasn_csv
from kinerja.rules import nip as nip_rules
from kinerja.rules.grades import PNS_CODES

DAY = re.compile(r"^\d{2}-\d{2}-\d{4}$")


def test_plan_is_deterministic_and_depends_on_the_seed():
    assert plan_digest(build_plan(500, 3)) == plan_digest(build_plan(500, 3))
    assert plan_digest(build_plan(500, 3)) != plan_digest(build_plan(500, 4))


def test_plan_shape_scales_with_n():
    plan = build_plan(3000, 1)
    assert len(plan.people) == 3000
    assert 50 <= len(plan.units) <= 70  # about n/50
    kinds = Counter(plan.positions[p.position].kind for p in plan.people)
    assert set(kinds) == {"JPT", "ADMINISTRATOR", "PENGAWAS", "PELAKSANA", "FUNGSIONAL"}
    unit_kinds = {u.kind for u in plan.units}
    assert {"setda", "dinas", "badan", "kecamatan", "bidang", "sekolah", "puskesmas"} <= unit_kinds
    pppk = sum(p.spec.kind == "PPPK" for p in plan.people) / len(plan.people)
    assert 0.04 <= pppk <= 0.18
    # every position but the Sekda has a superior, and heads report to a head
    tops = [pos for pos in plan.positions if pos.superior is None]
    assert [pos.name for pos in tops] == ["Sekretaris Daerah"]
    for pos in plan.positions:
        if pos.is_head and pos.superior is not None:
            assert plan.positions[pos.superior].kind in ("JPT", "ADMINISTRATOR", "PENGAWAS")
    # each single-holder position has at most one holder
    holders = Counter(p.position for p in plan.people)
    assert all(holders[pos.idx] <= 1 for pos in plan.positions if pos.single)
    assert all(holders[pos.idx] == 0 for pos in plan.positions if pos.vacant)
    for pos_idx, person_idx, _start in plan.acting:
        assert plan.positions[pos_idx].vacant
        assert plan.people[person_idx].position == plan.positions[pos_idx].superior
    # grades fit the position kind and level
    for person in plan.people:
        pos = plan.positions[person.position]
        if person.spec.kind == "PNS":
            low, high = grade_range(pos.kind, level_of(pos.name) if pos.kind == "FUNGSIONAL" else None, pos.grades)
            assert low <= PNS_CODES.index(person.spec.grade) <= high
        if person.prev_position is not None:
            assert person.prev_start < person.start


def test_tiny_plans_work():
    for n in (1, 2, 7, 60):
        plan = build_plan(n, 0)
        assert len(plan.people) == n
        assert len({p.spec.nip for p in plan.people}) == n


def test_siasn_rows_have_the_export_layout_and_valid_unique_nips():
    rows = list(siasn_rows(1500, seed=9))
    assert len(rows) == 1500
    assert all(tuple(row) == SIASN_COLUMNS for row in rows)
    assert len({row["NIP BARU"] for row in rows}) == 1500
    kinds = Counter(row["JENIS PEGAWAI NAMA"] for row in rows)
    assert set(kinds) == {"PNS", "PPPK"}
    for row in rows:
        parsed = nip_rules.parse(row["NIP BARU"], row["JENIS PEGAWAI NAMA"], today=REFERENCE_DATE)
        assert row["TANGGAL LAHIR"] == parsed.birth_date.strftime("%d-%m-%Y")
        assert row["JENIS KELAMIN"] == ("M" if parsed.sex == 1 else "F")
        assert DAY.match(row["TMT GOLONGAN"]) and DAY.match(row["TMT JABATAN"])
        assert DAY.match(row["TMT CPNS"]) if row["JENIS PEGAWAI NAMA"] == "PNS" else row["TMT CPNS"] == ""
        assert row["JENIS JABATAN NAMA"] in ("Struktural", "Fungsional Tertentu", "Pelaksana")
        assert row["NIP LAMA"] == "" or len(row["NIP LAMA"]) == 9
        assert len(row["UNOR ID"]) == 32 and row["UNOR NAMA"] and row["JABATAN NAMA"] and row["NAMA"]
    assert {row["GOL AKHIR NAMA"] for row in rows if row["JENIS PEGAWAI NAMA"] == "PNS"} <= set(PNS_CODES)
    assert len({(row["UNOR ID"], row["UNOR NAMA"]) for row in rows}) == len({row["UNOR ID"] for row in rows})


def test_write_siasn_csv_round_trips(tmp_path):
    path = tmp_path / "siasn.csv"
    assert write_siasn_csv(path, 200, seed=2) == 200
    with open(path, newline="", encoding="utf-8") as handle:
        read = list(csv.DictReader(handle))
    assert read == list(siasn_rows(200, seed=2))
