"""SKP rules without Django: the workflow, targets, aspects, perspectives and BerAKHLAK (DOMAIN §1–§3).

Every function here is pure and is tested exhaustively in rules/tests/test_skp.py. Services call
them and turn a :class:`RuleError` into the project's field errors.
"""

from __future__ import annotations

import calendar
import re
from dataclasses import dataclass
from datetime import date
from decimal import Decimal, InvalidOperation
from enum import StrEnum

# --- workflow -----------------------------------------------------------------------------------


class Status(StrEnum):
    DRAFT = "draft"
    SUBMITTED = "submitted"
    RETURNED = "returned"
    APPROVED = "approved"


class Action(StrEnum):
    SUBMIT = "submit"  # employee (or HR admin on their behalf) sends the draft to the superior
    RETURN = "return"  # superior sends it back with a reason
    APPROVE = "approve"  # superior approves; the approved content becomes a new version
    REVISE = "revise"  # an approved SKP is reopened for a revision (mid-year transfer, changed targets)
    WITHDRAW = "withdraw"  # employee takes a submitted SKP back to draft before the superior acts


TRANSITIONS: dict[tuple[Status, Action], Status] = {
    (Status.DRAFT, Action.SUBMIT): Status.SUBMITTED,
    (Status.RETURNED, Action.SUBMIT): Status.SUBMITTED,
    (Status.SUBMITTED, Action.RETURN): Status.RETURNED,
    (Status.SUBMITTED, Action.APPROVE): Status.APPROVED,
    (Status.SUBMITTED, Action.WITHDRAW): Status.DRAFT,
    (Status.APPROVED, Action.REVISE): Status.DRAFT,
}

EDITABLE = frozenset({Status.DRAFT, Status.RETURNED})
"""Content (RHK, IKI, lampiran, expectations) may change only in these states."""

SUPERIOR_ACTIONS = frozenset({Action.RETURN, Action.APPROVE})
REASON_REQUIRED = frozenset({Action.RETURN, Action.REVISE})


class RuleError(ValueError):
    """A broken rule: ``field`` names the input at fault, ``code`` is stable for tests and the API."""

    def __init__(self, field: str, code: str, message: str = ""):
        super().__init__(message or code)
        self.field = field
        self.code = code


def next_status(status: str, action: str) -> Status:
    """The status after ``action``; raises RuleError(code="transition") when it is not allowed."""
    try:
        key = (Status(status), Action(action))
    except ValueError:
        raise RuleError("action", "unknown", f"unknown status {status!r} or action {action!r}") from None
    if key not in TRANSITIONS:
        raise RuleError("status", "transition", f"cannot {action} an SKP that is {status}")
    return TRANSITIONS[key]


def allowed_actions(status: str) -> list[Action]:
    return [action for (state, action) in TRANSITIONS if state == status]


def is_editable(status: str) -> bool:
    return status in EDITABLE


# --- periods ------------------------------------------------------------------------------------


class PeriodKind(StrEnum):
    ANNUAL = "annual"
    SEMESTER = "semester"
    QUARTERLY = "quarterly"


def period_bounds(kind: str, year: int) -> list[tuple[date, date]]:
    """The (start, end) of each period of ``kind`` in ``year``."""
    months = {PeriodKind.ANNUAL: 12, PeriodKind.SEMESTER: 6, PeriodKind.QUARTERLY: 3}[PeriodKind(kind)]
    bounds = []
    for first in range(1, 13, months):
        last = first + months - 1
        bounds.append((date(year, first, 1), date(year, last, calendar.monthrange(year, last)[1])))
    return bounds


def default_deadline(start: date, months_after: int = 0, day: int = 31) -> date:
    """The SKP deadline: by default the end of the period's first month (end of January for a year)."""
    month_index = start.month - 1 + months_after
    year, month = start.year + month_index // 12, month_index % 12 + 1
    return date(year, month, min(day, calendar.monthrange(year, month)[1]))


# --- RHK and IKI ------------------------------------------------------------------------------


class Group(StrEnum):
    UTAMA = "utama"
    TAMBAHAN = "tambahan"


class Aspect(StrEnum):
    KUANTITAS = "kuantitas"
    KUALITAS = "kualitas"
    WAKTU = "waktu"
    BIAYA = "biaya"


class Perspective(StrEnum):
    """The four perspectives of a JPT's SKP (balanced scorecard)."""

    PENERIMA_LAYANAN = "penerima_layanan"
    PROSES_BISNIS = "proses_bisnis"
    PENGUATAN_INTERNAL = "penguatan_internal"
    ANGGARAN = "anggaran"


