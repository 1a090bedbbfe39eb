"""A synthetic plan and SKP for a seeded instance, to measure the cascade map at scale.

``plant(instance_id)`` adds to an instance made by ``kinerja seed`` (or any instance): an RPJMD
with five missions covering the year; per top-level unit (OPD) a Renstra with goals, strategic
targets and IKU (with the year's target) and the head's PK with one indicator per IKU; a period;
and for every active employee with a position an SKP (most approved, some submitted, draft or
returned, a few missing) with ``rhk_per_skp`` RHK, each linked like real ones — an OPD head's RHK
carries a PK indicator, everyone else's intervenes an RHK of the holder of their superior
position (a small share links to nothing) — and three or four IKI per RHK (≈1,000,000 IKI for
100,000 employees). Deterministic for a given ``seed``. Written in bulk (COPY on PostgreSQL).
"""

from __future__ import annotations

import random
import time
from collections import defaultdict
from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from django.db import transaction
from django.utils import timezone

from kinerja.core import bulk
from kinerja.organization.models import Position, Unit
from kinerja.people.models import Employee
from kinerja.planning.models import (
    AgreementStatus,
    Goal,
    Iku,
    IkuTarget,
    Mission,
    PerformanceAgreement,
    PkIndicator,
    Renstra,
    Rpjmd,
    StrategicTarget,
)
from kinerja.skp.models import Iki, Period, Rhk, Skp, SkpKind, SkpStatus

MISSIONS = [
    "Mewujudkan sumber daya manusia yang sehat, cerdas dan berdaya saing",
    "Meningkatkan pertumbuhan ekonomi yang inklusif dan berkelanjutan",
    "Mewujudkan infrastruktur dan lingkungan hidup yang berkualitas",
    "Mewujudkan tata kelola pemerintahan yang bersih, efektif dan melayani",
    "Mewujudkan kehidupan masyarakat yang aman, rukun dan berbudaya",
]
VERBS = ["Meningkatnya", "Tersedianya", "Terlaksananya", "Terkelolanya", "Menurunnya", "Terwujudnya"]
OBJECTS = ["kualitas layanan publik", "cakupan pelayanan dasar", "akuntabilitas kinerja", "data dan informasi",
           "kapasitas aparatur", "partisipasi masyarakat", "pengelolaan keuangan", "mutu pembelajaran"]
STATUSES = [(SkpStatus.APPROVED, 75), (SkpStatus.SUBMITTED, 10), (SkpStatus.DRAFT, 8), (SkpStatus.RETURNED, 3),
            (None, 4)]


@dataclass
class Planted:
    period_id: int
    missions: int
    ikus: int
    pk_indicators: int
    skps: int
    rhks: int
    ikis: int
    seconds: float


