"""The demo's continuous feedback and performance dialogues (issue 9 item 9), written in bulk after the progress.

For the pegawai login and three more employees, the penilai login's team first (their SKPs of the current
period that were approved at least once):

* **comment threads** (kinerja.feedback.Comment): the superior on an RHK and the employee's reply; the
  superior's comment on the returned report of this month and the employee's answer; a word of praise on an
  accepted report;
* **dialogues** (kinerja.feedback.Dialogue): two held ones in the past (agenda, the superior's notes, agreed
  actions, most of them done, a follow-up date) and one planned for this week (the upcoming one).

Dates follow the demo clock: everything written lies before now; only the planned dialogue's date lies ahead.
"""

from __future__ import annotations

import random
from collections import defaultdict
from datetime import date, datetime, time, timedelta

from .clock import DemoClock, create_at_own_moments

RHK_COMMENTS = [
    ("Target RHK ini cukup menantang. Tolong jadwalkan kegiatannya per bulan agar tidak menumpuk di akhir tahun.",
     "Baik, Pak/Bu. Jadwal bulanan sudah saya masukkan ke rencana aksi triwulan."),
    ("Capaian triwulan lalu sudah baik. Pertahankan dan dokumentasikan setiap kegiatan.",
     "Terima kasih, akan saya lanjutkan."),
]
REPORT_PRAISE = "Laporan lengkap dan bukti dukungnya jelas. Terima kasih."
REPLY_RETURNED = "Baik, bukti dukung sudah saya ganti dengan foto kegiatan dan daftar hadir."
AGENDAS = [
    "Evaluasi capaian triwulan I dan kendala pelaksanaan kegiatan",
    "Evaluasi capaian semester I; rencana percepatan indikator yang tertinggal",
    "Persiapan penilaian akhir tahun dan tindak lanjut indikator berisiko",
]
NOTES = [
    "Capaian sesuai rencana untuk sebagian besar IKI. Satu indikator tertinggal karena data dari kelurahan "
    "terlambat; disepakati rekap mingguan dan koordinasi langsung dengan operator kelurahan.",
    "Pegawai menyampaikan kendala anggaran kegiatan. Atasan akan menyampaikan ke sekretariat; pegawai "
    "menyusun jadwal ulang kegiatan lapangan untuk triwulan berikutnya.",
]
ACTIONS = [
    [("Membuat rekap mingguan capaian dan mengirimkannya setiap Jumat", "employee", True),
     ("Mengoordinasikan jadwal dengan operator kelurahan", "employee", True),
     ("Menyampaikan kendala data ke Sekretaris", "superior", True)],
    [("Menyusun jadwal ulang kegiatan lapangan triwulan IV", "employee", True),
     ("Mengusulkan tambahan anggaran kegiatan ke sekretariat", "superior", False),
     ("Melengkapi bukti dukung bulan Agustus dan September", "employee", False)],
]


