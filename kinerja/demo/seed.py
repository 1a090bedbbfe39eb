"""Write a synthetic government (plan.py) to the database fast, for tests and benchmarks.

Per-row services would take minutes for 100,000 employees, so this writes in bulk: the unit
tree with its materialised paths computed here, positions level by level (so each superior
exists before its subordinates), then employees, assignments and grade history in chunks.
The whole run is one transaction and one summary audit event (``demo.seed``); the instance
itself is created through the organisation service.
"""

from __future__ import annotations

import contextlib
import hashlib
import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import timedelta

from django.db import connection, transaction
from django.utils.translation import gettext as _

from kinerja.audit.context import audit_context
from kinerja.core import bulk
from kinerja.core.actors import system_actor

from .plan import Plan, build_plan
from .siasn import SIASN_COLUMNS, siasn_rows, write_siasn_csv

DEMO = system_actor("demo")

CHUNK = 2000
Progress = Callable[[str, int, int], None]  # (step, done, total)

__all__ = ["SeedResult", "seed", "siasn_rows", "write_siasn_csv", "SIASN_COLUMNS", "plan_digest",
           "instance_digest", "default_names"]


@dataclass(frozen=True)
class SeedResult:
    instance_id: int
    slug: str
    name: str
    employees: int
    units: int
    positions: int
    assignments: int
    grade_rows: int
    acting: int
    pppk: int
    seconds: float
    digest: str
    skps: int = 0
    rhks: int = 0
    ikis: int = 0


def default_names(n: int, seed: int) -> tuple[str, str]:
    return f"Pemerintah Kota Sintetis {n}-{seed}", f"sintetis-{n}-{seed}"


def _digest(rows: Iterable[tuple[str, str, str]]) -> str:
    h = hashlib.sha256()
    for row in sorted(rows):
        h.update("\x1f".join(row).encode())
        h.update(b"\x1e")
    return h.hexdigest()


def plan_digest(plan: Plan) -> str:
    """SHA-256 of the sorted (nip, full name, unit name) of every planned employee."""
    return _digest((p.spec.nip, p.spec.full_name, plan.units[plan.positions[p.position].unit].name)
                   for p in plan.people)


def instance_digest(instance_id: int) -> str:
    """The same digest computed from the database (equal to ``plan_digest`` after a seed)."""
    from kinerja.people.models import Employee

    rows = Employee.objects.filter(instance_id=instance_id).values_list("nip", "front_title", "name",
                                                                         "back_title", "unit__name")
    out = []
    for nip, front, name, back, unit in rows.iterator(chunk_size=CHUNK):
        full = f"{front} {name}".strip()
        out.append((nip, f"{full}, {back}" if back else full, unit or ""))
    return _digest(out)


@contextlib.contextmanager
def _wide_sqlite_batches():
    """Let Django use SQLite's real variable limit (32766) instead of the old default of 999."""
    features = connection.features
    if connection.vendor != "sqlite":
        yield
        return
    import sqlite3

    connection.ensure_connection()
    raw = connection.connection
    limit = raw.getlimit(sqlite3.SQLITE_LIMIT_VARIABLE_NUMBER) if hasattr(raw, "getlimit") else 999
    features.max_query_params = limit
    try:
        yield
    finally:
        del features.max_query_params


def _chunks(items: list, size: int = CHUNK):
    for start in range(0, len(items), size):
        yield items[start:start + size]


