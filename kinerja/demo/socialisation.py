"""Demo socialisation: the policy, guide and change items a BKPSDM publishes first in every roll-out,
with acknowledgements that differ from unit to unit, so the coverage pages show a realistic mix.

Written through kinerja.socialisation.services as ``system_actor("demo")``, deterministically: the
same instance always gets the same items and the same employees acknowledging them. The demo's own
employee login (``*.pegawai``) keeps the newest items unread so its home page has something to show.
"""

from __future__ import annotations

import random
from dataclasses import dataclass
from datetime import date, time, timedelta

from django.core.files.uploadedfile import SimpleUploadedFile

from kinerja.core.actors import system_actor

from .clock import DemoClock
from .spec import InstanceSpec

DEMO = system_actor("demo")


@dataclass(frozen=True)
class DemoItem:
    title: str
    category: str
    body: str
    share: float  # the share of the audience that has acknowledged it
    published: date | None  # None: a draft
    audience: str = ""  # a unit name; empty: the whole instance
    attachment: tuple[str, list[str]] | None = None  # (file name, lines of a one-page PDF)
    window: int = 45  # acknowledgements come within this many days of publication


MONTHS = ("Januari", "Februari", "Maret", "April", "Mei", "Juni", "Juli", "Agustus", "September", "Oktober",
          "November", "Desember")
QUARTERS = ("I", "II", "III", "IV")


