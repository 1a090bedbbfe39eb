"""The set-based roll-up (achievement/sql.py, PostgreSQL) writes exactly the rows of the Python reference."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest
from django.db import connection, transaction

from kinerja.core import bulk
from kinerja.planning.testing import build_plan
from kinerja.progress.achievement import rebuild
from kinerja.progress.models import (
    ActionPlan,
    EmployeeAchievement,
    IkiAchievement,
    IndicatorAchievement,
    ReportingSettings,
    ReportStatus,
    RhkAchievement,
)
from kinerja.progress.tests.achievement_world import TODAY, build, report, skp
from kinerja.skp.models import Iki, Rhk

pytestmark = pytest.mark.skipif(connection.vendor != "postgresql", reason="the set-based roll-up is PostgreSQL's")


def rows(instance):
    """Every roll-up row of the instance, without ids and timestamps."""
    return (
        sorted(IkiAchievement.objects.filter(instance=instance).values_list(
            "iki_id", "skp_id", "employee_id", "unit_id", "period_start", "realisation", "achievement", "expected",
            "projected", "risk", "reason")),
        sorted(EmployeeAchievement.objects.filter(instance=instance).values_list(
            "skp_id", "employee_id", "unit_id", "period_start", "achievement", "projected", "indicators", "reported",
            "at_risk")),
        sorted(RhkAchievement.objects.filter(instance=instance).values_list(
            "rhk_id", "period_start", "achievement", "projected", "rolled_achievement", "rolled_projected",
            "contributors", "at_risk")),
        sorted(IndicatorAchievement.objects.filter(instance=instance).values_list(
            "level", "pk_indicator_id", "iku_id", "unit_id", "period_start", "achievement", "projected",
            "contributors", "at_risk", "risk", "reason"), key=str),
    )


def rich(w):
    """The hand-checked cascade plus every case the formulas distinguish: lower-is-better counts and ranges,
    ranges below/above/at a zero edge, targets 0 and none, the cap, a rate with a trend, ties of round(x, 2),
    thousands in the reason, gaps (no data), unreviewed reports, action plans, a second employee under the
    Kabid (the intervened RHK rolls its children)."""
    c = build(w, build_plan(w))
    staff = c.rhk_staff

    def iki(text, **kw):
        return Iki.objects.create(instance=w.a, rhk=staff, text=text, **kw)

    cases = {
        "lower_count": (iki("Kasus", target_value=24, measure_unit="kasus", lower_is_better=True), [3, 2, 5, 1, 0, 4]),
        "cap": (iki("Penyuluhan", target_value=10, measure_unit="kegiatan"), [5, 5, 5, 5, None, 5]),
        "tie": (iki("Dokumen teliti", target_value=800, measure_unit="dokumen"), [1, None, 24, None, None, None]),
        "tie_rate": (iki("Rasio", target_value=80, measure_unit="rasio"), [2.5, 2.5, 2.5, 0.1, None, None]),
        "trend": (iki("Indeks kepuasan", target_value=90, measure_unit="indeks"), [70, 75.5, 81.25, 60, 99, 77.7]),
        "zero": (iki("Temuan", target_value=0, measure_unit="temuan", lower_is_better=True), [0, 0, 1, 0, 0, 0]),
        "zero_higher": (iki("Nol", target_value=0, measure_unit="kali"), [0, 1, 0, None, None, None]),
        "none": (iki("Tanpa target", measure_unit="kali"), [1, 2, 3, 4, 5, 6]),
        "money": (iki("Anggaran", target_value=1_500_000_000, measure_unit="rupiah"),
                  [12_345_678.9, 98_765.43, 1, None, None, None]),
        "range_low": (iki("Rentang", target_kind="range", target_min=80, target_max=90, measure_unit="%"),
                      [60, 70, 95, 100, 50, 41.3]),
        "range_lower": (iki("Rentang turun", target_kind="range", target_min=5, target_max=10, measure_unit="%",
                            lower_is_better=True), [2, 12, 30, 7, 11.11, 3]),
        "range_zero": (iki("Rentang nol", target_kind="range", target_min=0, target_max=0, measure_unit="kali"),
                       [-1, 1, 0, None, None, None]),
        "range_reversed": (iki("Rentang terbalik", target_kind="range", target_min=10, target_max=4,
                               measure_unit="hari"), [3, 12, 5, None, None, None]),
        "gap": (iki("Jarang", target_value=12, measure_unit="laporan"), [1, None, None, None, None, None]),
        "silent": (iki("Tidak pernah", target_value=12, measure_unit="laporan"), [None] * 6),
        "judged_high": (iki("Mutu", target_kind="text", target_text="Baik"), ["j130", None, "j55", None, None, None]),
        "planned": (iki("Berencana", target_value=100, measure_unit="laporan"), [10, 10, 10, 10, 10, 10]),
        "planned_rate": (iki("Persen berencana", target_value=90, measure_unit="persen"), [50, 60, 70, 80, 85, 90]),
    }
    for name, (item, values) in cases.items():
        for month, value in enumerate(values, start=1):
            if value is None:
                continue
            if isinstance(value, str):
                report(item, month, judged=float(value[1:]))
            else:
                status = ReportStatus.SUBMITTED if name == "cap" and month == 6 else ReportStatus.ACCEPTED
                report(item, month, value, status=status)
    for quarter, target in ((1, 20), (2, 55), (4, 100)):
        ActionPlan.objects.create(instance=w.a, iki=cases["planned"][0], quarter=quarter, text=f"Q{quarter}",
                                  target=target)
    ActionPlan.objects.create(instance=w.a, iki=cases["planned_rate"][0], quarter=2, text="Q2", target=75)
    ActionPlan.objects.create(instance=w.a, iki=cases["gap"][0], quarter=1, text="tanpa angka")  # no target
    # a second employee under the Kabid, and an RHK with no IKI reported at all
    other = skp(w, c.period, w.staff2, w.pos_data, w.surv, evaluator=w.kasi_surv)
    rhk = Rhk.objects.create(instance=w.a, skp=other, text="Terkelolanya arsip", parent=c.rhk_kabid)
    archive = Iki.objects.create(instance=w.a, rhk=rhk, text="Arsip", target_value=3, measure_unit="berkas")
    for month, value in enumerate([0.1, 0.2, 0.3, 0.4, 0.5, 0.6], start=1):
        report(archive, month, value)
    Rhk.objects.create(instance=w.a, skp=c.skp_staff, text="Belum dilaporkan", parent=c.rhk_kabid)
    return c


@pytest.mark.parametrize("today", [TODAY, date(2026, 1, 3), date(2026, 3, 31), date(2027, 2, 1)])
@pytest.mark.parametrize("reporting", [{}, {"cadence": "quarterly", "achievement_cap": Decimal("150")},
                                      {"count_unreviewed": True, "at_risk_below": Decimal("92.5"), "deadline_day": 20}])
def test_sql_rebuild_equals_python_rebuild(world, reporting, today):
    rich(world)
    if reporting:
        ReportingSettings.objects.create(instance=world.a, **reporting)
    python = rebuild(instance_id=world.a.pk, today=today, sql=False, notify_risks=False)
    expected = rows(world.a)
    sql = rebuild(instance_id=world.a.pk, today=today, sql=True, notify_risks=False, history=True)
    got = rows(world.a)
    for want, have in zip(expected, got, strict=True):
        assert have == want
    assert expected[0], "the world has IKI rows"
    assert (sql.ikis, sql.iki_rows, sql.employee_rows, sql.rhk_rows, sql.indicator_rows) == (
        python.ikis, python.iki_rows, python.employee_rows, python.rhk_rows, python.indicator_rows)


def test_sql_rebuild_of_one_period_and_its_warnings(world):
    c = rich(world)
    rebuild(instance_id=world.a.pk, today=TODAY, sql=False, notify_risks=False)
    expected = rows(world.a)
    assert any(row[9] == "at_risk" for row in expected[0]) and any(row[9] == "no_data" for row in expected[0])
    assert any(row[10].startswith("projected|") and "." in row[10] for row in expected[0]), "a reason with decimals"
    rebuild(instance_id=world.a.pk, period=c.period, today=TODAY, sql=True, notify_risks=False)
    assert rows(world.a) == expected
    IkiAchievement.objects.all().delete()
    stats = rebuild(instance_id=world.a.pk, today=TODAY, sql=True, history=True)
    assert stats.notified > 0  # newly at-risk IKI tell the superior, as the Python path does
    assert rows(world.a) == expected


def _indexes() -> list[tuple[str, str]]:
    tables = [m._meta.db_table for m in (IkiAchievement, EmployeeAchievement, RhkAchievement, IndicatorAchievement)]
    with connection.cursor() as cursor:
        cursor.execute("SELECT indexrelid::regclass::text, pg_get_indexdef(indexrelid), indisunique FROM pg_index "
                       "WHERE indrelid = ANY(%s::regclass[]) ORDER BY 1", [tables])
        return cursor.fetchall()


def test_a_rebuild_of_the_only_instance_truncates_and_builds_the_same_indexes_again(world):
    rich(world)
    before = _indexes()
    assert any(unique for _name, _definition, unique in before)
    rebuild(instance_id=world.a.pk, today=TODAY, sql=False, notify_risks=False)
    expected = rows(world.a)
    rebuild(instance_id=world.a.pk, today=TODAY, sql=True, notify_risks=False, history=True)  # only instance a's rows
    assert _indexes() == before
    assert rows(world.a) == expected
    # an error: the rollback restores them
    with pytest.raises(RuntimeError), transaction.atomic(), bulk.indexes_set_aside([IkiAchievement, RhkAchievement]):
        assert len(_indexes()) < len(before)
        raise RuntimeError
    assert _indexes() == before


def test_a_rebuild_leaves_the_rows_of_another_instance(world):
    rich(world)
    rebuild(instance_id=world.a.pk, today=TODAY, sql=False, notify_risks=False)
    expected = rows(world.a)
    theirs = IkiAchievement.objects.filter(instance=world.a).first()
    theirs.pk, theirs.instance, theirs.period_start = None, world.b, date(2025, 1, 1)  # a row of instance b
    theirs.save()
    rebuild(instance_id=world.a.pk, today=TODAY, sql=True, notify_risks=False, history=True)  # DELETE, not TRUNCATE
    assert rows(world.a) == expected
    assert IkiAchievement.objects.filter(instance=world.b).count() == 1
