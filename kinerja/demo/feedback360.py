"""The demo's 360 feedback (issue 10 items 3 and 8): last year's round closed and released, this year's open.

* **Last year** (closed in early November): an instance-wide round over the raters the application proposes
  from the org tree (kinerja.feedback360.services.proposals). As the app leaves it at closing
  (FEEDBACK360_PURGE_ON_CLOSE, on by default): the assignments keep only the ratee, the relation and whether it
  was answered — **no rater** —, and the responses carry no rater, no assignment, no timestamp and a random key.
  Most colleagues answered, so most employees have their results released (at least the round's minimum of
  answers); some were asked by too few colleagues and show nothing but the count.
* **This year** (open until Friday of next week): the same proposal for this year's period; about half the
  questionnaires are answered. While the round is open the app keeps the rater on the assignment (it needs
  it to stop a second answer), so these do; the responses, as always, do not. The pegawai login has
  questionnaires still to answer (and one done); the penilai login too.

Written in bulk (kinerja.core.bulk), dated by the demo clock, deterministic (a seeded generator, and UUIDs
drawn from it).
"""

from __future__ import annotations

import random
import uuid
from collections import Counter
from datetime import date, time, timedelta

from kinerja.core import bulk
from kinerja.rules.skp import BERAKHLAK_CODES

from .clock import DemoClock, ensure_each, record_summary
from .spec import InstanceSpec

COMMENTS = [
    "Selalu siap membantu rekan kerja ketika pekerjaan menumpuk.",
    "Komunikasi dengan masyarakat ramah dan jelas.",
    "Perlu lebih tepat waktu dalam menyampaikan laporan.",
    "Mau belajar hal baru dan berbagi pengetahuan dengan tim.",
    "Koordinasi lintas seksi sudah baik; pertahankan.",
    "Sebaiknya lebih terbuka menerima masukan dalam rapat.",
]


def next_week_friday(today: date) -> date:
    return today + timedelta(days=7 - today.weekday() + 4)


