"""Importing employees from SIASN "Export Data ASN" files: validate every row, then upsert in bulk.

Pass 1 streams the file and validates each row (fields, duplicate NIPs, units and positions,
single-holder posts, transfer dates) keeping in memory only small data per row (the NIP set);
units and positions of the instance are loaded once, existing employees are checked a chunk
at a time, and the normalised valid rows are spilled to a temporary file a chunk at a time.
If any row is bad nothing is written (unless ``skip_invalid``). Pass 2 streams the spilled rows
back and writes a chunk at a time inside one transaction: a fixed number of bulk queries per
chunk, and only rows that differ from the database are written. Audit events are bulk-inserted.
"""

from __future__ import annotations

import contextlib
import csv
import functools
import marshal
import tempfile
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from datetime import date, timedelta
from pathlib import Path

from django.conf import settings
from django.db import connection, transaction
from django.db.models import OuterRef, Subquery
from django.utils import timezone
from django.utils.translation import gettext as _

from kinerja.audit.models import AuditEvent
from kinerja.audit.services import build, record_many, snapshot
from kinerja.core import bulk
from kinerja.organization.models import Instance, Position, Unit

from . import siasn
from .models import Assignment, AssignmentKind, Employee, GradeHistory

Progress = Callable[[str, int, int | None], None]  # (phase "validate"|"import", rows done, total or None)
AMBIGUOUS = -1
POSITION_LABEL = siasn.LABELS["position_name"]
UNIT_LABEL = siasn.LABELS["unit_name"]
UPSERT_FIELDS = ["kind", "nip_lama", "pns_id", "front_title", "name", "back_title", "birth_date", "sex",
                 "grade", "tmt_grade", "tmt_cpns", "position", "unit", "tmt_position", "updated_at"]


@dataclass
class RowError:
    line: int
    field: str
    message: str

    def __str__(self) -> str:
        return _("line %(line)d: %(field)s: %(message)s") % {"line": self.line, "field": self.field,
                                                              "message": self.message}


@dataclass
class ImportResult:
    file: str
    instance: str
    rows: int = 0
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    invalid: int = 0
    units_created: int = 0
    positions_created: int = 0
    errors: list[RowError] = field(default_factory=list)
    dry_run: bool = False
    committed: bool = False  # True when the write phase ran and committed
    errors_path: str | None = None

    @property
    def ok(self) -> bool:
        return not self.errors

    def counts(self) -> dict:
        return {"rows": self.rows, "created": self.created, "updated": self.updated,
                "unchanged": self.unchanged, "invalid": self.invalid, "units_created": self.units_created,
                "positions_created": self.positions_created}


def chunk_size() -> int:
    return int(getattr(settings, "KINERJA", {}).get("IMPORT_CHUNK", 2000))


def _key(name: str) -> str:
    return " ".join(name.lower().split())


# --- Units and positions ---------------------------------------------------------------------

