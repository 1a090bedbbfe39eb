"""A small cascade with reports for the achievement tests (hand-checked figures in test_achievement.py)."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from types import SimpleNamespace

from kinerja.progress.models import Report, ReportStatus
from kinerja.rules.achievement import reporting_periods
from kinerja.skp.models import Iki, Period, Rhk, Skp, SkpKind, SkpStatus

TODAY = date(2026, 7, 10)
MONTHS = reporting_periods(date(2026, 1, 1), date(2026, 12, 31))


def skp(w, period, employee, position, unit, evaluator=None, kind=SkpKind.STANDARD):
    return Skp.objects.create(instance=w.a, period=period, employee=employee, position=position, unit=unit,
                              evaluator=evaluator, kind=kind, status=SkpStatus.APPROVED, version=1)


def report(iki, month: int, value=None, judged=None, status=ReportStatus.ACCEPTED):
    skp_ = iki.rhk.skp
    start, end = MONTHS[month - 1]
    return Report.objects.update_or_create(
        iki=iki, period_start=start,
        defaults={"instance_id": iki.instance_id, "skp": skp_, "employee_id": skp_.employee_id,
                  "unit_id": skp_.unit_id, "period_end": end, "status": status,
                  "value": None if value is None else Decimal(str(value)),
                  "judged_achievement": None if judged is None else Decimal(str(judged))})[0]


def build(w, p) -> SimpleNamespace:
    """Kadinkes (JPT, RHK carrying PK indicator ind1 of IKU 1) ← Kabid P2P ← staff1 (four IKI reported
    January–June: 10 laporan a month of 120; a lower-is-better rate at 7 against 10 %; a range 80–90 at 85;
    a qualitative target judged 90)."""
    c = SimpleNamespace()
    c.period = Period.objects.create(instance=w.a, name="2026", year=2026, start_date=date(2026, 1, 1),
                                     end_date=date(2026, 12, 31), deadline=date(2026, 1, 31))
    c.skp_head = skp(w, c.period, w.kadinkes, w.pos_kadinkes, w.dinkes, kind=SkpKind.JPT)
    c.skp_kabid = skp(w, c.period, w.kabid_p2p, w.pos_kabid_p2p, w.p2p, evaluator=w.kadinkes)
    c.skp_staff = skp(w, c.period, w.staff1, w.pos_data, w.surv, evaluator=w.kasi_surv)
    c.rhk_head = Rhk.objects.create(instance=w.a, skp=c.skp_head, text="Menurunnya kasus TBC", pk_indicator=p.ind1,
                                    perspective="penerima_layanan")
    c.iki_head = Iki.objects.create(instance=w.a, rhk=c.rhk_head, text="Keberhasilan pengobatan", target_value=87,
                                    measure_unit="%")
    c.rhk_kabid = Rhk.objects.create(instance=w.a, skp=c.skp_kabid, text="Terlaksananya P2P", parent=c.rhk_head)
    c.iki_kabid = Iki.objects.create(instance=w.a, rhk=c.rhk_kabid, text="Dokumen", target_value=4,
                                     measure_unit="dokumen")
    c.rhk_staff = Rhk.objects.create(instance=w.a, skp=c.skp_staff, text="Tersedianya data", parent=c.rhk_kabid)
    c.count = Iki.objects.create(instance=w.a, rhk=c.rhk_staff, text="Laporan surveilans", target_value=120,
                                 measure_unit="laporan")
    c.lower = Iki.objects.create(instance=w.a, rhk=c.rhk_staff, text="Data terlambat", target_value=10,
                                 measure_unit="%", lower_is_better=True)
    c.range = Iki.objects.create(instance=w.a, rhk=c.rhk_staff, text="Kelengkapan data", target_kind="range",
                                 target_min=80, target_max=90, measure_unit="%")
    c.text = Iki.objects.create(instance=w.a, rhk=c.rhk_staff, text="Mutu analisis", target_kind="text",
                                target_text="Tanpa revisi")
    for month in range(1, 7):
        report(c.count, month, 10)
        report(c.lower, month, 7)
        report(c.range, month, 85)
        report(c.text, month, judged=90)
    return c
