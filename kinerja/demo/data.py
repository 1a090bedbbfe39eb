"""Load the demo world (world.py) through the services, idempotently and deterministically.

``load_demo()`` builds each demo instance that is not there yet (one transaction per instance,
so a half-built instance never stays behind), creates the ``admin`` superuser, and returns the
demo logins. Every write goes through organization/people/accounts services as ``system_actor("demo")``
inside ``audit_context("cli")``, so the audit log tells how the demo was made.
"""

from __future__ import annotations

import random
from dataclasses import dataclass
from datetime import date, timedelta

from django.db import transaction

from kinerja.accounts import services as account_services
from kinerja.audit.context import audit_context
from kinerja.core.actors import system_actor

from . import socialisation, world
from .clock import DemoClock, audit_in_time_order
from .names import POOLS
from .people import NipAllocator, PersonMaker, PersonSpec
from .spec import InstanceSpec, Pos, Unit

DEMO = system_actor("demo")

DEMO_PASSWORD = "Kinerja-Demo-2026"
# The display name of a demo login without an employee record (Indonesian, as the demo content is).
LOGIN_NAMES = {"admin_opd": "Admin OPD", "admin_bkpsdm": "Admin BKPSDM", "monev": "Tim Monev",
               "pimpinan": "Pimpinan Daerah", "auditor": "Auditor", "pegawai": "Pegawai", "penilai": "Pejabat Penilai",
               "pegawai_revisi": "Pegawai"}
SUPERUSER_NAME = "Operator Platform"
SUPERUSER = "admin"
ACTING_SINCE = date(2024, 10, 1)


@dataclass(frozen=True)
class DemoLogin:
    role: str
    instance: str
    username: str
    nip: str
    name: str
    password: str = DEMO_PASSWORD


def _walk(units: list[Unit]):
    """Positions in creation order: a unit's own positions, then its children's, depth first."""
    for unit in units:
        yield from unit.positions
        yield from _walk(unit.children)


def demo_people(spec: InstanceSpec, maker: PersonMaker | None = None) -> dict[tuple[int, int], PersonSpec]:
    """The generated holder of each slot (position number in creation order, holder index).

    Pure: the same spec always gives the same people. Someone with an earlier post (a Move)
    is drawn until they were a PNS well before that post began.
    """
    maker = maker or _maker(spec)
    movers = {m.to: m for m in spec.moves}
    people = {}
    for n, pos in enumerate(_walk(spec.units)):
        for i in range(pos.holders):
            pppk = i >= pos.holders - pos.pppk
            female = pos.female if i == 0 else None
            person = maker.make(pos.kind, pos.name, pos.profile, pppk=pppk, grade_override=pos.grades,
                                female=female)
            move = movers.get(pos.key) if i == 0 else None
            tries = 0
            while move is not None and tries < 50 and (
                    person.tmt_cpns is None or person.tmt_cpns >= move.since - timedelta(days=365)):
                person = maker.make(pos.kind, pos.name, pos.profile, grade_override=pos.grades, female=female)
                tries += 1
            people[(n, i)] = person
    return people


def _maker(spec: InstanceSpec) -> PersonMaker:
    rng = random.Random(f"kinerja-demo:{spec.slug}")
    return PersonMaker(rng, POOLS[spec.pool], NipAllocator(), prefix_share=spec.prefix_share)


