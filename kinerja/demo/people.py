"""Deterministic fake people: name, titles, birth date, NIP, kind, grade and grade history.

Everything is drawn from the ``random.Random`` handed in, and dates are relative to a fixed
reference date, so the same seed always gives the same people on any machine and any day.
NIPs follow DOMAIN.md §11 (PNS: birth, TMT CPNS, sex, sequence; NI PPPK: birth, year of
appointment, count of agreements, sex, sequence) and are unique per :class:`NipAllocator`.
"""

from __future__ import annotations

from bisect import bisect_right
from dataclasses import dataclass
from datetime import date
from itertools import accumulate

from kinerja.rules.grades import PNS_CODES

from .names import NamePool, build_name, pick
from .profiles import PROFILES, Title, born_range, grade_range, level_of, pppk_grade

REFERENCE_DATE = date(2025, 1, 2)  # "today" of the generated world; all dates lie before it


@dataclass(slots=True)
class PersonSpec:
    kind: str  # "PNS" or "PPPK"
    nip: str
    front_title: str
    name: str
    back_title: str
    sex: str  # "M" / "F"
    birth_date: date
    grade: str
    tmt_grade: date
    tmt_cpns: date | None
    prev_grade: str = ""
    prev_tmt_grade: date | None = None
    nip_lama: str = ""
    pns_id: str = ""

    @property
    def full_name(self) -> str:
        name = f"{self.front_title} {self.name}".strip()
        return f"{name}, {self.back_title}" if self.back_title else name


class NipAllocator:
    """Hands out the sequence digits so every NIP is unique (first 15 digits + 001, 002 …)."""

    def __init__(self):
        self._last: dict[str, int] = {}
        self._old_nip = 0

    def take(self, prefix: str) -> str | None:
        seq = self._last.get(prefix, 0) + 1
        if seq > 999:
            return None
        self._last[prefix] = seq
        return f"{prefix}{seq:03d}"

    def old_nip(self, rng) -> str:
        """A unique 9-digit NIP lama (used for PNS appointed before 2006)."""
        step = 1 + int(rng.random() * 97) if self._old_nip else 10_000_000 + int(rng.random() * 20_000_000)
        self._old_nip += step
        return f"1{self._old_nip:08d}"


def randint_fast(rng, low: int, high: int) -> int:
    """``rng.randint`` without its overhead; deterministic for a seeded ``random.Random``."""
    return low + int(rng.random() * (high - low + 1))


@dataclass(frozen=True, slots=True)
class _Fit:
    """What a position implies for its holder, computed once per position name."""

    level: str | None
    born: tuple[int, int]
    grades: tuple[int, int]