def plant(instance_id: int, year: int = 2026, *, seed: int = 0, rhk_per_skp: int = 3,
          unlinked_share: float = 0.03) -> Planted:
    started = time.perf_counter()
    rng = random.Random(seed)
    now = timezone.now()
    with transaction.atomic():
        period = Period.objects.filter(instance_id=instance_id, year=year).first() or Period.objects.create(
            instance_id=instance_id, name=f"Tahun {year}", year=year, start_date=date(year, 1, 1),
            end_date=date(year, 12, 31), deadline=date(year, 1, 31))
        rpjmd = Rpjmd.objects.create(instance_id=instance_id, title=f"RPJMD {year - 1}–{year + 3}",
                                     start_year=year - 1, end_year=year + 3, vision="Kota yang maju dan sejahtera")
        missions = Mission.objects.bulk_create(Mission(instance_id=instance_id, rpjmd=rpjmd, number=i + 1, text=t)
                                               for i, t in enumerate(MISSIONS))
        opds = list(Unit.objects.filter(instance_id=instance_id, depth=1).order_by("path"))
        heads = {p.unit_id: p for p in Position.objects.filter(unit__in=opds, is_head=True)}
        pk_by_opd: dict[str, list[int]] = {}
        n_iku = n_pki = 0
        for k, opd in enumerate(opds):
            renstra = Renstra.objects.create(instance_id=instance_id, unit=opd, rpjmd=rpjmd, title=f"Renstra {opd}",
                                             start_year=year - 1, end_year=year + 3)
            goals = Goal.objects.bulk_create(
                Goal(instance_id=instance_id, renstra=renstra, mission=missions[(k + g) % len(missions)],
                     code=f"T{g + 1}", text=f"{rng.choice(VERBS)} {rng.choice(OBJECTS)} ({opd.short_name or opd})")
                for g in range(2))
            targets = StrategicTarget.objects.bulk_create(
                StrategicTarget(instance_id=instance_id, goal=goal, code=f"S{g + 1}.{s + 1}",
                                text=f"{rng.choice(VERBS)} {rng.choice(OBJECTS)}")
                for g, goal in enumerate(goals) for s in range(2))
            ikus = Iku.objects.bulk_create(
                Iku(instance_id=instance_id, strategic_target=st, unit=opd, code=f"IKU {t + 1}.{i + 1}",
                    name=f"Persentase {rng.choice(OBJECTS)}", measure_unit="%", baseline=Decimal(60))
                for t, st in enumerate(targets) for i in range(2))
            IkuTarget.objects.bulk_create(IkuTarget(instance_id=instance_id, iku=iku, year=year, target=Decimal(80))
                                          for iku in ikus)
            n_iku += len(ikus)
            head = heads.get(opd.pk)
            if head is None:
                continue
            agreement = PerformanceAgreement.objects.create(instance_id=instance_id, unit=opd, year=year,
                                                            position=head, status=AgreementStatus.SIGNED,
                                                            signed_on=date(year, 1, 15))
            indicators = PkIndicator.objects.bulk_create(
                PkIndicator(instance_id=instance_id, agreement=agreement, strategic_target_id=iku.strategic_target_id,
                            iku=iku, name=iku.name, measure_unit="%", target=Decimal(80), order=i)
                for i, iku in enumerate(ikus))
            pk_by_opd[opd.path] = [p.pk for p in indicators]
            n_pki += len(indicators)

        positions = {pid: (sup, kind, is_head, path) for pid, sup, kind, is_head, path in Position.objects.filter(
            instance_id=instance_id).values_list("id", "superior_id", "kind", "is_head", "unit__path")}
        level: dict[int, int] = {}

        def depth(pid: int) -> int:
            chain, cursor = [], pid
            while cursor is not None and cursor not in level and len(chain) < 50:
                chain.append(cursor)
                cursor = positions[cursor][0] if cursor in positions else None
            base = level.get(cursor, -1) if cursor is not None else -1
            for offset, p in enumerate(reversed(chain)):
                level[p] = base + 1 + offset
            return level[pid]

        people = list(Employee.objects.filter(instance_id=instance_id, is_active=True, position__isnull=False)
                      .order_by("id").values_list("id", "position_id", "unit_id"))
        holder: dict[int, int] = {}
        for emp, pos, _unit in people:
            holder.setdefault(pos, emp)

        def superior_holder(pos: int) -> int | None:
            """The holder of the nearest position above who has RHK (staff under a vacant post, or under a
            superior without an SKP, follow the next one up)."""
            sup, seen = positions[pos][0], 0
            while sup is not None and holder.get(sup) not in rhk_of_employee and seen < 50:
                sup, seen = positions[sup][0] if sup in positions else None, seen + 1
            return holder.get(sup) if sup is not None else None
        by_level: dict[int, list[tuple[int, int, int]]] = defaultdict(list)
        for person in people:
            by_level[depth(person[1])].append(person)
        statuses = [s for s, _ in STATUSES]
        weights = [w for _, w in STATUSES]
        rhk_of_employee: dict[int, list[int]] = {}
        n_skp = n_rhk = n_iki = 0
        for lvl in sorted(by_level):
            skps, owners = [], []
            for emp, pos, unit in by_level[lvl]:
                status = rng.choices(statuses, weights)[0]
                if status is None and positions[pos][2]:  # unit heads always write one
                    status = SkpStatus.APPROVED
                if status is None:
                    continue
                kind = SkpKind.JPT if positions[pos][1] == "JPT" else SkpKind.STANDARD
                skps.append(Skp(instance_id=instance_id, period_id=period.pk, employee_id=emp, kind=kind,
                                position_id=pos, unit_id=unit, status=status,
                                version=1 if status == SkpStatus.APPROVED else 0))
                owners.append((emp, pos))
            bulk.create_objects(Skp, skps, now)
            n_skp += len(skps)
            rhks, rhk_owner = [], []
            for skp, (emp, pos) in zip(skps, owners, strict=True):
                sup, kind, is_head, path = positions[pos]
                pk_pool = pk_by_opd.get(path[: Unit.steplen], []) if kind == "JPT" and is_head else []
                parent_pool = rhk_of_employee.get(superior_holder(pos), [])
                for i in range(rhk_per_skp):
                    rhk = Rhk(instance_id=instance_id, skp_id=skp.pk, order=i,
                              group="utama" if i < rhk_per_skp - 1 else "tambahan",
                              text=f"{rng.choice(VERBS)} {rng.choice(OBJECTS)} {i + 1}")
                    if rng.random() >= unlinked_share:
                        if pk_pool:
                            rhk.pk_indicator_id = pk_pool[i % len(pk_pool)]
                        elif parent_pool:
                            rhk.parent_id = rng.choice(parent_pool)
                    rhks.append(rhk)
                    rhk_owner.append(emp)
            bulk.create_objects(Rhk, rhks, now)
            n_rhk += len(rhks)
            for rhk, emp in zip(rhks, rhk_owner, strict=True):
                rhk_of_employee.setdefault(emp, []).append(rhk.pk)
            rows = []
            for rhk in rhks:
                for j in range(4 if rng.random() < 1 / 3 else 3):
                    rows.append((instance_id, now, now, rhk.pk, ["kuantitas", "kualitas", "waktu", "biaya"][j],
                                 f"Jumlah keluaran {j + 1}", "number", Decimal(10 + j), None, None, "",
                                 "dokumen", False, j))
            bulk.insert(Iki, ["instance_id", "created_at", "updated_at", "rhk_id", "aspect", "text", "target_kind",
                              "target_value", "target_min", "target_max", "target_text", "measure_unit",
                              "lower_is_better", "order"], rows)
            n_iki += len(rows)
    from kinerja.demo.seed import statistics_models

    bulk.refresh_statistics([m for m in statistics_models(skp=True) if m._meta.app_label in ("planning", "skp")],
                            added=n_iki)
    return Planted(period.pk, len(missions), n_iku, n_pki, n_skp, n_rhk, n_iki,
                   round(time.perf_counter() - started, 1))