class OrgIndex:
    """The instance's units and positions in memory (a few thousand rows at most), resolving the
    UNOR/JABATAN of a row to an id, or to a key ``("unit", …)``/``("pos", …)`` of one to create."""

    def __init__(self, instance: Instance, create_units: bool):
        self.instance = instance
        self.create_units = create_units
        self.unit_by_siasn: dict[str, int] = {}
        self.unit_by_name: dict[str, int] = {}
        self.unit_kind: dict[int, str] = {}
        self.unit_path: dict[int, str] = {}
        self.unit_by_path: dict[str, int] = {}
        for pk, siasn_id, name, kind, path in Unit.objects.filter(instance=instance).values_list(
                "pk", "siasn_id", "name", "kind", "path"):
            self._add_unit(pk, siasn_id, name, kind, path)
        self.position_by_key: dict[tuple[int, str], int] = {}
        self.position_info: dict[int, tuple[str, int, bool, bool]] = {}  # name, unit, single, active
        self.heads: dict[int, int] = {}
        for row in Position.objects.filter(instance=instance).order_by().values_list(
                "pk", "unit_id", "name", "single_holder", "is_active", "is_head"):
            self._add_position(*row)
        self.new_units: dict[tuple, dict] = {}
        self.new_unit_by_name: dict[str, tuple] = {}
        self.new_positions: dict[tuple, dict] = {}
        self.ids: dict[tuple, int] = {}

    def _add_unit(self, pk, siasn_id, name, kind, path):
        if siasn_id:
            self.unit_by_siasn[siasn_id] = pk
        key = _key(name)
        self.unit_by_name[key] = AMBIGUOUS if key in self.unit_by_name else pk
        self._add_unit_place(pk, kind, path)

    def _add_unit_place(self, pk, kind, path):
        self.unit_kind[pk], self.unit_path[pk], self.unit_by_path[path] = kind, path, pk

    def _add_position(self, pk, unit_id, name, single, active, is_head):
        key = (unit_id, _key(name))
        self.position_by_key[key] = AMBIGUOUS if key in self.position_by_key else pk
        self.position_info[pk] = (name, unit_id, single, active)
        if is_head:
            self.heads[unit_id] = pk

    # resolving ------------------------------------------------------------------------------
    def unit(self, row: siasn.Row):
        """(unit ref or None, error (label, message) or None)."""
        if not row.unit_siasn_id and not row.unit_name:
            return None, None
        if row.unit_siasn_id and row.unit_siasn_id in self.unit_by_siasn:
            return self.unit_by_siasn[row.unit_siasn_id], None
        if row.unit_name:
            found = self.unit_by_name.get(_key(row.unit_name))
            if found == AMBIGUOUS:
                return None, (UNIT_LABEL, _("Several units are named %(name)s; give its UNOR ID (set the SIASN "
                                            "UNOR ID of the unit in the organisation tree).")
                              % {"name": row.unit_name})
            if found is not None:
                return found, None
        if row.unit_siasn_id:
            ref = ("unit", "id", row.unit_siasn_id)
        else:
            ref = self.new_unit_by_name.get(_key(row.unit_name), ("unit", "name", _key(row.unit_name)))
        if ref in self.ids:
            return self.ids[ref], None
        if not self.create_units:
            label = UNIT_LABEL if row.unit_name else siasn.LABELS["unit_siasn_id"]
            return None, (label, _("Unknown unit %(unit)s (use --create-units to create it).")
                          % {"unit": row.unit_name or row.unit_siasn_id})
        if not row.unit_name:
            return None, (UNIT_LABEL, _("A name is needed to create the unit with UNOR ID %(id)s.")
                          % {"id": row.unit_siasn_id})
        return ref, None

    def position(self, row: siasn.Row, unit_ref):
        if not row.position_name:
            return None, None
        if unit_ref is None:
            return None, (UNIT_LABEL, _("The unit of the position is required."))
        if isinstance(unit_ref, int):
            found = self.position_by_key.get((unit_ref, _key(row.position_name)))
            if found == AMBIGUOUS:
                return None, (POSITION_LABEL, _("The unit has several positions named %(name)s.")
                              % {"name": row.position_name})
            if found is not None:
                if not self.position_info[found][3]:
                    return None, (POSITION_LABEL, _("The position is no longer active."))
                return found, None
        ref = ("pos", unit_ref, _key(row.position_name))
        if ref in self.ids:
            return self.ids[ref], None
        if not self.create_units:
            return None, (POSITION_LABEL, _("Unknown position %(position)s in %(unit)s (use --create-units to "
                                            "create it).") % {"position": row.position_name,
                                                              "unit": row.unit_name or row.unit_siasn_id})
        if ref not in self.new_positions and row.position_group is None:
            return None, (siasn.LABELS["position_type"], _("The position type is needed to create the position "
                                                           "%(position)s.") % {"position": row.position_name})
        return ref, None

    def register(self, row: siasn.Row, unit_ref, position_ref) -> None:
        """Remember units and positions to create for a valid row."""
        if isinstance(unit_ref, tuple) and unit_ref not in self.new_units:
            self.new_units[unit_ref] = {"name": row.unit_name, "siasn_id": row.unit_siasn_id,
                                        "kind": siasn.guess_unit_kind(row.unit_name)}
            self.new_unit_by_name.setdefault(_key(row.unit_name), unit_ref)
        if isinstance(position_ref, tuple) and position_ref not in self.new_positions:
            self.new_positions[position_ref] = {"name": row.position_name, "group": row.position_group,
                                                "unit": unit_ref}

    def is_single(self, ref) -> bool:
        if isinstance(ref, int):
            return self.position_info[ref][2]
        info = self.new_positions.get(ref)
        return bool(info) and info["group"] == siasn.STRUCTURAL

    def position_name(self, ref) -> str:
        return self.position_info[ref][0] if isinstance(ref, int) else self.new_positions[ref]["name"]

    def resolve(self, ref) -> int | None:
        """Database id of a unit/position ref; None for one not created (dry run)."""
        return ref if isinstance(ref, int) or ref is None else self.ids.get(ref)

    def position_unit(self, position_id: int) -> int:
        return self.position_info[position_id][1]

    # creating --------------------------------------------------------------------------------
    def _ancestor_head(self, unit_id: int) -> int | None:
        path, step = self.unit_path[unit_id], Unit.steplen
        for end in range(len(path) - step, 0, -step):
            head = self.heads.get(self.unit_by_path.get(path[:end]))
            if head is not None:
                return head
        return None

    def create_missing(self, now) -> list[AuditEvent]:
        """Bulk-create the units (as top-level units of the instance) and positions to create."""
        events: list[AuditEvent] = []
        if self.new_units:
            last = Unit.objects.get_last_root_node()
            step = Unit._str2int(last.path[:Unit.steplen]) if last else 0
            units = []
            for info in self.new_units.values():
                step += 1
                units.append(Unit(instance=self.instance, path=Unit._get_path(None, 1, step), depth=1, numchild=0,
                                  name=info["name"], kind=info["kind"], siasn_id=info["siasn_id"]))
            Unit.objects.bulk_create(units)
            for ref, unit in zip(self.new_units, units, strict=True):
                self.ids[ref] = unit.pk  # found through ``ids`` so that pass 2 resolves rows as pass 1 did
                self._add_unit_place(unit.pk, unit.kind, unit.path)
                events.append(build("organization.unit.create", unit, after=snapshot(unit)))
        heads: dict[int, list] = {}  # by depth: a head reports to the head of an ancestor unit
        others = []
        for ref, info in self.new_positions.items():
            unit_id = self.ids.get(info["unit"], info["unit"])
            unit_kind = self.unit_kind[unit_id]
            kind = {siasn.FUNGSIONAL: "FUNGSIONAL", siasn.PELAKSANA: "PELAKSANA"}.get(info["group"])
            structural = info["group"] == siasn.STRUCTURAL
            position = Position(instance=self.instance, unit_id=unit_id, name=info["name"],
                                kind=kind or siasn.structural_kind(info["name"], unit_kind), single_holder=structural)
            if structural and unit_id not in self.heads and siasn.is_head_title(info["name"], unit_kind):
                position.is_head = True
                self.heads[unit_id] = None  # taken (one head per unit); the id follows once created
                depth = len(self.unit_path[unit_id]) // Unit.steplen
                heads.setdefault(depth, []).append((ref, position))
            else:
                others.append((ref, position))
        for batch in [*(heads[d] for d in sorted(heads)), others]:
            for _ref, position in batch:
                own_head = None if position.is_head else self.heads.get(position.unit_id)
                position.superior_id = own_head or self._ancestor_head(position.unit_id)
            Position.objects.bulk_create([p for _r, p in batch])
            for ref, position in batch:
                self.ids[ref] = position.pk
                self._add_position(position.pk, position.unit_id, position.name, position.single_holder, True,
                                   position.is_head)
                events.append(build("organization.position.create", position, after=snapshot(position)))
        return events


