"""Reading BKN SIASN "Export Data ASN" files (CSV or XLSX) and normalising their rows.

No database access here: :func:`open_table` streams raw rows with their line numbers and
:func:`normalize_row` turns one into a :class:`Row` of clean values plus the errors found in
it (each naming the SIASN column). The importer (``kinerja.people.importer``) does the rest.
See docs/import.md for every accepted column and form.
"""

from __future__ import annotations

import codecs
import contextlib
import csv
import functools
import operator
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from pathlib import Path

from django.utils.translation import gettext as _

from kinerja.core.errors import ValidationError, error_dict
from kinerja.core.text import FORBIDDEN, forbidden_message
from kinerja.rules import nip as nip_rules

from .validation import NIP_MESSAGES, clean_grade, clean_nip_lama

# Canonical SIASN header (after normalize_header) → our key.
COLUMNS: dict[str, str] = {
    "PNS ID": "pns_id",
    "NIP BARU": "nip",
    "NIP LAMA": "nip_lama",
    "NAMA": "name",
    "GELAR DEPAN": "front_title",
    "GELAR BELAKANG": "back_title",
    "TANGGAL LAHIR": "birth_date",
    "JENIS KELAMIN": "sex",
    "JENIS PEGAWAI NAMA": "kind",
    "TMT CPNS": "tmt_cpns",
    "GOL AKHIR NAMA": "grade",
    "TMT GOLONGAN": "tmt_grade",
    "JENIS JABATAN NAMA": "position_type",
    "JABATAN NAMA": "position_name",
    "TMT JABATAN": "tmt_position",
    "UNOR ID": "unit_siasn_id",
    "UNOR NAMA": "unit_name",
    "INSTANSI KERJA NAMA": "instance_name",
    "KEDUDUKAN HUKUM NAMA": "legal_status",
    # Other names SIASN/SAPK exports have used for the same column (the first name above is the label).
    "TGL LAHIR": "birth_date",
}
LABELS: dict[str, str] = {}
for _header, _key in COLUMNS.items():
    LABELS.setdefault(_key, _header)
REQUIRED_COLUMNS = ("nip", "name")

# Employee fields a column sets directly; an empty cell clears the stored value.
CLEARABLE_FIELDS = ("pns_id", "nip_lama", "front_title", "back_title", "grade", "tmt_grade", "tmt_cpns")
MAX_LENGTHS = {"pns_id": 64, "name": 150, "front_title": 40, "back_title": 60, "position_name": 200,
               "unit_name": 200, "unit_siasn_id": 64}

STRUCTURAL, FUNGSIONAL, PELAKSANA = "STRUCTURAL", "FUNGSIONAL", "PELAKSANA"


class FileFormatError(ValueError):
    """The file as a whole cannot be read (not CSV/XLSX, no header, required column missing)."""


def normalize_header(text) -> str:
    """ "nip_baru", " Nip  Baru " and "\\ufeffNIP BARU" all become "NIP BARU"."""
    text = str(text or "").replace("\ufeff", "").replace("_", " ")
    return " ".join(text.split()).upper()


# --- Reading ---------------------------------------------------------------------------------

@dataclass
class Table:
    """An open file: the header as written, our key per column, and a row iterator."""

    header: list[str]
    keys: list[str | None]
    rows: Iterator[tuple[int, list]]
    delimiter: str = ","

    @property
    def columns(self) -> set[str]:
        return {key for key in self.keys if key}

    def records(self) -> Iterator[tuple[int, dict, list]]:
        """``(line, {key: raw value}, cells)`` for every row that is not blank."""
        index = [(i, key) for i, key in enumerate(self.keys) if key]
        keys, width = [key for _i, key in index], max(i for i, _key in index) + 1
        pick = operator.itemgetter(*(i for i, _key in index), width - 1)  # (one more: always a tuple)
        for line, cells in self.rows:
            if not _any_present(cells):
                continue
            if len(cells) >= width:
                values = dict(zip(keys, pick(cells), strict=False))
            else:  # a short row: the missing cells are empty
                values = {key: (cells[i] if i < len(cells) else None) for i, key in index}
            yield line, values, cells


def _present(value) -> bool:
    return value is not None and str(value).strip() != ""


def _any_present(cells: list) -> bool:
    try:
        return bool("".join(cells).strip())  # CSV rows hold text only: one strip of the joined cells
    except TypeError:  # XLSX: None, numbers, dates
        return any(_present(c) for c in cells)


