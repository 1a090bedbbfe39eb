"""The demo's progress this year (issue 9 item 9): reports, evidence, action plans, daily log, notifications.

Written in bulk after the SKPs (called by data.load_demo), for every SKP of the current period that was
approved at least once (``version >= 1``: the pegawai_revisi login's SKP is reopened this week, but its months of
reports were filed while it stood approved and it keeps reporting against that version; the roll-up counts the
same SKPs):

* **action plans** (rencana aksi) for the four quarters of every IKI, with the cumulative target of each
  quarter for counts (a rate keeps its target all year);
* **reports** (realisasi) for every month from the month the SKP was approved to the one before today,
  accepted by the evaluator a few days after the deadline; the last month's reports partly still waiting
  for review (a few returned with a comment); the current month partly filled: drafts, some submitted,
  one or two returned with a comment;
* **values**: most IKI on track (a count reports about a twelfth of its target each month, a rate about
  its target); about one in twelve falls behind (a count at half pace, a rate well short, a lower-is-better
  indicator over its target), so the roll-up flags them at risk — among them one of the pegawai login's;
* **evidence**: small generated pictures (a coloured card with the activity, Pillow) and a small PDF,
  stored through the evidence storage (``STORAGES["evidence"]``), and links; every report of the pegawai
  and penilai logins' team has some, about one in six of the others;
* **daily log** (progres harian) of the last three weeks' working days for the pegawai, the penilai and
  the penilai's team;
* a few unread **notifications** per demo login (notify());
* feedback threads and performance dialogues for the pegawai and some of the penilai's team (feedback.py).

Then the achievement roll-up is rebuilt for the instance (kinerja.progress.achievement.rebuild), which
also raises the early-warning notifications. Dates follow the demo clock (clock.py): nothing after now.
"""

from __future__ import annotations

import hashlib
import io
import random
import uuid
from collections import defaultdict
from datetime import date, datetime, time, timedelta
from decimal import Decimal
from functools import cache

from django.core.files.base import ContentFile

from kinerja.core import bulk
from kinerja.core.actors import system_actor
from kinerja.rules import achievement as rules

from .clock import DemoClock, ensure_each, record_summary
from .spec import InstanceSpec

DEMO = system_actor("demo")

AT_RISK_SHARE = 0.08
RECENT_MONTHS = 2  # the logins' team gets a card drawn for their own activity in the last months
OTHERS_WITH_EVIDENCE = 6  # one report in this many of the employees outside the logins' team has evidence

COLOURS = ["#1f6f8b", "#2a9d8f", "#e9c46a", "#f4a261", "#e76f51", "#6a4c93", "#3a86ff", "#8338ec", "#ff006e",
           "#588157", "#bc6c25", "#264653"]
MONTHS = ["Januari", "Februari", "Maret", "April", "Mei", "Juni", "Juli", "Agustus", "September", "Oktober",
          "November", "Desember"]
QUARTER_ACTIONS = [
    "Menyusun rencana kerja dan jadwal kegiatan, berkoordinasi dengan tim",
    "Melaksanakan kegiatan sesuai jadwal dan mendokumentasikan hasilnya",
    "Mengevaluasi capaian semester dan menindaklanjuti kendala",
    "Menyelesaikan sisa target, menyusun laporan akhir tahun",
]
NOTES = [
    "Kegiatan berjalan sesuai jadwal.",
    "Dilaksanakan bersama tim; dokumentasi terlampir.",
    "Sebagian kegiatan bergeser ke minggu berikutnya karena agenda pimpinan.",
    "Data direkap dari aplikasi dan dicek ulang dengan arsip.",
    "Koordinasi dengan unit terkait sudah dilakukan.",
]
BEHIND_NOTES = [
    "Target bulan ini belum tercapai: anggaran kegiatan baru cair di akhir bulan.",
    "Pelaksanaan tertunda karena petugas lapangan berkurang.",
    "Realisasi rendah: menunggu data dari kelurahan.",
]
RETURN_COMMENTS = [
    "Mohon lengkapi foto kegiatan dan daftar hadir sebagai bukti dukung.",
    "Angka realisasi belum sesuai dengan rekap di aplikasi; mohon dicek kembali.",
    "Bukti dukung yang diunggah bukan untuk bulan ini, mohon diganti.",
    "Tambahkan uraian singkat kendala dan rencana tindak lanjut.",
]
ACCEPT_COMMENTS = ["", "", "Baik, lanjutkan.", "Terima kasih, sudah sesuai.", ""]
LINKS = ["https://drive.example.go.id/bukti/{n}", "https://sipd.example.go.id/laporan/{n}"]
DAILY = [
    "Menyiapkan bahan rapat koordinasi", "Menginput data ke aplikasi", "Melaksanakan kegiatan lapangan",
    "Menyusun draf laporan", "Memverifikasi berkas masuk", "Mengikuti rapat evaluasi bulanan",
    "Melayani konsultasi masyarakat", "Merekap capaian mingguan",
]


