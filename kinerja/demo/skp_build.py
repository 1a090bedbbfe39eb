"""Write organisational plans and cascading SKPs in bulk, for the demo cities and the synthetic seed.

* :func:`write_plan`: RPJMD and missions, then for each OPD its Renstra (goals, strategic targets,
  IKU with yearly targets), the head's Perjanjian Kinerja with quarterly rencana aksi, and the RKT
  (programmes and activities with budget). A few dozen rows per OPD, one ``bulk_create`` per table.
* :func:`content_for`: what one employee's SKP says (RHK with IKI) from their position and unit:
  an OPD head carries the PK indicators, other unit heads the results of their unit, staff the
  outputs of their position (plan_data.py has the words).
* :class:`SkpWriter`: SKP, RHK, IKI, lampiran and expectation rows with primary keys handed out
  before they are written (so a subordinate's RHK can name its superior's RHK at once), queued on
  a :class:`kinerja.core.bulk.Pipeline` and written a chunk at a time (COPY on PostgreSQL). Callers
  add employees superiors first; memory holds one chunk plus the RHK ids of the superiors.
"""

from __future__ import annotations

import random
import re
from collections.abc import Callable
from contextlib import AbstractContextManager, nullcontext
from dataclasses import dataclass, field
from datetime import date, datetime
from decimal import Decimal

from django.db import connection

from kinerja.core import bulk
from kinerja.rules import skp as rules

from . import plan_data as pd

# --- primary keys handed out before the rows are written ----------------------------------------


class Ids:
    """Primary keys of ``model`` for rows written later with explicit ids.

    PostgreSQL: blocks drawn from the table's sequence on a connection of its own (``nextval`` is not
    transactional), so drawing never waits for the writes running on the main connection. SQLite:
    counted up from the highest id used so far; the caller holds the write lock (SQLite transactions
    here are IMMEDIATE), so nobody else inserts meanwhile. Call :meth:`close` at the end.
    """

    def __init__(self, model, block: int = 5000, before_query: Callable[[], None] | None = None):
        self.model = model
        self.block = block
        self.before_query = before_query or (lambda: None)
        self.postgres = connection.vendor == "postgresql"
        self.pool: list[int] = []
        self.at = 0
        self.next: int | None = None
        self.own = None  # PostgreSQL: the connection that draws from the sequence

    def take(self) -> int:
        if self.postgres:
            if self.at >= len(self.pool):
                self.pool, self.at = self._draw(), 0
            value = self.pool[self.at]
            self.at += 1
            return value
        if self.next is None:
            self.before_query()
            self.next = _sqlite_next_id(self.model)
        value = self.next
        self.next += 1
        return value

    def _draw(self) -> list[int]:
        if self.own is None:
            self.own = connection.get_new_connection(connection.get_connection_params())
            self.own.autocommit = True
        meta = self.model._meta
        with self.own.cursor() as cursor:
            cursor.execute("SELECT nextval(pg_get_serial_sequence(%s, %s)) FROM generate_series(1, %s)",
                           [meta.db_table, meta.pk.column, self.block])
            return [pk for (pk,) in cursor.fetchall()]

    def close(self) -> None:
        if self.own is not None:
            self.own.close()
            self.own = None


def _sqlite_next_id(model) -> int:
    table = model._meta.db_table
    with connection.cursor() as cursor:
        cursor.execute(f'SELECT MAX("{model._meta.pk.column}") FROM "{table}"')  # noqa: S608 - our own table
        top = cursor.fetchone()[0] or 0
        cursor.execute("SELECT seq FROM sqlite_sequence WHERE name = %s", [table])
        row = cursor.fetchone()
    return max(top, row[0] if row else 0) + 1


# --- the plan -----------------------------------------------------------------------------------


@dataclass
class PkItem:
    id: int
    iku: pd.IkuSpec
    target: Decimal