def _map_header(header: list) -> list[str | None]:
    keys: list[str | None] = []
    seen: set[str] = set()
    for text in header:
        key = COLUMNS.get(normalize_header(text))
        keys.append(key if key and key not in seen else None)  # first of duplicate columns wins
        if key:
            seen.add(key)
    missing = [LABELS[k] for k in REQUIRED_COLUMNS if k not in seen]
    if missing:
        raise FileFormatError(_("The file has no column %(columns)s (is the first row the header?).")
                              % {"columns": ", ".join(missing)})
    return keys


def _first_nonblank(rows: Iterator[tuple[int, list]]) -> tuple[int, list]:
    for line, cells in rows:
        if any(_present(c) for c in cells):
            return line, cells
    raise FileFormatError(_("The file is empty."))


def detect_encoding(path: Path) -> str:
    """UTF-8 (with or without BOM) when the whole file decodes as such, else Windows-1252."""
    decoder = codecs.getincrementaldecoder("utf-8")()
    try:
        with open(path, "rb") as handle:
            while block := handle.read(1 << 20):
                decoder.decode(block)
            decoder.decode(b"", final=True)
    except UnicodeDecodeError:
        return "cp1252"
    return "utf-8-sig"


def detect_delimiter(header_line: str) -> str:
    """The separator the header line uses most: `|` (SIASN's own export), `;` (Indonesian Excel), `,` or tab."""
    counts = {d: header_line.count(d) for d in ("|", ";", ",", "\t")}
    best = max(counts, key=counts.get)
    return best if counts[best] else ","


def _csv_rows(handle, delimiter: str) -> Iterator[tuple[int, list]]:
    reader = csv.reader(handle, delimiter=delimiter)
    start = 1
    for cells in reader:
        yield start, cells
        start = reader.line_num + 1


def _xlsx_rows(sheet) -> Iterator[tuple[int, list]]:
    for line, cells in enumerate(sheet.iter_rows(values_only=True), start=1):
        yield line, list(cells)


@contextlib.contextmanager
def open_table(path) -> Iterator[Table]:
    """Open a CSV or XLSX file for streaming; the header is the first non-blank row."""
    path = Path(path)
    with open(path, "rb") as probe:
        magic = probe.read(4)
    if magic == b"PK\x03\x04" or path.suffix.lower() in (".xlsx", ".xlsm"):
        import openpyxl

        try:
            book = openpyxl.load_workbook(path, read_only=True, data_only=True)
        except Exception as exc:  # zipfile.BadZipFile, KeyError, InvalidFileException…
            raise FileFormatError(_("Cannot read the spreadsheet: %(error)s") % {"error": exc}) from None
        try:
            sheet = book.worksheets[0]
            sheet.reset_dimensions()  # do not trust the stored size: read every row
            rows = _xlsx_rows(sheet)
            _line, header = _first_nonblank(rows)
            yield Table([str(h or "") for h in header], _map_header(header), rows)
        finally:
            book.close()
        return
    encoding = detect_encoding(path)
    with open(path, encoding=encoding, newline="", errors="replace") as handle:
        first = ""
        for first in handle:
            if first.strip():
                break
        delimiter = detect_delimiter(first)
        handle.seek(0)
        rows = _csv_rows(handle, delimiter)
        _line, header = _first_nonblank(rows)
        yield Table(header, _map_header(header), rows, delimiter)


# --- Cell values -----------------------------------------------------------------------------

def clean_text(value) -> str:
    """Cell → text: strip, drop Excel's leading apostrophe, "null" (any case) → ""."""
    if type(value) is not str:  # noqa: E721 – the common case first, this runs for every cell
        if value is None:
            return ""
        if isinstance(value, float) and value.is_integer():
            value = int(value)
        if isinstance(value, datetime):
            value = value.date()
        if isinstance(value, date):
            return value.isoformat()
        value = str(value)
    text = value.strip()
    if text[:1] == "'":
        text = text[1:].strip()
    if len(text) == 4 and text.lower() == "null":
        return ""
    if "  " in text or "\t" in text or "\n" in text or "\r" in text:
        text = " ".join(text.split())
    return text


_TEXTS: dict[str, str] = {}  # cell → clean_text(cell), for the columns whose values repeat (bounded)


def _repeated_text(value) -> str:
    """``clean_text`` of a cell in a column whose values repeat through a file (kind, titles, grade,
    unit, position…): a dict lookup for all but the first of each value."""
    if type(value) is not str:  # noqa: E721
        return clean_text(value)
    text = _TEXTS.get(value)
    if text is None:
        text = clean_text(value)
        if len(_TEXTS) < 20000:
            _TEXTS[value] = text
    return text