class PersonMaker:
    def __init__(self, rng, pool: NamePool, allocator: NipAllocator | None = None, prefix_share: float = 0.05,
                 today: date = REFERENCE_DATE):
        self.rng = rng
        self.pool = pool
        self.nips = allocator or NipAllocator()
        self.prefix_share = prefix_share
        self.today = today
        self._fits: dict[tuple, _Fit] = {}
        self._titles: dict[tuple[str, int], tuple[list[Title], list[float]]] = {}

    def _fit(self, kind: str, name: str, override) -> _Fit:
        key = (kind, name, override)
        fit = self._fits.get(key)
        if fit is None:
            level = level_of(name) if kind == "FUNGSIONAL" else None
            fit = _Fit(level, born_range(kind, level), grade_range(kind, level, override))
            self._fits[key] = fit
        return fit

    def _title(self, profile_key: str, year: int) -> Title:
        cached = self._titles.get((profile_key, year))
        if cached is None:
            titles = PROFILES[profile_key].titles
            fitting = [t for t in titles if t.born_before is None or year < t.born_before] or list(titles)
            cached = (fitting, list(accumulate(t.weight for t in fitting)))
            self._titles[(profile_key, year)] = cached
        titles, cum = cached
        return titles[bisect_right(cum, self.rng.random() * cum[-1])]

    def make(self, position_kind: str, position_name: str, profile_key: str, pppk: bool = False,
             grade_override: tuple[str, str] | None = None, female: bool | None = None) -> PersonSpec:
        rng = self.rng
        fit = self._fit(position_kind, position_name, grade_override)
        if female is None:
            female = rng.random() < PROFILES[profile_key].female_share
        born_lo, born_hi = fit.born
        if pppk:
            born_lo, born_hi = max(born_lo, 1972), min(born_hi, 2001)
        year = randint_fast(rng, born_lo, born_hi)
        title = self._title(profile_key, year)
        front = title.front
        if female and front == "Drs.":
            front = "Dra."
        if year < 1976 and rng.random() < 0.12:  # returned from the hajj
            front = f"{'Hj.' if female else 'H.'} {front}".strip()
        name = build_name(rng, self.pool, not female, self.prefix_share)
        sex_digit = "2" if female else "1"
        while True:
            birth = date(year, randint_fast(rng, 1, 12), randint_fast(rng, 1, 28))
            if pppk:
                spec = self._pppk(birth, sex_digit, position_kind, fit.level, title.entry_grade)
            else:
                spec = self._pns(birth, sex_digit, fit.grades, title.entry_grade)
            if spec is not None:
                break
        spec.front_title, spec.name, spec.back_title = front, name, title.back
        spec.sex = "F" if female else "M"
        spec.pns_id = f"{rng.getrandbits(128):032X}"
        return spec

    def _pns(self, birth, sex_digit, grades: tuple[int, int], entry_grade) -> PersonSpec | None:
        rng, today = self.rng, self.today
        cpns_year = min(birth.year + randint_fast(rng, 21, 29), today.year - 1)
        month = randint_fast(rng, 1, 12)
        nip = self.nips.take(f"{birth:%Y%m%d}{cpns_year}{month:02d}{sex_digit}")
        if nip is None:
            return None
        tmt_cpns = date(cpns_year, month, 1)
        entry = PNS_CODES.index(entry_grade)
        low, high = grades
        natural = entry + (today.year - cpns_year) // 4
        grade = max(min(natural, high), low)
        prev_grade, prev_tmt = "", None
        if grade <= entry:
            tmt_grade = tmt_cpns
        else:
            tmt_year = min(today.year - randint_fast(rng, 1, 4), cpns_year + 4 * (grade - entry))
            tmt_grade = date(max(tmt_year, cpns_year + 1), 4 if rng.random() < 0.5 else 10, 1)
            prev_tmt = date(max(tmt_grade.year - 4, cpns_year), tmt_grade.month, 1)
            if prev_tmt <= tmt_cpns:
                prev_tmt = tmt_cpns
            if prev_tmt < tmt_grade:
                prev_grade = PNS_CODES[grade - 1]
            else:
                prev_tmt = None
        spec = PersonSpec("PNS", nip, "", "", "", "", birth, PNS_CODES[grade], tmt_grade, tmt_cpns,
                          prev_grade, prev_tmt)
        if cpns_year < 2006:
            spec.nip_lama = self.nips.old_nip(rng)
        return spec

    def _pppk(self, birth, sex_digit, kind, level, entry_grade) -> PersonSpec | None:
        rng, today = self.rng, self.today
        first = max(2019, birth.year + 20)
        if first > today.year - 1:
            return None
        year = randint_fast(rng, first, today.year - 1)
        count = 2 if year <= 2020 and rng.random() < 0.5 else 1
        nip = self.nips.take(f"{birth:%Y%m%d}{year}{count:02d}{sex_digit}")
        if nip is None:
            return None
        start = date(year, pick(rng, (1, 3, 4)), 1)
        return PersonSpec("PPPK", nip, "", "", "", "", birth, pppk_grade(kind, level, entry_grade), start, None)
