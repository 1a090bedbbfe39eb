"""The demo cities' plan and SKPs for the current year, written in bulk (called by data.load_demo).

For each demo instance: the RPJMD, a Renstra, PK (with rencana aksi) and RKT per OPD (plan_data.py),
an annual SKP period (deadline end of January), and SKPs that cascade from the PK down the tree:
OPD heads carry the PK indicators, everyone else's RHK intervene their evaluator's RHK.

Statuses are mixed and deterministic: most approved, some submitted, returned (with a reason) or
draft, one reopened for revision, some employees with none (the overdue list and the alignment
report have material). The "pegawai" login of each city has an SKP approved early in the year (it reports
on it every month: progress.py) under the "penilai" login, and everybody above them has one too. The SKP
workflow's example is its colleague, the "pegawai_revisi" login: an approved SKP reopened for a revision this
week (returned again in Palembang, a draft elsewhere). Workflow steps leave SkpVersion snapshots and audit
events, so the history pages have something to show.

Dates follow the demo clock (clock.py): the current period is the year of today. SKPs are started
from early January, superiors before subordinates, then submitted and approved around the deadline
(a few late). Once the planning weeks are over (a month after the deadline) the SKPs still open are
this week's business: the pegawai_revisi login revises its approved SKP, a colleague resubmits one for the
penilai, the few late ones are drafted, submitted or returned in the last weeks. A step that would
lie after now did not happen yet: the SKP stays at the step before (early in January most SKPs are
drafts). Every SKP's timestamps are in causal order and none lies in the future.
"""

from __future__ import annotations

import random
from datetime import date, datetime, time, timedelta

from kinerja.core import bulk
from kinerja.core.actors import system_actor
from kinerja.rules import skp as rules

from . import plan_data as pd
from .clock import DemoClock, ensure_each
from .skp_build import (
    APPROVED,
    DRAFT,
    NONE,
    RETURNED,
    SUBMITTED,
    OpdCtx,
    Person,
    SkpState,
    SkpWriter,
    Written,
    appendix_for,
    choose_parent,
    content_for,
    evaluation_depths,
    expectations_for,
    pick_status,
    write_plan,
)
from .spec import InstanceSpec

DEMO = system_actor("demo")

REVISION = "revision"  # an approved SKP reopened: status draft, version 1, with a reason
REVISI_STATUS = {"palembang": RETURNED, "padang": DRAFT, "semarang": DRAFT}  # the pegawai_revisi login's SKP
VERSION_FIELDS = ["instance_id", "created_at", "updated_at", "skp_id", "number", "action", "status", "note",
                  "content", "by_id", "at"]


def has_plan(instance) -> bool:
    from kinerja.planning.models import Rpjmd

    return Rpjmd.objects.filter(instance=instance).exists()


def build_demo_plan(instance, spec: InstanceSpec, year: int | None = None, today: date | None = None,
                    clock: DemoClock | None = None) -> dict:
    """Write the plan and SKPs of ``instance`` (built from ``spec``) for the year of ``today`` (default:
    ``timezone.localdate()``) and the year before, dated by the demo clock."""
    return _DemoPlan(instance, spec, year, clock or DemoClock(today)).build()


