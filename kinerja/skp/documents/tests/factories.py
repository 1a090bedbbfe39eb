"""Realistic SKPs for document tests, written straight to the tables (test data, not a write path).

``build_skps(world)`` gives the test world (kinerja.core.testing) a 2026 period and four SKPs that
cascade: the head of Dinas Kesehatan (JPT, approved, by perspective, cascaded from a Perjanjian
Kinerja), the head of Bidang P2P, the head of Seksi Surveilans and a staff member with many RHK and
long texts (draft), plus an SKP in instance B for out-of-scope checks.
"""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal
from types import SimpleNamespace

from django.utils import timezone

from kinerja.planning.models import PerformanceAgreement, PkIndicator
from kinerja.rules import skp as rules
from kinerja.skp.models import (
    Appendix,
    AppendixKind,
    BehaviourExpectation,
    Iki,
    Period,
    Rhk,
    Skp,
    SkpKind,
    SkpStatus,
)

LONG = ("Terlaksananya surveilans epidemiologi penyakit menular dan tidak menular secara terpadu, tepat waktu dan "
        "lengkap di seluruh puskesmas dan rumah sakit wilayah kota sebagai dasar pengambilan keputusan pimpinan "
        "dalam pengendalian kejadian luar biasa (KLB)")


def period(instance, year=2026) -> Period:
    return Period.objects.create(instance=instance, name=f"Tahunan {year}", year=year, start_date=date(year, 1, 1),
                                 end_date=date(year, 12, 31), deadline=date(year, 1, 31))


def skp(per, employee, evaluator=None, superior=None, *, kind=SkpKind.STANDARD, status=SkpStatus.DRAFT,
        acting="") -> Skp:
    approved = status == SkpStatus.APPROVED
    s = Skp.objects.create(
        instance=per.instance, period=per, employee=employee, kind=kind, position=employee.position,
        unit=employee.unit, evaluator=evaluator, evaluator_position=evaluator.position if evaluator else None,
        evaluator_acting=acting, evaluator_superior=superior,
        evaluator_superior_position=superior.position if superior else None, status=status,
        version=1 if approved else 0,
        approved_at=timezone.make_aware(datetime(per.year, 1, 14, 10, 0)) if approved else None,
        approved_by=evaluator if approved else None,
    )
    BehaviourExpectation.objects.bulk_create([
        BehaviourExpectation(instance=per.instance, skp=s, value=v.code, expectation="") for v in rules.BERAKHLAK
    ])
    return s


def rhk(s, text, *, group="utama", parent=None, perspective="", pk_indicator=None, order=0) -> Rhk:
    return Rhk.objects.create(instance=s.instance, skp=s, text=text, group=group, parent=parent,
                              perspective=perspective, pk_indicator=pk_indicator, order=order)


def iki(r, text, *, aspect="", value=None, unit="", low=None, high=None, qualitative="", order=0) -> Iki:
    if qualitative:
        kind = rules.TargetKind.TEXT
    elif low is not None:
        kind = rules.TargetKind.RANGE
    else:
        kind = rules.TargetKind.NUMBER
    return Iki.objects.create(
        instance=r.instance, rhk=r, text=text, aspect=aspect, target_kind=kind,
        target_value=Decimal(str(value)) if value is not None else None,
        target_min=Decimal(str(low)) if low is not None else None,
        target_max=Decimal(str(high)) if high is not None else None,
        target_text=qualitative, measure_unit=unit, order=order,
    )


def appendix(s, kind, *lines):
    Appendix.objects.bulk_create([Appendix(instance=s.instance, skp=s, kind=kind, text=t, order=n)
                                  for n, t in enumerate(lines)])


def expect(s, **by_code):
    for code, text in by_code.items():
        BehaviourExpectation.objects.filter(skp=s, value=code).update(expectation=text)