class _DemoFeedback:
    def __init__(self, instance, spec, clock: DemoClock, pegawai: int | None, penilai: int | None,
                 users: dict[int, int]):
        self.instance_id = instance.pk
        self.clock = clock
        self.today = clock.today
        self.rng = random.Random(f"kinerja-demo-feedback:{spec.slug}:{self.today.year}")
        self.pegawai, self.penilai, self.users = pegawai, penilai, users
        self.counts: dict[str, int] = defaultdict(int)

    def moment(self, day: date, hour: int = 10, minute: int = 0) -> datetime:
        return min(self.clock.local(day, time(hour, minute)), self.clock.cap)

    def build(self, skps: dict[int, dict]) -> dict:
        from kinerja.progress.models import Report, ReportStatus
        from kinerja.skp.models import Rhk

        chosen = [s for s in skps.values() if s["employee_id"] == self.pegawai]
        team = sorted((s for s in skps.values() if s["evaluator_id"] == self.penilai
                       and s["employee_id"] != self.pegawai), key=lambda s: s["id"])
        others = sorted((s for s in skps.values() if s["evaluator_id"] is not None and s not in team
                         and s["employee_id"] != self.pegawai), key=lambda s: s["id"])
        chosen += (team + others)[:3]  # the penilai's team first (in a small unit: a few others too)
        if not chosen:
            return {}
        ids = [s["id"] for s in chosen]
        rhks: dict[int, list[int]] = defaultdict(list)
        for rhk_id, skp_id in Rhk.objects.filter(skp_id__in=ids).order_by("skp_id", "order", "id").values_list(
                "id", "skp_id"):
            rhks[skp_id].append(rhk_id)
        reports: dict[int, dict[str, list]] = defaultdict(lambda: defaultdict(list))
        rows = (Report.objects.filter(skp_id__in=ids).order_by("-period_start", "id")
                .values_list("id", "skp_id", "status", "review_comment", "reviewed_at"))
        for pk, skp_id, status, comment, reviewed in rows:
            reports[skp_id][status].append((pk, comment, reviewed))
        comments, dialogues, actions = [], [], []
        for n, skp in enumerate(chosen):
            boss = skp["evaluator_id"]
            if boss is None:
                continue
            me_user, boss_user = self.users.get(skp["employee_id"]), self.users.get(boss)
            if rhks.get(skp["id"]):
                said, reply = RHK_COMMENTS[n % len(RHK_COMMENTS)]
                at = self.moment(self.today - timedelta(days=40 + 7 * n), 9, 15)
                thread = self._comment(skp, boss, boss_user, said, at, rhk=rhks[skp["id"]][0])
                comments.append((thread, None))
                comments.append((self._comment(skp, skp["employee_id"], me_user, reply, at + timedelta(hours=3),
                                               rhk=rhks[skp["id"]][0]), thread))
            for pk, comment, reviewed in reports[skp["id"]][ReportStatus.RETURNED][:1]:
                at = reviewed or self.clock.days_ago(1)
                thread = self._comment(skp, boss, boss_user, comment or REPLY_RETURNED, at, report=pk)
                comments.append((thread, None))
                if skp["employee_id"] == self.pegawai:
                    comments.append((self._comment(skp, skp["employee_id"], me_user, REPLY_RETURNED,
                                                   min(at + timedelta(hours=2), self.clock.cap), report=pk), thread))
            for pk, _comment, reviewed in reports[skp["id"]][ReportStatus.ACCEPTED][:1]:
                comments.append((self._comment(skp, boss, boss_user, REPORT_PRAISE,
                                               reviewed or self.clock.days_ago(20), report=pk), None))
            dialogues += self._dialogues(skp, boss, boss_user, actions, upcoming=skp["employee_id"] == self.pegawai,
                                         held=2 if skp["employee_id"] == self.pegawai else 1)
        self._write(comments, dialogues, actions)
        return dict(self.counts)

    def _comment(self, skp, author_employee, author_user, body, at, rhk=None, report=None):
        from kinerja.feedback.models import Comment

        comment = Comment(instance_id=self.instance_id, skp_id=skp["id"], rhk_id=rhk, report_id=report,
                          author_id=author_user, author_employee_id=author_employee, body=body)
        comment.created_at = comment.updated_at = min(at, self.clock.cap)
        return comment

    def _dialogues(self, skp, boss, boss_user, actions: list, upcoming: bool, held: int) -> list:
        from kinerja.feedback.models import ActionOwner, Dialogue, DialogueAction, DialogueStatus, Medium

        out = []
        year_start = date(self.today.year, 1, 1)
        for i in range(held):
            day = year_start + timedelta(days=100 + 120 * i + self.rng.randint(0, 10))
            if day >= self.today - timedelta(days=7):
                break
            scheduled = self.clock.local(day, time(9 + i, 0))
            dialogue = Dialogue(instance_id=self.instance_id, skp_id=skp["id"], employee_id=skp["employee_id"],
                                superior_id=boss, scheduled_at=scheduled, medium=Medium.IN_PERSON,
                                place="Ruang rapat kantor", agenda=AGENDAS[i], notes=NOTES[i % len(NOTES)],
                                status=DialogueStatus.HELD, held_at=scheduled + timedelta(hours=1),
                                follow_up_on=day + timedelta(days=60), created_by_id=boss_user, lock_version=2)
            dialogue.created_at = scheduled - timedelta(days=5)
            dialogue.updated_at = scheduled + timedelta(hours=1)
            out.append(dialogue)
            for text, owner, done in ACTIONS[i % len(ACTIONS)]:
                due = day + timedelta(days=30)
                finished = done and self.clock.local(due, time(14, 0)) < self.clock.cap
                actions.append((dialogue, DialogueAction(
                    instance_id=self.instance_id, text=text,
                    owner=ActionOwner.EMPLOYEE if owner == "employee" else ActionOwner.SUPERIOR, due_on=due,
                    done_at=self.clock.local(due - timedelta(days=3), time(14, 0)) if finished else None,
                    done_by_id=(self.users.get(skp["employee_id"]) if owner == "employee" else boss_user)
                    if finished else None)))
        if upcoming:
            day = self.today + timedelta(days=1 if self.today.weekday() < 4 else 3)
            planned = Dialogue(instance_id=self.instance_id, skp_id=skp["id"], employee_id=skp["employee_id"],
                               superior_id=boss, scheduled_at=self.clock.local(day, time(10, 0)),
                               medium=Medium.ONLINE, place="https://meet.example.go.id/dialog-kinerja",
                               agenda=AGENDAS[2], status=DialogueStatus.PLANNED, created_by_id=boss_user,
                               lock_version=0)
            planned.created_at = planned.updated_at = self.clock.days_ago(2, 11)
            out.append(planned)
        return out

    def _write(self, comments, dialogues, actions) -> None:
        from kinerja.feedback.models import Comment, Dialogue, DialogueAction

        create_at_own_moments(Comment, [c for c, parent in comments if parent is None])
        replies = []
        for comment, parent in comments:
            if parent is not None:
                comment.parent_id = parent.pk
                replies.append(comment)
        create_at_own_moments(Comment, replies)
        create_at_own_moments(Dialogue, dialogues)
        rows = []
        for dialogue, action in actions:
            action.dialogue_id = dialogue.pk
            action.created_at = dialogue.updated_at
            rows.append(action)
        create_at_own_moments(DialogueAction, rows, stamp="created_at")
        self.counts.update(comments=len(comments), dialogues=len(dialogues), actions=len(rows))


def build_demo_feedback(instance, spec, clock: DemoClock, *, skps: dict[int, dict], pegawai: int | None,
                        penilai: int | None, users: dict[int, int]) -> dict:
    return _DemoFeedback(instance, spec, clock, pegawai, penilai, users).build(skps)
