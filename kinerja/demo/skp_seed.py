"""``kinerja seed --skp``: a plan and one cascading SKP per employee of a synthetic government.

Runs inside seed()'s transaction, after the employees are written. The plan (RPJMD, Renstra, PK,
RKT per OPD) is small; the SKPs are big (100,000 employees → about 300,000 RHK and 1,000,000 IKI),
so they are generated a chunk at a time, superiors first, and written with COPY (PostgreSQL) or
executemany (SQLite) while the next chunk is prepared (:class:`kinerja.core.bulk.Pipeline`).
Memory holds one chunk plus the RHK ids and statuses of the employees who evaluate someone.
"""

from __future__ import annotations

import random
from collections.abc import Callable
from datetime import date, datetime, time, timedelta

from django.utils import timezone

from kinerja.core import bulk
from kinerja.rules import skp as rules

from . import catalog
from . import plan_data as pd
from .plan import Plan
from .skp_build import (
    APPROVED,
    NONE,
    OpdCtx,
    Person,
    Planned,
    SkpState,
    SkpWriter,
    choose_parent,
    content_for,
    evaluation_depths,
    pick_status,
    write_plan,
)

CHUNK = 2000
PAD = (
    pd.IkiSpec(pd.WAKTU, "Bukti dukung capaian diunggah ke e-Kinerja setiap bulan", pd.N(12, "bulan")),
    pd.IkiSpec(pd.KUALITAS, "Hasil kerja diterima atasan tanpa revisi substansial", pd.T("Tanpa revisi substansial")),
)
SHORT_THEMES = {o.short: pd.THEMES.get(o.short, pd.GOV) for o in catalog.OPDS}


def _padded(rhks: list[Planned], per_rhk: int) -> list[Planned]:
    """Main RHK topped up to ``per_rhk`` IKI (about ten IKI per employee, as in a real SKP)."""
    out = []
    for planned in rhks:
        ikis = planned.ikis
        if planned.group == rules.Group.UTAMA and not planned.perspective and len(ikis) < per_rhk:
            extra = [p for p in PAD if p.aspect not in {i.aspect for i in ikis}] or list(PAD)
            ikis = (*ikis, *extra[:per_rhk - len(ikis)])
            planned = Planned(planned.text, planned.group, planned.perspective, ikis, planned.pk_indicator_id)
        out.append(planned)
    return out


