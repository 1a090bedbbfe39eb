"""Fake people: valid, unique NIPs and grades that fit the position (no database)."""

import random

import pytest

from kinerja.demo.names import POOLS, build_name, place_name
from kinerja.demo.people import REFERENCE_DATE, NipAllocator, PersonMaker
from kinerja.demo.profiles import PROFILES, grade_range, level_of
from kinerja.rules import nip as nip_rules
from kinerja.rules.grades import PNS_CODES, PPPK_GRADES

CASES = [
    ("JPT", "Sekretaris Daerah", "pimpinan"),
    ("ADMINISTRATOR", "Camat", "pamong"),
    ("PENGAWAS", "Lurah", "pamong"),
    ("PELAKSANA", "Pengadministrasi Perkantoran", "administrasi"),
    ("FUNGSIONAL", "Perawat Ahli Pertama", "perawat_ahli"),
    ("FUNGSIONAL", "Bidan Terampil", "bidan_terampil"),
    ("FUNGSIONAL", "Guru Ahli Madya", "guru"),
]


@pytest.mark.parametrize(("kind", "name", "profile"), CASES)
def test_people_have_valid_unique_nips_and_fitting_grades(kind, name, profile):
    maker = PersonMaker(random.Random(7), POOLS["common"], NipAllocator())
    low, high = grade_range(kind, level_of(name) if kind == "FUNGSIONAL" else None)
    seen = set()
    for i in range(300):
        pppk = kind in ("PELAKSANA", "FUNGSIONAL") and i % 3 == 0
        p = maker.make(kind, name, profile, pppk=pppk)
        parsed = nip_rules.parse(p.nip, p.kind, today=REFERENCE_DATE)
        assert p.nip not in seen
        seen.add(p.nip)
        assert parsed.birth_date == p.birth_date
        assert parsed.sex == (2 if p.sex == "F" else 1)
        if p.kind == "PNS":
            assert low <= PNS_CODES.index(p.grade) <= high
            assert (parsed.appointment_year, parsed.appointment_month) == (p.tmt_cpns.year, p.tmt_cpns.month)
            assert p.birth_date < p.tmt_cpns <= p.tmt_grade <= REFERENCE_DATE
            if p.prev_grade:
                assert PNS_CODES.index(p.prev_grade) == PNS_CODES.index(p.grade) - 1
                assert p.prev_tmt_grade < p.tmt_grade
            if p.nip_lama:
                assert len(p.nip_lama) == 9 and p.nip_lama.isdigit()
        else:
            assert pppk and p.grade in PPPK_GRADES and p.tmt_cpns is None
            assert parsed.agreement_count >= 1
        assert p.full_name.startswith(p.front_title)
        assert len(p.pns_id) == 32


def test_same_seed_same_people_and_titles_fit_profession():
    def people(seed):
        maker = PersonMaker(random.Random(seed), POOLS["semarang"])
        return [maker.make("FUNGSIONAL", "Dokter Ahli Pertama", "dokter") for _ in range(50)]

    first, again = people(1), people(1)
    assert [p.full_name for p in first] == [p.full_name for p in again]
    assert [p.nip for p in first] == [p.nip for p in again]
    assert [p.nip for p in people(2)] != [p.nip for p in first]
    assert all("dr." in p.front_title for p in first)


def test_nurse_midwife_titles_and_women_only_profiles():
    maker = PersonMaker(random.Random(3), POOLS["padang"])
    nurses = [maker.make("FUNGSIONAL", "Perawat Ahli Pertama", "perawat_ahli") for _ in range(20)]
    assert all(p.front_title.endswith("Ns.") and p.back_title == "S.Kep." for p in nurses)
    midwives = [maker.make("FUNGSIONAL", "Bidan Terampil", "bidan_terampil") for _ in range(20)]
    assert all(p.sex == "F" for p in midwives)


def test_names_and_places_are_plausible():
    rng = random.Random(5)
    for pool in POOLS.values():
        for male in (True, False):
            name = build_name(rng, pool, male, prefix_share=0.5)
            assert name and name == name.strip() and "  " not in name
    places = {place_name(rng) for _ in range(100)}
    assert len(places) > 50
    assert all(p[0].isupper() for p in places)


def test_every_profile_has_titles():
    for key, profile in PROFILES.items():
        assert profile.titles, key
        assert all(t.entry_grade in PNS_CODES for t in profile.titles), key