class _DemoPlan:
    def __init__(self, instance, spec: InstanceSpec, year: int | None, clock: DemoClock):
        self.instance = instance
        self.slug = spec.slug
        self.login_names = {login.role: login.username for login in spec.logins}
        self.clock = clock
        self.today = clock.today
        self.year = year or self.today.year
        self.rng = random.Random(f"kinerja-demo-skp:{self.slug}:{self.year}")
        self.now = clock.now
        self.late: set[int] = set()  # employees whose SKP of the current period was approved late

    # --- reading the organisation (a few queries) ------------------------------------------------
    def _load(self) -> None:
        from kinerja.accounts.models import User
        from kinerja.organization.models import Position, Unit
        from kinerja.people.models import Assignment, Employee

        inst = self.instance.pk
        self.units = {u["id"]: u for u in Unit.objects.filter(instance_id=inst).order_by("path")
                      .values("id", "path", "depth", "name", "kind")}
        self.positions = {p["id"]: p for p in Position.objects.filter(instance_id=inst).order_by("id")
                          .values("id", "unit_id", "name", "kind", "is_head", "superior_id")}
        self.employees = {e["id"]: e for e in Employee.objects.filter(
            instance_id=inst, is_active=True, position__isnull=False).order_by("id").values(
            "id", "nip", "front_title", "name", "back_title", "grade", "position_id", "unit_id")}
        self.holder: dict[int, int] = {}
        for e in self.employees.values():
            self.holder.setdefault(e["position_id"], e["id"])
        self.acting: dict[int, tuple[int, str]] = {}
        for a in (Assignment.objects.active_on(self.today).acting().filter(instance_id=inst)
                  .order_by("-start_date", "id").values("position_id", "employee_id", "kind")):
            if a["employee_id"] in self.employees:
                self.acting.setdefault(a["position_id"], (a["employee_id"], a["kind"]))
        self.users = dict(User.objects.filter(instance_id=inst, employee__isnull=False)
                          .values_list("employee_id", "id"))
        self.logins = dict(User.objects.filter(instance_id=inst, employee__isnull=False)
                           .values_list("username", "employee_id"))
        self.revisi = self.logins.get(self.login_names.get("pegawai_revisi", ""))

    def _exerciser(self, position_id: int | None) -> tuple[int | None, str]:
        """Who exercises the position today: an acting official first, else the holder (people.chain)."""
        if position_id is None:
            return None, ""
        if position_id in self.acting:
            return self.acting[position_id]
        return self.holder.get(position_id), ""

    # --- the plan --------------------------------------------------------------------------------
    def _opds(self) -> list[OpdCtx]:
        from kinerja.organization.models import Unit

        tops = [u for u in self.units.values() if u["depth"] == 1]
        heads = {p["unit_id"]: p["id"] for p in self.positions.values() if p["is_head"]}
        setda = next((u for u in tops if u["kind"] == "setda"), None)
        sekda, _ = self._exerciser(heads.get(setda["id"])) if setda else (None, "")
        opds = []
        for unit in tops:
            plan = pd.plan_for(unit["name"], unit["kind"])
            if plan is None:
                bidang = [u["name"] for u in self.units.values() if u["depth"] == 2 and u["kind"] == "bidang"
                          and u["path"].startswith(unit["path"])]
                plan = pd.generic_opd_plan(unit["name"], bidang, pd.GOV)
            head = heads.get(unit["id"])
            signatory, _ = self._exerciser(head)
            opds.append(OpdCtx(unit["id"], unit["name"], unit["kind"], head, signatory,
                               None if unit is setda else sekda, plan))
        self.opd_of_path = {u["path"][:Unit.steplen]: o for u, o in zip(tops, opds, strict=True)}
        return opds

    # --- people and their statuses ---------------------------------------------------------------
    def _people(self) -> list[Person]:
        from kinerja.organization.models import Unit

        people = []
        variant = {pk: n for n, pk in enumerate(self.positions)}  # positions in creation order
        for e in self.employees.values():
            pos = self.positions[e["position_id"]]
            unit = self.units[pos["unit_id"]]
            opd = self.opd_of_path.get(unit["path"][:Unit.steplen])
            evaluator, acting = self._exerciser(pos["superior_id"])
            if evaluator == e["id"]:
                evaluator, acting = None, ""
            superior = self.positions.get(pos["superior_id"]) if pos["superior_id"] else None
            above, _ = self._exerciser(superior["superior_id"] if superior else None)
            people.append(Person(
                e["id"], pos["id"], pos["name"], pos["kind"], pos["is_head"], pos["unit_id"], unit["name"],
                unit["kind"], opd, bool(opd and pos["is_head"] and pos["unit_id"] == opd.unit_id), evaluator,
                pos["superior_id"] if evaluator else None, acting if evaluator else "", above,
                superior["superior_id"] if superior and above else None, variant=variant[pos["id"]]))
        depth = evaluation_depths({p.employee_id: p.evaluator_id for p in people})
        self.depth = depth
        people.sort(key=lambda p: (depth[p.employee_id], p.employee_id))
        seen: dict[int | None, int] = {}
        for p in people:
            p.rank = seen.get(p.evaluator_id, 0)
            seen[p.evaluator_id] = p.rank + 1
        return people

    def _statuses(self, people: list[Person]) -> dict[int, str]:
        evaluator = {p.employee_id: p.evaluator_id for p in people}
        has_subordinates = {p.evaluator_id for p in people}
        pegawai = self.logins.get(self.login_names.get("pegawai", ""))
        revisi = self.revisi
        penilai = self.logins.get(self.login_names.get("penilai", ""))
        forced: dict[int, str] = {}
        if revisi in evaluator and revisi != pegawai:
            forced[revisi] = REVISI_STATUS.get(self.slug, DRAFT)
        for login in (pegawai, revisi):
            if login in evaluator:
                node = evaluator[login]
                while node is not None and node not in forced:
                    forced[node] = APPROVED
                    node = evaluator.get(node)
        for login in self.logins.values():  # other logins with an SKP of their own: approved
            if login in evaluator and login not in forced:
                forced[login] = APPROVED
        colleague = next((p.employee_id for p in people if p.evaluator_id == penilai and p.employee_id != pegawai
                          and p.employee_id not in forced), None)
        if colleague is not None:
            forced[colleague] = SUBMITTED  # something for the penilai to approve or return
        status: dict[int, str] = {}
        for p in people:
            if p.employee_id in forced:
                status[p.employee_id] = forced[p.employee_id]
            elif p.evaluator_id is None:
                status[p.employee_id] = APPROVED
            else:
                status[p.employee_id] = pick_status(self.rng, status.get(p.evaluator_id, NONE),
                                                    leader=p.employee_id in has_subordinates)
                if self.running and status[p.employee_id] in (DRAFT, SUBMITTED, RETURNED) and self.rng.random() < 0.7:
                    status[p.employee_id] = APPROVED  # months after the deadline most have got there, late
                    self.late.add(p.employee_id)
        leaves = [p.employee_id for p in people if p.employee_id not in has_subordinates and p.employee_id
                  not in forced and status.get(p.evaluator_id) == APPROVED]
        self.rng.shuffle(leaves)
        for wanted in (REVISION, RETURNED, SUBMITTED, DRAFT, NONE):
            if (wanted == REVISION or wanted not in status.values()) and leaves:
                status[leaves.pop()] = wanted
        return status

    # --- dates (see clock.py) ---------------------------------------------------------------------
    @property
    def running(self) -> bool:
        """The planning weeks of the current period are over: open SKPs are recent business."""
        return self.today > rules.default_deadline(date(self.today.year, 1, 1)) + timedelta(days=30)

    def _at(self, day: date, rng: random.Random) -> datetime:
        """``day`` at a random office hour."""
        return self.clock.local(day, time(rng.randint(8, 15), rng.randint(0, 59)))

    def _ago(self, low: int, high: int, rng: random.Random) -> datetime:
        """A random office moment ``low``–``high`` days before today (this week's business; ``low`` ≥ 1, so
        the demo is the same whenever it is built during the day)."""
        return self.clock.days_ago(rng.randint(low, high), rng.randint(8, 15), rng.randint(0, 59))

    # --- build -----------------------------------------------------------------------------------
    def build(self) -> dict:
        self._load()
        opds = self._opds()
        region = pd.REGIONS.get(self.slug) or pd.generic_region(self.instance.name)
        current = self.year
        first, _last = pd.rpjmd_years(current)
        years = (current - 1, current) if current - 1 >= first else (current,)
        clock = self.clock
        with clock.at(clock.setup + timedelta(days=3)):  # the RPJMD and Renstra came with the launch
            summary: dict = write_plan(self.instance.pk, region, opds, current, self.rng, years=years,
                                       year_clock=lambda y: clock.at(min(clock.local(date(y - 1, 12, 16)),
                                                                         clock.cap)),
                                       sign_until=self.today - timedelta(days=1))
        people = self._people()
        if len(years) == 2:  # last year's SKPs, all approved, in a closed period: "copy from last period"
            rng = self.rng
            self.year, self.rng = current - 1, random.Random(f"kinerja-demo-skp:{self.slug}:{current - 1}")
            for o in opds:
                o.pk_items = o.pk_items_by_year[current - 1]
            summary["previous_year"] = self._write_year(people, dict.fromkeys(self.employees, APPROVED), closed=True)
            self.year, self.rng = current, rng
            for o in opds:
                o.pk_items = o.pk_items_by_year[current]
        status = self._statuses(people)
        summary.update(self._write_year(people, status, closed=False))
        summary["statuses"] = {s: sum(1 for x in status.values() if x == s) for s in sorted(set(status.values()))}
        from kinerja.audit.services import record

        with clock.at(clock.now):
            record("demo.skp", self.instance, actor=DEMO, instance_id=self.instance.pk, after=summary)
        return summary

    def _write_year(self, people: list[Person], status: dict[int, str], closed: bool) -> dict:
        """The period of ``self.year`` and its SKPs with their versions and audit events."""
        from kinerja.audit.services import build, record_many, snapshot
        from kinerja.skp.models import Period

        start, end = date(self.year, 1, 1), date(self.year, 12, 31)
        opened = self.clock.period_opened(self.year)
        with self.clock.at(opened):
            period, made = Period.objects.get_or_create(
                instance=self.instance, start_date=start, end_date=end,
                defaults={"name": str(self.year), "kind": rules.PeriodKind.ANNUAL.value, "year": self.year,
                          "deadline": rules.default_deadline(start), "is_closed": closed})
        self.period = period
        period_events = []
        if made:  # what skp.services.create_period and close_period record
            event = build("skp.period.create", period, actor=DEMO, after={**snapshot(period), "is_closed": False})
            event.at = opened
            period_events.append(event)
            if closed:  # closed after the year's annual evaluation, in the first days of the next year
                event = build("skp.period.close", period, actor=DEMO,
                              before={**snapshot(period), "is_closed": False}, after=snapshot(period))
                event.at = max(min(self.clock.local(date(self.year + 1, 1, 2), time(10, 0)), self.clock.cap), opened)
                period_events.append(event)
        heads = [p.employee_id for p in people if p.is_opd_head]
        skip_pk = heads[self.rng.randrange(len(heads))] if heads else None  # one IKU nobody carries
        pegawai = self.logins.get(self.login_names.get("pegawai", ""))
        written: dict[int, Written] = {}
        states: dict[int, SkpState] = {}
        steps: list[tuple] = []
        self.started: dict[int, datetime] = {}  # when each SKP was started (subordinates after superiors)
        with bulk.Pipeline() as pipeline:
            writer = SkpWriter(self.instance.pk, period.pk, self.now, pipeline, chunk=500)
            try:
                for p in people:
                    wanted = status.get(p.employee_id, NONE)
                    if wanted == NONE:
                        continue
                    state, person_steps = self._state(p, wanted, closed)
                    if state is None:
                        continue  # not started yet (early in the period)
                    rhks = content_for(p, skip_last_pk=p.employee_id == skip_pk)
                    unlinked = (wanted == DRAFT and self.rng.random() < 0.3
                                and p.employee_id not in (pegawai, self.revisi))
                    parents = self._parents(p, rhks, written, unlinked_first=unlinked)
                    full = state.filled
                    owner = p.opd.name if p.opd else p.unit_name
                    written[p.employee_id] = writer.add(p, state, rhks, parents, appendix_for(self.rng, owner, full),
                                                        expectations_for(self.rng, full))
                    states[p.employee_id] = state
                    steps.extend((p, *step) for step in person_steps)
                writer.flush()
            finally:
                writer.release()
            versions, events = self._history(steps, written, states)
            pipeline.insert(_version_model(), VERSION_FIELDS, versions)
        record_many(period_events + events)
        return {**writer.counts, "versions": len(versions), "year": self.year}

    def _state(self, p: Person, wanted: str, closed: bool) -> tuple[SkpState | None, list[tuple]]:
        """The SKP's status and dates, and its workflow steps: (action, status after, note, at, by).

        The steps are planned as the story goes (:meth:`_plan`), then cut at now: what would come
        later has not happened yet. None when even the start lies ahead."""
        rng = self.rng
        started, planned = self._plan(p, wanted, closed)
        boss_started = self.started.get(p.evaluator_id)
        if boss_started is not None:  # an RHK links to the superior's: their SKP came first
            started = max(started, boss_started + timedelta(minutes=30 + rng.randint(0, 600)))
        cap = self.clock.cap
        if started > cap:
            return None, []
        self.started[p.employee_id] = started
        steps, last = [], started
        for action, status, note, at, by in planned:
            at = max(at, last + timedelta(minutes=20 + rng.randint(0, 90)))
            if at > cap:
                break
            steps.append((action, status, note, at, by))
            last = at
        return self._settle(p, started, steps), steps

    def _plan(self, p: Person, wanted: str, closed: bool) -> tuple[datetime, list[tuple]]:
        """When the SKP was started and the steps it went through, before the cut at now."""
        rng, me, boss = self.rng, p.employee_id, p.evaluator_id
        period = self.period
        running = self.running and not closed
        pegawai = self.logins.get(self.login_names.get("pegawai", ""))
        late = running and (me in self.late or wanted in (DRAFT, SUBMITTED, RETURNED)) and me not in (pegawai,
                                                                                                     self.revisi)
        if late:  # started after the deadline, finished (or not) in the last weeks
            started = self._at(period.deadline + timedelta(days=rng.randint(20, 90)), rng)
            started = min(started, self._ago(25, 40, rng))
        else:  # early January, superiors first
            depth = self.depth.get(me, 0)
            started = self._at(period.start_date + timedelta(days=3 + 2 * depth + rng.randint(0, 3)), rng)
        if wanted == DRAFT and (not running or late):
            return (self._ago(2, 20, rng) if late else started), []
        reason = pd.RETURN_REASONS[rng.randrange(len(pd.RETURN_REASONS))]
        if late and wanted in (SUBMITTED, RETURNED):
            if wanted == SUBMITTED:
                return started, [("submit", SUBMITTED, "", self._ago(1, 6, rng), me)]
            returned = self._ago(1, 3, rng)
            return started, [("submit", SUBMITTED, "", returned - timedelta(days=rng.randint(1, 4)), me),
                             ("return", RETURNED, reason, returned, boss)]
        submitted = started + timedelta(days=rng.randint(1, 6), hours=rng.randint(0, 4))
        steps = [("submit", SUBMITTED, "", submitted, me)]
        if wanted == SUBMITTED and not running:
            return started, steps
        if wanted == RETURNED and not running:
            steps.append(("return", RETURNED, reason, submitted + timedelta(days=2, hours=1), boss))
            return started, steps
        if rng.random() < 0.2:  # returned once, fixed, then approved
            steps.append(("return", RETURNED, reason, submitted + timedelta(days=1), boss))
            submitted += timedelta(days=3)
            steps.append(("submit", SUBMITTED, "", submitted, me))
        approved = submitted + timedelta(days=rng.randint(1, 5), hours=rng.randint(0, 3))
        steps.append(("approve", APPROVED, "", approved, boss))
        revision = pd.REVISION_REASONS[rng.randrange(len(pd.REVISION_REASONS))]
        if running and me == self.revisi:  # this week: the approved SKP reopened for a change of duties
            if wanted == RETURNED:
                steps += [("revise", DRAFT, revision, self._ago(5, 6, rng), me),
                          ("submit", SUBMITTED, "", self._ago(3, 4, rng), me),
                          ("return", RETURNED, reason, self._ago(1, 1, rng), boss)]
            else:
                steps.append(("revise", DRAFT, revision, self._ago(2, 3, rng), me))
        elif wanted == REVISION or (running and wanted == DRAFT):
            at = self._ago(3, 25, rng) if running else approved + timedelta(days=rng.randint(3, 10))
            steps.append(("revise", DRAFT, revision, at, me))
        return started, steps

    def _settle(self, p: Person, started: datetime, steps: list[tuple]) -> SkpState:
        """The SKP's row after ``steps``: status, version, reasons and the dates they leave behind."""
        status, version = DRAFT, 0
        submitted = approved = None
        approved_by = None
        return_reason = revision_reason = ""
        for action, after, note, at, by in steps:
            status = after
            if action == "submit":
                submitted, return_reason = at, ""
            elif action == "return":
                return_reason = note
            elif action == "approve":
                version, approved, approved_by, revision_reason = version + 1, at, by, ""
            elif action == "revise":
                revision_reason = note
        last = steps[-1][3] if steps else started
        changed = None
        if self.revisi == p.employee_id and status != APPROVED:
            # the superior reworded an RHK after this one linked to it: the pegawai_revisi login is told
            changed = min(last + timedelta(hours=2), self.clock.cap)
        fresh = status == DRAFT and version == 0
        return SkpState(status, version=version, return_reason=return_reason if status == RETURNED else "",
                        revision_reason=revision_reason if status != APPROVED else "", submitted_at=submitted,
                        approved_at=approved, approved_by_id=approved_by if approved else None, filled=not fresh,
                        changed_parent_at=changed, created_at=started, updated_at=max(last, changed or last))

    def _parents(self, p: Person, rhks, written: dict[int, Written], unlinked_first: bool = False) -> list[int | None]:
        if p.position_kind == "JPT" or p.evaluator_id not in written:
            return [None] * len(rhks)
        above = [(rid, planned.text) for rid, planned, _parent, _ikis in written[p.evaluator_id].rhks
                 if planned.group == rules.Group.UTAMA]
        parents = []
        for i, planned in enumerate(rhks):
            if (planned.group == rules.Group.TAMBAHAN and self.rng.random() < 0.15) or (unlinked_first and i == 0):
                parents.append(None)  # an RHK that links to nothing (the alignment report shows it)
            else:
                parents.append(choose_parent(planned.text, above, p.rank + i, match=True))
        return parents

    # --- history: SkpVersion snapshots and audit events ------------------------------------------
    def _history(self, steps, written: dict[int, Written], states: dict[int, SkpState]):
        from kinerja.audit.services import build

        people = self.employees
        rhk_text = {rid: (planned.text, w.skp_id, emp) for emp, w in written.items()
                    for rid, planned, _p, _i in w.rhks}
        pk_info = {item.id: item for o in self.opd_of_path.values() for item in o.pk_items}
        versions, events = [], []
        for emp, w in written.items():  # "SKP started": what skp.services.create_skp records
            p_state = states[emp]
            event = build("skp.skp.create", actor=DEMO, instance_id=self.instance.pk, object_type="skp.skp",
                          object_id=w.skp_id,
                          object_label=f"SKP {self.period.name}: {_full(people[emp])}",
                          after={"id": w.skp_id, "period_id": self.period.pk, "employee_id": emp, "status": DRAFT,
                                 "version": 0})
            event.actor_id = self.users.get(emp)
            event.actor_label = _full(people[emp])
            event.at = p_state.created_at
            events.append(event)
        numbers: dict[int, int] = {}
        state_now: dict[int, dict] = {}
        for p, action, status, note, at, by in steps:
            w, state = written[p.employee_id], states[p.employee_id]
            number = numbers.get(w.skp_id, 0) + 1
            numbers[w.skp_id] = number
            before = state_now.get(w.skp_id) or self._header(w.skp_id, p, DRAFT, 0, "", "")
            version = before["version"] + (1 if action == "approve" else 0)
            after = self._header(w.skp_id, p, status, version, note if action == "return" else "",
                                 note if action == "revise" else "")
            state_now[w.skp_id] = after
            content = self._content(p, w, state, status, version, after, rhk_text, pk_info, at)
            by_user = self.users.get(by) if by is not None else None
            versions.append((self.instance.pk, at, at, w.skp_id, number, action, status, note, content,
                             by_user, at))
            actor = people.get(by)
            event = build(f"skp.skp.{action}", actor=DEMO, instance_id=self.instance.pk, object_type="skp.skp",
                          object_id=w.skp_id, object_label=f"SKP {self.period.name}: {_full(people[p.employee_id])}",
                          before=before, after=after)
            event.actor_id = by_user
            event.actor_label = _full(actor) if actor else event.actor_label
            event.at = at
            events.append(event)
        return versions, events

    def _header(self, skp_id: int, p: Person, status: str, version: int, return_reason: str,
                revision_reason: str) -> dict:
        return {"id": skp_id, "status": status, "version": version, "return_reason": return_reason,
                "revision_reason": revision_reason, "evaluator_id": p.evaluator_id, "position_id": p.position_id}

    def _content(self, p: Person, w: Written, state: SkpState, status: str, version: int, header: dict,
                 rhk_text, pk_info, at) -> dict:
        """The SKP as skp.services.serialize() shows it, at one workflow step (built from memory)."""
        period = self.period
        rhks = []
        for order, (rid, planned, parent, iki_ids) in enumerate(w.rhks, start=1):
            item = pk_info.get(planned.pk_indicator_id)
            parent_row = rhk_text.get(parent)
            rhks.append({
                "id": rid, "group": planned.group, "perspective": planned.perspective, "text": planned.text,
                "parent_id": parent, "pk_indicator_id": planned.pk_indicator_id, "order": order,
                "parent": None if parent_row is None else {
                    "id": parent, "text": parent_row[0], "skp_id": parent_row[1],
                    "employee": _full(self.employees[parent_row[2]])},
                "pk_indicator": None if item is None else {
                    "id": item.id, "name": item.iku.name, "measure_unit": item.iku.unit, "target": _num(item.target)},
                "parent_changed_at": None,
                "return_comment": "",
                "ikis": [_iki(iid, rid, k, iki) for k, (iid, iki) in enumerate(zip(iki_ids, planned.ikis,
                                                                                      strict=True), start=1)],
            })
        appendix = {kind.value: list(w.appendix.get(kind.value, [])) for kind in rules.AppendixKind}
        approved = bool(version)  # approved once: approved now, or in a revision since
        return {
            "id": w.skp_id, "instance_id": self.instance.pk, "kind": "jpt" if p.position_kind == "JPT" else "standard",
            "status": status, "version": version, "lock_version": 0, "set_by_admin": False,
            "return_reason": header["return_reason"], "revision_reason": header["revision_reason"],
            "submitted_at": _iso(state.submitted_at if state.submitted_at and state.submitted_at <= at else at),
            "approved_at": _iso(state.approved_at) if approved else None,
            "approved_by": self._person(p.evaluator_id) if approved else None,
            "period": {"id": self.period.pk, "name": period.name, "kind": period.kind, "year": period.year,
                       "start_date": period.start_date.isoformat(), "end_date": period.end_date.isoformat(),
                       "deadline": period.deadline.isoformat(), "is_closed": period.is_closed},
            "employee": self._person(p.employee_id),
            "position": {"id": p.position_id, "name": p.position_name, "kind": p.position_kind},
            "unit": {"id": p.unit_id, "name": p.unit_name},
            "evaluator": self._person(p.evaluator_id),
            "evaluator_position": self._position(p.evaluator_position_id),
            "evaluator_acting": p.evaluator_acting,
            "evaluator_superior": self._person(p.evaluator_superior_id),
            "evaluator_superior_position": self._position(p.evaluator_superior_position_id),
            "rhks": rhks,
            "appendix": appendix,
            "expectations": [{"value": v.code, "name": v.name, "guides": list(v.guides),
                              "guides_en": list(v.guides_en), "expectation": w.expectations.get(v.code, "")}
                             for v in rules.BERAKHLAK],
        }

    def _person(self, employee_id: int | None) -> dict | None:
        from kinerja.rules import grades

        e = self.employees.get(employee_id) if employee_id else None
        if e is None:
            return None
        return {"id": e["id"], "nip": e["nip"], "name": _full(e), "grade": e["grade"],
                "rank": grades.RANK_NAMES.get(e["grade"], "")}

    def _position(self, position_id: int | None) -> dict | None:
        pos = self.positions.get(position_id) if position_id else None
        return None if pos is None else {"id": pos["id"], "name": pos["name"], "kind": pos["kind"]}


