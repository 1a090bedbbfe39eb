"""Importing SKP content (RHK and IKI, one row per IKI) from a CSV or XLSX file; see docs/import.md.

Every row goes through the SKP services (create_skp, add_rhk, add_iki) inside one transaction, each row in a
savepoint so a bad row is reported and the next one still checked. If any row is bad (or on a dry run) the
whole transaction is rolled back: nothing is written.
"""

from __future__ import annotations

import contextlib
import csv
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

from django.core.exceptions import PermissionDenied as DjangoPermissionDenied
from django.db import transaction
from django.utils.translation import gettext as _

from kinerja.core.errors import PermissionDenied, ValidationError, error_dict
from kinerja.people.models import Employee
from kinerja.people.siasn import FileFormatError, clean_text, detect_delimiter, detect_encoding, normalize_header
from kinerja.rules import skp as rules

from . import queries, services
from .models import Period, Rhk, Skp

COLUMNS: dict[str, str] = {
    "NIP": "nip",
    "RHK": "rhk",
    "KELOMPOK": "group",
    "RHK ATASAN": "parent",
    "PERSPEKTIF": "perspective",
    "ASPEK": "aspect",
    "IKI": "iki",
    "JENIS TARGET": "target_kind",
    "TARGET": "target",
    "TARGET MIN": "target_min",
    "TARGET MAKS": "target_max",
    "SATUAN": "measure_unit",
    "LOWER IS BETTER": "lower_is_better",
}
LABELS = {key: header for header, key in COLUMNS.items()}
REQUIRED_COLUMNS = ("nip", "rhk", "iki")
TARGET_KINDS = {"angka": rules.TargetKind.NUMBER, "rentang": rules.TargetKind.RANGE,
                "kualitatif": rules.TargetKind.TEXT}
YES, NO = {"ya", "y", "yes", "true", "1"}, {"tidak", "t", "no", "false", "0", ""}


@dataclass
class RowError:
    line: int
    column: str
    message: str

    def __str__(self) -> str:
        if self.column:
            return _("line %(line)d: %(column)s: %(message)s") % {
                "line": self.line, "column": self.column, "message": self.message}
        return _("line %(line)d: %(message)s") % {"line": self.line, "message": self.message}


@dataclass
class SkpImportResult:
    rows: int = 0
    skps_created: int = 0
    rhks_created: int = 0
    ikis_created: int = 0
    dry_run: bool = False
    errors: list[RowError] = field(default_factory=list)


class _Rollback(Exception):
    pass


def _rows(path: Path) -> Iterator[tuple[int, list]]:
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
            sheet.reset_dimensions()
            yield from enumerate((list(r) for r in sheet.iter_rows(values_only=True)), start=1)
        finally:
            book.close()
        return
    with open(path, encoding=detect_encoding(path), newline="", errors="replace") as handle:
        first = next((line for line in handle if line.strip()), "")
        handle.seek(0)
        reader = csv.reader(handle, delimiter=detect_delimiter(first))
        start = 1
        for cells in reader:
            yield start, cells
            start = reader.line_num + 1


def read_records(path) -> list[tuple[int, dict[str, str]]]:
    """``(line, {key: clean text})`` for every non-blank row; FileFormatError when the file is unusable."""
    rows = _rows(Path(path))
    header = None
    for _line, cells in rows:
        if any(clean_text(c) for c in cells):
            header = cells
            break
    if header is None:
        raise FileFormatError(_("The file is empty."))
    index: dict[str, int] = {}
    for i, text in enumerate(header):
        key = COLUMNS.get(normalize_header(text))
        if key and key not in index:
            index[key] = i
    missing = [LABELS[k] for k in REQUIRED_COLUMNS if k not in index]
    if missing:
        raise FileFormatError(_("The file has no column %(columns)s (is the first row the header?).")
                              % {"columns": ", ".join(missing)})
    records = []
    for line, cells in rows:
        values = {key: clean_text(cells[i]) if i < len(cells) else "" for key, i in index.items()}
        if any(values.values()):
            records.append((line, values))
    return records


def _parse(values: dict[str, str]) -> tuple[dict, list[tuple[str, str]]]:
    """The row's choices mapped to service values, and the errors found in them (column, message)."""
    errors: list[tuple[str, str]] = []
    group = values.get("group", "").lower() or rules.Group.UTAMA.value
    if group not in {g.value for g in rules.Group}:
        errors.append(("group", _("Write utama or tambahan.")))
    aspect = values.get("aspect", "").lower()
    if aspect and aspect not in {a.value for a in rules.Aspect}:
        errors.append(("aspect", _("Write kuantitas, kualitas, waktu or biaya.")))
    perspective = values.get("perspective", "").lower().replace(" ", "_")
    kind_text = values.get("target_kind", "").lower() or "angka"
    kind = TARGET_KINDS.get(kind_text)
    if kind is None:
        errors.append(("target_kind", _("Write angka, rentang or kualitatif.")))
        kind = rules.TargetKind.NUMBER
    lower_text = values.get("lower_is_better", "").lower()
    if lower_text not in YES | NO:
        errors.append(("lower_is_better", _("Write ya or tidak.")))
    target = values.get("target", "")
    data = {
        "text": values.get("iki", ""), "aspect": aspect, "target_kind": kind.value,
        "target_value": target if kind == rules.TargetKind.NUMBER else None,
        "target_min": values.get("target_min") or None, "target_max": values.get("target_max") or None,
        "target_text": target if kind == rules.TargetKind.TEXT else "",
        "measure_unit": values.get("measure_unit", ""), "lower_is_better": lower_text in YES,
    }
    return {"group": group, "perspective": perspective, "iki": data}, errors


