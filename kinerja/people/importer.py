"""Importing employees from SIASN "Export Data ASN" files: validate every row, then upsert in bulk.

Pass 1 streams the file and validates each row (fields, duplicate NIPs, units and positions,
single-holder posts, transfer dates) keeping in memory only small data per row (the NIP set);
units and positions of the instance are loaded once, existing employees are looked up a chunk
at a time (one index probe per NIP, see ``bulk.lookup``), and the normalised valid rows are
spilled to a temporary file a chunk at a time, marked with whether the employee exists.
If any row is bad nothing is written (unless ``skip_invalid``). Pass 2 streams the spilled rows
back and writes a chunk at a time inside one transaction: a fixed number of bulk statements per
chunk (COPY on PostgreSQL), only rows that differ from the database, no read for rows pass 1
found new. On PostgreSQL a worker thread writes a chunk while the next one is prepared
(``bulk.Pipeline``). The cost per row does not grow with the file or the table.
"""

from __future__ import annotations

import csv
import functools
import marshal
import tempfile
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from datetime import date, timedelta
from pathlib import Path

from django.conf import settings
from django.db import connection, models, transaction
from django.db.models import OuterRef, Subquery
from django.utils import timezone
from django.utils.translation import gettext as _

from kinerja.audit.models import AuditEvent
from kinerja.audit.services import build
from kinerja.core import bulk
from kinerja.core.actors import system_actor
from kinerja.organization.models import Instance, Position, Unit

from . import siasn
from .models import Assignment, AssignmentKind, Employee, GradeHistory

Progress = Callable[[str, int, int | None], None]  # (phase "validate"|"import", rows done, total or None)
IMPORTER = system_actor("import")  # the audit events' actor: "system:import" (source: cli)
AMBIGUOUS = -1
POSITION_LABEL = siasn.LABELS["position_name"]
UNIT_LABEL = siasn.LABELS["unit_name"]
# Every table an import writes: their planner statistics are refreshed after the commit.
STATISTICS_MODELS = [Employee, Assignment, GradeHistory, AuditEvent, Unit, Position]


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