# --- Pass 1: validation ----------------------------------------------------------------------

class Spill:
    """Rows that passed pass 1, normalised, in a temporary file read back in chunks by pass 2.

    Memory stays flat (one chunk at a time) and pass 2 does not parse the source again
    (re-reading an XLSX file costs more than the whole write). Rows are stored as plain tuples
    with dates as day numbers: marshal writes and reads those several times faster than pickle.
    """

    DATES = ("birth_date", "tmt_grade", "tmt_cpns")

    def __init__(self):
        self.file = tempfile.TemporaryFile(prefix="kinerja-import-")  # noqa: SIM115 – closed by close()

    @classmethod
    def pack(cls, row: siasn.Row, unit_ref, position_ref) -> tuple:
        data = dict(row.data)
        for key in cls.DATES:
            if value := data.get(key):
                data[key] = value.toordinal()
        tmt = row.tmt_position.toordinal() if row.tmt_position else None
        return (row.line, row.nip, row.kind, data, row.unit_siasn_id, row.unit_name, row.position_name,
                row.position_group, tmt, unit_ref, position_ref)

    @classmethod
    def unpack(cls, item: tuple) -> tuple:
        line, nip, kind, data, unit_siasn_id, unit_name, position_name, group, tmt, unit_ref, position_ref = item
        for key in cls.DATES:
            if value := data.get(key):
                data[key] = date.fromordinal(value)
        row = siasn.Row(line, nip, kind, data, unit_siasn_id, unit_name, position_name, group,
                        date.fromordinal(tmt) if tmt else None)
        return row, unit_ref, position_ref

    def write(self, chunk: list[tuple]) -> None:
        data = marshal.dumps([self.pack(*item) for item in chunk])
        self.file.write(len(data).to_bytes(8, "little") + data)

    def chunks(self, skip) -> Iterator[list[tuple]]:
        """``[(row, unit ref, position ref), …]`` a chunk at a time, without the lines in ``skip``."""
        self.file.seek(0)
        while size := self.file.read(8):
            chunk = marshal.loads(self.file.read(int.from_bytes(size, "little")))  # our own file, see write()
            yield [self.unpack(item) for item in chunk if item[0] not in skip]

    def close(self) -> None:
        self.file.close()


