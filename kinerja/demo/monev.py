"""The demo's monitoring and evaluation team (tim monev; issue 10 items 5 and 8).

* **The team**: a chair, a secretary and members drawn from the demo employees of the regional secretariat
  and the health office's secretariat, members since the instance went live. The secretary is the monev demo
  login's employee (``<city>.monev``, the secretariat's policy analyst; world.py): an active member holding the
  monev role, so the login reads the round and writes (sessions, findings, recommendations) as the team does.
* **This quarter's round** over the health office and the kecamatan of the demo logins, started four weeks ago
  and open: interviews (the pegawai login; a puskesmas employee who misses targets) and discussions (the
  puskesmas, the penilai login's unit, the kecamatan) with notes and structured findings.
* **Recommendations** with owners among the demo logins' units — the pegawai login's employee, the penilai
  login's unit, the kecamatan (the admin_opd login's unit) and the puskesmas: two done, two in progress (one
  due this week, the pegawai's), one overdue, one open; each step kept in the trail.
* **Training needs** kept structured for the development app: extra training for the puskesmas staff whose
  achievement (kinerja.progress EmployeeAchievement) misses the target.

Written in bulk (kinerja.core.bulk), dated by the demo clock, deterministic.
"""

from __future__ import annotations

from collections import Counter
from datetime import date, time, timedelta
from decimal import Decimal

from kinerja.core import bulk

from .clock import DemoClock, create_at_own_moments, ensure_each, record_summary
from .spec import InstanceSpec

MISSES = Decimal(90)  # below this achievement an employee misses the target (the "meets" suggestion threshold)