class TargetKind(StrEnum):
    NUMBER = "number"  # a number and a unit: 12 dokumen
    RANGE = "range"  # a range: 80–90 %
    TEXT = "text"  # qualitative: "Tanpa revisi dari pimpinan"


@dataclass(frozen=True)
class Target:
    kind: TargetKind
    value: Decimal | None = None
    low: Decimal | None = None
    high: Decimal | None = None
    text: str = ""
    measure_unit: str = ""

    def display(self) -> str:
        unit = f" {self.measure_unit}" if self.measure_unit else ""
        if self.kind is TargetKind.NUMBER:
            return f"{format_number(self.value, grouping=True)}{unit}"
        if self.kind is TargetKind.RANGE:
            return f"{format_number(self.low, grouping=True)}–{format_number(self.high, grouping=True)}{unit}"
        return self.text


MAX_TARGET = Decimal("1e15")
THOUSANDS = re.compile(r"[1-9]\d{0,2}(?:\.\d{3})+")


def format_number(value: Decimal | None, *, grouping: bool = False) -> str:
    """A number in the Indonesian form: decimal comma ("12,5"); with ``grouping`` thousands dots as well
    ("2.400", "1.500.000,25") — how every document and page shows a number. Without grouping it is the plain
    form that an input field shows (``parse_number`` reads both)."""
    if value is None:
        return ""
    text = f"{value.normalize():f}"
    whole, _sep, fraction = text.partition(".")
    if grouping:
        sign = "-" if whole.startswith("-") else ""
        digits = whole.lstrip("-")
        groups = []
        while len(digits) > 3:
            digits, tail = digits[:-3], digits[-3:]
            groups.insert(0, tail)
        whole = sign + ".".join([digits, *groups])
    return f"{whole},{fraction}" if fraction else whole


def parse_number(raw, field: str) -> Decimal:
    """A non-negative number from user input; accepts a decimal comma ("12,5") as well as a point."""
    if isinstance(raw, Decimal):
        value = raw
    elif isinstance(raw, int | float) and not isinstance(raw, bool):
        value = Decimal(str(raw))
    elif isinstance(raw, str):
        text = raw.strip().replace(" ", "")
        if not text:
            raise RuleError(field, "required", "a number is required")
        if "," in text and "." in text:  # "1.000,5": Indonesian thousands dots and a decimal comma → 1000.5
            text = text.replace(".", "").replace(",", ".")
        elif THOUSANDS.fullmatch(text):  # "1.500.000" or "1.200": how Indonesians write whole numbers
            text = text.replace(".", "")
        else:  # "12,5" or "12.5"
            text = text.replace(",", ".")
        try:
            value = Decimal(text)
        except InvalidOperation:
            raise RuleError(field, "not_a_number", f"{raw!r} is not a number") from None
    else:
        raise RuleError(field, "not_a_number", f"{raw!r} is not a number")
    if not value.is_finite():
        raise RuleError(field, "not_a_number", f"{raw!r} is not a number")
    if value < 0:
        raise RuleError(field, "negative", "a target cannot be negative")
    if value >= MAX_TARGET:
        raise RuleError(field, "too_large", "the number is too large")
    return value


def clean_target(kind: str, *, value=None, low=None, high=None, text: str = "", measure_unit: str = "") -> Target:
    """Validate a target of any kind. Raises RuleError naming the field at fault."""
    try:
        target_kind = TargetKind(kind)
    except ValueError:
        raise RuleError("target_kind", "invalid_choice", f"unknown target kind {kind!r}") from None
    measure_unit = (measure_unit or "").strip()
    text = (text or "").strip()
    if target_kind is TargetKind.NUMBER:
        number = parse_number(value, "target_value")
        if not measure_unit:
            raise RuleError("measure_unit", "required", "a numeric target needs a unit of measure")
        return Target(target_kind, value=number, measure_unit=measure_unit)
    if target_kind is TargetKind.RANGE:
        lo = parse_number(low, "target_min")
        hi = parse_number(high, "target_max")
        if lo > hi:
            raise RuleError("target_min", "range_order", "the minimum is above the maximum")
        if not measure_unit:
            raise RuleError("measure_unit", "required", "a range target needs a unit of measure")
        return Target(target_kind, low=lo, high=hi, measure_unit=measure_unit)
    if not text:
        raise RuleError("target_text", "required", "a qualitative target needs its text")
    return Target(target_kind, text=text, measure_unit=measure_unit)