def seed_skps(plan: Plan, instance_id: int, instance_name: str, unit_pks: list[int], pos_pks: list[int],
              emp_pks: list[int], year: int | None = None,
              progress: Callable[[str, int, int], None] | None = None) -> dict[str, int]:
    """Write the plan and the SKPs of a seeded instance; return the row counts."""
    from kinerja.skp.models import Period

    report = progress or (lambda step, done, total: None)
    year = year or timezone.localdate().year
    rng = random.Random(f"kinerja-seed-skp:{plan.seed}:{plan.n}")
    holder: dict[int, int] = {}
    for i, person in enumerate(plan.people):
        holder.setdefault(person.position, i)
    acting = {pos: person for pos, person, _start in plan.acting}

    def exerciser(pos: int | None) -> tuple[int | None, str]:
        if pos is None:
            return None, ""
        if pos in holder:
            return holder[pos], ""
        if pos in acting:
            return acting[pos], "plt"
        return None, ""

    # the plan: one Renstra, PK and RKT per OPD (top-level unit)
    heads = {}
    for pos in plan.positions:
        if pos.is_head:
            heads.setdefault(pos.unit, pos.idx)
    tops = [u for u in plan.units if u.parent is None]
    setda = next((u for u in tops if u.kind == "setda"), None)
    sekda = exerciser(heads.get(setda.idx))[0] if setda else None
    opds: dict[int, OpdCtx] = {}
    for unit in tops:
        opd_plan = pd.plan_for(unit.name, unit.kind)
        if opd_plan is None:
            bidang = [u.name for u in plan.units if u.parent == unit.idx and u.kind == "bidang"]
            opd_plan = pd.generic_opd_plan(unit.name, bidang, SHORT_THEMES.get(unit.short_name, pd.GOV))
        head = heads.get(unit.idx)
        signatory = exerciser(head)[0]
        opds[unit.idx] = OpdCtx(unit_pks[unit.idx], unit.name, unit.kind, pos_pks[head] if head is not None else None,
                                emp_pks[signatory] if signatory is not None else None,
                                emp_pks[sekda] if sekda is not None and unit is not setda else None, opd_plan)
    report("renstra", 0, len(opds))
    counts = write_plan(instance_id, pd.generic_region(instance_name), list(opds.values()), year, rng)
    report("renstra", len(opds), len(opds))
    start = date(year, 1, 1)
    period, _ = Period.objects.get_or_create(
        instance_id=instance_id, start_date=start, end_date=date(year, 12, 31),
        defaults={"name": str(year), "kind": rules.PeriodKind.ANNUAL.value, "year": year,
                  "deadline": rules.default_deadline(start)})

    # who evaluates whom, and the order: superiors first
    top_of = [0] * len(plan.units)
    for unit in plan.units:  # parents come before children in plan.units
        top_of[unit.idx] = unit.idx if unit.parent is None else top_of[unit.parent]
    evaluator: list[int | None] = []
    for i, person in enumerate(plan.people):
        boss = exerciser(plan.positions[person.position].superior)[0]
        evaluator.append(None if boss == i else boss)
    depth = evaluation_depths(dict(enumerate(evaluator)))
    order = sorted(range(len(plan.people)), key=lambda i: (depth[i], i))
    depth.clear()
    leaders = {boss for boss in evaluator if boss is not None}
    status_of: dict[int, str] = {}
    rhks_of: dict[int, list[tuple[int, str]]] = {}
    rank: dict[int, int] = {}
    now = timezone.now()
    skip_pk = {opd.unit_id for opd in opds.values() if rng.random() < 0.2}
    cached_pos, cached = -1, []
    total = len(order)
    with bulk.checks_per_statement(list(_models())), bulk.Pipeline() as pipeline:
        writer = SkpWriter(instance_id, period.pk, now, pipeline, chunk=CHUNK,
                           report=lambda done: report("SKP", done, total))
        try:
            for i in order:
                person = plan.people[i]
                boss = evaluator[i]
                leader = i in leaders
                status = APPROVED if boss is None else pick_status(rng, status_of.get(boss, NONE), leader)
                if status == NONE:
                    status = rules.Status.DRAFT.value  # everyone has one here: a late starter has a draft
                if leader:
                    status_of[i] = status
                pos = plan.positions[person.position]
                unit = plan.units[pos.unit]
                opd = opds[top_of[pos.unit]]
                superior = plan.positions[pos.superior] if pos.superior is not None else None
                above = exerciser(superior.superior if superior else None)[0]
                p = Person(emp_pks[i], pos_pks[pos.idx], pos.name, pos.kind, pos.is_head, unit_pks[pos.unit],
                           unit.name, unit.kind, opd, pos.is_head and pos.unit == top_of[pos.unit],
                           emp_pks[boss] if boss is not None else None,
                           pos_pks[pos.superior] if boss is not None else None,
                           exerciser(pos.superior)[1] if boss is not None else "",
                           emp_pks[above] if above is not None else None,
                           pos_pks[superior.superior] if above is not None else None)
                p.variant = pos.idx
                p.rank = rank.get(boss, 0)
                rank[boss] = p.rank + 1
                if pos.idx != cached_pos:
                    cached_pos = pos.idx
                    cached = _padded(content_for(p, skip_last_pk=opd.unit_id in skip_pk), 4)
                parents = [None] * len(cached)
                if pos.kind != "JPT" and boss in rhks_of:
                    parents = [choose_parent(planned.text, rhks_of[boss], p.rank + k, match=False)
                               for k, planned in enumerate(cached)]
                state = _state(rng, status, year, now, p.evaluator_id)
                written = writer.add(p, state, cached, parents, _appendix(opd.name, state.filled),
                                     _expectations(rng, state.filled))
                if leader:  # what subordinates link to: the main RHK that are linked themselves (else all)
                    main = [(rid, planned, parent) for rid, planned, parent, _ikis in written.rhks
                            if planned.group == rules.Group.UTAMA]
                    rhks_of[i] = [(rid, planned.text) for rid, planned, parent in main
                                  if parent is not None or planned.pk_indicator_id is not None] or [
                        (rid, planned.text) for rid, planned, _parent in main]
            writer.flush()
        finally:
            writer.release()
    return {**counts, "skps": writer.counts["skp"], "rhks": writer.counts["rhk"], "ikis": writer.counts["iki"]}


def _models():
    from kinerja.skp.models import Appendix, BehaviourExpectation, Iki, Rhk, Skp

    return Skp, Rhk, Iki, Appendix, BehaviourExpectation


def _state(rng: random.Random, status: str, year: int, now: datetime, evaluator_id: int | None) -> SkpState:
    if status == rules.Status.DRAFT:
        return SkpState(status, filled=False)
    day = date(year, 1, 6) + timedelta(days=rng.randrange(30))
    submitted = min(timezone.make_aware(datetime.combine(day, time(9 + rng.randrange(7)))), now)
    # started two days before it was submitted (never "started" after its approval)
    started = min(timezone.make_aware(datetime.combine(day - timedelta(days=2), time(8))), submitted)
    if status == rules.Status.SUBMITTED:
        return SkpState(status, submitted_at=submitted, created_at=started, updated_at=submitted)
    if status == rules.Status.RETURNED:
        return SkpState(status, submitted_at=submitted, created_at=started, updated_at=submitted,
                        return_reason=pd.RETURN_REASONS[rng.randrange(len(pd.RETURN_REASONS))])
    approved = min(submitted + timedelta(days=1 + rng.randrange(5)), now)
    return SkpState(status, version=1, submitted_at=submitted, approved_at=approved, approved_by_id=evaluator_id,
                    created_at=started, updated_at=approved)


def _appendix(opd_name: str, full: bool) -> dict[str, list[str]]:
    lines = {rules.AppendixKind.RESOURCES.value: [pd.RESOURCES[0].format(opd=opd_name)]}
    if full:
        lines[rules.AppendixKind.ACCOUNTABILITY.value] = [pd.ACCOUNTABILITY[0]]
        lines[rules.AppendixKind.CONSEQUENCES.value] = [pd.CONSEQUENCES[1]]
    return lines


_CODES = list(pd.EXPECTATIONS)


def _expectations(rng: random.Random, full: bool) -> dict[str, str]:
    if not full:
        return {}
    return {code: pd.EXPECTATIONS[code][0] for code in _CODES}