@dataclass
class OpdCtx:
    """An OPD (top-level unit) to plan for."""

    unit_id: int
    name: str
    kind: str
    head_position_id: int | None
    signatory_id: int | None  # holder (or acting official) of the head position
    superior_id: int | None  # second party of the PK (the Sekda; None for the Sekda)
    plan: pd.OpdPlan
    pk_items: list[PkItem] = field(default_factory=list)
    pk_items_by_year: dict[int, list[PkItem]] = field(default_factory=dict)


def write_plan(instance_id: int, region: pd.RegionPlan, opds: list[OpdCtx], year: int,
               rng: random.Random, years: tuple[int, ...] | None = None,
               year_clock: Callable[[int], AbstractContextManager] | None = None,
               sign_until: date | None = None) -> dict[str, int]:
    """The RPJMD and, per OPD, the Renstra; then for each of ``years`` (default: ``year``) the PK with
    rencana aksi and the RKT. Fills ``opd.pk_items_by_year`` and ``opd.pk_items`` (for ``year``).

    ``year_clock(y)`` (the demo's) dates the rows of year ``y``; a PK whose signing day falls after
    ``sign_until`` stays a draft."""
    from kinerja.planning import models as m

    start, end = pd.rpjmd_years(year)
    rpjmd = m.Rpjmd.objects.create(instance_id=instance_id, title=f"{region.title} {start}–{end}",
                                   start_year=start, end_year=end, vision=region.vision)
    missions = m.Mission.objects.bulk_create([
        m.Mission(instance_id=instance_id, rpjmd=rpjmd, number=n, text=text)
        for n, (text, _themes) in enumerate(region.missions, start=1)])
    mission = dict(enumerate(missions, start=1))
    renstras = m.Renstra.objects.bulk_create([
        m.Renstra(instance_id=instance_id, unit_id=o.unit_id, rpjmd=rpjmd, title=f"Renstra {o.name} {start}–{end}",
                  start_year=start, end_year=end) for o in opds])
    goal_rows = [(o, g, m.Goal(instance_id=instance_id, renstra=r, mission=mission[region.mission_for(g.theme)],
                               code=f"T{gi + 1}", text=g.text))
                 for o, r in zip(opds, renstras, strict=True) for gi, g in enumerate(o.plan.goals)]
    m.Goal.objects.bulk_create([row[2] for row in goal_rows])
    target_rows = [(o, t, m.StrategicTarget(instance_id=instance_id, goal=goal, code=f"{goal.code}.S{ti + 1}",
                                            text=t.text))
                   for o, g, goal in goal_rows for ti, t in enumerate(g.targets)]
    m.StrategicTarget.objects.bulk_create([row[2] for row in target_rows])
    iku_rows = [(o, st, spec, m.Iku(instance_id=instance_id, strategic_target=st, unit_id=o.unit_id, code=spec.code,
                                    name=spec.name, measure_unit=spec.unit, baseline=spec.baseline,
                                    higher_is_better=spec.higher_is_better, formula=spec.formula,
                                    data_source=spec.source))
                for o, t, st in target_rows for spec in t.ikus]
    m.Iku.objects.bulk_create([row[3] for row in iku_rows])
    m.IkuTarget.objects.bulk_create([
        m.IkuTarget(instance_id=instance_id, iku=obj, year=start + k, target=value)
        for _o, _st, spec, obj in iku_rows for k, value in enumerate(spec.targets)])
    targets_of: dict[int, list] = {}
    for o, _t, st in target_rows:
        targets_of.setdefault(o.unit_id, []).append(st)
    counts = {"missions": len(missions), "renstra": len(renstras), "iku": len(iku_rows), "pk_indicators": 0,
              "programmes": 0, "action_plans": 0}
    for o in opds:
        o.pk_items_by_year = {}
    for each in years or (year,):
        with year_clock(each) if year_clock else nullcontext():
            written = _write_year(m, instance_id, region, opds, each, each - start, rng, mission, iku_rows,
                                  targets_of, sign_until)
        for key, value in written.items():
            counts[key] += value
    for o in opds:
        o.pk_items = o.pk_items_by_year.get(year, [])
    return counts