_DATE = re.compile(r"^(?:(\d{1,2})[-/.](\d{1,2})[-/.](\d{4})|(\d{4})-(\d{1,2})-(\d{1,2}))(?:[ T]\d{1,2}:\d{2}.*)?$")
_EXCEL_EPOCH = date(1899, 12, 30)


def parse_date(value) -> date | None:
    """dd-mm-yyyy, dd/mm/yyyy, yyyy-mm-dd (a time part is ignored), or an Excel date cell.

    Raises ValueError for anything else; returns None for an empty cell.
    """
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    if isinstance(value, int | float) and not isinstance(value, bool):
        if 1 <= value < 2958466:  # an Excel serial day number in a cell without date format
            return _EXCEL_EPOCH + timedelta(days=int(value))
        raise ValueError(str(value))
    text = clean_text(value)
    if not text:
        return None
    match = _DATE.match(text)
    if match is None:
        raise ValueError(text)
    day, month, year, year2, month2, day2 = match.groups()
    if year is None:
        year, month, day = year2, month2, day2
    return date(int(year), int(month), int(day))


SEX_VALUES = {
    "M": "M", "L": "M", "1": "M", "LAKI-LAKI": "M", "LAKI LAKI": "M", "LAKI": "M", "PRIA": "M", "MALE": "M",
    "F": "F", "P": "F", "2": "F", "PEREMPUAN": "F", "WANITA": "F", "FEMALE": "F",
}


def parse_sex(text: str) -> str:
    """"M"/"F" from M/F, L/P, Laki-laki/Perempuan, Pria/Wanita, 1/2; "" when empty; else ValueError."""
    text = text.strip().upper()
    if not text:
        return ""
    if text in SEX_VALUES:
        return SEX_VALUES[text]
    raise ValueError(text)


_PPPK_MARKS = ("PPPK", "P3K", "PERJANJIAN KERJA")


def parse_kind(text: str, legal_status: str = "") -> str:
    """PPPK when JENIS PEGAWAI NAMA or KEDUDUKAN HUKUM NAMA names it ("PPPK", "P3K", "Pegawai Pemerintah
    dengan Perjanjian Kerja", "PPPK Aktif", "PPPK Paruh Waktu"), else PNS."""
    upper = f"{text} {legal_status}".upper()
    return "PPPK" if any(mark in upper for mark in _PPPK_MARKS) else "PNS"


def position_group(text: str) -> str | None:
    """JENIS JABATAN NAMA → STRUCTURAL, FUNGSIONAL or PELAKSANA; None when empty; else ValueError."""
    words = " ".join(text.lower().replace("_", " ").split())
    if not words:
        return None
    if "struktural" in words:
        return STRUCTURAL
    if "umum" in words or "pelaksana" in words or words == "jfu":
        return PELAKSANA
    if "fungsional" in words or words in ("jf", "jft"):
        return FUNGSIONAL
    raise ValueError(text)


# --- Guessing the kind of units and positions that --create-units makes ---------------------

_UNIT_KINDS = [  # first match of the lower-case UNOR NAMA wins
    (r"^sekretariat daerah\b", "setda"),
    (r"^(sekretariat|sekretaris)\b", "sekretariat"),
    (r"^(sub ?bagian|subbag)\b", "subbagian"),
    (r"^(bagian|bidang|sub ?bidang)\b", "bidang"),
    (r"^(seksi|sub ?seksi)\b", "seksi"),
    (r"^dinas\b", "dinas"),
    (r"^(badan|inspektorat|satuan polisi pamong praja)\b", "badan"),
    (r"^kecamatan\b", "kecamatan"),
    (r"^kelurahan\b", "kelurahan"),
    (r"^(uptd?|unit pelaksana teknis)\b", "uptd"),
    (r"^puskesmas\b", "puskesmas"),
    (r"^(sd|smp|sma|smk|tk|paud|sekolah)\b", "sekolah"),
]


def guess_unit_kind(name: str) -> str:
    lower = " ".join(name.lower().split())
    for pattern, kind in _UNIT_KINDS:
        if re.search(pattern, lower):
            return kind
    return "other"