class _Builder:
    def __init__(self, spec: InstanceSpec):
        self.spec = spec
        self.maker = _maker(spec)
        self.rng = self.maker.rng
        self.units: dict[str, object] = {}
        self.positions: dict[str, object] = {}
        self.created: list[tuple[object, Pos]] = []  # (Position, spec) in tree order
        self.decree = 0

    def build(self):
        from kinerja.organization import services as org

        spec = self.spec
        self.instance = org.create_instance(actor=DEMO, name=spec.name, slug=spec.slug, region=spec.region,
                                            code=spec.code, city=spec.city)
        for unit_spec in spec.units:
            self._unit(unit_spec, None)
        people = demo_people(self.spec, self.maker)
        slots = {(position.pk, i): people[(n, i)] for n, (position, _pos) in enumerate(self.created)
                 for i in range(_pos.holders)}
        self._people(slots)
        self._acting()
        self._logins()
        return self.instance

    def _unit(self, unit_spec: Unit, parent) -> None:
        from kinerja.organization import services as org

        unit = org.create_unit(actor=DEMO, instance=self.instance, parent=parent, name=unit_spec.name,
                               short_name=unit_spec.short_name, kind=unit_spec.kind)
        if unit_spec.key:
            self.units[unit_spec.key] = unit
        for pos in unit_spec.positions:
            superior = self.positions[pos.superior] if pos.superior else None
            position = org.create_position(actor=DEMO, unit=unit, superior=superior, name=pos.name, kind=pos.kind,
                                           is_head=pos.head, echelon=pos.echelon)
            if pos.key:
                self.positions[pos.key] = position
            self.created.append((position, pos))
        for child in unit_spec.children:
            self._unit(child, unit)

    def _start(self, person: PersonSpec) -> date:
        if person.kind == "PPPK":
            return person.tmt_grade
        first = person.tmt_cpns
        year = self.rng.randint(min(max(first.year, 2016), 2024), 2024)
        return max(date(year, self.rng.choice((1, 3, 7, 10)), self.rng.choice((2, 15))), first)

    def _next_decree(self, code: str, year: int) -> str:
        self.decree += 1
        return f"{code}/{self.decree:03d}/{self.spec.slug.upper()[:3]}/{year}"

    def _create(self, person: PersonSpec, position, start: date):
        from kinerja.people import services as people

        first_grade = (person.prev_grade, person.prev_tmt_grade) if person.prev_grade else (
            person.grade, person.tmt_grade)
        employee = people.create_employee(
            actor=DEMO, instance=self.instance, nip=person.nip, kind=person.kind, position=position,
            tmt_position=start, front_title=person.front_title, name=person.name, back_title=person.back_title,
            birth_date=person.birth_date, sex=person.sex, grade=first_grade[0], tmt_grade=first_grade[1],
            tmt_cpns=person.tmt_cpns, nip_lama=person.nip_lama, pns_id=person.pns_id,
        )
        if person.prev_grade:
            employee = people.update_employee(actor=DEMO, employee=employee, grade=person.grade,
                                              tmt_grade=person.tmt_grade)
        return employee

    def _people(self, slots: dict[tuple[int, int], PersonSpec]) -> None:
        from kinerja.people import services as people

        done = set()
        for move in self.spec.moves:
            target = self.positions[move.to]
            person = slots[(target.pk, 0)]
            since = max(move.since, person.tmt_cpns + timedelta(days=90))
            employee = self._create(person, self.positions[move.from_], since)
            people.transfer_employee(actor=DEMO, employee=employee, position=target, start_date=move.on,
                                     decree_number=self._next_decree("821.2", move.on.year), note=move.note)
            done.add((target.pk, 0))
        for position, _pos in self.created:
            for i in range(_pos.holders):
                if (position.pk, i) not in done:
                    person = slots[(position.pk, i)]
                    self._create(person, position, self._start(person))

    def _acting(self) -> None:
        from kinerja.people import services as people
        from kinerja.people.models import Employee

        for position, pos in self.created:
            if pos.acting:
                holder = Employee.objects.filter(position=self.positions[pos.acting]).order_by("id").first()
                people.assign_acting(actor=DEMO, employee=holder, position=position, kind="plt",
                                     start_date=ACTING_SINCE,
                                     decree_number=self._next_decree("800.1.3.3", ACTING_SINCE.year))

    def _logins(self) -> None:
        from kinerja.people.models import Employee

        for login in self.spec.logins:
            employee = None
            if login.position:
                holders = Employee.objects.filter(position=self.positions[login.position]).order_by("id")
                employee = holders[login.holder] if holders.count() > login.holder else holders.first()
            user = account_services.create_user(
                actor=DEMO, instance=self.instance, username=login.username, password=DEMO_PASSWORD,
                employee=employee, email=f"{login.username}@{self.spec.slug}.demo.kinerja.id",
                first_name="" if employee else LOGIN_NAMES[login.role], validate=False,
            )
            if login.role in ("pegawai", "pegawai_revisi", "penilai"):
                continue
            unit = self.units[login.unit] if login.unit else None
            account_services.grant_role(actor=DEMO, user=user, role=login.role, unit=unit)