def _write_year(m, instance_id: int, region: pd.RegionPlan, opds: list[OpdCtx], year: int, step: int,
                rng: random.Random, mission: dict, iku_rows: list, targets_of: dict,
                sign_until: date | None = None) -> dict[str, int]:
    """One year's PK (indicators with this year's IKU targets, rencana aksi) and RKT of every OPD.

    PKs are signed in the first working days of January, before the SKPs that cascade from them."""
    signed = [o for o in opds if o.head_position_id is not None]
    days = [date(year, 1, 3 + k % 7) for k in range(len(signed))]
    agreements = m.PerformanceAgreement.objects.bulk_create([
        m.PerformanceAgreement(instance_id=instance_id, unit_id=o.unit_id, year=year, position_id=o.head_position_id,
                               signatory_id=o.signatory_id, superior_id=o.superior_id,
                               status="draft" if sign_until is not None and day > sign_until else "signed",
                               signed_on=None if sign_until is not None and day > sign_until else day)
        for o, day in zip(signed, days, strict=True)])
    agreement_of = {o.unit_id: a for o, a in zip(signed, agreements, strict=True)}
    indicator_rows = []
    orders: dict[int, int] = {}
    for o, st, spec, obj in iku_rows:
        agreement = agreement_of.get(o.unit_id)
        if agreement is not None:
            target = spec.targets[min(step, len(spec.targets) - 1)]
            orders[o.unit_id] = orders.get(o.unit_id, 0) + 1
            indicator_rows.append((o, spec, target, m.PkIndicator(
                instance_id=instance_id, agreement=agreement, strategic_target=st, iku=obj, name=spec.name,
                measure_unit=spec.unit, target=target, order=orders[o.unit_id])))
    m.PkIndicator.objects.bulk_create([row[3] for row in indicator_rows])
    for o in opds:
        o.pk_items_by_year[year] = []
    for o, spec, target, obj in indicator_rows:
        o.pk_items_by_year[year].append(PkItem(obj.pk, spec, target))
    actions = []
    for _o, spec, target, obj in indicator_rows:
        name = spec.name
        for quarter in range(1, 5):
            value = spec.baseline + (target - spec.baseline) * quarter / 4
            actions.append(m.ActionPlan(instance_id=instance_id, indicator=obj, quarter=quarter,
                                        action=pd.ACTIONS[quarter - 1].format(name=name),
                                        target=value.quantize(Decimal("0.01"))))
    m.ActionPlan.objects.bulk_create(actions)
    work_plans = m.WorkPlan.objects.bulk_create([m.WorkPlan(instance_id=instance_id, unit_id=o.unit_id, year=year)
                                                 for o in opds])
    programme_rows = []
    for o, plan in zip(opds, work_plans, strict=True):
        for spec in o.plan.programmes:
            scale = Decimal(str(round(0.85 + 0.3 * rng.random(), 2)))
            sts = targets_of[o.unit_id]
            programme_rows.append((spec, scale, m.Programme(
                instance_id=instance_id, work_plan=plan, mission=mission[region.mission_for(spec.theme)],
                strategic_target=sts[spec.target if spec.target < len(sts) else -1], code=spec.code, name=spec.name,
                budget=sum(_budget(b, scale) for _c, _n, b in spec.activities))))
    m.Programme.objects.bulk_create([row[2] for row in programme_rows])
    m.Activity.objects.bulk_create([
        m.Activity(instance_id=instance_id, programme=obj, code=code, name=name, budget=_budget(budget, scale))
        for spec, scale, obj in programme_rows for code, name, budget in spec.activities])
    return {"pk_indicators": len(indicator_rows), "programmes": len(programme_rows), "action_plans": len(actions)}


