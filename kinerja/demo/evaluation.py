"""The demo's evaluations (issue 10 item 8): a closed, calibrated previous year and the current year in progress.

* **The previous year** (closed): every approved SKP has its annual evaluation, final and acknowledged in
  January; each OPD has its organisation predikat (mostly Baik, one Istimewa per city) and a locked
  calibration whose employee predikat fit the distribution curve (checked with kinerja.rules.evaluation.curve
  while writing); a few predikat were changed in the calibration meeting, and one appeal was granted.
* **This year** (open): the quarterly evaluations of the quarters that have ended, suggested from each
  employee's achievement (kinerja.progress EmployeeAchievement), final and acknowledged, except for the latest
  quarter of the penilai login's team: some still drafts, and the pegawai login's waiting for their
  acknowledgement — so both have something to do this week.

Everything is written in bulk (kinerja.core.bulk), dated with the demo clock, and the rules decide every
predikat, so the data is what the application itself would compute.
"""

from __future__ import annotations

import random
from collections import Counter, defaultdict
from datetime import date, time, timedelta
from decimal import Decimal

from kinerja.rules.evaluation import curve, schemes, suggest
from kinerja.rules.evaluation.ratings import OrgPredikat, Predikat, Rating
from kinerja.rules.skp import BERAKHLAK

from .clock import DemoClock, create_at_own_moments, ensure_each, record_summary
from .spec import InstanceSpec

# the ratings behind each predikat under PermenPANRB 6/2022 (hasil, perilaku)
RATINGS_FOR = {
    Predikat.SANGAT_BAIK: (Rating.ABOVE, Rating.ABOVE),
    Predikat.BAIK: (Rating.MEETS, Rating.MEETS),
    Predikat.BUTUH_PERBAIKAN: (Rating.BELOW, Rating.MEETS),
    Predikat.KURANG: (Rating.MEETS, Rating.BELOW),
    Predikat.SANGAT_KURANG: (Rating.BELOW, Rating.BELOW),
}
FEEDBACK = {
    Rating.ABOVE: "Menjadi teladan bagi rekan kerja; terus pertahankan.",
    Rating.MEETS: "Sudah sesuai harapan.",
    Rating.BELOW: "Perlu ditingkatkan; dibahas dalam dialog kinerja berikutnya.",
}
CALIBRATION_REASON = ("Rapat kalibrasi: capaian RHK triwulan IV di bawah target dan bukti dukung tidak lengkap; "
                      "disesuaikan agar sebaran predikat unit sesuai kurva distribusi.")
APPEAL_REASON = ("Capaian indikator layanan sudah 100% menurut laporan Desember yang diterima setelah rapat "
                 "kalibrasi; mohon predikat ditinjau kembali.")
APPEAL_DECISION = "Keberatan diterima: laporan Desember yang sah menunjukkan target tercapai."
NOTES_EVALUATOR = "Kinerja tahun ini baik. Fokus tahun depan: ketepatan waktu laporan dan dokumentasi kegiatan."


def _quarters(year: int):
    for q in range(4):
        start = date(year, 3 * q + 1, 1)
        end = (date(year, 3 * q + 4, 1) if q < 3 else date(year + 1, 1, 1)) - timedelta(days=1)
        yield q + 1, start, end


def _target_shares(org: OrgPredikat) -> list[tuple[Predikat, float]]:
    if org == OrgPredikat.ISTIMEWA:
        return [(Predikat.SANGAT_BAIK, 0.55), (Predikat.BAIK, 0.40), (Predikat.BUTUH_PERBAIKAN, 0.05)]
    return [(Predikat.BAIK, 0.62), (Predikat.SANGAT_BAIK, 0.22), (Predikat.BUTUH_PERBAIKAN, 0.12),
            (Predikat.KURANG, 0.04)]