class _DemoMonev:
    def __init__(self, instance, spec: InstanceSpec, clock: DemoClock):
        self.instance, self.spec, self.clock = instance, spec, clock
        self.today = clock.today
        self.counts: Counter = Counter()
        self.sessions: list = []
        self.findings: list = []
        self.recs: list = []
        self.updates: list = []
        self.participants: list = []  # (session, employee id)
        self.needs: list = []
        self.need_targets: list = []  # (need, employee id)
        self.links: list = []

    def moment(self, day: date, hour: int = 10):
        return min(self.clock.local(day, time(hour, 0)), self.clock.cap)

    def ago(self, days: int) -> date:
        return self.today - timedelta(days=days)

    # --- what exists --------------------------------------------------------------------------------
    def _load(self) -> bool:
        from kinerja.accounts.models import User
        from kinerja.organization.models import Unit, UnitKind
        from kinerja.people.models import Employee
        from kinerja.progress.models import EmployeeAchievement
        from kinerja.skp.models import Period

        self.period = (Period.objects.filter(instance=self.instance, start_date__lte=self.today,
                                             end_date__gte=self.today).first())
        if self.period is None or self.today - self.period.start_date < timedelta(days=35):
            return False  # the first weeks of a year: no round yet
        names = {login.role: login.username for login in self.spec.logins}
        users = {u.username: u for u in User.objects.filter(instance=self.instance, username__in=names.values())}
        self.employees = {e.pk: e for e in Employee.objects.filter(
            instance=self.instance, is_active=True, position__isnull=False).select_related("unit", "position")}
        self.pegawai = self.employees.get(getattr(users.get(names.get("pegawai")), "employee_id", None))
        self.penilai = self.employees.get(getattr(users.get(names.get("penilai")), "employee_id", None))
        self.pimpinan = getattr(users.get(names.get("pimpinan")), "employee_id", None)
        admin_opd = users.get(names.get("admin_opd"))
        self.admin_user = getattr(users.get(names.get("admin_bkpsdm")), "pk", None)
        units = list(Unit.objects.filter(instance=self.instance).order_by("path"))
        self.by_path = {u.path: u for u in units}
        opds = [u for u in units if u.is_opd]
        puskesmas = [u for u in units if u.kind == UnitKind.PUSKESMAS]
        if self.pegawai is None or self.penilai is None or not puskesmas:
            return False
        self.puskesmas = puskesmas[0]
        self.dinkes = self._opd_of(self.puskesmas, opds)
        self.login_opd = self._opd_of(self.pegawai.unit, opds)
        from kinerja.accounts import scope

        opd_paths = scope.get_scope(admin_opd).change_paths if admin_opd is not None else []
        self.admin_opd_unit = next((self.by_path[p] for p in opd_paths if p in self.by_path), self.login_opd)
        setda = next((u for u in opds if u.kind == UnitKind.SETDA), None)
        # achievement: each employee's latest month of this period
        latest: dict[int, tuple[date, Decimal]] = {}
        for employee_id, month, value in (EmployeeAchievement.objects.filter(
                instance=self.instance, skp__period=self.period, achievement__isnull=False)
                .values_list("employee_id", "period_start", "achievement")):
            if employee_id not in latest or latest[employee_id][0] < month:
                latest[employee_id] = (month, value)
        self.achievement = {pk: value for pk, (_m, value) in latest.items()}
        pkm_staff = sorted((e for e in self.employees.values() if e.unit.path.startswith(self.puskesmas.path)
                            and e.position_id != getattr(self._head(self.puskesmas), "position_id", -1)),
                           key=lambda e: (self.achievement.get(e.pk, Decimal(100)), e.nip))
        self.missing = [e for e in pkm_staff if self.achievement.get(e.pk, Decimal(100)) < MISSES] or pkm_staff[:2]
        logins = {getattr(u, "employee_id", None) for u in users.values()}
        pool = sorted((e for e in self.employees.values() if setda is not None
                       and e.unit.path.startswith(setda.path) and e.pk not in logins and e.pk != self.pimpinan),
                      key=lambda e: e.nip)
        sek = [e for e in self.employees.values() if self.dinkes and e.unit.path.startswith(self.dinkes.path)
               and e.unit.kind == UnitKind.SEKRETARIAT and e.pk not in logins]
        secretary = self.employees.get(getattr(users.get(names.get("monev")), "employee_id", None))
        self.team = [e for e in (*pool[:1], secretary, *pool[1:2], *sorted(sek, key=lambda e: e.nip)[:1])
                     if e is not None]
        return bool(self.team)

    @staticmethod
    def _opd_of(unit, opds):
        return next((o for o in sorted(opds, key=lambda o: -len(o.path)) if unit.path.startswith(o.path)), None)

    def _head(self, unit):
        return next((e for e in self.employees.values() if e.unit_id == unit.pk and e.position.is_head), None)

    # --- the rows --------------------------------------------------------------------------------------
    def _session(self, kind, held: int, notes: str, *, employee=None, unit=None, findings=()):
        from kinerja.monev.models import Finding, Session

        day = self.ago(held)
        s = Session(instance_id=self.instance.pk, round_id=self.round.pk, kind=kind,
                    employee_id=getattr(employee, "pk", None), unit_id=getattr(unit, "pk", None),
                    subject_unit_id=(unit or employee.unit).pk, held_on=day,
                    other_participants="" if employee else "Kepala unit dan staf pelaksana", notes=notes,
                    created_at=self.moment(day, 15), updated_at=self.moment(day, 15))
        self.sessions.append(s)
        for member in self.team[:2]:
            self.participants.append((s, member.pk))
        if employee is not None:
            self.participants.append((s, employee.pk))
        found = []
        for text, category, severity in findings:
            f = Finding(instance_id=self.instance.pk, session=s, text=text, category=category, severity=severity,
                        created_at=self.moment(day, 16), updated_at=self.moment(day, 16))
            self.findings.append(f)
            found.append(f)
        return s, found

    def _rec(self, session, finding, text, category, due: int, status: str, *, owner_employee=None,
             owner_unit=None, steps=()):
        """``steps``: (days ago, status to, note) after the recommendation was made, oldest first."""
        from kinerja.monev.models import Recommendation, RecommendationUpdate

        made = self.moment(session.held_on, 16)
        path = owner_unit.path if owner_unit is not None else owner_employee.unit.path
        last = made
        r = Recommendation(instance_id=self.instance.pk, round_id=self.round.pk, session=session, finding=finding,
                           text=text, category=category, owner_employee_id=getattr(owner_employee, "pk", None),
                           owner_unit_id=getattr(owner_unit, "pk", None), owner_path=path,
                           due_on=self.today + timedelta(days=due), status=status, created_at=made)
        self.recs.append(r)
        current = "open"
        author = owner_employee or (self._head(owner_unit) if owner_unit is not None else None)
        for days_ago, to, note in steps:
            at = self.moment(self.ago(days_ago), 11)
            self.updates.append(RecommendationUpdate(
                instance_id=self.instance.pk, recommendation=r, author_employee_id=getattr(author, "pk", None),
                note=note, status_from=current if to else "", status_to=to, created_at=at, updated_at=at))
            current = to or current
            last = at
            if to == "done":
                r.done_at = at
        r.last_step = last
        self.counts[f"recommendations_{status}"] += 1
        return r

    def build(self) -> None:
        from kinerja.monev.models import (
            EvidenceLink,
            Finding,
            Priority,
            Recommendation,
            RecommendationUpdate,
            Round,
            Session,
            TeamMember,
            TrainingNeed,
        )

        instance_id = self.instance.pk
        setup = self.clock.setup.date()
        members = [TeamMember(instance_id=instance_id, employee_id=e.pk, role=role, start_date=setup + timedelta(
            days=30), note="SK Wali Kota tentang Tim Monitoring dan Evaluasi Kinerja ASN")
            for e, role in zip(self.team, ["chair", "secretary", "member", "member"], strict=False)]
        bulk.create_objects(TeamMember, members, self.clock.local(setup + timedelta(days=30), time(9, 0)))
        self.counts["team"] = len(members)

        start = self.ago(28)
        quarter = (start.month - 1) // 3 + 1
        self.round = Round(instance_id=instance_id, period_id=self.period.pk,
                           name=f"Monev Kinerja Triwulan {['I', 'II', 'III', 'IV'][quarter - 1]} {start.year}",
                           start_date=start, end_date=self.today + timedelta(days=14),
                           description="Wawancara dan diskusi tentang capaian kinerja, bukti dukung dan kendala "
                                       "pelaksanaan; tindak lanjut dipantau sampai selesai.",
                           created_by_id=self.admin_user)
        bulk.create_objects(Round, [self.round], self.moment(start - timedelta(days=3), 9))
        covered = [u for u in dict.fromkeys([self.dinkes, self.login_opd, self.admin_opd_unit]) if u is not None]
        Round.units.through.objects.bulk_create([Round.units.through(round_id=self.round.pk, unit_id=u.pk)
                                                 for u in covered])

        pkm, missing = self.puskesmas, self.missing
        names = ", ".join(e.name for e in missing[:4])
        s_pkm, f_pkm = self._session(
            "discussion", 20, "Diskusi capaian triwulan dengan kepala puskesmas dan penanggung jawab program. "
            "Beberapa indikator layanan belum mencapai target; pencatatan di SIMPUS belum rutin.", unit=pkm,
            findings=[(f"Capaian kinerja sebagian staf di bawah target ({names}).", "targets", "high"),
                      ("Pencatatan kunjungan dan imunisasi di SIMPUS terlambat hingga dua minggu.", "evidence",
                       "medium"),
                      ("Staf belum pernah mendapat pelatihan pencatatan dan pelaporan program.", "competency",
                       "high")])
        s_staff, f_staff = self._session(
            "interview", 19, "Wawancara tentang kendala pencapaian target layanan dan kebutuhan pengembangan.",
            employee=missing[0], findings=[("Beban kerja pelayanan tinggi; waktu untuk pencatatan tidak "
                                            "terjadwal.", "process", "medium")])
        s_seksi, f_seksi = self._session(
            "discussion", 16, "Diskusi dengan seksi tentang alur pelayanan dan pelaporan capaian bulanan.",
            unit=self.penilai.unit, findings=[("Alur pelayanan belum dibakukan dalam SOP tertulis.", "process",
                                               "medium")])
        s_kec, f_kec = self._session(
            "discussion", 12, "Diskusi dengan sekretariat kecamatan tentang rekap capaian kelurahan.",
            unit=self.admin_opd_unit, findings=[("Rekap capaian kelurahan dikirim tidak serentak.", "evidence",
                                                 "low")])
        s_peg, f_peg = self._session(
            "interview", 9, "Wawancara tentang capaian RHK, bukti dukung dan rencana penyelesaian akhir tahun.",
            employee=self.pegawai, findings=[("Bukti dukung dua bulan terakhir belum lengkap (daftar hadir dan "
                                              "foto kegiatan).", "evidence", "medium")])
        self.links.append(EvidenceLink(instance_id=instance_id, session=s_pkm, finding=f_pkm[1],
                                       url="https://simpus.example.go.id/rekap/triwulan",
                                       caption="Rekap pencatatan SIMPUS per bulan",
                                       created_at=self.moment(s_pkm.held_on, 16),
                                       updated_at=self.moment(s_pkm.held_on, 16)))

        training = self._rec(
            s_pkm, f_pkm[2], "Mengikutsertakan staf puskesmas yang capaiannya di bawah target dalam pelatihan "
            "pencatatan dan pelaporan program (SIMPUS) serta pendampingan oleh penanggung jawab program.",
            "training", 25, "in_progress", owner_unit=pkm,
            steps=[(15, "in_progress", "Sudah dikoordinasikan dengan Bidang SDK Dinas Kesehatan; jadwal pelatihan "
                                       "minggu ketiga Desember.")])
        self._rec(s_pkm, f_pkm[1], "Menetapkan jadwal pencatatan SIMPUS harian dan supervisi bulanan oleh kepala "
                  "puskesmas.", "process", -5, "open", owner_unit=pkm)
        self._rec(s_staff, f_staff[0], "Mengikuti kelas pelatihan pencatatan layanan dan menyusun jadwal kerja "
                  "mingguan bersama atasan.", "training", 40, "open", owner_employee=missing[0])
        self._rec(s_seksi, f_seksi[0], "Menyusun SOP alur pelayanan dan pelaporan capaian bulanan seksi.",
                  "process", -2, "done", owner_unit=self.penilai.unit,
                  steps=[(14, "in_progress", "Draf SOP disusun bersama staf."),
                         (3, "done", "SOP ditetapkan dan disosialisasikan kepada seluruh staf.")])
        self._rec(s_kec, f_kec[0], "Mengirim rekap capaian kelurahan setiap Jumat dalam satu format.", "data",
                  5, "done", owner_unit=self.admin_opd_unit,
                  steps=[(10, "in_progress", "Format rekap disepakati dengan para lurah."),
                         (4, "done", "Rekap dua minggu terakhir masuk lengkap tepat waktu.")])
        self._rec(s_peg, f_peg[0], "Melengkapi bukti dukung bulan Oktober dan November sebelum evaluasi akhir "
                  "tahun.", "data", 3, "in_progress", owner_employee=self.pegawai,
                  steps=[(7, "in_progress", "Bukti bulan Oktober sudah diunggah; November menyusul.")])

        need = TrainingNeed(instance_id=instance_id, recommendation=training,
                            competency="Pencatatan dan pelaporan program kesehatan (SIMPUS)", target_unit_id=pkm.pk,
                            reason="Capaian kinerja di bawah target; pencatatan layanan terlambat dan belum pernah "
                                   "mendapat pelatihan.", priority=Priority.HIGH,
                            estimated_participants=len(missing), estimated_cost=Decimal(750_000) * len(missing))
        need.created_at = need.updated_at = self.moment(self.ago(15), 11)
        self.needs.append(need)
        self.need_targets += [(need, e.pk) for e in missing]
        need2 = TrainingNeed(instance_id=instance_id, recommendation=self.recs[2],
                             competency="Manajemen waktu dan penjadwalan pelayanan", reason=f_staff[0].text,
                             priority=Priority.MEDIUM, estimated_participants=1, estimated_cost=Decimal(500_000))
        need2.created_at = need2.updated_at = self.moment(s_staff.held_on, 16)
        self.needs.append(need2)
        self.need_targets.append((need2, missing[0].pk))

        create_at_own_moments(Session, self.sessions)
        Session.participants.through.objects.bulk_create([Session.participants.through(
            session_id=s.pk, employee_id=pk) for s, pk in dict.fromkeys(self.participants)])
        for f in self.findings:
            f.session_id = f.session.pk
        create_at_own_moments(Finding, self.findings)
        for link in self.links:
            link.session_id, link.finding_id = link.session.pk, link.finding.pk
        create_at_own_moments(EvidenceLink, self.links)
        for r in self.recs:
            r.session_id, r.finding_id = r.session.pk, r.finding.pk
        create_at_own_moments(Recommendation, self.recs, stamp="created_at")
        for r in self.recs:
            r.updated_at = r.last_step
        Recommendation.objects.bulk_update(self.recs, ["updated_at"])  # the last step of each (one statement)
        for u in self.updates:
            u.recommendation_id = u.recommendation.pk
        create_at_own_moments(RecommendationUpdate, self.updates)
        for n in self.needs:
            n.recommendation_id = n.recommendation.pk
        create_at_own_moments(TrainingNeed, self.needs)
        TrainingNeed.target_employees.through.objects.bulk_create([TrainingNeed.target_employees.through(
            trainingneed_id=n.pk, employee_id=pk) for n, pk in self.need_targets])
        self.counts.update(sessions=len(self.sessions), findings=len(self.findings), training_needs=len(self.needs),
                           recommendations=len(self.recs), missing_targets=len(missing))


def has_monev(instance) -> bool:
    from kinerja.monev.models import TeamMember

    return TeamMember.objects.filter(instance=instance).exists()


def build_demo_monev(instance, spec: InstanceSpec, clock: DemoClock | None = None) -> dict:
    clock = clock or DemoClock()
    builder = _DemoMonev(instance, spec, clock)
    if not builder._load():
        return {}
    builder.build()
    return record_summary("demo.monev", instance, dict(builder.counts), clock)


def ensure_demo_monev(specs: list[InstanceSpec], clock: DemoClock) -> None:
    """The tim monev's work of every demo instance that has no team yet."""
    ensure_each(specs, clock, has_monev, build_demo_monev)