def _budget(budget: int, scale: Decimal) -> Decimal:
    return (Decimal(budget) * scale / 1000).quantize(Decimal("1")) * 1000


# --- what an SKP says ---------------------------------------------------------------------------


@dataclass(slots=True)
class Person:
    """One employee to write an SKP for (the caller resolves the evaluator as people.chain does)."""

    employee_id: int
    position_id: int
    position_name: str
    position_kind: str
    is_head: bool
    unit_id: int
    unit_name: str
    unit_kind: str
    opd: OpdCtx | None
    is_opd_head: bool
    evaluator_id: int | None = None
    evaluator_position_id: int | None = None
    evaluator_acting: str = ""
    evaluator_superior_id: int | None = None
    evaluator_superior_position_id: int | None = None
    rank: int = 0  # this person's number among the evaluator's subordinates (spreads the links)
    variant: int = 0  # a stable number of the position within the instance (picks among alternatives)


@dataclass(frozen=True, slots=True)
class Planned:
    """One RHK as planned: text and IKI, its group and perspective, its PK indicator."""

    text: str
    group: str
    perspective: str
    ikis: tuple[pd.IkiSpec, ...]
    pk_indicator_id: int | None = None


def content_for(person: Person, skip_last_pk: bool = False) -> list[Planned]:
    """The RHK of ``person``'s SKP (utama first, then one tambahan)."""
    opd = person.opd
    opd_name = opd.name if opd else person.unit_name
    utama, tambahan = rules.Group.UTAMA.value, rules.Group.TAMBAHAN.value
    jpt = person.position_kind == "JPT"
    extra = pd.EXTRA_RHKS[person.variant % len(pd.EXTRA_RHKS)]
    tail = [Planned(pd.fill(extra.text, person.unit_name, opd_name, ""), tambahan, "", extra.ikis)] if not jpt else []
    if opd is not None and (person.is_opd_head or jpt) and opd.pk_items:
        items = opd.pk_items[:-1] if skip_last_pk and len(opd.pk_items) > 1 else opd.pk_items
        if not person.is_opd_head:  # e.g. an Asisten Sekda: three of the Setda's indicators
            start = person.variant % len(items)
            items = [items[(start + k) % len(items)] for k in range(min(3, len(items)))]
        rhks = [Planned(item.iku.rhk, utama, item.iku.perspective if jpt else "",
                        (pd.IkiSpec("" if jpt else item.iku.aspect, item.iku.name, pd.N(item.target, item.iku.unit),
                                    not item.iku.higher_is_better),), item.id)
                for item in items]
        if jpt:
            rhks.append(Planned(f"Terwujudnya pengelolaan anggaran {opd_name} yang efektif dan akuntabel", utama,
                                pd.AG, (pd.IkiSpec("", "Persentase realisasi anggaran", pd.R(90, 100, "%")),
                                        pd.IkiSpec("", "Opini BPK atas laporan keuangan pemerintah kota",
                                                   pd.T("Wajar Tanpa Pengecualian")))))
        return rhks + tail
    if person.is_head or person.position_kind in ("ADMINISTRATOR", "PENGAWAS", "JPT"):
        kind, unit_name, owner = person.unit_kind, person.unit_name, opd_name
        if not person.is_head:  # Sekretaris Kelurahan, Kepala Subbagian Tata Usaha …
            if person.position_name.startswith("Kepala "):
                unit_name = person.position_name.removeprefix("Kepala ")
                kind = "subbagian" if unit_name.startswith("Subbagian") else "seksi"
            else:
                kind, owner = "sekretariat", person.unit_name
        specs = pd.head_rhks(kind, unit_name, owner)
        perspectives = (pd.PB, pd.PI) if jpt else ("", "")
        return [Planned(s.text, utama, perspectives[i % 2], s.ikis) for i, s in enumerate(specs)] + tail
    topic = pd.lowercase_topic(person.unit_name)
    specs = list(pd.staff_rhks(person.position_name))
    if len(specs) == 1:
        specs.append(pd.STAFF_FALLBACK[person.variant % len(pd.STAFF_FALLBACK)])
    return [Planned(pd.fill(s.text, person.unit_name, opd_name, topic), utama, "", s.ikis) for s in specs] + tail