class Validator:
    def __init__(self, instance: Instance, org: OrgIndex, today: date, chunk: int, spill: Spill):
        self.instance, self.org, self.today, self.chunk, self.spill = instance, org, today, chunk, spill
        self.rows = 0
        self.seen: dict[int, int] = {}  # NIP → first line
        self.bad: dict[int, list[tuple[str, str]]] = {}  # line → [(column, message)]
        self.claims: dict = {}  # single-holder position ref → (nip, line)
        self.moves: dict[str, tuple] = {}  # NIP of a current single-holder → (position ref, line)
        self.pending: list[tuple] = []  # rows valid so far: (row, unit ref, position ref)
        self.holders: dict[int, list[tuple[str, str]]] = {}
        held = (Employee.objects.filter(instance=instance, is_active=True, position__single_holder=True)
                .order_by().values_list("position_id", "nip", "front_title", "name", "back_title"))
        for position_id, nip, front, name, back in held:
            label = Employee(front_title=front, name=name, back_title=back).full_name
            self.holders.setdefault(position_id, []).append((nip, label))
        self.holder_nips = {nip for entries in self.holders.values() for nip, _label in entries}

    def fail(self, line: int, label: str, message: str) -> None:
        self.bad.setdefault(line, []).append((label, message))

    def check(self, line: int, values: dict) -> None:
        self.rows += 1
        row = siasn.normalize_row(line, values)
        errors = list(row.errors)
        if row.nip:
            first = self.seen.setdefault(int(row.nip), line)
            if first != line:
                errors.append((siasn.LABELS["nip"], _("NIP %(nip)s also appears on line %(line)d.")
                               % {"nip": row.nip, "line": first}))
        unit_ref, error = self.org.unit(row)
        position_ref = None
        if error:
            errors.append(error)
        else:
            position_ref, error = self.org.position(row, unit_ref)
            if error:
                errors.append(error)
        if not errors and position_ref is not None and self.org.is_single(position_ref):
            nip, first = self.claims.setdefault(position_ref, (row.nip, line))
            if nip != row.nip:
                errors.append((POSITION_LABEL, _("Position %(position)s has a single holder and is also given to "
                                                 "NIP %(nip)s on line %(line)d.")
                               % {"position": self.org.position_name(position_ref), "nip": nip, "line": first}))
        if errors:
            self.bad[line] = errors
            return
        self.org.register(row, unit_ref, position_ref)
        if row.nip in self.holder_nips:
            self.moves[row.nip] = (position_ref, line)
        self.pending.append((row, unit_ref, position_ref))
        if len(self.pending) >= self.chunk:
            self.flush()

    def flush(self) -> None:
        """A chunk of rows valid so far: check them against the database, then spill them for pass 2.

        The database check: a new post must start after the current one.
        """
        if not self.pending:
            return
        moving = [(row, ref) for row, _unit, ref in self.pending if ref is not None]
        current_start = Subquery(Assignment.objects.filter(
            employee=OuterRef("pk"), kind=AssignmentKind.DEFINITIVE, end_date__isnull=True,
        ).order_by("-start_date").values("start_date")[:1])
        existing = {nip: (position_id, start) for nip, position_id, start in Employee.objects.filter(
            instance=self.instance, nip__in=[row.nip for row, _ref in moving],
        ).order_by().annotate(current_start=current_start).values_list("nip", "position_id", "current_start")}
        for row, position_ref in moving:
            position_id, start = existing.get(row.nip, (None, None))
            new_start = row.tmt_position or self.today
            changes = not isinstance(position_ref, int) or position_id != position_ref
            if start is not None and changes and new_start <= start:
                self.fail(row.line, siasn.LABELS["tmt_position"], _("The new post must start after the current one "
                                                                    "(%(date)s).") % {"date": start.isoformat()})
        self.spill.write(self.pending)
        self.pending = []

    def finish(self) -> None:
        """After the last row: single-holder posts held in the database by someone the file does not move."""
        self.flush()
        changed = True
        while changed:  # a row found bad can keep a holder in place, making another claim bad
            changed = False
            for position_ref, (nip, line) in self.claims.items():
                if line in self.bad or not isinstance(position_ref, int):
                    continue
                for holder_nip, holder in self.holders.get(position_ref, ()):
                    move = self.moves.get(holder_nip)
                    moved_away = move and move[0] is not None and move[0] != position_ref and move[1] not in self.bad
                    if holder_nip != nip and not moved_away:
                        self.fail(line, POSITION_LABEL, _("Position %(position)s is already held by %(holder)s "
                                                          "(NIP %(nip)s).") % {
                            "position": self.org.position_name(position_ref), "holder": holder, "nip": holder_nip})
                        changed = True
                        break

    def errors(self) -> list[RowError]:
        return [RowError(line, label, message) for line in sorted(self.bad) for label, message in self.bad[line]]