# --- generated files (small, made once per process) -----------------------------------------------------

@cache
def _font(size: int):
    from PIL import ImageFont

    for path in ("/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf",
                 "/usr/share/fonts/truetype/dejavu/DejaVuSans-Bold.ttf"):
        try:
            return ImageFont.truetype(path, size)
        except OSError:
            continue
    return ImageFont.load_default()


def card_jpeg(title: str, line: str, colour: str) -> bytes:
    """A coloured card with the activity in words: a small real JPEG (a few KB)."""
    from PIL import Image, ImageDraw

    image = Image.new("RGB", (360, 200), colour)
    draw = ImageDraw.Draw(image)
    draw.rectangle((12, 12, 347, 187), outline="white", width=2)
    draw.text((24, 24), "BUKTI DUKUNG", fill="white", font=_font(14))
    y = 52
    words, current = title.split(), ""
    for word in words:
        if len(current) + len(word) > 34 and current:
            draw.text((24, y), current, fill="white", font=_font(15))
            y, current = y + 20, ""
            if y > 130:
                break
        current = f"{current} {word}".strip()
    if current and y <= 130:
        draw.text((24, y), current, fill="white", font=_font(15))
    draw.text((24, 160), line, fill="white", font=_font(13))
    out = io.BytesIO()
    image.save(out, "JPEG", quality=70)
    return out.getvalue()


@cache
def report_pdf() -> bytes:
    """A one-page PDF (a scanned-looking activity report): made once, its bytes reused."""
    from PIL import Image, ImageDraw

    page = Image.new("RGB", (420, 595), "white")
    draw = ImageDraw.Draw(page)
    draw.text((40, 40), "LAPORAN PELAKSANAAN KEGIATAN", fill="black", font=_font(16))
    for i in range(14):
        draw.line((40, 90 + 30 * i, 380, 90 + 30 * i), fill="#999999", width=1)
    draw.text((40, 540), "Mengetahui, Kepala Unit", fill="black", font=_font(12))
    out = io.BytesIO()
    page.save(out, "PDF", resolution=72)
    return out.getvalue()


@cache
def pooled_card(month: int, colour: int) -> bytes:
    return card_jpeg("Dokumentasi kegiatan bulanan", f"{MONTHS[month - 1]}", COLOURS[colour % len(COLOURS)])


# --- the build ----------------------------------------------------------------------------------------