# Service error field → the file's column, per call.
_RHK_FIELDS = {"text": "rhk", "group": "group", "parent": "parent", "perspective": "perspective"}
_IKI_FIELDS = {"text": "iki", "aspect": "aspect", "target_kind": "target_kind", "target_value": "target",
               "target_text": "target", "target_min": "target_min", "target_max": "target_max",
               "measure_unit": "measure_unit", "lower_is_better": "lower_is_better"}


def _column(key: str | None) -> str:
    return LABELS.get(key, "SKP") if key else ""


def _service_errors(exc: ValidationError, fields: dict[str, str]) -> list[tuple[str, str]]:
    out = []
    for name, messages in error_dict(exc).items():
        column = fields.get(name) or ("nip" if name == "employee" else "skp" if name != "__all__" else None)
        out.extend((column, message) for message in messages)
    return out


class _Importer:
    def __init__(self, actor, period: Period, result: SkpImportResult):
        self.actor, self.period, self.result = actor, period, result
        self.skps: dict[int, Skp] = {}  # employee id → SKP
        self.rhks: dict[tuple[int, str], Rhk] = {}  # (skp id, RHK text) → RHK
        self.employees: dict[str, Employee] = {}

    def load_employees(self, nips: set[str]) -> None:
        found = (Employee.objects.filter(instance_id=self.period.instance_id, nip__in=nips)
                 .select_related("position", "unit"))
        self.employees = {e.nip: e for e in found}

    def skp_for(self, employee: Employee) -> tuple[Skp, bool]:
        skp = self.skps.get(employee.pk)
        if skp is not None:
            return skp, False
        skp = Skp.objects.filter(period=self.period, employee=employee).select_related("period", "position").first()
        created = skp is None
        if created:
            skp = services.create_skp(actor=self.actor, employee=employee, period=self.period)
        self.skps[employee.pk] = skp
        for rhk in Rhk.objects.filter(skp=skp):
            rhk.skp = skp
            self.rhks.setdefault((skp.pk, rhk.text.casefold()), rhk)
        return skp, created

    def parent_for(self, skp: Skp, text: str) -> Rhk | None:
        if not text:
            return None
        wanted = " ".join(text.split()).casefold()
        for rhk in queries.allowed_parents(skp):
            if " ".join(rhk.text.split()).casefold() == wanted:
                return rhk
        if Rhk.objects.filter(skp__period_id=skp.period_id, text__iexact=text).exclude(skp_id=skp.pk).exists():
            raise ValidationError({"parent": [_("This RHK belongs to someone who is not the employee's (acting) "
                                                "superior.")]})
        raise ValidationError({"parent": [_("No RHK with this text in the SKP of the employee's (acting) superior "
                                            "for this period.")]})

    def row(self, line: int, values: dict[str, str]) -> list[tuple[str | None, str]]:
        parsed, errors = _parse(values)
        nip = values.get("nip", "")
        employee = self.employees.get(nip)
        if employee is None:
            errors.insert(0, ("nip", _("No employee with NIP %(nip)s in this instance.") % {"nip": nip}
                              if nip else _("The NIP is required.")))
        if errors:
            return errors
        rhk_created = skp_created = False
        skp = self.skps.get(employee.pk)
        fields: dict[str, str] = {}
        try:
            with transaction.atomic():
                skp, skp_created = self.skp_for(employee)
                fields = _RHK_FIELDS
                key = (skp.pk, values["rhk"].casefold())
                rhk = self.rhks.get(key)
                if rhk is None:
                    parent = self.parent_for(skp, values.get("parent", ""))
                    rhk = services.add_rhk(actor=self.actor, skp=skp, lock_version=skp.lock_version,
                                           text=values["rhk"], group=parsed["group"], parent=parent,
                                           perspective=parsed["perspective"])
                    rhk_created = True
                fields = _IKI_FIELDS
                services.add_iki(actor=self.actor, rhk=rhk, lock_version=skp.lock_version, **parsed["iki"])
        except ValidationError as exc:
            self._forget(employee, skp, skp_created, values, rhk_created)
            return _service_errors(exc, fields)
        except (PermissionDenied, DjangoPermissionDenied):
            self._forget(employee, skp, skp_created, values, rhk_created)
            return [("nip", _("%(user)s may not change this employee's SKP.") % {"user": self.actor.username})]
        if rhk_created:
            self.rhks[key] = rhk
            self.result.rhks_created += 1
        self.result.skps_created += skp_created
        self.result.ikis_created += 1
        return []

    def _forget(self, employee, skp, skp_created, values, rhk_created) -> None:
        """Undo the in-memory effects of a row whose savepoint was rolled back."""
        if skp_created:
            self.skps.pop(employee.pk, None)
            self.rhks = {k: v for k, v in self.rhks.items() if skp is None or k[0] != skp.pk}
        elif skp is not None and skp.pk:
            skp.lock_version = Skp.objects.filter(pk=skp.pk).values_list("lock_version", flat=True).first()


def import_skps(path, period: Period, actor, *, dry_run: bool = False) -> SkpImportResult:
    """Validate and import every row; writes nothing when any row is bad or ``dry_run``."""
    records = read_records(path)
    result = SkpImportResult(rows=len(records), dry_run=dry_run)
    importer = _Importer(actor, period, result)
    importer.load_employees({values.get("nip", "") for _line, values in records})
    with contextlib.suppress(_Rollback), transaction.atomic():
        for line, values in records:
            for key, message in importer.row(line, values):
                result.errors.append(RowError(line, _column(key), message))
        if result.errors or dry_run:
            raise _Rollback
    return result