# --- Pass 2: writing -------------------------------------------------------------------------

class Writer:
    def __init__(self, instance: Instance, org: OrgIndex, result: ImportResult, today: date, write: bool):
        self.instance, self.org, self.result, self.today, self.write = instance, org, result, today, write

    def chunk(self, rows: list[tuple]) -> None:
        """Write one chunk of ``(row, unit ref, position ref)``: a fixed number of queries."""
        if not rows:
            return
        now = timezone.now()
        names = [f.attname for f in Employee._meta.concrete_fields if f.attname not in ("created_at", "updated_at")]
        nip_at = names.index("nip")
        existing = {values[nip_at]: values for values in Employee.objects.filter(
            instance=self.instance, nip__in=[r[0].nip for r in rows]).order_by().values_list(*names)}
        new: list[tuple[Employee, siasn.Row]] = []
        changed: list[tuple[Employee, dict, dict]] = []  # employee, changes, before
        for row, unit_ref, position_ref in rows:
            position_id, unit_id = self.org.resolve(position_ref), self.org.resolve(unit_ref)
            values = existing.get(row.nip)
            if (position_ref is not None and position_id is None) or (unit_ref is not None and unit_id is None):
                # dry run: the unit or position would be created first, so the row would be written
                if values is None:
                    self.result.created += 1
                else:
                    self.result.updated += 1
                continue
            if position_id is not None:
                unit_id = self.org.position_unit(position_id)
            if values is None:
                data = {k: v for k, v in row.data.items() if k != "kind"}
                employee = new_object(Employee, instance_id=self.instance.pk, nip=row.nip, kind=row.kind,
                                      position_id=position_id, unit_id=unit_id,
                                      tmt_position=row.tmt_position if position_id else None, **data)
                new.append((employee, row))
                continue
            stored = dict(zip(names, values, strict=True))
            desired = dict(row.data)
            if position_id is not None and position_id != stored["position_id"]:
                desired.update(position_id=position_id, unit_id=unit_id, tmt_position=row.tmt_position or self.today)
            elif position_id is not None:
                desired["unit_id"] = unit_id
                if row.tmt_position:
                    desired["tmt_position"] = row.tmt_position
            elif unit_id is not None and stored["position_id"] is None:
                desired["unit_id"] = unit_id
            changes = {k: v for k, v in desired.items() if stored[k] != v}
            if changes:  # a model instance only for the few rows that changed
                employee = Employee.from_db(connection.alias, names, values)
                changed.append((employee, changes, fast_snapshot(employee)))
            else:
                self.result.unchanged += 1
        self.result.created += len(new)
        self.result.updated += len(changed)
        if self.write:
            self._write(new, changed, now)

    def _write(self, new, changed, now) -> None:
        events: list[AuditEvent] = []
        event = EventFactory()
        assignments: list[dict] = []  # attname → value, the same keys in each
        grades: list[dict] = []
        instance_id = self.instance.pk

        def post(employee, start: date) -> None:
            assignments.append({"instance_id": instance_id, "employee_id": employee.pk,
                                "position_id": employee.position_id, "unit_id": employee.unit_id,
                                "kind": AssignmentKind.DEFINITIVE, "start_date": start, "end_date": None,
                                "decree_number": "", "note": ""})

        def grade(employee) -> dict:
            return {"instance_id": instance_id, "employee_id": employee.pk, "grade": employee.grade,
                    "tmt": employee.tmt_grade, "decree_number": ""}

        if new:
            insert_employees([e for e, _row in new], now)
            for employee, row in new:
                if employee.position_id:
                    post(employee, row.tmt_position or self.today)
                if employee.grade and employee.tmt_grade:
                    grades.append(grade(employee))
                events.append(event("people.employee.create", employee, after=fast_snapshot(employee)))
        promoted: list[dict] = []
        starts: dict[int, date] = {}
        for employee, changes, before in changed:
            for key, value in changes.items():
                setattr(employee, key, value)
            employee.updated_at = now
            if "position_id" in changes:
                starts[employee.pk] = employee.tmt_position
                post(employee, employee.tmt_position)
            if "grade" in changes and employee.grade and employee.tmt_grade:
                promoted.append(grade(employee))
            events.append(event("people.employee.update", employee, before=before, after=fast_snapshot(employee)))
        if changed:
            # An upsert of the changed rows: far cheaper than bulk_update's CASE WHEN per field and row.
            Employee.objects.bulk_create([_copy_without_pk(e, now) for e, _c, _b in changed], update_conflicts=True,
                                         unique_fields=["instance", "nip"], update_fields=UPSERT_FIELDS)
        if starts:  # close the current definitive posts the day before the new ones start
            closing = Assignment.objects.filter(instance_id=instance_id, employee_id__in=starts,
                                                kind=AssignmentKind.DEFINITIVE, end_date__isnull=True)
            end_assignments({pk: starts[employee_id] - timedelta(days=1)
                             for pk, employee_id in closing.values_list("pk", "employee_id")}, now)
        insert_rows(Assignment, assignments, now)
        insert_rows(GradeHistory, grades, now)
        if promoted:  # the same grade and TMT may already be on record
            GradeHistory.objects.bulk_create([new_object(GradeHistory, created_at=now, updated_at=now, **g)
                                              for g in promoted], ignore_conflicts=True)
        save_events(events, now)