class _Writer:
    def __init__(self, plan: Plan, progress: Progress | None):
        self.plan = plan
        self.report = progress or (lambda step, done, total: None)

    def _bulk(self, model, objects: list, step: str) -> list[int]:
        pks: list[int] = []
        total = len(objects)
        for chunk in _chunks(objects):
            model.objects.bulk_create(chunk, batch_size=CHUNK)
            pks.extend(obj.pk for obj in chunk)
            self.report(step, len(pks), total)
        return pks

    def units(self, instance_id: int) -> list[int]:
        from kinerja.organization.models import Unit

        last = Unit.objects.get_last_root_node()
        next_root = Unit._str2int(last.path[: Unit.steplen]) + 1 if last else 1
        paths: list[str] = []
        child_count: dict[int, int] = {}
        objects = []
        for unit in self.plan.units:
            if unit.parent is None:
                path, depth = Unit._get_path(None, 1, next_root), 1
                next_root += 1
            else:
                parent_path = paths[unit.parent]
                child_count[unit.parent] = child_count.get(unit.parent, 0) + 1
                depth = len(parent_path) // Unit.steplen + 1
                path = Unit._get_path(parent_path, depth, child_count[unit.parent])
            paths.append(path)
            objects.append(Unit(instance_id=instance_id, name=unit.name, short_name=unit.short_name,
                                kind=unit.kind, siasn_id=unit.siasn_id, path=path, depth=depth,
                                numchild=unit.children))
        return self._bulk(Unit, objects, "units")

    def positions(self, instance_id: int, unit_pks: list[int]) -> list[int]:
        from kinerja.organization.models import Position

        plan = self.plan
        level = [0] * len(plan.positions)
        for pos in plan.positions:  # a superior always comes before its subordinates
            level[pos.idx] = 0 if pos.superior is None else level[pos.superior] + 1
        pks = [0] * len(plan.positions)
        done = 0
        for depth in range(max(level, default=-1) + 1):
            batch = [pos for pos in plan.positions if level[pos.idx] == depth]
            objects = [Position(instance_id=instance_id, unit_id=unit_pks[pos.unit], name=pos.name, kind=pos.kind,
                                is_head=pos.is_head, single_holder=pos.single, echelon=pos.echelon,
                                superior_id=pks[pos.superior] if pos.superior is not None else None)
                       for pos in batch]
            for chunk in _chunks(objects):
                Position.objects.bulk_create(chunk, batch_size=CHUNK)
            for pos, obj in zip(batch, objects, strict=True):
                pks[pos.idx] = obj.pk
            done += len(batch)
            self.report("positions", done, len(pks))
        return pks

    def employees(self, instance_id: int, unit_pks: list[int], pos_pks: list[int]) -> list[int]:
        from kinerja.people.models import Employee

        plan = self.plan
        table = _Table(Employee, ["instance_id", "nip", "nip_lama", "pns_id", "front_title", "name", "back_title",
                                  "birth_date", "sex", "kind", "grade", "tmt_grade", "tmt_cpns", "position_id",
                                  "unit_id", "tmt_position"])
        day = table.day
        rows = []
        for person in plan.people:
            s = person.spec
            pos = plan.positions[person.position]
            rows.append(table.row((instance_id, s.nip, s.nip_lama, s.pns_id, s.front_title, s.name, s.back_title,
                                   day(s.birth_date), s.sex, s.kind, s.grade, day(s.tmt_grade), day(s.tmt_cpns),
                                   pos_pks[pos.idx], unit_pks[pos.unit], day(person.start))))
        table.insert(rows, lambda done: self.report("employees", done, len(rows)))
        ids = dict(Employee.objects.filter(instance_id=instance_id).values_list("nip", "id").iterator(CHUNK))
        return [ids[person.spec.nip] for person in plan.people]

    def history(self, instance_id: int, unit_pks, pos_pks, emp_pks) -> tuple[int, int]:
        from kinerja.people.models import Assignment, AssignmentKind, GradeHistory

        plan = self.plan
        posts = _Table(Assignment, ["instance_id", "employee_id", "position_id", "unit_id", "kind", "start_date",
                                    "end_date"])
        grades = _Table(GradeHistory, ["instance_id", "employee_id", "grade", "tmt"])
        day = posts.day
        definitive, plt = AssignmentKind.DEFINITIVE.value, AssignmentKind.PLT.value
        post_rows, grade_rows = [], []
        for i, person in enumerate(plan.people):
            emp, pos = emp_pks[i], plan.positions[person.position]
            post_rows.append(posts.row((instance_id, emp, pos_pks[pos.idx], unit_pks[pos.unit], definitive,
                                        day(person.start), None)))
            if person.prev_position is not None:
                prev = plan.positions[person.prev_position]
                post_rows.append(posts.row((instance_id, emp, pos_pks[prev.idx], unit_pks[prev.unit], definitive,
                                            day(person.prev_start), day(person.start - timedelta(days=1)))))
            s = person.spec
            grade_rows.append(grades.row((instance_id, emp, s.grade, day(s.tmt_grade))))
            if s.prev_grade:
                grade_rows.append(grades.row((instance_id, emp, s.prev_grade, day(s.prev_tmt_grade))))
        for pos_idx, person_idx, start in plan.acting:
            pos = plan.positions[pos_idx]
            post_rows.append(posts.row((instance_id, emp_pks[person_idx], pos_pks[pos_idx], unit_pks[pos.unit], plt,
                                        day(start), None)))
        posts.insert(post_rows, lambda done: self.report("assignments", done, len(post_rows)))
        grades.insert(grade_rows, lambda done: self.report("grade history", done, len(grade_rows)))
        return len(post_rows), len(grade_rows)