def build_skps(w) -> SimpleNamespace:
    d = SimpleNamespace()
    d.period = period(w.a)
    d.period_b = period(w.b)

    # JPT: the head of Dinas Kesehatan, cascaded from the Perjanjian Kinerja, approved
    pk = PerformanceAgreement.objects.create(instance=w.a, unit=w.dinkes, year=2026, position=w.pos_kadinkes,
                                             signatory=w.kadinkes, status="signed", signed_on=date(2026, 1, 5))
    pk1 = PkIndicator.objects.create(instance=w.a, agreement=pk, name="Angka kesakitan penyakit menular",
                                     measure_unit="per 100.000 penduduk", target=Decimal("120"))
    pk2 = PkIndicator.objects.create(instance=w.a, agreement=pk, name="Indeks kepuasan masyarakat pelayanan "
                                     "kesehatan", measure_unit="indeks", target=Decimal("85"), order=1)
    d.jpt = skp(d.period, w.kadinkes, kind=SkpKind.JPT, status=SkpStatus.APPROVED)
    d.jpt_rhk1 = rhk(d.jpt, "Meningkatnya derajat kesehatan masyarakat melalui pengendalian penyakit menular",
                     perspective="penerima_layanan", pk_indicator=pk1)
    iki(d.jpt_rhk1, "Angka kesakitan penyakit menular", value=120, unit="per 100.000 penduduk")
    iki(d.jpt_rhk1, "Cakupan penemuan kasus TBC", low=80, high=90, unit="%", order=1)
    d.jpt_rhk2 = rhk(d.jpt, "Meningkatnya kualitas pelayanan kesehatan dasar dan rujukan",
                     perspective="penerima_layanan", pk_indicator=pk2, order=1)
    iki(d.jpt_rhk2, "Indeks kepuasan masyarakat pelayanan kesehatan", value=85.5, unit="indeks")
    d.jpt_rhk3 = rhk(d.jpt, "Terwujudnya tata kelola keuangan dinas yang akuntabel", perspective="anggaran", order=2)
    iki(d.jpt_rhk3, "Opini BPK atas laporan keuangan", qualitative="Wajar Tanpa Pengecualian (WTP)")
    d.jpt_rhk4 = rhk(d.jpt, "Meningkatnya kompetensi tenaga kesehatan", perspective="penguatan_internal", order=3)
    iki(d.jpt_rhk4, "Persentase tenaga kesehatan yang mengikuti pelatihan 20 JP", value=100, unit="%")
    d.jpt_rhk5 = rhk(d.jpt, "Terselenggaranya proses bisnis pelayanan perizinan kesehatan secara elektronik",
                     perspective="proses_bisnis", order=4)
    iki(d.jpt_rhk5, "Persentase izin yang terbit tepat waktu", value=95, unit="%")
    rhk_t = rhk(d.jpt, "Menjadi narasumber kegiatan lintas sektor", group="tambahan", perspective="proses_bisnis")
    iki(rhk_t, "Jumlah kegiatan lintas sektor", value=4, unit="kegiatan")
    appendix(d.jpt, AppendixKind.RESOURCES, "Anggaran DPA Dinas Kesehatan Tahun 2026", "Sistem informasi kesehatan")
    appendix(d.jpt, AppendixKind.ACCOUNTABILITY, "Laporan kinerja triwulanan kepada Wali Kota")
    appendix(d.jpt, AppendixKind.CONSEQUENCES, "Sesuai ketentuan peraturan perundang-undangan")
    expect(d.jpt, berorientasi_pelayanan="Memastikan standar pelayanan minimal bidang kesehatan tercapai")

    # Administrator: head of Bidang P2P, intervening the JPT's RHK
    d.kabid = skp(d.period, w.kabid_p2p, w.kadinkes, None, status=SkpStatus.APPROVED)
    d.kabid_rhk = rhk(d.kabid, "Terkendalinya penyakit menular melalui surveilans dan imunisasi", parent=d.jpt_rhk1)
    iki(d.kabid_rhk, "Persentase kejadian luar biasa yang ditangani < 24 jam", aspect="waktu", value=100, unit="%")

    # Pengawas: head of Seksi Surveilans
    d.kasi = skp(d.period, w.kasi_surv, w.kabid_p2p, w.kadinkes, status=SkpStatus.SUBMITTED)
    d.kasi_rhk = rhk(d.kasi, LONG, parent=d.kabid_rhk)
    iki(d.kasi_rhk, "Persentase laporan surveilans mingguan (W2) yang lengkap dan tepat waktu", aspect="kuantitas",
        value=90, unit="%")
    iki(d.kasi_rhk, "Laporan analisis situasi penyakit disampaikan kepada pimpinan", aspect="kualitas",
        qualitative="Diterima tanpa revisi", order=1)

    # Pelaksana: many RHK, long texts, every aspect and target kind, a tambahan group; draft
    d.staff = skp(d.period, w.staff1, w.kasi_surv, w.kabid_p2p)
    d.staff_rhks = []
    aspects = ["kuantitas", "kualitas", "waktu", "biaya"]
    for n in range(14):
        r = rhk(d.staff, f"RHK-{n + 1:02d} Tersusunnya rekapitulasi data surveilans penyakit {LONG[:90 + n * 7]}",
                parent=d.kasi_rhk if n % 3 else None, order=n)
        d.staff_rhks.append(r)
        for k, aspect in enumerate(aspects[: 1 + n % 4]):
            if aspect == "kualitas":
                iki(r, f"Kualitas dokumen rekapitulasi ke-{n + 1} sesuai standar", aspect=aspect,
                    qualitative="Tanpa revisi dari atasan", order=k)
            elif aspect == "waktu":
                iki(r, f"Ketepatan waktu penyampaian rekapitulasi ke-{n + 1}", aspect=aspect, value=12,
                    unit="bulan", order=k)
            elif aspect == "biaya":
                iki(r, "Efisiensi penggunaan anggaran", aspect=aspect, low=95, high=100, unit="%", order=k)
            else:
                iki(r, f"Jumlah dokumen rekapitulasi data ke-{n + 1}", aspect=aspect, value=12 + n, unit="dokumen",
                    order=k)
    for n in range(3):
        r = rhk(d.staff, f"Tugas tambahan {n + 1}: anggota tim penyusun laporan kinerja instansi pemerintah (LKjIP)",
                group="tambahan", order=n)
        iki(r, "Jumlah laporan yang disusun", aspect="kuantitas", value=1, unit="laporan")
    appendix(d.staff, AppendixKind.RESOURCES, "Komputer dan akses aplikasi SKDR", "Data dari 12 puskesmas")
    appendix(d.staff, AppendixKind.ACCOUNTABILITY, "Laporan bulanan kepada Kepala Seksi Surveilans")
    appendix(d.staff, AppendixKind.CONSEQUENCES, "Teguran lisan apabila laporan terlambat")
    expect(d.staff, akuntabel="Menyampaikan data yang jujur dan dapat dipertanggungjawabkan",
           kolaboratif="Aktif berkoordinasi dengan petugas surveilans puskesmas")

    # Instance B: out of everyone's scope in instance A
    d.skp_b = skp(d.period_b, w.staff_b, w.kadinkes_b, None)
    rb = rhk(d.skp_b, "Tersusunnya dokumen administrasi umum")
    iki(rb, "Jumlah dokumen", aspect="kuantitas", value=10, unit="dokumen")
    return d