def _distribute(org: OrgPredikat, n: int) -> list[Predikat]:
    """Predikat for ``n`` employees of an organisation of predikat ``org`` that fit the curve (when it can)."""
    counts = {p: int(round(share * n)) for p, share in _target_shares(org)}
    main = Predikat.SANGAT_BAIK if org == OrgPredikat.ISTIMEWA else Predikat.BAIK
    counts[main] += n - sum(counts.values())
    if org == OrgPredikat.BAIK and n >= 2 and counts.get(Predikat.BUTUH_PERBAIKAN, 0) + counts.get(
            Predikat.KURANG, 0) == 0:
        counts[Predikat.BUTUH_PERBAIKAN] = 1
        counts[main] -= 1
    for _ in range(n):  # move people towards the main predikat until the caps hold
        found = curve.check(org, counts)
        if found.ok or not found.feasible:
            break
        over = max((p for p in counts if p != main), key=lambda p: counts[p])
        cap = found.violations[0]
        if main in cap.constraint.predikats and counts[main] > 1:
            counts[main] -= 1
            counts[over if over != main else Predikat.BAIK] += 1
        elif counts[over] > 0:
            counts[over] -= 1
            counts[main] += 1
    out = [p for p, c in counts.items() for _ in range(max(c, 0))]
    return out[:n]