# --- Bulk writes ------------------------------------------------------------------------------
# New rows go in with COPY on PostgreSQL (ids drawn from the sequence first when needed) and one
# executemany elsewhere: several times faster than bulk_create, which compiles every value of
# every row, and needed for the importer's throughput target (5,000 rows/s). A concurrent insert
# of the same NIP then fails the whole import: nothing is half-written.

@functools.cache
def _snapshot_fields(model) -> list[str]:
    return [f.attname for f in model._meta.concrete_fields if f.name not in ("created_at", "updated_at", "password")]


def fast_snapshot(obj) -> dict:
    """``audit.services.snapshot(obj)`` for a row of plain values (str, int, bool, date, None), in a
    fraction of the time; a test keeps the two equal."""
    return {name: value.isoformat() if isinstance(value, date) else value
            for name in _snapshot_fields(type(obj)) for value in (getattr(obj, name),)}


class EventFactory:
    """``audit.services.build`` once per action; the events of the other rows are copies of that one
    with their own object, label and before/after (build costs as much as the rest of a row)."""

    def __init__(self):
        self.templates: dict[str, dict] = {}

    def __call__(self, action: str, obj, *, before=None, after=None) -> AuditEvent:
        template = self.templates.get(action)
        if template is None:
            built = build(action, obj, before=before, after=after)
            self.templates[action] = {f.attname: getattr(built, f.attname) for f in AuditEvent._meta.concrete_fields
                                      if f.attname not in ("id", "object_id", "object_label", "before", "after")}
            return built
        return new_object(AuditEvent, **template, object_id=str(obj.pk), object_label=str(obj)[:255],
                          before=before, after=after)