class _Table:
    """Raw multi-row inserts for the big tables: COPY on PostgreSQL, executemany on SQLite.

    ``row(values)`` fills the given columns into a template that already holds every other
    column's default (timestamps = now), so the rows match what the ORM would write.
    """

    def __init__(self, model, names: list[str]):
        from django.utils import timezone

        self.sqlite = connection.vendor == "sqlite"
        fields = [f for f in model._meta.concrete_fields if not f.primary_key]
        now = timezone.now()
        template = []
        for f in fields:
            value = now if f.name in ("created_at", "updated_at") else f.get_default()
            if self.sqlite and value is now:
                value = connection.ops.adapt_datetimefield_value(now)
            template.append(value)
        self.template = template
        attnames = [f.attname for f in fields]
        self.slots = [attnames.index(name) for name in names]
        self.columns = [f.column for f in fields]
        self.table = model._meta.db_table

    def day(self, value):
        if value is None or not self.sqlite:
            return value
        return value.isoformat()

    def row(self, values: tuple) -> list:
        row = self.template.copy()
        for slot, value in zip(self.slots, values, strict=True):
            row[slot] = value
        return row

    def insert(self, rows: list[list], report: Callable[[int], None]) -> None:
        step = CHUNK * 5
        for start in range(0, len(rows), step):
            bulk.insert_raw(self.table, self.columns, rows[start:start + step])
            report(min(start + step, len(rows)))


def seed(n: int, seed: int = 0, name: str | None = None, slug: str | None = None,
         progress: Progress | None = None, skp: bool = False, year: int | None = None) -> SeedResult:
    """Create one synthetic instance with ``n`` employees; same ``n`` and ``seed`` → same data.

    ``skp``: also the organisation's plan and one cascading SKP per employee for ``year`` (skp_seed.py).
    """
    from kinerja.audit.services import record
    from kinerja.organization import services as org
    from kinerja.organization.models import Instance

    started = time.perf_counter()
    default_name, default_slug = default_names(n, seed)
    name, slug = name or default_name, slug or default_slug
    if Instance.objects.filter(name=name).exists():
        raise ValueError(_("an instance named %(name)s already exists") % {"name": repr(name)})
    report = progress or (lambda step, done, total: None)
    report("plan", 0, n)
    plan = build_plan(n, seed, name)
    report("plan", n, n)
    writer = _Writer(plan, progress)
    with audit_context("cli"), transaction.atomic(), _wide_sqlite_batches():
        instance = org.create_instance(actor=DEMO, name=name, slug=slug, region="Synthetic")
        unit_pks = writer.units(instance.pk)
        pos_pks = writer.positions(instance.pk, unit_pks)
        emp_pks = writer.employees(instance.pk, unit_pks, pos_pks)
        assignments, grade_rows = writer.history(instance.pk, unit_pks, pos_pks, emp_pks)
        skp_counts = {}
        if skp:
            from .skp_seed import seed_skps

            skp_counts = seed_skps(plan, instance.pk, name, unit_pks, pos_pks, emp_pks, year, progress)
        result = SeedResult(
            instance_id=instance.pk, slug=slug, name=name, employees=len(emp_pks), units=len(unit_pks),
            positions=len(pos_pks), assignments=assignments, grade_rows=grade_rows, acting=len(plan.acting),
            pppk=sum(1 for p in plan.people if p.spec.kind == "PPPK"),
            seconds=round(time.perf_counter() - started, 2), digest=plan_digest(plan),
            skps=skp_counts.get("skps", 0), rhks=skp_counts.get("rhks", 0), ikis=skp_counts.get("ikis", 0),
        )
        summary = {k: v for k, v in result.__dict__.items() if k not in ("instance_id",)}
        record("demo.seed", instance, actor=DEMO, instance_id=instance.pk,
               after={"n": n, "seed": seed, **summary})
    # the planner must see the new rows at once (autovacuum may be late or off)
    bulk.refresh_statistics(statistics_models(skp), added=result.employees + result.assignments + result.ikis)
    return result


def statistics_models(skp: bool) -> list:
    """The tables a seed writes (with ``skp``: also the plan and the SKPs)."""
    from django.apps import apps

    from kinerja.audit.models import AuditEvent
    from kinerja.organization.models import Position, Unit
    from kinerja.people.models import Assignment, Employee, GradeHistory

    models = [Unit, Position, Employee, Assignment, GradeHistory, AuditEvent]
    if skp:
        models += [*apps.get_app_config("planning").get_models(), *apps.get_app_config("skp").get_models()]
    return models