def items_for(today: date) -> list[DemoItem]:
    """The items of an instance whose current period is the year of ``today`` (see clock.py).

    The policy came with the launch (two Decembers ago), the year's guide in December before the period,
    the schedule change in mid-January, the health workers' guide in March; the next quarter's dialogue
    calendar is a draft written this week.
    """
    year, last = today.year, today.year - 1
    quarter = (today.month - 1) // 3 + 1
    dialogue_month = quarter * 3 % 12  # the first month after the quarter (0-based)
    dialogue_year = year + 1 if quarter == 4 else year
    return [
        DemoItem(
            "Sosialisasi PermenPANRB 6/2022 tentang Pengelolaan Kinerja ASN", "policy",
            f"Mulai periode penilaian {last}, pengelolaan kinerja seluruh Pegawai ASN di lingkungan Pemerintah "
            "Kota mengikuti Peraturan Menteri PANRB Nomor 6 Tahun 2022.\n\n"
            "Pengelolaan kinerja terdiri atas empat tahap: perencanaan kinerja; pelaksanaan, pemantauan, dan "
            "pembinaan kinerja; penilaian kinerja; serta tindak lanjut hasil penilaian.\n\n"
            "Setiap pegawai menyusun Sasaran Kinerja Pegawai (SKP) bersama pejabat penilai. Rencana Hasil Kerja "
            "(RHK) pegawai mengintervensi RHK atasannya sehingga kinerja setiap orang terhubung dengan tujuan "
            "organisasi.\n\n"
            "Predikat kinerja pegawai ditetapkan dari rating hasil kerja dan rating perilaku kerja "
            "(Sangat Baik, Baik, Butuh Perbaikan, Kurang/Misconduct, Sangat Kurang).\n\n"
            "Mohon setiap pegawai membaca ringkasan terlampir dan menekan tombol konfirmasi pada halaman ini.",
            0.82, date(last - 1, 12, 9), window=75,
            attachment=("Ringkasan PermenPANRB 6-2022.pdf", [
                "Ringkasan PermenPANRB Nomor 6 Tahun 2022", "Pengelolaan Kinerja Pegawai Aparatur Sipil Negara", "",
                "1. Perencanaan kinerja: penyusunan dan penetapan SKP paling lambat akhir Januari.",
                "2. Pelaksanaan, pemantauan dan pembinaan: bukti dukung, umpan balik berkelanjutan.",
                "3. Penilaian kinerja: periodik (bulanan/triwulanan) dan tahunan.",
                "4. Tindak lanjut: penghargaan, pembinaan, dan sanksi sesuai ketentuan.", "",
                "Rating hasil kerja dan perilaku kerja: Di Atas, Sesuai, Di Bawah Ekspektasi.",
                "Predikat: Sangat Baik, Baik, Butuh Perbaikan, Kurang/Misconduct, Sangat Kurang.",
            ]),
        ),
        DemoItem(
            f"Panduan penyusunan SKP {year}", "guide",
            f"Panduan ini menjelaskan langkah menyusun SKP periode {year} di aplikasi Kinerja.\n\n"
            f"1. Buka menu SKP dan pilih periode {year}.\n"
            "2. Tambahkan Rencana Hasil Kerja (RHK) utama; untuk setiap RHK pilih RHK atasan yang diintervensi.\n"
            "3. Isi Indikator Kinerja Individu (IKI) per aspek kuantitas, kualitas, waktu, atau biaya, beserta "
            "targetnya.\n"
            "4. Lengkapi lampiran: dukungan sumber daya, skema pertanggungjawaban, dan konsekuensi.\n"
            "5. Ajukan SKP kepada pejabat penilai untuk disetujui.\n\n"
            "Pegawai JPT menyusun RHK per perspektif (Penerima Layanan, Proses Bisnis, Penguatan Internal, "
            "Anggaran) yang diturunkan dari Perjanjian Kinerja.\n\n"
            "Jika RHK atasan belum tersedia, pegawai tetap dapat menyusun draf dan akan diberi tahu ketika RHK "
            "atasan berubah.",
            0.55, date(last, 12, 12),
            attachment=(f"Panduan Penyusunan SKP {year}.pdf", [
                f"Panduan Penyusunan SKP {year}", "",
                f"Langkah 1  Pilih periode {year} pada menu SKP.",
                "Langkah 2  Tambahkan RHK utama dan RHK atasan yang diintervensi.",
                "Langkah 3  Isi IKI per aspek: kuantitas, kualitas, waktu, biaya.",
                "Langkah 4  Lengkapi lampiran SKP.",
                "Langkah 5  Ajukan kepada pejabat penilai.", "",
                f"Batas waktu penetapan SKP: 31 Januari {year}.",
            ]),
        ),
        DemoItem(
            f"Perubahan jadwal pendampingan penyusunan SKP {year}", "change",
            "Memperhatikan cuti bersama awal tahun, pendampingan penyusunan SKP periode "
            f"{year} di setiap perangkat daerah dipindahkan ke tanggal 19–23 Januari {year}. Batas akhir penetapan "
            f"SKP tetap 31 Januari {year}.\n\n"
            "Pejabat penilai diminta menyelesaikan persetujuan SKP bawahannya paling lambat tanggal tersebut. "
            "Setelah batas waktu, Admin BKPSDM memantau pegawai yang belum memiliki SKP yang disetujui dan "
            "menindaklanjutinya bersama perangkat daerah.\n\n"
            "Perubahan ini tidak mengubah periode penilaian maupun jadwal penilaian triwulanan.",
            0.24, date(year, 1, 12), window=20,
        ),
        DemoItem(
            "Tata cara unggah bukti dukung kinerja tenaga kesehatan", "guide",
            "Bukti dukung realisasi kinerja tenaga kesehatan diunggah setiap akhir bulan: laporan kunjungan, "
            "rekapitulasi pelayanan, atau dokumentasi kegiatan.\n\n"
            "Gunakan format PDF atau foto (JPG/PNG) yang terbaca jelas, paling besar 10 MB per berkas.\n\n"
            "Kepala Puskesmas memeriksa bukti dukung sebelum penilaian triwulanan.",
            0.45, date(year, 3, 4), audience="Dinas Kesehatan",
        ),
        DemoItem(
            f"Kalender dialog kinerja triwulan {QUARTERS[quarter - 1]} {year}", "policy",
            f"Dialog kinerja triwulan {QUARTERS[quarter - 1]} dijadwalkan pada minggu kedua "
            f"{MONTHS[dialogue_month]} {dialogue_year}. Jadwal rinci per perangkat daerah akan diumumkan oleh "
            "Admin BKPSDM.",
            0.0, None,
        ),
    ]