class _Demo360:
    def __init__(self, instance, spec: InstanceSpec, clock: DemoClock):
        self.instance, self.spec, self.clock = instance, spec, clock
        self.today = clock.today
        self.rng = random.Random(f"kinerja-demo-360:{spec.slug}:{self.today.year}")
        self.counts: Counter = Counter()

    def moment(self, day: date, hour: int = 9):
        return min(self.clock.local(day, time(hour, 0)), self.clock.cap)

    def uuid(self) -> uuid.UUID:
        return uuid.UUID(int=self.rng.getrandbits(128), version=4)

    def _load(self) -> bool:
        from kinerja.accounts.models import User
        from kinerja.skp.models import Period

        periods = list(Period.objects.filter(instance=self.instance).order_by("start_date"))
        self.current = next((p for p in periods if p.start_date <= self.today <= p.end_date), None)
        self.previous = next((p for p in reversed(periods) if p.end_date < self.today), None)
        names = {login.role: login.username for login in self.spec.logins}
        logins = dict(User.objects.filter(instance=self.instance, username__in=list(names.values()))
                      .values_list("username", "employee_id"))
        self.pegawai = logins.get(names.get("pegawai", ""))
        self.penilai = logins.get(names.get("penilai", ""))
        self.admin_user = (User.objects.filter(instance=self.instance, username=names.get("admin_bkpsdm", ""))
                           .values_list("id", flat=True).first())
        return self.current is not None or self.previous is not None

    def _round(self, period, name: str, opens: date, closes: date, status: str, created, updated, **extra):
        from kinerja.feedback360.models import Round

        round_ = Round(instance_id=self.instance.pk, period_id=period.pk, name=name, opens_on=opens, closes_on=closes,
                       status=status, created_by_id=self.admin_user, **extra)
        bulk.create_objects(Round, [round_], created)
        if updated != created:
            Round.objects.filter(pk=round_.pk).update(updated_at=updated)
        return round_

    def _scores(self, quality: float) -> dict[str, int]:
        return {code: max(1, min(5, round(self.rng.gauss(quality, 0.6)))) for code in BERAKHLAK_CODES}

    def _responses(self, round_, answered: list[tuple[int, float]]) -> list:
        """One anonymous response per answered questionnaire (ratee, quality), in a random order."""
        from kinerja.feedback360.models import Response

        self.rng.shuffle(answered)
        rows = []
        for ratee, quality in answered:
            comment = self.rng.choice(COMMENTS) if self.rng.random() < 0.3 else ""
            rows.append(Response(id=self.uuid(), instance_id=self.instance.pk, round_id=round_.pk, ratee_id=ratee,
                                 comment=comment, **self._scores(quality)))
        return rows

    def closed_round(self) -> None:
        """Last year's round: closed, shuffled, the rater links purged (as close_round leaves it)."""
        from kinerja.feedback360.models import Assignment, Response, RoundStatus
        from kinerja.feedback360.services import proposals, purge_on_close

        period = self.previous
        year = period.start_date.year
        opens, closes = date(year, 10, 1), date(year, 10, 31)
        closed_at = self.moment(date(year, 11, 3), 10)
        purge = purge_on_close()
        round_ = self._round(period, f"Umpan Balik 360 Tahun {year}", opens, closes, RoundStatus.CLOSED,
                             self.moment(date(year, 9, 22)), closed_at, closed_at=closed_at, raters_purged=purge,
                             min_responses=3)
        rows = proposals(round_, closes)
        invited = Counter(ratee for ratee, _rater, _rel in rows)
        quality = {ratee: self.rng.uniform(3.4, 4.6) for ratee in invited}
        assignments, answered = [], []
        for ratee, rater, relation in rows:
            # the demo logins and most colleagues answered; a few questionnaires went unanswered
            sure = ratee in (self.pegawai, self.penilai) and invited[ratee] >= round_.min_responses
            done = sure or self.rng.random() < 0.82
            assignments.append(Assignment(instance_id=self.instance.pk, round_id=round_.pk, ratee_id=ratee,
                                          rater_id=None if purge else rater, relation=relation, answered=done))
            if done:
                answered.append((ratee, quality[ratee]))
        bulk.create_objects(Assignment, assignments, self.moment(date(year, 9, 25)))
        responses = self._responses(round_, answered)
        bulk.insert_objects(Response, responses, Response._meta.concrete_fields)
        per = Counter(r.ratee_id for r in responses)
        self.counts["previous_round_assignments"] = len(assignments)
        self.counts["previous_round_responses"] = len(responses)
        self.counts["previous_round_released"] = sum(1 for n in per.values() if n >= round_.min_responses)

    def open_round(self) -> None:
        """This year's round: open until Friday of next week, about half answered; the rater kept (open)."""
        from kinerja.feedback360.models import Assignment, Response, RoundStatus
        from kinerja.feedback360.services import proposals

        period = self.current
        opens = self.today - timedelta(days=12)
        closes = next_week_friday(self.today)
        round_ = self._round(period, f"Umpan Balik 360 Tahun {period.start_date.year}", opens, closes,
                             RoundStatus.OPEN, self.moment(opens - timedelta(days=5)), self.moment(opens, 8),
                             min_responses=3)
        rows = proposals(round_, self.today)
        quality = {ratee: self.rng.uniform(3.4, 4.6) for ratee, _r, _rel in rows}
        assignments, answered = [], []
        mine = [i for i, (_ratee, rater, _rel) in enumerate(rows) if rater == self.pegawai]
        for i, (ratee, rater, relation) in enumerate(rows):
            if rater == self.pegawai:
                done = len(mine) > 1 and i == mine[0]  # one done, the others still to answer this week
            elif rater == self.penilai:
                done = self.rng.random() < 0.3
            else:
                done = self.rng.random() < 0.5
            assignments.append(Assignment(instance_id=self.instance.pk, round_id=round_.pk, ratee_id=ratee,
                                          rater_id=rater, relation=relation, answered=done))
            if done:
                answered.append((ratee, quality[ratee]))
        assignments += self._extra_tasks(round_, rows)
        bulk.create_objects(Assignment, assignments, self.moment(opens - timedelta(days=3)))
        responses = self._responses(round_, answered)
        bulk.insert_objects(Response, responses, Response._meta.concrete_fields)
        self.counts["open_round_assignments"] = len(assignments)
        self.counts["open_round_answered"] = len(responses)
        self.counts["pegawai_pending"] = sum(1 for a in assignments if a.rater_id == self.pegawai and not a.answered)

    def _extra_tasks(self, round_, rows) -> list:
        """Where the org tree gives the pegawai login fewer than two colleagues to rate, the HR admin added
        colleagues of their unit, then of the unit above (as the app lets the admin do): two questionnaires
        still to answer."""
        from kinerja.feedback360.models import Assignment, Relation
        from kinerja.people.models import Employee

        if self.pegawai is None:
            return []
        pending = sum(1 for ratee, rater, _rel in rows if rater == self.pegawai) - 1
        if pending >= 2:
            return []
        unit = Employee.objects.select_related("unit").get(pk=self.pegawai).unit
        parent_path = unit.path[:-unit.steplen] if unit.depth > 1 else unit.path
        taken = {ratee for ratee, rater, _rel in rows if rater == self.pegawai} | {self.pegawai}
        nearby = (Employee.objects.filter(instance_id=self.instance.pk, unit__path__startswith=parent_path,
                                          is_active=True, position__isnull=False)
                  .values_list("pk", "unit_id", "nip"))
        ordered = sorted(nearby, key=lambda row: (row[1] != unit.pk, row[2]))  # the own unit first
        colleagues = [pk for pk, _unit, _nip in ordered if pk not in taken][:2 - max(pending, 0)]
        self.counts["admin_added"] = len(colleagues)
        return [Assignment(instance_id=self.instance.pk, round_id=round_.pk, ratee_id=pk, rater_id=self.pegawai,
                           relation=Relation.PEER, answered=False, added_by_admin=True) for pk in colleagues]

    def write(self) -> dict:
        if not self._load():
            return {}
        if self.previous is not None:
            self.closed_round()
        if self.current is not None and self.current.start_date <= self.today - timedelta(days=12):
            self.open_round()
        return dict(self.counts)


def has_feedback360(instance) -> bool:
    from kinerja.feedback360.models import Round

    return Round.objects.filter(instance=instance).exists()


def build_demo_feedback360(instance, spec: InstanceSpec, clock: DemoClock | None = None) -> dict:
    clock = clock or DemoClock()
    return record_summary("demo.feedback360", instance, _Demo360(instance, spec, clock).write(), clock)


def ensure_demo_feedback360(specs: list[InstanceSpec], clock: DemoClock) -> None:
    """The 360 rounds of every demo instance that has none yet."""
    ensure_each(specs, clock, has_feedback360, build_demo_feedback360)