OPD_UNIT_KINDS = {"setda", "dinas", "badan", "kecamatan"}
_JPT_ANYWHERE = r"^(sekretaris daerah|asisten|staf ahli|sekretaris dprd|sekretaris dewan perwakilan rakyat daerah)\b"
_JPT_OPD_HEAD = r"^(kepala (dinas|badan|satuan polisi pamong praja|pelaksana)|inspektur(?! pembantu))\b"
_PENGAWAS_FIRST = r"^(sekretaris (kelurahan|lurah|desa)|kepala (seksi|sub ?bagian|sub ?bidang|uptd?\b|unit)|lurah)"
_ADMINISTRATOR = r"^(camat|sekretaris|kepala (bidang|bagian)|inspektur pembantu|direktur)\b"
_HEAD_TITLE = r"^(kepala|camat|lurah|sekretaris daerah|inspektur(?! pembantu)|direktur)\b"


def structural_kind(position_name: str, unit_kind: str) -> str:
    """JPT, ADMINISTRATOR or PENGAWAS for a structural post, from its name (docs/import.md).

    * JPT: Sekretaris Daerah, Asisten, Staf Ahli, Sekretaris DPRD anywhere; Kepala
      Dinas/Badan/Satpol PP/Pelaksana (BPBD) and Inspektur when the unit is an OPD (setda,
      dinas, badan, kecamatan), else ADMINISTRATOR.
    * PENGAWAS: Sekretaris Kelurahan/Desa, Kepala Seksi/Subbagian/Subbidang/UPT/Unit, Lurah.
    * ADMINISTRATOR: Camat, Sekretaris (Dinas, Badan, Kecamatan…), Kepala Bidang/Bagian,
      Inspektur Pembantu, Direktur.
    * PENGAWAS for anything else.
    """
    lower = " ".join(position_name.lower().split())
    if re.search(_JPT_ANYWHERE, lower):
        return "JPT"
    if re.search(_JPT_OPD_HEAD, lower):
        return "JPT" if unit_kind in OPD_UNIT_KINDS else "ADMINISTRATOR"
    if re.search(_PENGAWAS_FIRST, lower):
        return "PENGAWAS"
    if re.search(_ADMINISTRATOR, lower):
        return "ADMINISTRATOR"
    return "PENGAWAS"


def is_head_title(position_name: str, unit_kind: str) -> bool:
    """Does a structural post of this name lead its unit? (Kepala…, Camat, Lurah, Sekda, Inspektur,
    Direktur; Sekretaris… when the unit is a secretariat.)"""
    lower = " ".join(position_name.lower().split())
    if re.search(_HEAD_TITLE, lower):
        return True
    return unit_kind == "sekretariat" and lower.startswith("sekretaris")


# --- Normalising one row ---------------------------------------------------------------------

@dataclass(slots=True)
class Row:
    line: int
    nip: str = ""
    kind: str = "PNS"
    data: dict = field(default_factory=dict)  # Employee field → value, only for columns in the file
    unit_siasn_id: str = ""
    unit_name: str = ""
    position_name: str = ""
    position_group: str | None = None
    tmt_position: date | None = None
    errors: list[tuple[str, str]] = field(default_factory=list)  # (column label, message)

    def error(self, key: str, message: str) -> None:
        self.errors.append((LABELS.get(key, key), message))


def _messages(exc: ValidationError) -> list[str]:
    return [m for messages in error_dict(exc).values() for m in messages]


def _nip_text(row: Row, raw) -> str:
    if isinstance(raw, float) and raw >= 1e15:
        row.error("nip", _("The cell holds a number that Excel has rounded (%(value)s); format the column as "
                           "text and export again.") % {"value": f"{raw:.0f}"})
        return ""
    return clean_text(raw)


_cached_date = functools.lru_cache(maxsize=32768, typed=True)(parse_date)  # typed: True is not 1


def _date(row: Row, key: str, raw) -> date | None:
    if raw is None or raw == "":
        return None
    try:
        return _cached_date(raw)  # dates repeat a lot in a file; a bad one raises (and is not cached)
    except ValueError:
        row.error(key, _("%(value)s is not a valid date (use dd-mm-yyyy, dd/mm/yyyy or yyyy-mm-dd).")
                  % {"value": clean_text(raw)})
        return None


def _length(row: Row, key: str, text: str) -> str:
    """``text`` within its column's bound and free of control characters (``core/text.py``), else an error."""
    if FORBIDDEN.search(text):
        row.error(key, forbidden_message(text))
        text = FORBIDDEN.sub("", text)
    limit = MAX_LENGTHS.get(key)
    if limit and len(text) > limit:
        row.error(key, _("Ensure this value has at most %(limit_value)d characters (it has %(show_value)d).")
                  % {"limit_value": limit, "show_value": len(text)})
        return text[:limit]
    return text


_GRADES: dict[tuple[str, str], str] = {}  # (cell text, kind) → grade code: a file has a few dozen forms