@functools.lru_cache(maxsize=16384)
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

    def create_missing(self, now) -> list[list]:
        """Bulk-create the units (as top-level units of the instance) and positions to create; return
        the rows of their audit events (``EventRows``)."""
        events: list[list] = []
        if self.new_units:
            unit_events = EventRows(Unit, self.instance.pk)
            last = Unit.objects.get_last_root_node()
            step = Unit._str2int(last.path[:Unit.steplen]) if last else 0
            units = []
            for info in self.new_units.values():
                step += 1
                units.append(Unit(instance=self.instance, path=Unit._get_path(None, 1, step), depth=1, numchild=0,
                                  name=info["name"], kind=info["kind"], siasn_id=info["siasn_id"]))
            bulk.create_objects(Unit, units, now)
            for ref, unit in zip(self.new_units, units, strict=True):
                self.ids[ref] = unit.pk  # found through ``ids`` so that pass 2 resolves rows as pass 1 did
                self._add_unit_place(unit.pk, unit.kind, unit.path)
                events.append(unit_events.row("organization.unit.create", unit.pk, str(unit), None,
                                              fast_snapshot(unit), now))
        position_events = EventRows(Position, self.instance.pk)
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
            bulk.create_objects(Position, [p for _r, p in batch], now)
            for ref, position in batch:
                self.ids[ref] = position.pk
                self._add_position(position.pk, position.unit_id, position.name, position.single_holder, True,
                                   position.is_head)
                events.append(position_events.row("organization.position.create", position.pk, str(position), None,
                                                  fast_snapshot(position), now))
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
    def pack(cls, row: siasn.Row, unit_ref, position_ref, exists: bool) -> tuple:
        data = dict(row.data)
        for key in cls.DATES:
            if value := data.get(key):
                data[key] = value.toordinal()
        tmt = row.tmt_position.toordinal() if row.tmt_position else None
        return (row.line, row.nip, row.kind, data, row.unit_siasn_id, row.unit_name, row.position_name,
                row.position_group, tmt, unit_ref, position_ref, exists)

    @classmethod
    def unpack(cls, item: tuple) -> tuple:
        (line, nip, kind, data, unit_siasn_id, unit_name, position_name, group, tmt, unit_ref, position_ref,
         exists) = item
        for key in cls.DATES:
            if value := data.get(key):
                data[key] = date.fromordinal(value)
        row = siasn.Row(line, nip, kind, data, unit_siasn_id, unit_name, position_name, group,
                        date.fromordinal(tmt) if tmt else None)
        return row, unit_ref, position_ref, exists

    def write(self, chunk: list[tuple]) -> None:
        """Spill ``[(row, unit ref, position ref, in the database?), …]``."""
        data = marshal.dumps([self.pack(*item) for item in chunk])
        self.file.write(len(data).to_bytes(8, "little") + data)

    def chunks(self, skip) -> Iterator[list[tuple]]:
        """``[(row, unit ref, position ref, in the database?), …]`` a chunk at a time, without the
        lines in ``skip``."""
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
        self.nip_today = date.today()  # what NIP checks compare with (nip.parse's default), read once
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
        row = siasn.normalize_row(line, values, self.nip_today)
        errors = row.errors
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
            self.bad[line] = list(errors)
            return
        self.org.register(row, unit_ref, position_ref)
        if row.nip in self.holder_nips:
            self.moves[row.nip] = (position_ref, line)
        self.pending.append((row, unit_ref, position_ref))
        if len(self.pending) >= self.chunk:
            self.flush()

    def flush(self) -> None:
        """A chunk of rows valid so far: check them against the database, then spill them for pass 2.

        One query: which NIPs are in the database (pass 2 then looks up only those), and for rows
        given a post, the start of the current one (the new post must start after it).
        """
        if not self.pending:
            return
        current_start = Subquery(Assignment.objects.filter(
            employee=OuterRef("pk"), kind=AssignmentKind.DEFINITIVE, end_date__isnull=True,
        ).order_by("-start_date").values("start_date")[:1])
        found = Employee.objects.filter(instance=self.instance).order_by().annotate(
            current_start=current_start).values_list("nip", "position_id", "current_start")
        existing = {nip: (position_id, start) for nip, position_id, start in bulk.lookup(
            found, "nip", [row.nip for row, _unit, _ref in self.pending])}
        spilled = []
        for row, unit_ref, position_ref in self.pending:
            stored = existing.get(row.nip)
            spilled.append((row, unit_ref, position_ref, stored is not None))
            if stored is None or position_ref is None or stored[1] is None:
                continue
            position_id, start = stored
            changes = not isinstance(position_ref, int) or position_id != position_ref
            if changes and (row.tmt_position or self.today) <= start:
                self.fail(row.line, siasn.LABELS["tmt_position"], _("The new post must start after the current one "
                                                                    "(%(date)s).") % {"date": start.isoformat()})
        self.spill.write(spilled)
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
# Rows are written as plain value lists (no model instances: building one costs more than writing
# its row) through ``bulk.Pipeline``. Per chunk: the reads first (stored values of the employees
# pass 1 found in the database, ids for the new ones), then the previous chunk's writes start in
# the background while this chunk's rows are built.

@functools.cache
def _snapshot_fields(model) -> list[str]:
    return [f.attname for f in model._meta.concrete_fields if f.name not in ("created_at", "updated_at", "password")]


def fast_snapshot(obj) -> dict:
    """``audit.services.snapshot(obj)`` for a row of plain values (str, int, bool, date, None), in a
    fraction of the time; a test keeps the two equal."""
    return {name: value.isoformat() if isinstance(value, date) else value
            for name in _snapshot_fields(type(obj)) for value in (getattr(obj, name),)}


