"""A plan and SKP for the test world, written with the models directly (the services are tested elsewhere).

Instance A, year 2026 (RPJMD 2025–2029):

Misi 1 Masyarakat sehat ─ Tujuan T1 (Renstra Dinkes) ─ Sasaran S1 Derajat kesehatan
    ├─ IKU I1 Angka kematian ibu ─ PK Dinkes: "AKI" ─ R1 kadinkes ─ R8 kabid_yankes (draft)
    ├─ IKU I2 Cakupan imunisasi ─ PK Dinkes: "Imunisasi" ─ R2 kadinkes ─ R4 kabid_p2p ─ R5 kasi_surv (submitted)
    │                                                                                  ─ R6 staff1 (2 IKI)
    └─ IKU I3 Akreditasi puskesmas (in no PK: unsupported)
Misi 2 Pendidikan ─ T2 (Renstra Disdik) ─ S2 ─ IKU I4 APK SMP ─ PK Disdik ─ R9 kadisdik ─ R10 staff_disdik
Misi 3 Tata kelola (nothing under it)
Not linked: R3 kadinkes (JPT, no PK indicator), R7 staff1 (tambahan, no superior RHK)
No SKP: staff2, staff_yankes.

Instance B has its own small plan and SKP, which must never show in A.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from types import SimpleNamespace

import pytest

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

YEAR = 2026


def make_period(instance, year: int = YEAR) -> Period:
    return Period.objects.create(instance=instance, name=f"Tahun {year}", year=year, start_date=date(year, 1, 1),
                                 end_date=date(year, 12, 31), deadline=date(year, 1, 31))


def make_skp(period, employee, status=SkpStatus.APPROVED, *, kind=None) -> Skp:
    position = employee.position
    if kind is None:
        kind = SkpKind.JPT if position.kind == "JPT" else SkpKind.STANDARD
    return Skp.objects.create(instance=period.instance, period=period, employee=employee, kind=kind,
                              position=position, unit=employee.unit, status=status,
                              version=1 if status == SkpStatus.APPROVED else 0)


def make_rhk(skp, text, *, parent=None, pk=None, group="utama", order=0, ikis=1, perspective="") -> Rhk:
    rhk = Rhk.objects.create(instance=skp.instance, skp=skp, text=text, parent=parent, pk_indicator=pk, group=group,
                             order=order, perspective=perspective)
    Iki.objects.bulk_create(Iki(instance=skp.instance, rhk=rhk, text=f"IKI {i + 1} {text}", target_value=10,
                                measure_unit="dokumen", order=i) for i in range(ikis))
    return rhk


def make_plan(w) -> SimpleNamespace:
    p = SimpleNamespace()
    a = w.a
    p.rpjmd = Rpjmd.objects.create(instance=a, title="RPJMD Kota Alpha 2025–2029", start_year=2025, end_year=2029,
                                   vision="Kota Alpha sehat, cerdas dan sejahtera")
    p.m1 = Mission.objects.create(instance=a, rpjmd=p.rpjmd, number=1, text="Mewujudkan masyarakat yang sehat")
    p.m2 = Mission.objects.create(instance=a, rpjmd=p.rpjmd, number=2, text="Meningkatkan mutu pendidikan")
    p.m3 = Mission.objects.create(instance=a, rpjmd=p.rpjmd, number=3, text="Mewujudkan tata kelola yang baik")
    p.renstra_dinkes = Renstra.objects.create(instance=a, unit=w.dinkes, rpjmd=p.rpjmd, title="Renstra Dinkes",
                                              start_year=2025, end_year=2029)
    p.renstra_disdik = Renstra.objects.create(instance=a, unit=w.disdik, rpjmd=p.rpjmd, title="Renstra Disdik",
                                              start_year=2025, end_year=2029)
    p.g1 = Goal.objects.create(instance=a, renstra=p.renstra_dinkes, mission=p.m1, code="T1",
                               text="Meningkatkan derajat kesehatan masyarakat")
    p.g2 = Goal.objects.create(instance=a, renstra=p.renstra_disdik, mission=p.m2, code="T2",
                               text="Meningkatkan akses pendidikan")
    p.s1 = StrategicTarget.objects.create(instance=a, goal=p.g1, code="S1",
                                          text="Meningkatnya derajat kesehatan ibu dan anak")
    p.s2 = StrategicTarget.objects.create(instance=a, goal=p.g2, code="S2", text="Meningkatnya partisipasi sekolah")

    def iku(st, unit, code, name, measure, target, higher=True):
        obj = Iku.objects.create(instance=a, strategic_target=st, unit=unit, code=code, name=name,
                                 measure_unit=measure, higher_is_better=higher)
        IkuTarget.objects.create(instance=a, iku=obj, year=YEAR, target=Decimal(target))
        return obj

    p.i1 = iku(p.s1, w.dinkes, "I1", "Angka kematian ibu", "per 100.000 KH", "80", higher=False)
    p.i2 = iku(p.s1, w.dinkes, "I2", "Cakupan imunisasi dasar lengkap", "%", "95")
    p.i3 = iku(p.s1, w.dinkes, "I3", "Persentase puskesmas terakreditasi", "%", "100")
    p.i4 = iku(p.s2, w.disdik, "I4", "Angka partisipasi kasar SMP", "%", "98")
    p.pk_dinkes = PerformanceAgreement.objects.create(instance=a, unit=w.dinkes, year=YEAR,
                                                      position=w.pos_kadinkes, signatory=w.kadinkes,
                                                      status=AgreementStatus.SIGNED, signed_on=date(YEAR, 1, 15))
    p.pk_disdik = PerformanceAgreement.objects.create(instance=a, unit=w.disdik, year=YEAR, position=w.pos_kadisdik,
                                                      signatory=w.kadisdik)
    p.pki1 = PkIndicator.objects.create(instance=a, agreement=p.pk_dinkes, strategic_target=p.s1, iku=p.i1,
                                        name="Angka kematian ibu", measure_unit="per 100.000 KH", target=80, order=1)
    p.pki2 = PkIndicator.objects.create(instance=a, agreement=p.pk_dinkes, strategic_target=p.s1, iku=p.i2,
                                        name="Cakupan imunisasi dasar lengkap", measure_unit="%", target=95, order=2)
    p.pki3 = PkIndicator.objects.create(instance=a, agreement=p.pk_disdik, strategic_target=p.s2, iku=p.i4,
                                        name="APK SMP", measure_unit="%", target=98, order=1)

    p.period = make_period(a)
    p.skp_kadinkes = make_skp(p.period, w.kadinkes)
    p.r1 = make_rhk(p.skp_kadinkes, "Menurunnya angka kematian ibu", pk=p.pki1, order=1, perspective="penerima_layanan")
    p.r2 = make_rhk(p.skp_kadinkes, "Meningkatnya cakupan imunisasi", pk=p.pki2, order=2, perspective="proses_bisnis")
    p.r3 = make_rhk(p.skp_kadinkes, "Terlaksananya reformasi birokrasi", order=3, perspective="penguatan_internal")
    p.skp_kabid_p2p = make_skp(p.period, w.kabid_p2p)
    p.r4 = make_rhk(p.skp_kabid_p2p, "Meningkatnya imunisasi dasar lengkap bayi", parent=p.r2)
    p.skp_kasi = make_skp(p.period, w.kasi_surv, SkpStatus.SUBMITTED)
    p.r5 = make_rhk(p.skp_kasi, "Tersedianya data surveilans imunisasi", parent=p.r4)
    p.skp_staff1 = make_skp(p.period, w.staff1)
    p.r6 = make_rhk(p.skp_staff1, "Laporan surveilans mingguan", parent=p.r5, ikis=2)
    p.r7 = make_rhk(p.skp_staff1, "Membantu kegiatan kantor", group="tambahan")
    p.skp_kabid_yankes = make_skp(p.period, w.kabid_yankes, SkpStatus.DRAFT)
    p.r8 = make_rhk(p.skp_kabid_yankes, "Meningkatnya pelayanan kesehatan ibu", parent=p.r1)
    p.skp_kadisdik = make_skp(p.period, w.kadisdik)
    p.r9 = make_rhk(p.skp_kadisdik, "Meningkatnya partisipasi sekolah SMP", pk=p.pki3)
    p.skp_staff_disdik = make_skp(p.period, w.staff_disdik)
    p.r10 = make_rhk(p.skp_staff_disdik, "Terkelolanya data peserta didik", parent=p.r9)

    # instance B
    b = w.b
    p.rpjmd_b = Rpjmd.objects.create(instance=b, title="RPJMD Beta", start_year=2025, end_year=2029, vision="Beta")
    p.m_b = Mission.objects.create(instance=b, rpjmd=p.rpjmd_b, number=1, text="Misi rahasia Beta")
    renstra_b = Renstra.objects.create(instance=b, unit=w.dinkes_b, rpjmd=p.rpjmd_b, title="Renstra B",
                                       start_year=2025, end_year=2029)
    goal_b = Goal.objects.create(instance=b, renstra=renstra_b, mission=p.m_b, text="Tujuan Beta")
    st_b = StrategicTarget.objects.create(instance=b, goal=goal_b, text="Sasaran Beta")
    p.iku_b = Iku.objects.create(instance=b, strategic_target=st_b, unit=w.dinkes_b, name="IKU Beta",
                                 measure_unit="%")
    pk_b = PerformanceAgreement.objects.create(instance=b, unit=w.dinkes_b, year=YEAR, position=w.pos_kadinkes_b)
    p.pki_b = PkIndicator.objects.create(instance=b, agreement=pk_b, iku=p.iku_b, strategic_target=st_b,
                                         name="PK Beta", measure_unit="%", target=1)
    p.period_b = make_period(b)
    p.skp_b = make_skp(p.period_b, w.kadinkes_b)
    p.r_b = make_rhk(p.skp_b, "RHK rahasia Beta", pk=p.pki_b)
    return p


@pytest.fixture
def plan(world):
    return make_plan(world)