_STOP = {"dan", "yang", "di", "ke", "dari", "untuk", "sesuai", "atas", "dalam", "pada", "serta", "kota", "dengan",
         "umum", "kegiatan", "rencana", "kerja", "program", "laporan", "bahan", "teknis", "tugas"}
_WORD = re.compile(r"[a-z0-9]+")


def _words(text: str) -> set[str]:
    words = set(_WORD.findall(text.lower())) - _STOP
    return {w for w in words if len(w) > 2 and not w.startswith(("ter", "meningkat", "menurun"))} | {
        w[3:] for w in words if w.startswith("ter") and len(w) > 6}


def choose_parent(text: str, parents: list[tuple[int, str]], fallback: int, match: bool) -> int | None:
    """The superior RHK (id) that an RHK with ``text`` intervenes: the one sharing most words when
    ``match``, else (and on a tie) the ``fallback``-th, so that colleagues spread over the superior's RHK."""
    if not parents:
        return None
    if match:
        mine = _words(text)
        scores = [len(mine & _words(ptext)) for _pid, ptext in parents]
        best = max(scores)
        if best > 0:
            tied = [i for i, s in enumerate(scores) if s == best]
            return parents[tied[fallback % len(tied)]][0]
    return parents[fallback % len(parents)][0]


# --- statuses -------------------------------------------------------------------------------------

APPROVED, SUBMITTED, RETURNED, DRAFT = (rules.Status.APPROVED.value, rules.Status.SUBMITTED.value,
                                        rules.Status.RETURNED.value, rules.Status.DRAFT.value)
NONE = ""


def pick_status(rng: random.Random, superior_status: str | None, leader: bool = False) -> str:
    """A plausible status given the superior's (None: there is no superior; "": the superior has no SKP).

    A superior approves subordinates' SKPs whatever the state of their own; only one who has none yet
    leaves the subordinates drafting against nothing. A ``leader`` (someone with subordinates) is
    more often approved and always has an SKP.
    """
    roll = rng.random()
    if superior_status != NONE:
        if leader:
            return APPROVED if roll < 0.95 else SUBMITTED if roll < 0.98 else DRAFT
        for status, share in ((APPROVED, 0.75), (SUBMITTED, 0.08), (RETURNED, 0.05), (DRAFT, 0.05)):
            if roll < share:
                return status
            roll -= share
        return NONE
    if leader:
        return DRAFT if roll < 0.6 else SUBMITTED
    for status, share in ((DRAFT, 0.45), (SUBMITTED, 0.2)):
        if roll < share:
            return status
        roll -= share
    return NONE


# --- writing SKPs ---------------------------------------------------------------------------------

SKP_FIELDS = ["id", "instance_id", "created_at", "updated_at", "period_id", "employee_id", "kind", "position_id",
              "unit_id", "evaluator_id", "evaluator_position_id", "evaluator_acting", "evaluator_superior_id",
              "evaluator_superior_position_id", "status", "version", "lock_version", "return_reason",
              "revision_reason", "submitted_at", "approved_at", "approved_by_id", "set_by_admin"]
RHK_FIELDS = ["id", "instance_id", "created_at", "updated_at", "skp_id", "group", "perspective", "text", "parent_id",
              "pk_indicator_id", "order", "parent_changed_at", "return_comment"]
IKI_FIELDS = ["id", "instance_id", "created_at", "updated_at", "rhk_id", "aspect", "text", "target_kind",
              "target_value", "target_min", "target_max", "target_text", "measure_unit", "lower_is_better", "order"]