class _DemoProgress:
    def __init__(self, instance, spec: InstanceSpec, clock: DemoClock):
        self.instance = instance
        self.spec = spec
        self.clock = clock
        self.today = clock.today
        self.rng = random.Random(f"kinerja-demo-progress:{spec.slug}:{self.today.year}")
        self.counts: dict[str, int] = defaultdict(int)

    def moment(self, day: date, hour: int = 9, minute: int = 0) -> datetime:
        return min(self.clock.local(day, time(hour, minute)), self.clock.cap)

    def _load(self) -> bool:
        from kinerja.accounts.models import User
        from kinerja.skp.models import Iki, Period, Skp

        self.period = Period.objects.filter(instance=self.instance, start_date__lte=self.today,
                                            end_date__gte=self.today).first()
        if self.period is None:
            return False
        self.skps = {s["id"]: s for s in Skp.objects.filter(instance=self.instance, period=self.period, version__gte=1)
                     .values("id", "employee_id", "unit_id", "evaluator_id", "approved_at")}
        self.ikis = list(Iki.objects.filter(rhk__skp_id__in=list(self.skps)).order_by("rhk__skp_id", "rhk__order",
                                                                                       "order", "id")
                         .values("id", "rhk_id", "rhk__skp_id", "rhk__text", "text", "target_kind", "target_value",
                                 "target_min", "target_max", "target_text", "measure_unit", "lower_is_better"))
        self.users = dict(User.objects.filter(instance=self.instance, employee__isnull=False)
                          .values_list("employee_id", "id"))
        names = {login.role: login.username for login in self.spec.logins}
        logins = dict(User.objects.filter(instance=self.instance, username__in=list(names.values()))
                      .values_list("username", "employee_id"))
        self.login_users = dict(User.objects.filter(instance=self.instance, username__in=list(names.values()))
                                .values_list("username", "id"))
        self.names = names
        self.pegawai = logins.get(names.get("pegawai", ""))
        self.penilai = logins.get(names.get("penilai", ""))
        self.team = {s["employee_id"] for s in self.skps.values() if s["evaluator_id"] == self.penilai}
        self.featured = self.team | {self.pegawai, self.penilai} - {None}
        return bool(self.skps)

    def build(self) -> dict:
        if not self._load():
            return {}
        periods = rules.reporting_periods(self.period.start_date, self.period.end_date, "monthly")
        self.past = [p for p in periods if p[1] < self.today]
        self.current = next((p for p in periods if p[0] <= self.today <= p[1]), None)
        self._choose_at_risk()
        self._action_plans()
        reports, evidence = self._reports()
        self._daily_log()
        self._notifications()
        from .feedback import build_demo_feedback

        self.counts.update(build_demo_feedback(self.instance, self.spec, self.clock, skps=self.skps,
                                               pegawai=self.pegawai, penilai=self.penilai, users=self.users))
        self.counts["reports"], self.counts["evidence"] = len(reports), len(evidence)
        return dict(self.counts)

    # --- which IKI fall behind ------------------------------------------------------------------------
    def _choose_at_risk(self) -> None:
        self.at_risk: set[int] = set()
        pegawai_skps = {pk for pk, s in self.skps.items() if s["employee_id"] == self.pegawai}
        pegawai_counts = [i["id"] for i in self.ikis if i["rhk__skp_id"] in pegawai_skps
                          and i["target_kind"] != "text" and i["target_value"] is not None
                          and not i["lower_is_better"]]
        if pegawai_counts:
            self.at_risk.add(pegawai_counts[0])  # the pegawai sees one of their own at risk
        for iki in self.ikis:
            if iki["rhk__skp_id"] not in pegawai_skps and self.rng.random() < AT_RISK_SHARE:
                self.at_risk.add(iki["id"])

    # --- action plans -----------------------------------------------------------------------------
    def _action_plans(self) -> None:
        from kinerja.progress.models import ActionPlan

        rows = []
        for iki in self.ikis:
            target = _target(iki)
            rate = rules.is_rate(iki["measure_unit"]) or iki["target_kind"] == "range"
            for q in range(1, 5):
                planned = None
                if target is not None and iki["target_kind"] != "text":
                    planned = target if rate or iki["lower_is_better"] else target * q / 4
                rows.append(ActionPlan(instance_id=self.instance.pk, iki_id=iki["id"], quarter=q,
                                       text=f"{QUARTER_ACTIONS[q - 1]}: {iki['text'][:120]}",
                                       target=_dec(planned, iki)))
        when = self.moment(self.period.start_date + timedelta(days=40), 10)
        bulk.create_objects(ActionPlan, rows, when)
        self.counts["action_plans"] = len(rows)

    # --- reports and evidence ---------------------------------------------------------------------
    def _first_month(self, skp: dict) -> date:
        approved = skp["approved_at"]
        if approved is None:
            return self.period.start_date
        day = approved.date()
        return max(self.period.start_date, date(day.year, day.month, 1) - timedelta(days=1)).replace(day=1)

    def _reports(self):
        from kinerja.progress.models import Evidence, EvidenceStatus, Report, ReportStatus

        by_moment: dict[tuple, list] = defaultdict(list)
        plans = []  # (report, evidence specs)
        last_past = self.past[-1] if self.past else None
        for iki in self.ikis:
            skp = self.skps[iki["rhk__skp_id"]]
            first = self._first_month(skp)
            featured = skp["employee_id"] in self.featured
            behind = iki["id"] in self.at_risk
            months = [p for p in self.past if p[0] >= first]
            for n, (start, end) in enumerate(months):
                due = rules.due_date(end)
                submitted = self.moment(due - timedelta(days=self.rng.randint(0, 6)), self.rng.randint(8, 15),
                                        self.rng.randint(0, 59))
                status, comment, reviewed = ReportStatus.ACCEPTED, self.rng.choice(ACCEPT_COMMENTS), None
                if (start, end) == last_past and self.today <= due + timedelta(days=10):
                    roll = self.rng.random()
                    if roll < 0.10:
                        status, comment = ReportStatus.SUBMITTED, ""
                    elif roll < 0.14:
                        status, comment = ReportStatus.RETURNED, self.rng.choice(RETURN_COMMENTS)
                if status != ReportStatus.SUBMITTED:
                    reviewed = min(submitted + timedelta(days=self.rng.randint(1, 5), hours=self.rng.randint(0, 5)),
                                   self.clock.cap)
                plans.append(self._report(iki, skp, start, end, n, len(months), behind, featured, status,
                                          submitted, reviewed, comment))
            if self.current is not None and self.current[0] >= first:
                wanted = self._current_status(iki, skp)
                if wanted is not None:
                    start, end = self.current
                    submitted = None
                    reviewed = None
                    comment = ""
                    if wanted != ReportStatus.DRAFT:
                        submitted = self.moment(max(start, self.today - timedelta(days=self.rng.randint(1, 4))),
                                                self.rng.randint(8, 15), self.rng.randint(0, 59))
                    if wanted == ReportStatus.RETURNED:
                        reviewed = min(submitted + timedelta(hours=self.rng.randint(2, 20)), self.clock.cap)
                        comment = self.rng.choice(RETURN_COMMENTS)
                    plans.append(self._report(iki, skp, start, end, len(months), len(months) + 1, behind,
                                              featured, wanted, submitted, reviewed, comment, partial=True))
        reports = [report for report, _ in plans]
        for report, _ in plans:
            by_moment[(report.period_start, report.status)].append(report)
        for group in by_moment.values():  # stamped when the month's last one of them was touched
            bulk.create_objects(Report, group, max(r.updated_at for r in group))
        storage = _storage()
        evidence: list = []
        by_moment_ev: dict[tuple, list] = defaultdict(list)
        for report, specs in plans:
            for spec in specs:
                kind, payload, name, caption = spec
                status = {ReportStatus.ACCEPTED: EvidenceStatus.ACCEPTED,
                          ReportStatus.RETURNED: EvidenceStatus.NEEDS_FIX}.get(report.status, EvidenceStatus.PENDING)
                row = Evidence(instance_id=self.instance.pk, report_id=report.pk, kind=kind, caption=caption,
                               status=status, uploaded_by_id=self.users.get(report.employee_id),
                               review_comment=report.review_comment if status == EvidenceStatus.NEEDS_FIX else "")
                if kind == "link":
                    row.url = payload
                else:
                    suffix = ".pdf" if name.endswith(".pdf") else ".jpg"
                    path = (f"evidence/{self.instance.pk}/{report.period_start:%Y-%m}/"
                            f"{uuid.UUID(int=self.rng.getrandbits(128)).hex}{suffix}")
                    row.file.name = storage.save(path, ContentFile(payload))
                    row.original_name, row.size = name, len(payload)
                    row.content_type = "application/pdf" if suffix == ".pdf" else "image/jpeg"
                    row.sha256 = hashlib.sha256(payload).hexdigest()
                    self.counts["evidence_files"] += 1
                evidence.append(row)
                by_moment_ev[(report.period_start, report.status)].append((row, report.submitted_at
                                                                            or report.updated_at))
        for group in by_moment_ev.values():
            bulk.create_objects(Evidence, [row for row, _ in group], max(at for _, at in group))
        return reports, evidence

    def _current_status(self, iki: dict, skp: dict):
        """The current month: the pegawai has a draft, a submitted and a returned report; others some of each."""
        from kinerja.progress.models import ReportStatus

        if skp["employee_id"] == self.pegawai:
            order = [ReportStatus.RETURNED, ReportStatus.SUBMITTED, ReportStatus.DRAFT]
            mine = [i["id"] for i in self.ikis if i["rhk__skp_id"] == skp["id"]]
            index = mine.index(iki["id"])
            return order[index] if index < len(order) else None
        roll = self.rng.random()
        if roll < 0.30:
            return ReportStatus.DRAFT
        if roll < 0.45:
            return ReportStatus.SUBMITTED
        if roll < 0.48:
            return ReportStatus.RETURNED
        return None

    def _report(self, iki, skp, start, end, n, total, behind, featured, status, submitted, reviewed, comment,
                partial=False):
        from kinerja.progress.models import Report, ReportStatus

        value, value_text, judged = self._value(iki, n, behind, partial)
        notes = self.rng.choice(BEHIND_NOTES if behind and self.rng.random() < 0.6 else NOTES)
        created = submitted or self.moment(max(start, self.today - timedelta(days=self.rng.randint(0, 3))), 8)
        created = min(created, self.clock.cap)
        updated = max(x for x in (created, submitted, reviewed) if x is not None)
        report = Report(instance_id=self.instance.pk, skp_id=skp["id"], iki_id=iki["id"],
                        employee_id=skp["employee_id"], unit_id=skp["unit_id"], period_start=start, period_end=end,
                        value=value, value_text=value_text, notes=notes, status=status,
                        judged_achievement=judged if status == ReportStatus.ACCEPTED else None,
                        lock_version={ReportStatus.DRAFT: 1, ReportStatus.SUBMITTED: 2}.get(status, 3),
                        submitted_at=submitted, reviewed_at=reviewed,
                        reviewed_by_id=skp["evaluator_id"] if reviewed else None, review_comment=comment)
        report.created_at, report.updated_at = created, updated
        specs = []
        if status != ReportStatus.DRAFT or featured:
            specs = self._evidence_specs(iki, start, featured, n)
        return report, specs

    def _value(self, iki: dict, n: int, behind: bool, partial: bool):
        """(value, value_text, judged achievement) of the ``n``-th month."""
        rng = self.rng
        if iki["target_kind"] == "text":
            statement = ("Sebagian kegiatan belum terlaksana; tindak lanjut dijadwalkan bulan depan." if behind
                         else "Terlaksana sesuai rencana; dokumentasi dan laporan terlampir.")
            return None, statement, Decimal(rng.choice([60, 65, 70]) if behind else rng.choice([90, 100, 100, 110]))
        target = _target(iki)
        if target is None:
            return None, "", None
        rate = rules.is_rate(iki["measure_unit"]) or iki["target_kind"] == "range"
        lower = iki["lower_is_better"]
        if rate:
            if lower:
                level = rng.uniform(1.35, 1.6) if behind else rng.uniform(0.85, 1.0)
            else:  # falling behind: short and sliding further as the months go
                level = max(0.3, rng.uniform(0.62, 0.72) - 0.015 * n) if behind else rng.uniform(0.97, 1.06)
            value = target * level
        else:
            pace = (rng.uniform(1.4, 1.7) if lower else rng.uniform(0.4, 0.6)) if behind else (
                rng.uniform(0.8, 0.95) if lower else rng.uniform(0.9, 1.2))
            value = target / 12 * pace * (0.5 if partial else 1)
        return _dec(value, iki), "", None

    def _evidence_specs(self, iki: dict, start: date, featured: bool, n: int) -> list[tuple]:
        rng = self.rng
        month = MONTHS[start.month - 1]
        if featured:  # a card with the activity for the recent months, the month's pooled card before
            recent = start >= rules.add_months(self.today.replace(day=1), -RECENT_MONTHS)
            card = (card_jpeg(iki["text"], f"{month} {start.year}", COLOURS[(iki["id"] + n) % len(COLOURS)])
                    if recent else pooled_card(start.month, iki["id"] % 3))
            specs = [("file", card, f"dokumentasi-{start:%Y-%m}.jpg", f"Dokumentasi kegiatan {month}")]
            if rng.random() < 0.4:
                specs.append(("file", report_pdf(), f"laporan-kegiatan-{start:%Y-%m}.pdf", "Laporan kegiatan"))
            if rng.random() < 0.25:
                specs.append(("link", rng.choice(LINKS).format(n=rng.randint(1000, 9999)), "", "Rekap di aplikasi"))
            return specs
        if rng.randrange(OTHERS_WITH_EVIDENCE):
            return []
        if rng.random() < 0.3:
            return [("link", rng.choice(LINKS).format(n=rng.randint(1000, 9999)), "", "Rekap di aplikasi")]
        if rng.random() < 0.25:
            return [("file", report_pdf(), f"laporan-{start:%Y-%m}.pdf", "Laporan kegiatan")]
        return [("file", pooled_card(start.month, iki["id"] % 3), f"foto-{start:%Y-%m}.jpg", f"Foto kegiatan {month}")]

    # --- daily log ---------------------------------------------------------------------------------
    def _daily_log(self) -> None:
        from kinerja.progress.models import DailyLog

        by_skp: dict[int, list[dict]] = defaultdict(list)
        for iki in self.ikis:
            by_skp[iki["rhk__skp_id"]].append(iki)
        rows_by_day: dict[datetime, list] = defaultdict(list)
        for skp in self.skps.values():
            if skp["employee_id"] not in self.featured:
                continue
            ikis = by_skp.get(skp["id"], [])
            if not ikis:
                continue
            for back in range(1, 22):
                day = self.today - timedelta(days=back)
                if day.weekday() >= 5 or day < self.period.start_date or self.rng.random() < 0.15:
                    continue
                iki = self.rng.choice(ikis)
                counts = iki["target_kind"] == "number" and not rules.is_rate(iki["measure_unit"])
                at = self.moment(day, 15, self.rng.randint(0, 59))
                rows_by_day[at].append(DailyLog(
                    instance_id=self.instance.pk, skp_id=skp["id"], rhk_id=iki["rhk_id"], iki_id=iki["id"],
                    employee_id=skp["employee_id"], date=day, text=self.rng.choice(DAILY),
                    quantity=Decimal(self.rng.randint(1, 3)) if counts else None))
        total = 0
        for at, rows in sorted(rows_by_day.items()):
            bulk.create_objects(DailyLog, rows, at)
            total += len(rows)
        self.counts["daily_log"] = total

    # --- notifications -----------------------------------------------------------------------------
    def _notifications(self) -> None:
        from kinerja.notifications.models import Kind
        from kinerja.notifications.services import notify

        users = self.login_users
        base = self.instance.pk
        items = [
            ("pegawai", Kind.EVIDENCE_RETURNED, "Bukti dukung Anda perlu diperbaiki",
             "Pejabat penilai meminta perbaikan bukti dukung laporan bulan ini.", 1),
            ("pegawai", Kind.REPORT_ACCEPTED, "Laporan realisasi Anda diterima",
             "Laporan bulan lalu sudah diterima pejabat penilai.", 3),
            ("pegawai", Kind.DEADLINE, "Batas akhir laporan bulan ini sudah dekat",
             "Laporan realisasi bulan ini jatuh tempo tanggal 5 bulan depan.", 0),
            ("pegawai_revisi", Kind.REPORT_ACCEPTED, "Laporan realisasi Anda diterima",
             "Laporan bulan lalu sudah diterima pejabat penilai; selama revisi SKP, laporan tetap mengacu ke versi "
             "yang disetujui.", 2),
            ("penilai", Kind.REPORT_SUBMITTED, "Laporan realisasi menunggu review Anda",
             "Beberapa anggota tim sudah mengirim laporan bulan ini.", 1),
            ("penilai", Kind.DEADLINE, "Review laporan bulan lalu",
             "Masih ada laporan bulan lalu yang belum Anda review.", 2),
            ("admin_opd", Kind.DEADLINE, "Rekap pelaporan bulan ini", "Pantau pegawai yang belum melapor.", 1),
            ("admin_bkpsdm", Kind.DEADLINE, "Rekap pelaporan bulan ini", "Pantau OPD yang belum lengkap.", 1),
            ("pimpinan", Kind.AT_RISK, "Beberapa IKU berisiko tidak tercapai",
             "Lihat dasbor capaian untuk rinciannya.", 2),
            ("monev", Kind.AT_RISK, "Indikator berisiko bulan ini", "Lihat dasbor capaian untuk rinciannya.", 2),
        ]
        sent = 0
        for role, kind, title, body, days in items:
            user_id = users.get(self.names.get(role, ""))
            if user_id is None:
                continue
            with self.clock.at(self.clock.days_ago(days, 8 + days, 10)):
                sent += len(notify(actor=DEMO, instance_id=base, recipients=[user_id], kind=kind, title=title,
                                   body=body, dedupe_key=f"demo:{role}:{kind}"))
        self.counts["notifications"] = sent


