"""A synthetic regional government of any size, planned in memory without the database.

``build_plan(n, seed)`` is a pure function of its arguments: the same ``n`` and ``seed`` give the
same units, positions and people (names, NIPs, grades, history) on any machine. seed.py writes a
plan to the database in bulk; siasn.py turns it into SIASN export rows.

Shape: Sekretariat Daerah (Sekda, asisten, bagian), then the OPD catalogue (dinas/badan with
sekretariat, subbagian, bidang and seksi/subbidang) interleaved with kecamatan (sekretariat,
seksi, kelurahan), taken breadth-first up to 60 % of the unit budget (about n/50 units); the
rest are UPTD: schools under Dinas Pendidikan and puskesmas under Dinas Kesehatan.
"""

from __future__ import annotations

import random
from bisect import bisect_right
from collections import Counter, deque
from dataclasses import dataclass, field
from datetime import date, timedelta
from itertools import accumulate

from . import catalog as c
from .names import COMMON, PLACE_HEADS, pick, place_name
from .people import NipAllocator, PersonMaker, PersonSpec, randint_fast

PREVIOUS_KIND = {"JPT": "ADMINISTRATOR", "ADMINISTRATOR": "PENGAWAS", "PENGAWAS": "PELAKSANA",
                 "PELAKSANA": "PELAKSANA", "FUNGSIONAL": "FUNGSIONAL"}
VACANCY_SHARE = 0.04
HISTORY_SHARE = 0.2


@dataclass(slots=True)
class PlanUnit:
    idx: int
    parent: int | None
    name: str
    short_name: str
    kind: str
    siasn_id: str = ""
    children: int = 0


@dataclass(slots=True)
class PlanPosition:
    idx: int
    unit: int
    name: str
    kind: str
    is_head: bool
    single: bool
    echelon: str
    superior: int | None
    profile: str
    weight: float = 0.0
    pppk_share: float = 0.0
    grades: tuple[str, str] | None = None
    vacant: bool = False


@dataclass(slots=True)
class PlanPerson:
    spec: PersonSpec
    position: int
    start: date
    prev_position: int | None = None
    prev_start: date | None = None


@dataclass
class Plan:
    n: int
    seed: int
    instance_name: str
    units: list[PlanUnit] = field(default_factory=list)
    positions: list[PlanPosition] = field(default_factory=list)
    people: list[PlanPerson] = field(default_factory=list)
    acting: list[tuple[int, int, date]] = field(default_factory=list)  # (position, person, start)


@dataclass
class _Node:
    name: str
    kind: str
    short: str = ""
    opd: c.Opd | None = None
    role: str = ""  # what the unit is within its parent (setda bagian, kecamatan seksi …)
    domain: int = 0
    children: list[_Node] = field(default_factory=list)
    parent: _Node | None = None
    idx: int = -1

    def add(self, *nodes: _Node) -> _Node:
        for node in nodes:
            node.parent = self
            self.children.append(node)
        return self


def _opd_node(opd: c.Opd) -> _Node:
    root = _Node(opd.name, opd.kind, opd.short, opd)
    sekretariat = _Node(f"Sekretariat {opd.name}", "sekretariat", opd=opd)
    sekretariat.add(*[_Node(f"Subbagian {s}", "subbagian", opd=opd) for s in c.SUBBAGIAN[:2]])
    root.add(sekretariat)
    for i, (bidang, sections) in enumerate(opd.bidang):
        node = _Node(f"Bidang {bidang}", "bidang", opd=opd, domain=i)
        node.add(*[_Node(f"{opd.sub_prefix} {s}", "seksi", opd=opd, domain=i) for s in sections])
        root.add(node)
    return root


def _kecamatan_node(name: str, villages: list[str]) -> _Node:
    root = _Node(f"Kecamatan {name}", "kecamatan", f"Kec. {name}")
    sekretariat = _Node(f"Sekretariat Kecamatan {name}", "sekretariat", role="kecamatan")
    sekretariat.add(*[_Node(f"Subbagian {s}", "subbagian", role="kecamatan") for s in (c.SUBBAGIAN[0],
                                                                                        c.SUBBAGIAN[2])])
    root.add(sekretariat)
    root.add(*[_Node(f"Seksi {s}", "seksi", role="kecamatan") for s in c.KECAMATAN_SEKSI])
    root.add(*[_Node(f"Kelurahan {v}", "kelurahan") for v in villages])
    return root