APPENDIX_FIELDS = ["instance_id", "created_at", "updated_at", "skp_id", "kind", "text", "order"]
EXPECTATION_FIELDS = ["instance_id", "created_at", "updated_at", "skp_id", "value", "expectation"]


@dataclass
class SkpState:
    """What the writer decided for one SKP: status and its dates (the caller fills them)."""

    status: str
    version: int = 0
    return_reason: str = ""
    revision_reason: str = ""
    submitted_at: datetime | None = None
    approved_at: datetime | None = None
    approved_by_id: int | None = None
    set_by_admin: bool = False
    filled: bool = True  # lampiran and the superior's expectations written (not for a fresh draft)
    changed_parent_at: datetime | None = None  # mark the first linked RHK "the superior changed it"
    created_at: datetime | None = None  # when the SKP was started (default: the writer's ``now``)
    updated_at: datetime | None = None  # its last change (default: ``created_at``)


@dataclass
class Written:
    skp_id: int
    rhks: list[tuple[int, Planned, int | None, list[int]]]  # (rhk id, planned, parent id, iki ids)
    appendix: dict[str, list[str]]
    expectations: dict[str, str]


class SkpWriter:
    """Queue SKP rows with their RHK, IKI, lampiran and expectations; write them a chunk at a time."""

    def __init__(self, instance_id: int, period_id: int, now: datetime, pipeline: bulk.Pipeline,
                 chunk: int = 2000, report: Callable[[int], None] | None = None):
        from kinerja.skp.models import Appendix, BehaviourExpectation, Iki, Rhk, Skp

        self.models = (Skp, Rhk, Iki, Appendix, BehaviourExpectation)
        self.instance_id, self.period_id, self.now = instance_id, period_id, now
        self.pipeline = pipeline
        self.chunk = chunk
        self.report = report or (lambda done: None)
        wait = pipeline.wait
        self.skp_ids = Ids(Skp, max(chunk, 500), wait)
        self.rhk_ids = Ids(Rhk, max(chunk * 4, 2000), wait)
        self.iki_ids = Ids(Iki, max(chunk * 12, 5000), wait)
        self.rows: tuple[list, ...] = ([], [], [], [], [])
        self.pending = 0
        self.counts = {"skp": 0, "rhk": 0, "iki": 0, "appendix": 0, "expectations": 0}
        self.codes = rules.BERAKHLAK_CODES
        # SQLite: rows are made database-ready here (only datetimes need it; decimals and booleans pass
        # as they are) and written with one prepared INSERT, skipping the per-value field conversion
        self.sqlite = connection.vendor == "sqlite"
        self.when = connection.ops.adapt_datetimefield_value if self.sqlite else (lambda value: value)
        if self.sqlite:
            self.now = self.when(now)

    def add(self, person: Person, state: SkpState, rhks: list[Planned], parents: list[int | None],
            appendix: dict[str, list[str]], expectations: dict[str, str]) -> Written:
        inst, when = self.instance_id, self.when
        now = when(state.created_at) if state.created_at is not None else self.now
        updated = when(state.updated_at) if state.updated_at is not None else now
        skp_id = self.skp_ids.take()
        jpt = person.position_kind == "JPT"
        self.rows[0].append((
            skp_id, inst, now, updated, self.period_id, person.employee_id, "jpt" if jpt else "standard",
            person.position_id, person.unit_id, person.evaluator_id, person.evaluator_position_id,
            person.evaluator_acting, person.evaluator_superior_id, person.evaluator_superior_position_id,
            state.status, state.version, 0, state.return_reason, state.revision_reason, when(state.submitted_at),
            when(state.approved_at), state.approved_by_id, state.set_by_admin))
        written = []
        rhk_rows, iki_rows = self.rows[1], self.rows[2]
        changed = when(state.changed_parent_at)
        for order, (planned, parent_id) in enumerate(zip(rhks, parents, strict=True), start=1):
            rhk_id = self.rhk_ids.take()
            mark = None
            if changed is not None and parent_id is not None:
                mark, changed = changed, None
            rhk_rows.append((rhk_id, inst, now, now, skp_id, planned.group, planned.perspective, planned.text,
                             parent_id, planned.pk_indicator_id, order, mark, ""))
            iki_ids = []
            for k, iki in enumerate(planned.ikis, start=1):
                iki_id = self.iki_ids.take()
                t = iki.target
                iki_rows.append((iki_id, inst, now, now, rhk_id, iki.aspect, iki.text, t.kind, t.value, t.low, t.high,
                                 t.text, t.unit, iki.lower_is_better, k))
                iki_ids.append(iki_id)
            written.append((rhk_id, planned, parent_id, iki_ids))
        for kind, lines in appendix.items():
            self.rows[3].extend((inst, now, now, skp_id, kind, text, k) for k, text in enumerate(lines, start=1))
        self.rows[4].extend((inst, now, now, skp_id, code, expectations.get(code, "")) for code in self.codes)
        self.pending += 1
        if self.pending >= self.chunk:
            self.flush()
        return Written(skp_id, written, appendix, expectations)

    def release(self) -> None:
        """Close the connections that drew ids (call it in a ``finally``)."""
        for ids in (self.skp_ids, self.rhk_ids, self.iki_ids):
            ids.close()

    def flush(self) -> None:
        if not self.pending:
            return
        names = (SKP_FIELDS, RHK_FIELDS, IKI_FIELDS, APPENDIX_FIELDS, EXPECTATION_FIELDS)
        for model, attnames, rows, key in zip(self.models, names, self.rows, self.counts, strict=True):
            if self.sqlite:
                self.pipeline.executemany(_insert_sql(model, attnames), rows)
            else:
                self.pipeline.insert(model, attnames, rows)
            self.counts[key] += len(rows)
        self.pipeline.flush()
        self.rows = ([], [], [], [], [])
        self.pending = 0
        self.report(self.counts["skp"])