# --- BerAKHLAK (SE MenPANRB 20/2021; official Indonesian wording) ------------------------------


@dataclass(frozen=True)
class CoreValue:
    code: str
    name: str  # the official name, the same in every language
    guides: tuple[str, str, str]  # the official Indonesian guides (panduan perilaku)
    guides_en: tuple[str, str, str]  # an English rendering for the English interface


BERAKHLAK: tuple[CoreValue, ...] = (
    CoreValue(
        "berorientasi_pelayanan", "Berorientasi Pelayanan",
        ("Memahami dan memenuhi kebutuhan masyarakat",
         "Ramah, cekatan, solutif, dan dapat diandalkan",
         "Melakukan perbaikan tiada henti"),
        ("Understands and meets the public's needs",
         "Friendly, quick, solution-minded and reliable",
         "Improves continuously"),
    ),
    CoreValue(
        "akuntabel", "Akuntabel",
        ("Melaksanakan tugas dengan jujur, bertanggung jawab, cermat, disiplin, dan berintegritas tinggi",
         "Menggunakan kekayaan dan barang milik negara secara bertanggung jawab, efektif, dan efisien",
         "Tidak menyalahgunakan kewenangan jabatan"),
        ("Works honestly, responsibly, carefully, with discipline and high integrity",
         "Uses state assets responsibly, effectively and efficiently",
         "Does not abuse the authority of office"),
    ),
    CoreValue(
        "kompeten", "Kompeten",
        ("Meningkatkan kompetensi diri untuk menjawab tantangan yang selalu berubah",
         "Membantu orang lain belajar",
         "Melaksanakan tugas dengan kualitas terbaik"),
        ("Raises own competence to meet ever-changing challenges",
         "Helps others learn",
         "Does the work at the best quality"),
    ),
    CoreValue(
        "harmonis", "Harmonis",
        ("Menghargai setiap orang apapun latar belakangnya",
         "Suka menolong orang lain",
         "Membangun lingkungan kerja yang kondusif"),
        ("Respects everyone whatever their background",
         "Likes to help others",
         "Builds a conducive workplace"),
    ),
    CoreValue(
        "loyal", "Loyal",
        ("Memegang teguh ideologi Pancasila, Undang-Undang Dasar Negara Republik Indonesia Tahun 1945, "
         "setia kepada NKRI serta pemerintahan yang sah",
         "Menjaga nama baik sesama ASN, pimpinan, instansi, dan negara",
         "Menjaga rahasia jabatan dan negara"),
        ("Holds firmly to Pancasila and the 1945 Constitution, loyal to the Unitary State and the lawful "
         "government",
         "Keeps the good name of fellow civil servants, leaders, the agency and the state",
         "Keeps official and state secrets"),
    ),
    CoreValue(
        "adaptif", "Adaptif",
        ("Cepat menyesuaikan diri menghadapi perubahan",
         "Terus berinovasi dan mengembangkan kreativitas",
         "Bertindak proaktif"),
        ("Adapts quickly to change",
         "Keeps innovating and developing creativity",
         "Acts proactively"),
    ),
    CoreValue(
        "kolaboratif", "Kolaboratif",
        ("Memberi kesempatan kepada berbagai pihak untuk berkontribusi",
         "Terbuka dalam bekerja sama untuk menghasilkan nilai tambah",
         "Menggerakkan pemanfaatan berbagai sumber daya untuk tujuan bersama"),
        ("Gives others the chance to contribute",
         "Open to cooperation that adds value",
         "Mobilises resources for common goals"),
    ),
)

BERAKHLAK_CODES = tuple(value.code for value in BERAKHLAK)
BERAKHLAK_BY_CODE = {value.code: value for value in BERAKHLAK}


def guides(code: str, language: str = "id") -> tuple[str, str, str]:
    value = BERAKHLAK_BY_CODE[code]
    return value.guides_en if language.startswith("en") else value.guides


# --- lampiran ---------------------------------------------------------------------------------


class AppendixKind(StrEnum):
    RESOURCES = "resources"  # dukungan sumber daya
    ACCOUNTABILITY = "accountability"  # skema pertanggungjawaban
    CONSEQUENCES = "consequences"  # konsekuensi


def is_jpt(position_kind: str) -> bool:
    """JPT SKPs use perspectives and cascade from the Perjanjian Kinerja; others use aspects."""
    return position_kind == "JPT"