class _Planner:
    def __init__(self, n: int, seed: int, instance_name: str):
        self.rng = random.Random(f"kinerja-seed:{seed}")
        self.plan = Plan(n, seed, instance_name)
        self.places: set[str] = set()
        self.maker = PersonMaker(self.rng, COMMON, NipAllocator())

    def _place(self) -> str:
        for _ in range(50):
            name = place_name(self.rng)
            if name not in self.places:
                self.places.add(name)
                return name
        name = f"{self.rng.choice(PLACE_HEADS)} {len(self.places) + 1}"
        self.places.add(name)
        return name

    # --- units --------------------------------------------------------------------------------
    def units(self) -> list[_Node]:
        n = self.plan.n
        budget = max(1, round(n / 50))
        kecamatan_count = max(1, min(40, budget // 60))
        setda = _Node("Sekretariat Daerah", "setda", "Setda")
        setda.add(*[_Node(f"Bagian {b}", "bidang", role="setda") for b in c.SETDA_BAGIAN])
        opds = [_opd_node(o) for o in c.OPDS_BY_PRIORITY]
        kecamatan = []
        for _ in range(kecamatan_count):
            name = self._place()
            kecamatan.append(_kecamatan_node(name, [self._place() for _ in range(self.rng.randint(4, 9))]))
        roots = [setda]
        for i in range(max(len(opds), len(kecamatan))):
            roots += opds[i:i + 1] + kecamatan[i:i + 1]
        core_budget = max(1, -(-budget * 6 // 10))
        roots = roots[:max(3, core_budget // 3)]  # a small government has fewer, fuller OPDs
        core_budget = min(core_budget, sum(1 for _ in self._walk(roots)))
        selected, queue = [], deque(roots)
        while queue and len(selected) < core_budget:
            node = queue.popleft()
            selected.append(node)
            queue.extend(node.children)
        chosen = set(map(id, selected))
        for node in selected:
            node.children = [child for child in node.children if id(child) in chosen]
        selected += self._uptd(selected, budget - len(selected), kecamatan)
        return selected

    @staticmethod
    def _walk(nodes):
        stack = list(nodes)
        while stack:
            node = stack.pop()
            yield node
            stack.extend(node.children)

    def _uptd(self, selected: list[_Node], room: int, kecamatan: list[_Node]) -> list[_Node]:
        parents = {node.opd.short: node for node in selected if node.opd is not None and node.parent is None}
        dinkes, disdik = parents.get("Dinkes"), parents.get("Disdik")
        pattern = [k for k, parent in (("sd", disdik), ("sd", disdik), ("sd", disdik), ("sd", disdik),
                                       ("smp", disdik), ("pkm", dinkes), ("sd", disdik), ("smp", disdik))
                   if parent is not None]
        areas = [k.name.removeprefix("Kecamatan ") for k in kecamatan] or ["Kota"]
        made: list[_Node] = []
        sd_count: Counter[str] = Counter()
        smp = pkm = 0
        while pattern and len(made) < room:
            kind = pattern[len(made) % len(pattern)]
            area = areas[len(made) % len(areas)]
            if kind == "sd":
                sd_count[area] += 1
                node = _Node(f"SD Negeri {area} {sd_count[area]:02d}", "sekolah")
                disdik.add(node)
            elif kind == "smp":
                smp += 1
                node = _Node(f"SMP Negeri {smp}", "sekolah")
                disdik.add(node)
            else:
                pkm += 1
                name = area if pkm <= len(areas) else f"{area} {pkm // len(areas) + 1}"
                node = _Node(f"UPTD Puskesmas {name}", "puskesmas", f"Puskesmas {name}")
                dinkes.add(node)
            made.append(node)
        return made

    # --- positions ----------------------------------------------------------------------------
    def positions(self, nodes: list[_Node]) -> None:
        plan = self.plan
        for i, node in enumerate(nodes):
            node.idx = i
            plan.units.append(PlanUnit(i, node.parent.idx if node.parent else None, node.name, node.short,
                                       node.kind, f"{self.rng.getrandbits(128):032X}", len(node.children)))
        self.heads: dict[int, int] = {}
        self.sekda: int | None = None
        self.asisten: list[int] = []
        bagian = 0
        for node in nodes:
            head_name, kind, echelon, profile, grades = self._head(node)
            superior = self._head_superior(node, bagian)
            if node.role == "setda":
                bagian += 1
            head = self._add(node, head_name, kind, True, True, echelon, superior, profile, grades=grades)
            self.heads[node.idx] = head.idx
            if node.kind == "setda":
                self.sekda = head.idx
                self.asisten = [self._add(node, a, "JPT", False, True, "II.b", head.idx, "pimpinan").idx
                                for a in c.SETDA_ASISTEN]
            elif node.kind == "kelurahan":
                self._add(node, "Sekretaris Kelurahan", "PENGAWAS", False, True, "IV.b", head.idx, "pamong")
            elif node.kind == "puskesmas":
                self._add(node, "Kepala Subbagian Tata Usaha", "PENGAWAS", False, True, "IV.b", head.idx,
                          "administrasi")
            for name, kind, profile, weight, pppk in self._jobs(node):
                self._add(node, name, kind, False, False, "", head.idx, profile, weight * c.UNIT_WEIGHT[node.kind],
                          pppk)

    def _add(self, node, name, kind, is_head, single, echelon, superior, profile, weight=0.0, pppk=0.0,
             grades=None) -> PlanPosition:
        pos = PlanPosition(len(self.plan.positions), node.idx, name, kind, is_head, single, echelon, superior,
                           profile, weight, pppk, grades)
        self.plan.positions.append(pos)
        return pos

    def _head(self, node: _Node):
        opd_profile = node.opd.profile if node.opd else "pamong"
        short = node.name
        match node.kind, node.role:
            case "setda", _:
                return "Sekretaris Daerah", "JPT", "II.a", "pimpinan", ("IV/c", "IV/e")
            case ("dinas" | "badan"), _:
                return f"Kepala {node.name}", "JPT", "II.b", opd_profile, None
            case "kecamatan", _:
                return "Camat", "ADMINISTRATOR", "III.a", "pimpinan", None
            case "sekretariat", "kecamatan":
                return "Sekretaris Kecamatan", "ADMINISTRATOR", "III.b", "pamong", None
            case "sekretariat", _:
                return f"Sekretaris {node.opd.name}", "ADMINISTRATOR", "III.a", opd_profile, None
            case "bidang", "setda":
                return f"Kepala {short}", "ADMINISTRATOR", "III.a", "pimpinan", None
            case "bidang", _:
                return f"Kepala {short}", "ADMINISTRATOR", "III.b", opd_profile, None
            case "kelurahan", _:
                return "Lurah", "PENGAWAS", "IV.a", "pamong", None
            case "puskesmas", _:
                return f"Kepala {node.name}", "PENGAWAS", "IV.a", "kesehatan_pimpinan", None
            case "sekolah", _:
                return "Kepala Sekolah", "PENGAWAS", "IV.a", "pendidikan_pimpinan", None
            case _:
                return f"Kepala {short}", "PENGAWAS", "IV.a", "pamong" if node.role else opd_profile, None

    def _head_superior(self, node: _Node, bagian: int) -> int | None:
        if node.parent is None:
            return self.sekda
        if node.role == "setda" and self.asisten:
            return self.asisten[bagian % len(self.asisten)]
        return self.heads[node.parent.idx]

    def _jobs(self, node: _Node) -> list[c.Job]:
        table = {
            "setda": c.SETDA_JOBS, "sekretariat": c.SEKRETARIAT_JOBS, "subbagian": c.SUBBAGIAN_JOBS,
            "kelurahan": c.KELURAHAN_JOBS, "puskesmas": c.PUSKESMAS_JOBS, "sekolah": c.SEKOLAH_JOBS,
        }
        if node.role == "setda":
            jobs = c.BAGIAN_JOBS
        elif node.role == "kecamatan":
            jobs = c.SUBBAGIAN_JOBS if node.kind != "seksi" else c.KECAMATAN_SEKSI_JOBS
        elif node.kind == "bidang":
            jobs = c.BIDANG_JOBS
        elif node.kind == "seksi":
            jobs = c.SEKSI_JOBS
        else:
            jobs = table.get(node.kind, ())
        if node.opd is None:
            return list(jobs)
        domain, profile = node.opd.jobs[node.domain % len(node.opd.jobs)]
        return [(name.format(domain=domain), kind, prof.format(profile=profile), w, p)
                for name, kind, prof, w, p in jobs]

    # --- people -------------------------------------------------------------------------------
    def people(self) -> None:
        plan, rng = self.plan, self.rng
        singles = [p for p in plan.positions if p.single]
        for pos in singles:
            superior = plan.positions[pos.superior] if pos.superior is not None else None
            if superior is not None and not superior.vacant and rng.random() < VACANCY_SHARE:
                pos.vacant = True
        filled = [p for p in singles if not p.vacant]
        for pos in filled[plan.n:]:
            pos.vacant = True
        filled = filled[:plan.n]
        counts: Counter[int] = Counter({p.idx: 1 for p in filled})
        multi = [p for p in plan.positions if not p.single and p.weight > 0]
        rest = plan.n - len(filled)
        if rest > 0 and multi:
            cum = list(accumulate(p.weight for p in multi))
            total = cum[-1]
            for _ in range(rest):
                counts[multi[bisect_right(cum, rng.random() * total)].idx] += 1
        holder_of: dict[int, int] = {}
        by_kind: dict[str, list[int]] = {}
        for pos in plan.positions:
            by_kind.setdefault(pos.kind, []).append(pos.idx)
        for pos in plan.positions:
            for _ in range(counts.get(pos.idx, 0)):
                pppk = pos.kind in ("FUNGSIONAL", "PELAKSANA") and rng.random() < pos.pppk_share
                spec = self.maker.make(pos.kind, pos.name, pos.profile, pppk=pppk, grade_override=pos.grades)
                person = PlanPerson(spec, pos.idx, self._start(spec))
                if spec.kind == "PNS" and rng.random() < HISTORY_SHARE:
                    self._history(person, by_kind.get(PREVIOUS_KIND[pos.kind]) or by_kind[pos.kind])
                holder_of.setdefault(pos.idx, len(plan.people))
                plan.people.append(person)
        for pos in singles:
            if pos.vacant and pos.superior is not None and pos.superior in holder_of:
                start = date(2024, rng.randint(1, 12), 1)
                plan.acting.append((pos.idx, holder_of[pos.superior], start))

    def _start(self, spec: PersonSpec) -> date:
        if spec.kind == "PPPK":
            return spec.tmt_grade
        first = spec.tmt_cpns
        year = randint_fast(self.rng, min(max(first.year, 2014), 2024), 2024)
        return max(date(year, pick(self.rng, (1, 4, 7, 10)), 1), first)

    def _history(self, person: PlanPerson, pool: list[int]) -> None:
        previous = pick(self.rng, pool)
        if previous == person.position:
            return
        since = date(max(person.start.year - randint_fast(self.rng, 3, 8), person.spec.tmt_cpns.year),
                     person.spec.tmt_cpns.month, 1)
        since = max(since, person.spec.tmt_cpns)
        if since < person.start - timedelta(days=30):
            person.prev_position, person.prev_start = previous, since


def build_plan(n: int, seed: int = 0, instance_name: str = "Pemerintah Kota Sintetis") -> Plan:
    if n < 1:
        raise ValueError("n must be at least 1")
    planner = _Planner(n, seed, instance_name)
    planner.positions(planner.units())
    planner.people()
    return planner.plan