def _target(iki: dict) -> float | None:
    if iki["target_kind"] == "range" and iki["target_min"] is not None and iki["target_max"] is not None:
        return (float(iki["target_min"]) + float(iki["target_max"])) / 2
    return float(iki["target_value"]) if iki["target_value"] is not None else None


def _dec(value: float | None, iki: dict) -> Decimal | None:
    if value is None:
        return None
    whole = iki["target_value"] is not None and iki["target_value"] == int(iki["target_value"]) and abs(value) >= 12
    return Decimal(round(value)) if whole else Decimal(str(round(value, 2)))


def _storage():
    from kinerja.progress.models import evidence_storage

    return evidence_storage()


def has_progress(instance) -> bool:
    from kinerja.progress.models import Report

    return Report.objects.filter(instance=instance).exists()


def build_demo_progress(instance, spec: InstanceSpec, clock: DemoClock | None = None) -> dict:
    """Write the progress of ``instance``'s current period (see the module's text); then the roll-up."""
    clock = clock or DemoClock()
    summary = _DemoProgress(instance, spec, clock).build()
    if summary:
        summary["achievement"] = _rebuild(instance, clock)
    return record_summary("demo.progress", instance, summary, clock)


def _rebuild(instance, clock: DemoClock) -> dict:
    """The achievement roll-up (helper "achievement": kinerja.progress.achievement.rebuild)."""
    from kinerja.progress.achievement import rebuild

    with clock.at(clock.cap):
        stats = rebuild(instance_id=instance.pk, today=clock.today, actor=DEMO, history=True)  # reports bulk-written
    return {"iki_rows": stats.iki_rows, "employee_rows": stats.employee_rows, "indicator_rows": stats.indicator_rows,
            "notified": stats.notified}


def ensure_demo_progress(specs: list[InstanceSpec], clock: DemoClock) -> None:
    """The progress of every demo instance that has SKPs but no report yet."""
    ensure_each(specs, clock, has_progress, build_demo_progress)