def _pdf(lines: list[str]) -> bytes:
    """A one-page A4 PDF with the given lines in Helvetica (enough for a demo attachment)."""
    def escape(text: str) -> str:
        return text.replace("\\", "\\\\").replace("(", "\\(").replace(")", "\\)")

    body = ["BT /F1 16 Tf 56 780 Td 22 TL", f"({escape(lines[0])}) Tj T* /F1 11 Tf 16 TL"]
    body += [f"({escape(line)}) Tj T*" for line in lines[1:]]
    body.append("ET")
    stream = "\n".join(body).encode("latin-1", "replace")
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Resources << /Font << /F1 4 0 R >> >> "
        b"/Contents 5 0 R >>",
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>",
        b"<< /Length %d >>\nstream\n" % len(stream) + stream + b"\nendstream",
    ]
    out = bytearray(b"%PDF-1.4\n")
    offsets = []
    for number, obj in enumerate(objects, start=1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % number + obj + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    out += b"".join(b"%010d 00000 n \n" % offset for offset in offsets)
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objects) + 1, xref)
    return bytes(out)


def load(instance, spec: InstanceSpec, clock: DemoClock | None = None) -> list:
    """Create the demo items of ``instance`` and their acknowledgements, dated by ``clock``; returns the items.

    An item whose publication day is still to come (early in the year) stays a draft written yesterday.
    """
    from kinerja.accounts.models import User
    from kinerja.organization.models import Unit
    from kinerja.socialisation import services

    clock = clock or DemoClock()
    rng = random.Random(f"kinerja-demo-socialisation:{spec.slug}")
    roots = {u.path: u for u in Unit.objects.filter(instance=instance, depth=1)}
    # each OPD reads at its own pace, so the coverage per unit differs
    pace = {path: rng.uniform(0.55, 1.25) for path in sorted(roots)}
    pegawai = next((login.username for login in spec.logins if login.role == "pegawai"), None)
    demo_employee_id = User.objects.filter(username=pegawai).values_list("employee_id", flat=True).first()
    items = []
    for n, demo in enumerate(items_for(clock.today)):
        units = []
        if demo.audience:
            units = list(Unit.objects.filter(instance=instance, name=demo.audience, depth=1)[:1])
            if not units:
                continue
        published = clock.local(demo.published, time(9, 30)) if demo.published else None
        if published is not None and published > clock.cap:
            published = None
        written = published - timedelta(days=1, hours=2) if published else clock.days_ago(2, 14)
        files = [SimpleUploadedFile(demo.attachment[0], _pdf(demo.attachment[1]), content_type="application/pdf")
                 ] if demo.attachment else []
        with clock.at(written):
            item = services.create_item(actor=DEMO, instance=instance, title=demo.title, body=demo.body,
                                        category=demo.category, whole_instance=not units, units=units, files=files)
        if published is not None:
            with clock.at(published):
                item = services.publish_item(actor=DEMO, item=item)
            last = min(published + timedelta(days=demo.window), clock.cap)
            span = (last - published).total_seconds()
            readers = []
            for employee in services.pending_employees(item).select_related("unit").order_by("id"):
                if employee.pk == demo_employee_id and n > 0:
                    continue  # the demo employee still has the newer items to read
                share = demo.share * pace.get(employee.unit.path[:Unit.steplen], 1.0) if employee.unit_id else 0
                if rng.random() < min(share, 0.97):
                    # most read it in the first days, a few weeks later
                    readers.append((published + timedelta(seconds=span * rng.random() ** 2.5), employee))
            for at, employee in sorted(readers, key=lambda r: (r[0], r[1].pk)):
                with clock.at(min(max(at, published + timedelta(minutes=10)), clock.cap)):
                    services.acknowledge(actor=DEMO, item=item, employee=employee)
        items.append(item)
    return items
