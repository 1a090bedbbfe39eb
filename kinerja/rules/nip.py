"""NIP (Nomor Induk Pegawai) validation, DOMAIN.md §11.

PNS NIP (Perka BKN 22/2007), 18 digits::

    YYYYMMDD  birth date
    YYYYMM    TMT CPNS (year and month of appointment)
    S         sex: 1 male, 2 female
    NNN       sequence, 001 upward

NI PPPK, 18 digits::

    YYYYMMDD  birth date
    YYYY      year of first appointment
    KK        count of work agreements (not a month), 01 upward
    S         sex
    NNN       sequence

Either may be written with spaces (``19900101 201503 2 001``); it is stored without.
The old 9-digit NIP (NIP lama) is only a secondary identifier.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date

PNS = "PNS"
PPPK = "PPPK"

MIN_BIRTH_YEAR = 1940
MIN_APPOINTMENT_YEAR = 1950


class NipError(ValueError):
    """A NIP that breaks the format; ``code`` is stable, the message is for people."""

    def __init__(self, code: str, message: str, **params):
        super().__init__(message)
        self.code = code
        self.message = message
        self.params = params  # the values the message names, for translated messages


@dataclass(frozen=True)
class Nip:
    value: str
    kind: str
    birth_date: date
    appointment_year: int
    appointment_month: int | None  # PNS only
    agreement_count: int | None  # PPPK only
    sex: int  # 1 male, 2 female
    sequence: int

    def formatted(self) -> str:
        v = self.value
        if self.kind == PNS:
            return f"{v[:8]} {v[8:14]} {v[14]} {v[15:]}"
        return f"{v[:8]} {v[8:12]} {v[12:14]} {v[14]} {v[15:]}"


_SEPARATORS = re.compile(r"[\s.\-]")


def normalize(raw: str) -> str:
    """Remove spaces, dots and dashes people type between the parts."""
    return _SEPARATORS.sub("", str(raw or "").strip())


def _birth_date(digits: str) -> date:
    year, month, day = int(digits[0:4]), int(digits[4:6]), int(digits[6:8])
    if not 1 <= month <= 12:
        raise NipError("birth_month", f"digits 5-6 (birth month) must be 01-12, got {digits[4:6]}")
    try:
        born = date(year, month, day)
    except ValueError:
        raise NipError("birth_date", f"digits 1-8 ({digits[:8]}) are not a real birth date",
                       value=digits[:8]) from None
    if year < MIN_BIRTH_YEAR:
        raise NipError("birth_date", f"birth year {year} is before {MIN_BIRTH_YEAR}", value=digits[:8])
    return born


def parse(raw: str, kind: str = PNS, today: date | None = None) -> Nip:
    """Parse and validate a NIP of the given employee kind; raise NipError naming the part."""
    today = today or date.today()
    digits = normalize(raw)
    if not digits:
        raise NipError("required", "NIP is required")
    if not digits.isdigit():
        raise NipError("not_digits", "NIP may contain digits only (spaces allowed between parts)")
    if len(digits) != 18:
        raise NipError("length", f"NIP must have 18 digits, got {len(digits)}", count=len(digits))
    if kind not in (PNS, PPPK):
        raise NipError("kind", f"unknown employee kind {kind!r}")

    born = _birth_date(digits)
    if born > today:
        raise NipError("birth_date", "birth date in the NIP lies in the future", value=digits[:8])
    sex = int(digits[14])
    if sex not in (1, 2):
        raise NipError("sex", f"digit 15 (sex) must be 1 or 2, got {sex}")
    sequence = int(digits[15:18])
    if sequence < 1:
        raise NipError("sequence", "digits 16-18 (sequence) must be 001 or more")

    year = int(digits[8:12])
    if year < MIN_APPOINTMENT_YEAR or year > today.year:
        raise NipError("appointment_year", f"digits 9-12 (year of appointment) {year} is not plausible",
                       value=year)
    if year <= born.year:
        raise NipError("appointment_year", "year of appointment must come after the birth year", value=year)

    if kind == PNS:
        month = int(digits[12:14])
        if not 1 <= month <= 12:
            raise NipError("tmt_month", f"digits 13-14 (TMT CPNS month) must be 01-12, got {digits[12:14]}")
        if (year, month) > (today.year, today.month):
            raise NipError("appointment_year", "TMT CPNS in the NIP lies in the future", value=year)
        return Nip(digits, PNS, born, year, month, None, sex, sequence)

    count = int(digits[12:14])
    if count < 1:
        raise NipError("agreement_count", "digits 13-14 (count of work agreements) must be 01 or more")
    return Nip(digits, PPPK, born, year, None, count, sex, sequence)


def is_valid(raw: str, kind: str = PNS, today: date | None = None) -> bool:
    try:
        parse(raw, kind, today)
    except NipError:
        return False
    return True


def normalize_old_nip(raw: str) -> str:
    """NIP lama: 9 digits, or empty."""
    digits = normalize(raw)
    if digits and (not digits.isdigit() or len(digits) != 9):
        raise NipError("nip_lama", f"NIP lama must have 9 digits, got {digits!r}")
    return digits
