"""Realistic SKPs for the SKP browser tests and screenshots, written through the SKP services."""

from __future__ import annotations

from datetime import date
from types import SimpleNamespace

from kinerja.skp import services
from kinerja.skp.models import Period, Skp


def _lock(skp) -> int:
    return Skp.objects.values_list("lock_version", flat=True).get(pk=skp.pk)


def rhk(skp, user, text, *, parent=None, group="utama", perspective=""):
    return services.add_rhk(actor=user, skp=skp, lock_version=_lock(skp), text=text, parent=parent, group=group,
                            perspective=perspective)


def iki(skp, user, rhk_obj, text, aspect="kuantitas", **target):
    target.setdefault("target_kind", "number")
    return services.add_iki(actor=user, rhk=rhk_obj, lock_version=_lock(skp), text=text, aspect=aspect, **target)


def period_2026(world) -> Period:
    return Period.objects.create(instance=world.a, name="2026", year=2026, start_date=date(2026, 1, 1),
                                 end_date=date(2026, 12, 31), deadline=date(2026, 1, 31))


def superiors(world, period) -> SimpleNamespace:
    """Approved SKPs of the head of Bidang P2P and of Seksi Surveilans (staff1's superior), linked."""
    w = world
    kabid = services.create_skp(actor=w.u_kabid_p2p, employee=w.kabid_p2p, period=period)
    k1 = rhk(kabid, w.u_kabid_p2p, "Meningkatnya cakupan deteksi dini dan respons penyakit menular")
    iki(kabid, w.u_kabid_p2p, k1, "Persentase sinyal kewaspadaan dini yang direspons < 24 jam", "kualitas",
        target_kind="range", target_min="90", target_max="100", measure_unit="%")
    services.submit(actor=w.u_kabid_p2p, skp=kabid, lock_version=_lock(kabid))
    services.approve(actor=w.u_kadinkes, skp=kabid, lock_version=_lock(kabid))

    kasi = services.create_skp(actor=w.u_kasi_surv, employee=w.kasi_surv, period=period)
    s1 = rhk(kasi, w.u_kasi_surv, "Tersedianya data surveilans penyakit yang lengkap dan tepat waktu", parent=k1)
    iki(kasi, w.u_kasi_surv, s1, "Kelengkapan laporan mingguan puskesmas", "kuantitas",
        target_value="95", measure_unit="%")
    s2 = rhk(kasi, w.u_kasi_surv, "Terlaksananya penyelidikan epidemiologi setiap kejadian luar biasa", parent=k1)
    iki(kasi, w.u_kasi_surv, s2, "Persentase KLB yang diselidiki dalam 24 jam", "waktu",
        target_value="100", measure_unit="%")
    services.submit(actor=w.u_kasi_surv, skp=kasi, lock_version=_lock(kasi))
    services.approve(actor=w.u_kabid_p2p, skp=kasi, lock_version=_lock(kasi))
    kasi_rhks = list(kasi.rhks.order_by("order"))
    return SimpleNamespace(kabid=kabid, kasi=kasi, kasi_rhks=kasi_rhks)


def staff_skp(world, period, kasi_rhks) -> Skp:
    """Andi Pratama's SKP: three main RHK and one additional, every target kind, lampiran and expectations."""
    w, u = world, world.u_staff1
    skp = services.create_skp(actor=u, employee=w.staff1, period=period)
    r1 = rhk(skp, u, "Tersusunnya rekapitulasi data surveilans mingguan dari 21 puskesmas", parent=kasi_rhks[0])
    iki(skp, u, r1, "Jumlah laporan rekapitulasi mingguan yang disusun", "kuantitas",
        target_value="52", measure_unit="laporan")
    iki(skp, u, r1, "Laporan diterima Kepala Seksi tanpa revisi", "kualitas",
        target_kind="text", target_text="Tanpa revisi")
    iki(skp, u, r1, "Keterlambatan penyampaian laporan", "waktu", target_value="0", measure_unit="hari",
        lower_is_better=True)
    r2 = rhk(skp, u, "Terverifikasinya sinyal kewaspadaan dini dari aplikasi SKDR", parent=kasi_rhks[0])
    iki(skp, u, r2, "Persentase sinyal SKDR yang diverifikasi", "kuantitas", target_kind="range",
        target_min="90", target_max="100", measure_unit="%")
    r3 = rhk(skp, u, "Tersedianya data pendukung penyelidikan epidemiologi KLB", parent=kasi_rhks[1])
    iki(skp, u, r3, "Dokumen data pendukung per KLB", "kuantitas", target_value="1", measure_unit="dokumen per KLB")
    iki(skp, u, r3, "Biaya pengiriman spesimen per KLB", "biaya", target_value="1500000", measure_unit="rupiah",
        lower_is_better=True)
    r4 = rhk(skp, u, "Terlaksananya pendampingan kader posyandu dalam pencatatan kasus", group="tambahan")
    iki(skp, u, r4, "Jumlah kader yang didampingi", "kuantitas", target_value="40", measure_unit="orang")
    services.set_appendix(actor=u, skp=skp, lock_version=_lock(skp), kind="resources",
                          lines=["Aplikasi SKDR dan akses internet", "Laptop dan printer seksi surveilans"])
    services.set_appendix(actor=u, skp=skp, lock_version=_lock(skp), kind="accountability",
                          lines=["Laporan mingguan kepada Kepala Seksi Surveilans", "Rapat evaluasi triwulanan"])
    services.set_appendix(actor=u, skp=skp, lock_version=_lock(skp), kind="consequences",
                          lines=["Realisasi di bawah target dibahas dalam dialog kinerja"])
    services.set_expectations(actor=w.u_kasi_surv, skp=skp, lock_version=_lock(skp), expectations={
        "akuntabel": "Laporan mingguan masuk setiap Senin sebelum pukul 12.00",
        "kolaboratif": "Aktif berkoordinasi dengan petugas surveilans puskesmas",
    })
    return Skp.objects.get(pk=skp.pk)