def _insert_sql(model, attnames: list[str]) -> str:
    quote = connection.ops.quote_name
    names = ", ".join(quote(c) for c in bulk.columns(model, attnames))
    return f"INSERT INTO {quote(model._meta.db_table)} ({names}) VALUES ({', '.join(['%s'] * len(attnames))})"


def appendix_for(rng: random.Random, opd_name: str, full: bool) -> dict[str, list[str]]:
    """Lampiran lines (two or three of each kind; one resource line for a fresh draft)."""
    if not full:
        return {rules.AppendixKind.RESOURCES.value: [pd.RESOURCES[0].format(opd=opd_name)]}
    resources = [pd.RESOURCES[0].format(opd=opd_name), *rng.sample(pd.RESOURCES[1:], 2)]
    return {rules.AppendixKind.RESOURCES.value: resources,
            rules.AppendixKind.ACCOUNTABILITY.value: list(pd.ACCOUNTABILITY[:2 + (rng.random() < 0.5)]),
            rules.AppendixKind.CONSEQUENCES.value: list(pd.CONSEQUENCES[:2])}


def expectations_for(rng: random.Random, full: bool) -> dict[str, str]:
    if not full:
        return {}
    return {code: options[rng.randrange(len(options))] for code, options in pd.EXPECTATIONS.items()}


def evaluation_depths(evaluator_of: dict[int, int | None]) -> dict[int, int]:
    """How many evaluators stand above each employee (superiors before subordinates when sorted)."""
    depth: dict[int, int] = {}
    for start in evaluator_of:
        chain, node = [], start
        while node is not None and node not in depth and node not in chain:
            chain.append(node)
            node = evaluator_of.get(node)
        base = depth.get(node, -1) if node is not None and node not in chain else -1
        for offset, member in enumerate(reversed(chain), start=1):
            depth[member] = base + offset
    return depth