class EventRows:
    """Rows of audit events on objects of one model (AuditEvent attnames but the id), as
    ``audit.services.build`` makes them: built once per action, then each object's own columns."""

    ATTNAMES = [f.attname for f in AuditEvent._meta.concrete_fields if not f.primary_key]
    AT, OBJECT_ID, LABEL, BEFORE, AFTER = map(ATTNAMES.index, ("at", "object_id", "object_label", "before", "after"))

    def __init__(self, model, instance_id: int):
        self.object_type = f"{model._meta.app_label}.{model._meta.model_name}"
        self.instance_id = instance_id
        self.templates: dict[str, list] = {}

    def row(self, action: str, object_id, label: str, before: dict | None, after: dict | None, at) -> list:
        template = self.templates.get(action)
        if template is None:
            event = build(action, None, actor=IMPORTER, instance_id=self.instance_id,
                          object_type=self.object_type)
            template = self.templates[action] = [getattr(event, name) for name in self.ATTNAMES]
        row = template.copy()
        row[self.AT], row[self.OBJECT_ID], row[self.LABEL] = at, str(object_id), label[:255]
        row[self.BEFORE], row[self.AFTER] = before, after
        return row


class _Names:
    """What ``Employee.full_name`` reads, for an employee held as a dict of values."""

    __slots__ = ("front_title", "name", "back_title")

    def __init__(self, values: dict):
        self.front_title, self.name, self.back_title = values["front_title"], values["name"], values["back_title"]


def employee_label(values: dict) -> str:
    """``str(employee)`` for an employee held as a dict of attname → value."""
    return Employee.full_name.fget(_Names(values))


class EmployeeRows:
    """Employee columns (attnames in table order), defaults and snapshot of one employee as a dict."""

    FIELDS = Employee._meta.concrete_fields
    ATTNAMES = [f.attname for f in FIELDS]
    INSERT = [f.attname for f in FIELDS if not f.primary_key]  # where the database numbers them
    STORED = [name for name in ATTNAMES if name not in ("created_at", "updated_at")]  # read back for the diff
    DEFAULTS = {f.attname: f.get_default() for f in FIELDS}
    SNAPSHOT = [f.attname for f in FIELDS if f.name not in ("created_at", "updated_at")]
    SNAPSHOT_DATES = [f.attname for f in FIELDS
                      if f.name not in ("created_at", "updated_at") and isinstance(f, models.DateField)]
    UPDATE = ["kind", "nip_lama", "pns_id", "front_title", "name", "back_title", "birth_date", "sex", "grade",
              "tmt_grade", "tmt_cpns", "position_id", "unit_id", "tmt_position", "updated_at"]

    @classmethod
    def snapshot(cls, values: dict) -> dict:
        """``audit.services.snapshot`` of the employee; a test keeps the two equal."""
        snap = {name: values[name] for name in cls.SNAPSHOT}
        for name in cls.SNAPSHOT_DATES:
            if (value := snap[name]) is not None:
                snap[name] = value.isoformat()
        return snap


DEFINITIVE = AssignmentKind.DEFINITIVE.value
ASSIGNMENT_COLUMNS = ["instance_id", "employee_id", "position_id", "unit_id", "kind", "start_date", "end_date",
                      "decree_number", "note", "created_at", "updated_at"]
GRADE_COLUMNS = ["instance_id", "employee_id", "grade", "tmt", "decree_number", "created_at", "updated_at"]


