"""Synthetic rows in the layout of SIASN's "Export Data ASN", for importer tests and benchmarks.

The rows describe the same people as ``seed(n, seed)`` (both come from ``build_plan``), so an
import of ``write_siasn_csv(path, n, seed)`` into an empty instance recreates that world's
employees, units (by UNOR ID) and positions.
"""

from __future__ import annotations

import csv
from collections.abc import Iterator
from pathlib import Path

from .plan import build_plan

SIASN_COLUMNS = (
    "PNS ID", "NIP BARU", "NIP LAMA", "NAMA", "GELAR DEPAN", "GELAR BELAKANG", "TANGGAL LAHIR", "JENIS KELAMIN",
    "JENIS PEGAWAI NAMA", "TMT CPNS", "GOL AKHIR NAMA", "TMT GOLONGAN", "JENIS JABATAN NAMA", "JABATAN NAMA",
    "TMT JABATAN", "UNOR ID", "UNOR NAMA", "INSTANSI KERJA NAMA",
)
POSITION_TYPE = {
    "JPT": "Struktural", "ADMINISTRATOR": "Struktural", "PENGAWAS": "Struktural",
    "FUNGSIONAL": "Fungsional Tertentu", "PELAKSANA": "Pelaksana",
}
DEFAULT_INSTANCE = "Pemerintah Kota Sintetis"


def _day(value) -> str:
    return value.strftime("%d-%m-%Y") if value else ""


def siasn_rows(n: int, seed: int = 0, instance_name: str = DEFAULT_INSTANCE) -> Iterator[dict[str, str]]:
    """Yield ``n`` dicts keyed by :data:`SIASN_COLUMNS`; NIPs are unique and valid for their kind."""
    plan = build_plan(n, seed, instance_name)
    for person in plan.people:
        s = person.spec
        pos = plan.positions[person.position]
        unit = plan.units[pos.unit]
        yield {
            "PNS ID": s.pns_id,
            "NIP BARU": s.nip,
            "NIP LAMA": s.nip_lama,
            "NAMA": s.name,
            "GELAR DEPAN": s.front_title,
            "GELAR BELAKANG": s.back_title,
            "TANGGAL LAHIR": _day(s.birth_date),
            "JENIS KELAMIN": s.sex,
            "JENIS PEGAWAI NAMA": s.kind,
            "TMT CPNS": _day(s.tmt_cpns),
            "GOL AKHIR NAMA": s.grade,
            "TMT GOLONGAN": _day(s.tmt_grade),
            "JENIS JABATAN NAMA": POSITION_TYPE[pos.kind],
            "JABATAN NAMA": pos.name,
            "TMT JABATAN": _day(person.start),
            "UNOR ID": unit.siasn_id,
            "UNOR NAMA": unit.name,
            "INSTANSI KERJA NAMA": instance_name,
        }


def write_siasn_csv(path: str | Path, n: int, seed: int = 0, instance_name: str = DEFAULT_INSTANCE) -> int:
    """Write the rows as UTF-8 CSV with a header; return the number of rows written."""
    count = 0
    with open(path, "w", newline="", encoding="utf-8") as handle:
        writer = csv.DictWriter(handle, fieldnames=SIASN_COLUMNS)
        writer.writeheader()
        for row in siasn_rows(n, seed, instance_name):
            writer.writerow(row)
            count += 1
    return count