def _ensure_superuser(clock: DemoClock) -> None:
    from kinerja.accounts.models import User

    if User.objects.filter(username=SUPERUSER).exists():
        return
    with clock.at(clock.setup):
        user = account_services.create_user(actor=DEMO, instance=None, username=SUPERUSER, password=DEMO_PASSWORD,
                                            email="admin@demo.kinerja.id", first_name=SUPERUSER_NAME,
                                            is_superuser=True, validate=False)
    User.objects.filter(pk=user.pk).update(date_joined=clock.setup)


def load_demo(instances: list[InstanceSpec] | None = None, today: date | None = None) -> list[DemoLogin]:
    """Create the demo instances that are missing and the superuser; return every demo login.

    Everything is dated around ``today`` (default: ``timezone.localdate()``): see clock.py.
    """
    from kinerja.accounts.models import User
    from kinerja.organization.models import Instance

    from .skp_demo import build_demo_plan

    specs = instances if instances is not None else world.INSTANCES
    clock = DemoClock(today)
    with audit_context("cli"):
        _ensure_superuser(clock)  # the platform operator came first
        for spec in specs:
            if Instance.objects.filter(slug=spec.slug).exists():
                continue
            with transaction.atomic(), audit_in_time_order():
                with clock.at(clock.setup):  # the instance went live two Decembers ago
                    instance = _Builder(spec).build()
                # date_joined defaults to the unpatched clock (a field default): one UPDATE sets it
                User.objects.filter(instance=instance).update(date_joined=clock.setup)
                socialisation.load(instance, spec, clock)
                build_demo_plan(instance, spec, clock=clock)
        from .skp_demo import ensure_demo_plans

        ensure_demo_plans(specs, clock)  # plan and SKPs of this year, for every demo instance that has none yet
        from .progress import ensure_demo_progress

        ensure_demo_progress(specs, clock)  # reports, evidence, action plans, daily log, then the roll-up
        from .evaluation import ensure_demo_evaluation
        from .feedback360 import ensure_demo_feedback360
        from .monev import ensure_demo_monev

        ensure_demo_evaluation(specs, clock)  # last year closed and calibrated, this year's quarters
        ensure_demo_feedback360(specs, clock)  # last year's 360 round released, this year's open
        ensure_demo_monev(specs, clock)  # the tim monev, this quarter's round, recommendations, training needs
    return demo_logins(specs)


def demo_logins(instances: list[InstanceSpec] | None = None) -> list[DemoLogin]:
    from kinerja.accounts.models import User

    specs = instances if instances is not None else world.INSTANCES
    names = [login.username for spec in specs for login in spec.logins] + [SUPERUSER]
    users = {u.username: u for u in User.objects.filter(username__in=names).select_related("employee", "instance")}
    rows = []
    for spec in specs:
        for login in spec.logins:
            user = users.get(login.username)
            if user is None:
                continue
            employee = user.employee
            rows.append(DemoLogin(login.role, spec.name, user.username, employee.nip if employee else "",
                                  employee.full_name if employee else user.get_full_name()))
    if SUPERUSER in users:
        rows.append(DemoLogin("superuser", "", SUPERUSER, "", users[SUPERUSER].get_full_name()))
    return rows