def _grade(row: Row, text: str, kind: str) -> str | None:
    grade = _GRADES.get((text, kind))
    if grade is not None:
        return grade
    try:
        grade = clean_grade(text, kind)
    except ValidationError as exc:
        for message in _messages(exc):
            row.error("grade", message)
        return None
    if len(_GRADES) < 1024:
        _GRADES[(text, kind)] = grade
    return grade


_GROUPS: dict[str, str | None] = {}  # JENIS JABATAN NAMA → position group (a handful of forms)


def _position_group(row: Row, text: str) -> str | None:
    if text in _GROUPS:
        return _GROUPS[text]
    try:
        group = position_group(text)
    except ValueError:
        row.error("position_type", _("Unknown position type %(value)s (expected Struktural, Fungsional "
                                     "Tertentu, Fungsional Umum or Pelaksana).") % {"value": text})
        return None
    if len(_GROUPS) < 1024:
        _GROUPS[text] = group
    return group


def _nip(row: Row, text: str, today: date | None) -> nip_rules.Nip | None:
    """``validation.clean_nip`` (the same messages) with today's date given once for the file."""
    try:
        return nip_rules.parse(text, row.kind, today)
    except nip_rules.NipError as exc:
        row.error("nip", NIP_MESSAGES.get(exc.code, lambda e: e.message)(exc))
        return None


def normalize_row(line: int, values: dict, today: date | None = None) -> Row:
    """Validate and convert one row's raw values; problems go to ``row.errors`` (never raised).

    ``today`` (default: the current date) bounds the dates in the NIP.
    """
    row = Row(line)
    data = row.data
    if "kind" in values or "legal_status" in values:
        row.kind = data["kind"] = parse_kind(_repeated_text(values.get("kind")),
                                             _repeated_text(values.get("legal_status")))

    nip_text = _nip_text(row, values.get("nip"))
    parsed = None if row.errors else _nip(row, nip_text, today)
    if parsed is not None:
        row.nip = parsed.value

    name = _length(row, "name", clean_text(values.get("name")))
    if not name:
        row.error("name", _("Name is required."))
    data["name"] = name
    if "pns_id" in values:
        data["pns_id"] = _length(row, "pns_id", clean_text(values["pns_id"]))
    for key in ("front_title", "back_title"):
        if key in values:
            data[key] = _length(row, key, _repeated_text(values[key]))

    if "nip_lama" in values:
        text = clean_text(values["nip_lama"])
        try:
            data["nip_lama"] = clean_nip_lama(text) if text else ""
        except ValidationError as exc:
            for message in _messages(exc):
                row.error("nip_lama", message)

    birth = _date(row, "birth_date", values.get("birth_date"))
    if parsed is not None:
        if birth is not None and birth != parsed.birth_date:
            row.error("birth_date", _("Birth date does not match the NIP (%(date)s).")
                      % {"date": parsed.birth_date.isoformat()})
        data["birth_date"] = parsed.birth_date
    sex_text = _repeated_text(values.get("sex"))
    try:
        sex = parse_sex(sex_text)
    except ValueError:
        row.error("sex", _("Unknown value %(value)s (expected M/F, L/P, Laki-laki/Perempuan or 1/2).")
                  % {"value": sex_text})
        sex = ""
    if parsed is not None:
        nip_sex = "M" if parsed.sex == 1 else "F"
        if sex and sex != nip_sex:
            row.error("sex", _("Sex does not match digit 15 of the NIP."))
        data["sex"] = nip_sex

    if "grade" in values:
        grade = _grade(row, _repeated_text(values["grade"]), row.kind)
        if grade is not None:
            data["grade"] = grade
    for key in ("tmt_grade", "tmt_cpns"):
        if key in values:
            value = _date(row, key, values[key])
            if value is not None and parsed is not None and value <= parsed.birth_date:
                row.error(key, _("This date must come after the birth date."))
            data[key] = value

    row.tmt_position = _date(row, "tmt_position", values.get("tmt_position"))
    row.unit_siasn_id = _length(row, "unit_siasn_id", _repeated_text(values.get("unit_siasn_id")))
    row.unit_name = _length(row, "unit_name", _repeated_text(values.get("unit_name")))
    row.position_name = _length(row, "position_name", _repeated_text(values.get("position_name")))
    row.position_group = _position_group(row, _repeated_text(values.get("position_type")))
    return row


def raw_text(value) -> str:
    """A cell as the user wrote it, for the errors file."""
    if value is None:
        return ""
    if isinstance(value, datetime):
        value = value.date()
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)