@functools.cache
def _defaults(model) -> list[tuple[str, object]]:
    return [(f.attname, f.get_default()) for f in model._meta.concrete_fields]


def new_object(model, **values):
    """``model(**values)`` through Model.__init__'s fast positional path (no per-keyword descriptors)."""
    return model(*[values.get(name, default) for name, default in _defaults(model)])


def _copy_without_pk(obj, now):
    """A new instance with the values of ``obj`` (timestamps set to ``now``, no primary key), for an upsert."""
    return type(obj)(*[None if f.primary_key else now if f.attname in ("created_at", "updated_at")
                       else getattr(obj, f.attname) for f in obj._meta.concrete_fields])


def insert_employees(objs: list[Employee], now) -> None:
    """Insert new employees; sets ``pk`` on each (PostgreSQL: drawn from the sequence first)."""
    meta = Employee._meta
    for obj in objs:
        obj.created_at = obj.updated_at = now
    if connection.vendor != "postgresql":
        bulk.insert_objects(Employee, objs, [f for f in meta.concrete_fields if not f.primary_key])
        ids = dict(Employee.objects.filter(instance_id=objs[0].instance_id, nip__in=[o.nip for o in objs])
                   .values_list("nip", "pk"))
        for obj in objs:
            obj.pk = ids[obj.nip]
        return
    with connection.cursor() as cursor:
        cursor.execute("SELECT nextval(pg_get_serial_sequence(%s, %s)) FROM generate_series(1, %s)",
                       [meta.db_table, meta.pk.column, len(objs)])
        for obj, (pk,) in zip(objs, cursor.fetchall(), strict=True):
            obj.pk = pk
    bulk.insert_objects(Employee, objs, meta.concrete_fields)


def insert_rows(model, rows: list[dict], now) -> None:
    """Insert plain rows (attname → value, the same keys in each) whose ids are not needed."""
    if rows:
        bulk.insert(model, [*rows[0], "created_at", "updated_at"], ([*row.values(), now, now] for row in rows))


def save_events(events: list[AuditEvent], now) -> None:
    for event in events:
        event.at = now
    record_many(events)