class Writer:
    def __init__(self, instance: Instance, org: OrgIndex, result: ImportResult, today: date,
                 pipeline: bulk.Pipeline | None):
        """``pipeline`` None: a dry run, which only counts."""
        self.instance, self.org, self.result, self.today, self.pipeline = instance, org, result, today, pipeline
        self.events = EventRows(Employee, instance.pk)
        self.postgres = connection.vendor == "postgresql"

    def chunk(self, rows: list[tuple]) -> None:
        """Write one chunk of ``(row, unit ref, position ref, in the database?)``: a fixed number of queries."""
        if not rows:
            return
        now = timezone.now()
        stored = self._stored([row.nip for row, _unit, _position, exists in rows if exists])
        new: list[dict] = []  # attname → value of each employee to create
        changed: list[tuple[dict, dict]] = []  # (stored values, changes)
        for row, unit_ref, position_ref, _exists in rows:
            position_id, unit_id = self.org.resolve(position_ref), self.org.resolve(unit_ref)
            values = stored.get(row.nip)
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
                new.append(self._new(row, position_id, unit_id, now))
            elif changes := self._changes(row, values, position_id, unit_id):
                changed.append((values, changes))
            else:
                self.result.unchanged += 1
        self.result.created += len(new)
        self.result.updated += len(changed)
        if self.pipeline is not None:
            self._ids(new)
            self.pipeline.flush()  # the previous chunk's writes: the reads of this one are done
            self._write(new, changed, now)

    # reading ----------------------------------------------------------------------------------
    def _stored(self, nips: list[str]) -> dict[str, dict]:
        """Stored values of the employees pass 1 found, by NIP (one found then may be gone now)."""
        if not nips:
            return {}
        if self.pipeline is not None:
            self.pipeline.wait()
        names = EmployeeRows.STORED
        nip_at = names.index("nip")
        found = Employee.objects.filter(instance=self.instance).order_by().values_list(*names)
        return {values[nip_at]: dict(zip(names, values, strict=True)) for values in bulk.lookup(found, "nip", nips)}

    def _ids(self, new: list[dict]) -> None:
        """Ids for the new employees: drawn from the sequence on PostgreSQL (their rows go in with
        the chunk's other writes, by COPY); elsewhere they are inserted now and their ids read back."""
        if not new:
            return
        self.pipeline.wait()
        if self.postgres:
            for values, pk in zip(new, bulk.reserve_ids(Employee, len(new)), strict=True):
                values["id"] = pk
            return
        bulk.insert(Employee, EmployeeRows.INSERT, ([values[name] for name in EmployeeRows.INSERT] for values in new))
        ids = dict(Employee.objects.filter(instance=self.instance, nip__in=[v["nip"] for v in new]).order_by()
                   .values_list("nip", "pk"))
        for values in new:
            values["id"] = ids[values["nip"]]

    # comparing -------------------------------------------------------------------------------
    def _new(self, row: siasn.Row, position_id, unit_id, now) -> dict:
        values = dict(EmployeeRows.DEFAULTS)
        values.update(row.data)
        values.update(instance_id=self.instance.pk, nip=row.nip, kind=row.kind, position_id=position_id,
                      unit_id=unit_id, tmt_position=row.tmt_position if position_id else None,
                      created_at=now, updated_at=now)
        return values

    def _changes(self, row: siasn.Row, stored: dict, position_id, unit_id) -> dict:
        desired = dict(row.data)
        if position_id is not None and position_id != stored["position_id"]:
            desired.update(position_id=position_id, unit_id=unit_id, tmt_position=row.tmt_position or self.today)
        elif position_id is not None:
            desired["unit_id"] = unit_id
            if row.tmt_position:
                desired["tmt_position"] = row.tmt_position
        elif unit_id is not None and stored["position_id"] is None:
            desired["unit_id"] = unit_id
        return {k: v for k, v in desired.items() if stored[k] != v}

    # writing ---------------------------------------------------------------------------------
    def _write(self, new: list[dict], changed: list[tuple[dict, dict]], now) -> None:
        pipeline, instance_id = self.pipeline, self.instance.pk
        assignments: list[list] = []
        grades: list[list] = []
        events: list[list] = []
        if new and self.postgres:
            attnames = EmployeeRows.ATTNAMES
            pipeline.insert(Employee, attnames, [[values[name] for name in attnames] for values in new])
        for values in new:
            if values["position_id"]:
                assignments.append(self._post(values, values["tmt_position"] or self.today, now))
            if values["grade"] and values["tmt_grade"]:
                grades.append([instance_id, values["id"], values["grade"], values["tmt_grade"], "", now, now])
            events.append(self.events.row("people.employee.create", values["id"], employee_label(values), None,
                                          EmployeeRows.snapshot(values), now))
        updates: list[list] = []
        promoted: list[list] = []
        ends: dict[int, date] = {}
        for stored, changes in changed:
            values = {**stored, **changes, "updated_at": now}
            updates.append([values[name] for name in EmployeeRows.UPDATE] + [values["id"]])
            if "position_id" in changes:
                ends[values["id"]] = values["tmt_position"] - timedelta(days=1)
                assignments.append(self._post(values, values["tmt_position"], now))
            if "grade" in changes and values["grade"] and values["tmt_grade"]:  # maybe already on record
                promoted.append([instance_id, values["id"], values["grade"], values["tmt_grade"], "", now, now])
            events.append(self.events.row("people.employee.update", values["id"], employee_label(values),
                                          EmployeeRows.snapshot(stored), EmployeeRows.snapshot(values), now))
        if updates:
            attnames = [*EmployeeRows.UPDATE, "id"]
            pipeline.executemany(bulk.update_sql(Employee, EmployeeRows.UPDATE),
                                 list(bulk.prepared(Employee, attnames, updates)))
        if ends:  # close the current definitive posts the day before the new ones start
            close_assignments(pipeline, instance_id, ends, now)
        pipeline.insert(Assignment, ASSIGNMENT_COLUMNS, assignments)
        pipeline.insert(GradeHistory, GRADE_COLUMNS, grades)
        if promoted:
            pipeline.executemany(bulk.insert_ignore_sql(GradeHistory, GRADE_COLUMNS),
                                 list(bulk.prepared(GradeHistory, GRADE_COLUMNS, promoted)))
        pipeline.insert(AuditEvent, EventRows.ATTNAMES, events)

    def _post(self, values: dict, start: date, now) -> list:
        return [self.instance.pk, values["id"], values["position_id"], values["unit_id"], DEFINITIVE,
                start, None, "", "", now, now]


