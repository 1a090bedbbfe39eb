"""Progress data for the browser tests of the employee's pages: staff1's approved SKP of this year (two RHK,
three IKI: a number, a range, a qualitative one), an action plan per quarter, earlier months reported (one
accepted with its achievement, one returned with the superior's comment), a few daily log entries."""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal
from types import SimpleNamespace

from django.utils import timezone

from kinerja.progress import periods
from kinerja.progress.models import IkiAchievement, Report
from kinerja.progress.services import daily, plans, reports
from kinerja.skp import services as skp_services
from kinerja.skp.models import Period


def reporting_periods(skp):
    settings = periods.settings_for(skp.instance_id)
    today = timezone.localdate()
    return [p for p in periods.reporting_periods(skp.period.start_date, skp.period.end_date, settings.cadence)
            if p[0] <= today]


def progress_story(w) -> SimpleNamespace:
    s = SimpleNamespace()
    year = timezone.localdate().year
    s.period = Period.objects.create(instance=w.a, name=str(year), year=year, start_date=date(year, 1, 1),
                                     end_date=date(year, 12, 31), deadline=date(year, 1, 31))
    skp = skp_services.create_skp(actor=w.u_staff1, employee=w.staff1, period=s.period)
    s.rhk = skp_services.add_rhk(actor=w.u_staff1, skp=skp, lock_version=0,
                                 text="Tersedianya data surveilans penyakit yang akurat dan tepat waktu")
    s.iki = skp_services.add_iki(actor=w.u_staff1, rhk=s.rhk, lock_version=1,
                                 text="Jumlah laporan surveilans mingguan yang disampaikan", aspect="kuantitas",
                                 target_value="52", measure_unit="laporan")
    s.iki_range = skp_services.add_iki(actor=w.u_staff1, rhk=s.rhk, lock_version=2,
                                       text="Persentase kelengkapan data puskesmas", aspect="kualitas",
                                       target_kind="range", target_min="90", target_max="100", measure_unit="%")
    s.rhk2 = skp_services.add_rhk(actor=w.u_staff1, skp=skp, lock_version=3,
                                  text="Terlaksananya diseminasi informasi kewaspadaan dini")
    s.iki_text = skp_services.add_iki(actor=w.u_staff1, rhk=s.rhk2, lock_version=4,
                                      text="Kualitas buletin kewaspadaan dini", aspect="kualitas",
                                      target_kind="text", target_text="Buletin terbit tepat waktu dan dibaca puskesmas")
    skp.refresh_from_db()
    skp = skp_services.submit(actor=w.u_staff1, skp=skp, lock_version=skp.lock_version)
    s.skp = skp_services.approve(actor=w.u_kasi_surv, skp=skp, lock_version=skp.lock_version)
    for quarter, (text, target) in enumerate([("Rekap mingguan Jan–Mar", 13), ("Rekap mingguan Apr–Jun", 26),
                                              ("Rekap mingguan Jul–Sep", 39), ("Rekap dan evaluasi akhir", 52)], 1):
        plans.save_action_plan(actor=w.u_staff1, iki=s.iki, quarter=quarter, text=text, target=Decimal(target))
    # the story's own achievement rows below (setting a plan's target rolled the IKI up already)
    IkiAchievement.objects.filter(iki=s.iki).delete()
    begun = reporting_periods(s.skp)
    s.current = begun[-1]
    earlier = begun[:-1]
    for n, (start, _end) in enumerate(earlier):
        report = reports.save_report(actor=w.u_staff1, iki=s.iki, period_start=start, value=Decimal(4),
                                     notes="Laporan mingguan lengkap.")
        reports.submit_report(actor=w.u_staff1, report=report, lock_version=report.lock_version)
        status = "returned" if n == len(earlier) - 1 else "accepted"
        Report.objects.filter(pk=report.pk).update(
            status=status, review_comment="Lampirkan tangkapan layar pengiriman." if status == "returned" else "")
        IkiAchievement.objects.create(
            instance=w.a, iki=s.iki, skp=s.skp, employee=w.staff1, unit=w.surv, period_start=start,
            realisation=Decimal(4 * (n + 1)), achievement=Decimal(4 * (n + 1) * 100) / Decimal(52),
            risk="at_risk" if n == len(earlier) - 1 else "",
            reason="Proyeksi akhir tahun 85% dari target" if n == len(earlier) - 1 else "")
    today = timezone.localdate()
    for offset, text, quantity in ((0, "Menyusun laporan minggu ke-1 dari 12 puskesmas", 1),
                                   (1, "Verifikasi data kasus DBD dengan puskesmas", None)):
        day = today - timedelta(days=offset)
        if day >= s.current[0]:
            daily.log_day(actor=w.u_staff1, rhk=s.rhk, date=day, text=text,
                          quantity=Decimal(quantity) if quantity else None, iki=s.iki if quantity else None)
    return s