class _DemoEvaluation:
    def __init__(self, instance, spec: InstanceSpec, clock: DemoClock):
        self.instance, self.spec, self.clock = instance, spec, clock
        self.today = clock.today
        self.rng = random.Random(f"kinerja-demo-evaluation:{spec.slug}:{self.today.year}")
        self.counts: Counter = Counter()
        self.evaluations: list = []
        self.behaviour: list = []
        self.changes: list = []

    def moment(self, day: date, hour: int = 9):
        return min(self.clock.local(day, time(hour, 0)), self.clock.cap)

    # --- what exists --------------------------------------------------------------------------------
    def _load(self) -> bool:
        from kinerja.accounts.models import User
        from kinerja.organization.models import OPD_KINDS, Unit
        from kinerja.skp.models import Period, Skp

        periods = list(Period.objects.filter(instance=self.instance).order_by("start_date"))
        self.current = next((p for p in periods if p.start_date <= self.today <= p.end_date), None)
        self.previous = next((p for p in reversed(periods) if p.end_date < self.today and p.is_closed), None)
        units = list(Unit.objects.filter(instance=self.instance).values("id", "path", "kind"))
        opds = sorted(((u["path"], u["id"]) for u in units if u["kind"] in OPD_KINDS), key=lambda x: -len(x[0]))
        self.opd_of = {}
        for u in units:
            self.opd_of[u["id"]] = next((pk for path, pk in opds if u["path"].startswith(path)), None)
        fields = ("id", "employee_id", "unit_id", "position_id", "evaluator_id", "evaluator_acting",
                  "evaluator_superior_id", "period_id", "approved_at")
        self.skps = defaultdict(list)
        for s in (Skp.objects.filter(instance=self.instance, version__gte=1)
                  .filter(period__in=[p for p in (self.previous, self.current) if p is not None])
                  .order_by("unit_id", "employee_id").values(*fields)):
            self.skps[s["period_id"]].append(s)
        names = {login.role: login.username for login in self.spec.logins}
        logins = dict(User.objects.filter(instance=self.instance, username__in=list(names.values()))
                      .values_list("username", "employee_id"))
        self.users = dict(User.objects.filter(instance=self.instance, employee__isnull=False)
                          .values_list("employee_id", "id"))
        self.admin_user = (User.objects.filter(instance=self.instance, username=names.get("admin_bkpsdm", ""))
                           .values_list("id", flat=True).first())
        self.pegawai = logins.get(names.get("pegawai", ""))
        self.penilai = logins.get(names.get("penilai", ""))
        return bool(self.skps)

    def _evaluation(self, skp: dict, period, kind: str, start: date, end: date, **values):
        from kinerja.evaluation.models import Evaluation

        e = Evaluation(instance_id=self.instance.pk, period_id=period.pk, skp_id=skp["id"],
                       employee_id=skp["employee_id"], unit_id=skp["unit_id"], position_id=skp["position_id"],
                       kind=kind, window_start=start, window_end=end, scheme=period.scoring_scheme,
                       evaluator_id=skp["evaluator_id"], evaluator_acting=skp["evaluator_acting"] or "", **values)
        self.evaluations.append(e)
        return e

    def _behaviour(self, e, perilaku: Rating) -> None:
        from kinerja.evaluation.models import BehaviourRating

        below = self.rng.randrange(len(BERAKHLAK)) if perilaku == Rating.BELOW else None
        above = {self.rng.randrange(len(BERAKHLAK))} if perilaku == Rating.MEETS else set()
        for i, value in enumerate(BERAKHLAK):
            rating = perilaku
            if perilaku == Rating.BELOW and i != below:
                rating = Rating.MEETS
            elif i in above:
                rating = Rating.ABOVE
            self.behaviour.append(BehaviourRating(instance_id=self.instance.pk, evaluation=e, value=value.code,
                                                  rating=rating, feedback=FEEDBACK[rating] if i % 3 == 0 else "",
                                                  created_at=e.created_at, updated_at=e.updated_at))

    def _unrated_behaviour(self, e) -> None:
        """A draft's seven BerAKHLAK rows, not rated yet, as ``start_evaluations`` writes them: the evaluator's
        ratings are saved into them (a draft without them could never be rated)."""
        from kinerja.evaluation.models import BehaviourRating

        for value in BERAKHLAK:
            self.behaviour.append(BehaviourRating(instance_id=self.instance.pk, evaluation=e, value=value.code,
                                                  created_at=e.created_at, updated_at=e.updated_at))

    # --- the closed year ------------------------------------------------------------------------------
    def previous_year(self) -> None:
        from kinerja.evaluation.models import Appeal, Calibration, PredikatChange, UnitRating

        period = self.previous
        if period is None or not self.skps.get(period.pk):
            return
        year = self.today.year if period.end_date.year < self.today.year else period.end_date.year + 1
        final_day, lock_day = date(year, 1, 12), date(year, 1, 22)
        by_opd = defaultdict(list)
        for skp in self.skps[period.pk]:
            by_opd[self.opd_of.get(skp["unit_id"])].append(skp)
        unit_ratings, calibrations = [], []
        appeal_done = False
        for n, (opd, skps) in enumerate(sorted(by_opd.items(), key=lambda kv: (kv[0] is None, kv[0] or 0))):
            if opd is None:
                continue
            org = OrgPredikat.ISTIMEWA if n == 0 else OrgPredikat.BAIK
            achievement = Decimal("112.40") if org == OrgPredikat.ISTIMEWA else Decimal(100 + self.rng.randrange(-8, 8))
            unit_ratings.append(UnitRating(
                instance_id=self.instance.pk, period_id=period.pk, unit_id=opd, achievement=achievement,
                suggested=suggest.suggest_org_predikat(achievement) or org, predikat=org,
                reason="", set_by_id=self.admin_user,
                created_at=self.moment(date(year, 1, 8)), updated_at=self.moment(date(year, 1, 8))))
            calibrations.append(Calibration(
                instance_id=self.instance.pk, period_id=period.pk, unit_id=opd, status="locked",
                notes="Rapat kalibrasi bersama kepala unit dan BKPSDM; sebaran sesuai kurva distribusi.",
                locked_at=self.moment(lock_day, 15), locked_by_id=self.admin_user,
                created_at=self.moment(lock_day, 9), updated_at=self.moment(lock_day, 15)))
            final = _distribute(org, len(skps))
            self.rng.shuffle(final)
            # the calibration meeting lowered one proposal (Baik → Butuh Perbaikan) where the curve asked for it
            changed = next((i for i, p in enumerate(final) if p == Predikat.BUTUH_PERBAIKAN
                            and skps[i]["employee_id"] not in (self.pegawai, self.penilai)), None)
            for i, skp in enumerate(skps):
                predikat = final[i]
                proposed = Predikat.BAIK if i == changed else predikat
                hasil, perilaku = RATINGS_FOR[Predikat(proposed)]
                result = schemes.evaluate(period.scoring_scheme, hasil=hasil, perilaku=perilaku)
                assert result.predikat == proposed, (proposed, result.predikat)
                e = self._evaluation(
                    skp, period, "annual", period.start_date, period.end_date, status="acknowledged",
                    achievement=Decimal(95 + self.rng.randrange(0, 20)), suggested_result=hasil,
                    result_rating=hasil, behaviour_rating=perilaku, proposed_predikat=proposed,
                    predikat=predikat, evaluator_notes=NOTES_EVALUATOR,
                    finalised_at=self.moment(final_day, 10), acknowledged_at=self.moment(final_day + timedelta(days=2)),
                    locked_at=self.moment(lock_day, 15),
                    created_at=self.moment(final_day - timedelta(days=5)), updated_at=self.moment(lock_day, 15))
                self._behaviour(e, perilaku)
                if i == changed:
                    new_hasil, new_perilaku = RATINGS_FOR[Predikat(predikat)]
                    e.result_rating, e.behaviour_rating = new_hasil, new_perilaku
                    self.changes.append(PredikatChange(
                        instance_id=self.instance.pk, evaluation=e, source="calibration", from_predikat=proposed,
                        to_predikat=predikat, from_result=hasil, to_result=new_hasil, from_behaviour=perilaku,
                        to_behaviour=new_perilaku, reason=CALIBRATION_REASON, by_id=self.admin_user,
                        created_at=self.moment(lock_day, 14), updated_at=self.moment(lock_day, 14)))
                    self.counts["calibration_changes"] += 1
                elif (not appeal_done and predikat == Predikat.BUTUH_PERBAIKAN and skp["evaluator_superior_id"]
                      and skp["employee_id"] not in (self.pegawai, self.penilai)):
                    appeal_done = True
                    self._appeal = (e, skp, lock_day)
            self.counts["calibrations"] += 1
        create_at_own_moments(UnitRating, unit_ratings)
        create_at_own_moments(Calibration, calibrations)
        self.counts["unit_ratings"] += len(unit_ratings)
        if getattr(self, "_appeal", None):
            e, skp, lock_day = self._appeal
            filed, decided = lock_day + timedelta(days=4), lock_day + timedelta(days=11)
            e.predikat = Predikat.BAIK
            e.result_rating = Rating.MEETS
            self._appeals = [Appeal(
                instance_id=self.instance.pk, evaluation=e, filed_by_id=self.users.get(skp["employee_id"]),
                reason=APPEAL_REASON, requested_predikat=Predikat.BAIK, status="upheld",
                decider_id=skp["evaluator_superior_id"], decided_at=self.moment(decided, 11),
                decision_reason=APPEAL_DECISION, new_predikat=Predikat.BAIK,
                created_at=self.moment(filed, 10), updated_at=self.moment(decided, 11))]
            self.changes.append(PredikatChange(
                instance_id=self.instance.pk, evaluation=e, source="appeal", from_predikat=Predikat.BUTUH_PERBAIKAN,
                to_predikat=Predikat.BAIK, from_result=Rating.BELOW, to_result=Rating.MEETS,
                from_behaviour=e.behaviour_rating, to_behaviour=e.behaviour_rating, reason=APPEAL_DECISION,
                by_id=self.users.get(skp["evaluator_superior_id"]),
                created_at=self.moment(decided, 11), updated_at=self.moment(decided, 11)))
            self.counts["appeals"] += 1

    # --- this year ----------------------------------------------------------------------------------
    def current_year(self) -> None:
        from kinerja.progress.models import EmployeeAchievement

        period = self.current
        if period is None or not self.skps.get(period.pk):
            return
        ended = [(q, s, e) for q, s, e in _quarters(period.start_date.year) if e < self.today]
        if not ended:
            return
        skp_ids = [s["id"] for s in self.skps[period.pk]]
        achieved = defaultdict(dict)  # skp → month start → achievement (cumulative up to that month)
        for row in (EmployeeAchievement.objects.filter(skp_id__in=skp_ids)
                    .values_list("skp_id", "period_start", "achievement")):
            achieved[row[0]][row[1]] = row[2]
        latest_q = ended[-1][0]
        drafts_left = 1
        for skp in self.skps[period.pk]:
            team = skp["evaluator_id"] == self.penilai and self.penilai is not None
            for q, start, end in ended:
                months = {d: a for d, a in achieved[skp["id"]].items() if d <= end and a is not None}
                value = months[max(months)] if months else None
                if value is None:
                    value = Decimal(88 + self.rng.randrange(0, 25))
                hasil = suggest.suggest_hasil_rating(value) or Rating.MEETS
                perilaku = Rating.ABOVE if self.rng.random() < 0.2 else Rating.MEETS
                result = schemes.evaluate(period.scoring_scheme, hasil=hasil, perilaku=perilaku)
                final_day = end + timedelta(days=10)
                status, finalised, acknowledged = "acknowledged", self.moment(final_day, 10), self.moment(
                    final_day + timedelta(days=2), 14)
                if q == latest_q and team:
                    if skp["employee_id"] == self.pegawai:
                        status, acknowledged = "final", None
                        finalised = self.moment(self.today - timedelta(days=2), 10)
                    elif drafts_left > 0 or self.rng.random() < 0.5:  # at least one draft when the team allows
                        drafts_left -= 1
                        status, finalised, acknowledged = "draft", None, None
                created = self.moment(end + timedelta(days=3))
                e = self._evaluation(
                    skp, period, "periodic", start, end, status=status, achievement=value, suggested_result=hasil,
                    result_rating=hasil if status != "draft" or self.rng.random() < 0.5 else "",
                    behaviour_rating=perilaku if status != "draft" else "",
                    proposed_predikat=result.predikat if status != "draft" else "",
                    predikat=result.predikat if status != "draft" else "",
                    finalised_at=finalised, acknowledged_at=acknowledged,
                    created_at=created, updated_at=acknowledged or finalised or created)
                if status != "draft":
                    self._behaviour(e, perilaku)
                else:
                    self._unrated_behaviour(e)
                self.counts[f"periodic_{status}"] += 1
            if team and self.today.month == 12:
                # December: the penilai has started the team's annual evaluations this week (drafts to finish)
                created = self.moment(self.today - timedelta(days=3), 9)
                value = max(achieved[skp["id"]].items())[1] if achieved[skp["id"]] else None
                e = self._evaluation(skp, period, "annual", period.start_date, period.end_date, status="draft",
                                     achievement=value, suggested_result=suggest.suggest_hasil_rating(value) or "",
                                     created_at=created, updated_at=created)
                self._unrated_behaviour(e)
                self.counts["annual_draft"] += 1

    def write(self) -> dict:
        from kinerja.evaluation.models import Appeal, BehaviourRating, Evaluation, PredikatChange

        if not self._load():
            return {}
        self.previous_year()
        self.current_year()
        create_at_own_moments(Evaluation, self.evaluations)
        for row in self.behaviour:
            row.evaluation_id = row.evaluation.pk
        for row in self.changes:
            row.evaluation_id = row.evaluation.pk
        create_at_own_moments(BehaviourRating, self.behaviour)
        create_at_own_moments(PredikatChange, self.changes)
        appeals = getattr(self, "_appeals", [])
        for row in appeals:
            row.evaluation_id = row.evaluation.pk
        create_at_own_moments(Appeal, appeals)
        self.counts["evaluations"] = len(self.evaluations)
        return dict(self.counts)


def has_evaluations(instance) -> bool:
    from kinerja.evaluation.models import Evaluation

    return Evaluation.objects.filter(instance=instance).exists()


def build_demo_evaluation(instance, spec: InstanceSpec, clock: DemoClock | None = None) -> dict:
    """Write the evaluations of ``instance`` (see the module's text) and record one demo audit event."""
    clock = clock or DemoClock()
    return record_summary("demo.evaluation", instance, _DemoEvaluation(instance, spec, clock).write(), clock)


def ensure_demo_evaluation(specs: list[InstanceSpec], clock: DemoClock) -> None:
    """The evaluations of every demo instance that has SKPs but no evaluation yet."""
    ensure_each(specs, clock, has_evaluations, build_demo_evaluation)