def close_assignments(pipeline: bulk.Pipeline, instance_id: int, ends: dict[int, date], now,
                      batch: int = 500) -> None:
    """End the open definitive assignments of many employees, each on its own date: one UPDATE
    (``end_date = CASE employee_id WHEN … THEN … END``) per ``batch`` employees."""
    ops, items = connection.ops, list(ends.items())
    table = ops.quote_name(Assignment._meta.db_table)
    for start in range(0, len(items), batch):
        part = items[start:start + batch]
        cases = " ".join(["WHEN %s THEN %s"] * len(part))
        marks = ", ".join(["%s"] * len(part))
        params = [v for pk, end in part for v in (pk, ops.adapt_datefield_value(end))]
        params += [ops.adapt_datetimefield_value(now), instance_id, DEFINITIVE,
                   *(pk for pk, _end in part)]
        pipeline.execute(f"UPDATE {table} SET end_date = CASE employee_id {cases} END, updated_at = %s "
                         f"WHERE instance_id = %s AND kind = %s AND end_date IS NULL AND employee_id IN ({marks})",
                         params)


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
        if dry_run:
            writer, total, done = Writer(instance, org, result, today, None), result.rows - result.invalid, 0
            for rows in spill.chunks(validator.bad):
                writer.chunk(rows)
                done += len(rows)
                report("import", done, total)
            return result
        _write_all(path, instance, org, spill, validator.bad, result, today, report)
    finally:
        spill.close()
    return result


def _write_all(path: Path, instance: Instance, org: OrgIndex, spill: Spill, bad, result: ImportResult,
               today: date, report: Progress) -> None:
    """Pass 2 in one transaction: units and positions to create, then the rows a chunk at a time."""
    total, done = result.rows - result.invalid, 0
    tables = [Unit, Position, Employee, Assignment, GradeHistory, AuditEvent]
    with transaction.atomic(), bulk.checks_per_statement(tables), bulk.Pipeline() as pipeline:
        org_events = org.create_missing(timezone.now())
        writer = Writer(instance, org, result, today, pipeline)
        for rows in spill.chunks(bad):
            writer.chunk(rows)
            done += len(rows)
            report("import", done, total)
        summary = build("people.import", None, actor=IMPORTER, instance_id=instance.pk, object_type="people.import",
                        object_label=path.name, after={"file": path.name, **result.counts()})
        summary.at = timezone.now()
        org_events.append([getattr(summary, name) for name in EventRows.ATTNAMES])
        pipeline.insert(AuditEvent, EventRows.ATTNAMES, org_events)
        # what later lookups by NIP, transfers and employee lists plan with (autovacuum may lag)
        written = result.created + result.updated
        transaction.on_commit(lambda: bulk.refresh_statistics(STATISTICS_MODELS, written), robust=True)
    result.committed = True