def _version_model():
    from kinerja.skp.models import SkpVersion

    return SkpVersion


def _full(e: dict) -> str:
    name = f"{e['front_title']} {e['name']}".strip() if e["front_title"] else e["name"]
    return f"{name}, {e['back_title']}" if e["back_title"] else name


def _num(value):
    return None if value is None else format(value.normalize(), "f")


def _iso(value):
    return None if value is None else value.isoformat()


def _iki(iki_id: int, rhk_id: int, order: int, iki: pd.IkiSpec) -> dict:
    t = iki.target
    target = rules.Target(rules.TargetKind(t.kind), t.value, t.low, t.high, t.text, t.unit)
    return {"id": iki_id, "rhk_id": rhk_id, "aspect": iki.aspect, "text": iki.text, "target_kind": t.kind,
            "target_value": _num(t.value), "target_min": _num(t.low), "target_max": _num(t.high),
            "target_text": t.text, "measure_unit": t.unit, "lower_is_better": iki.lower_is_better, "order": order,
            "target_display": target.display()}


def ensure_demo_plans(specs: list[InstanceSpec], clock: DemoClock | None = None) -> None:
    """Give every demo instance of ``specs`` that has no plan yet its plan and SKPs (one transaction each)."""
    ensure_each(specs, clock, has_plan, lambda instance, spec, clock: build_demo_plan(instance, spec, clock=clock))