def end_assignments(ends: dict[int, date], now, batch: int = 500) -> None:
    """Set ``end_date`` of many assignments, each its own, in one UPDATE per ``batch`` rows.

    ``UPDATE … SET end_date = CASE id WHEN … THEN … END``: Django's bulk_update builds a
    filtered expression per row and costs far more.
    """
    ops, items = connection.ops, list(ends.items())
    table, pk_column = ops.quote_name(Assignment._meta.db_table), ops.quote_name(Assignment._meta.pk.column)
    with connection.cursor() as cursor:
        for start in range(0, len(items), batch):
            part = items[start:start + batch]
            cases = " ".join(["WHEN %s THEN %s"] * len(part))
            marks = ", ".join(["%s"] * len(part))
            params = [v for pk, end in part for v in (pk, ops.adapt_datefield_value(end))]
            params += [ops.adapt_datetimefield_value(now), *(pk for pk, _end in part)]
            cursor.execute(f"UPDATE {table} SET end_date = CASE {pk_column} {cases} END, updated_at = %s "
                           f"WHERE {pk_column} IN ({marks})", params)


# --- The run ---------------------------------------------------------------------------------

def _get_instance(instance) -> Instance:
    return instance if isinstance(instance, Instance) else Instance.objects.get(slug=instance)


def write_errors_file(path, bad: dict[int, list[tuple[str, str]]], out_path) -> None:
    """Copy the bad rows to a CSV with their line number and the reasons in front."""
    with siasn.open_table(path) as table, open(out_path, "w", encoding="utf-8-sig", newline="") as out:
        writer = csv.writer(out, delimiter=table.delimiter)
        writer.writerow([_("line"), _("reason"), *table.header])
        for line, _values, cells in table.records():
            if line in bad:
                reason = "; ".join(f"{label}: {message}" for label, message in bad[line])
                writer.writerow([line, reason, *(siasn.raw_text(c) for c in cells)])


def import_employees(path, instance, *, create_units: bool = False, skip_invalid: bool = False,
                     dry_run: bool = False, errors_path=None, progress: Progress | None = None,
                     chunk: int | None = None) -> ImportResult:
    """Import a SIASN export into ``instance`` (an Instance or its slug). See docs/import.md.

    Raises ``siasn.FileFormatError`` when the file cannot be read at all; row problems are
    returned in ``result.errors``. Run it inside ``audit_context("cli")`` (or another source).
    """
    path = Path(path)
    instance = _get_instance(instance)
    chunk = chunk or chunk_size()
    today = timezone.localdate()
    report = progress or (lambda phase, done, total: None)
    result = ImportResult(file=path.name, instance=instance.slug, dry_run=dry_run)

    org = OrgIndex(instance, create_units)
    spill = Spill()
    try:
        validator = Validator(instance, org, today, chunk, spill)
        with siasn.open_table(path) as table:
            for line, values, _cells in table.records():
                validator.check(line, values)
                if validator.rows % 1000 == 0:
                    report("validate", validator.rows, None)
        validator.finish()
        report("validate", validator.rows, validator.rows)
        result.rows, result.errors, result.invalid = validator.rows, validator.errors(), len(validator.bad)
        result.units_created, result.positions_created = len(org.new_units), len(org.new_positions)

        if validator.bad and (skip_invalid or errors_path):
            result.errors_path = str(errors_path or f"{path}.errors.csv")
            write_errors_file(path, validator.bad, result.errors_path)
        if validator.bad and not skip_invalid:
            result.units_created = result.positions_created = 0
            return result

        writer = Writer(instance, org, result, today, write=not dry_run)
        total, done = result.rows - result.invalid, 0
        with contextlib.nullcontext() if dry_run else transaction.atomic():
            events = [] if dry_run else org.create_missing(timezone.now())
            for rows in spill.chunks(validator.bad):
                writer.chunk(rows)
                done += len(rows)
                report("import", done, total)
            if not dry_run:
                events.append(build("people.import", None, instance_id=instance.pk, object_type="people.import",
                                    object_label=path.name, after={"file": path.name, **result.counts()}))
                save_events(events, timezone.now())
                result.committed = True
    finally:
        spill.close()
    return result
