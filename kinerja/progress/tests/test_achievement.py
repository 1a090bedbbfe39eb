"""The roll-up on a small world, figures checked by hand (see achievement_world.build)."""

from __future__ import annotations

from decimal import Decimal

import pytest

from kinerja.notifications.models import Notification
from kinerja.planning.testing import build_plan
from kinerja.progress.achievement import rebuild, refresh_for_ikis
from kinerja.progress.models import (
    EmployeeAchievement,
    IkiAchievement,
    IndicatorAchievement,
    ReportingSettings,
    ReportStatus,
    RhkAchievement,
)
from kinerja.progress.tests.achievement_world import MONTHS, TODAY, build, report

JUNE = MONTHS[5][0]


@pytest.fixture
def cascade(world):
    return build(world, build_plan(world))


def iki_row(iki, start=JUNE):
    return IkiAchievement.objects.get(iki=iki, period_start=start)


def snapshot(instance):
    ikis = sorted(IkiAchievement.objects.filter(instance=instance).values_list(
        "iki_id", "period_start", "realisation", "achievement", "expected", "projected", "risk", "reason"))
    employees = sorted(EmployeeAchievement.objects.filter(instance=instance).values_list(
        "skp_id", "period_start", "achievement", "projected", "indicators", "reported", "at_risk"))
    indicators = sorted(IndicatorAchievement.objects.filter(instance=instance).values_list(
        "level", "pk_indicator_id", "iku_id", "period_start", "achievement", "projected", "contributors", "at_risk",
        "risk"), key=str)
    rhks = sorted(RhkAchievement.objects.filter(instance=instance).values_list(
        "rhk_id", "period_start", "achievement", "projected", "rolled_achievement", "rolled_projected",
        "contributors", "at_risk"))
    return ikis, employees, indicators, rhks


def test_full_rebuild_by_hand(world, cascade):
    c = cascade
    stats = rebuild(instance_id=world.a.pk, today=TODAY)
    assert stats.ikis == 6
    count = iki_row(c.count)
    assert count.realisation == Decimal("60") and count.achievement == Decimal("50")  # 60 of 120
    assert count.projected == Decimal("100") and count.risk == ""
    assert iki_row(c.lower).achievement == Decimal("120")  # (1 + (1 − 7/10)) × 100 = 130, capped at 120
    assert iki_row(c.range).achievement == Decimal("100")  # inside 80–90
    assert iki_row(c.text).achievement == Decimal("90")  # the superior's judgement
    assert IkiAchievement.objects.filter(iki=c.count).count() == 7  # January … July (begun)
    employee = EmployeeAchievement.objects.get(skp=c.skp_staff, period_start=JUNE)
    assert employee.achievement == Decimal("90")  # (50 + 120 + 100 + 90) / 4
    assert (employee.indicators, employee.reported, employee.at_risk) == (4, 4, 0)
    # Kabid and Kadinkes report nothing themselves: their RHK take the mean of the RHK intervening them
    pk = IndicatorAchievement.objects.get(level="pk", pk_indicator=c.rhk_head.pk_indicator, period_start=JUNE)
    assert pk.achievement == Decimal("90") and pk.contributors == 4
    assert pk.projected == Decimal("102.5")  # (100 + 120 + 100 + 90) / 4
    kabid = RhkAchievement.objects.get(rhk=c.rhk_kabid, period_start=JUNE)
    assert kabid.achievement is None and kabid.rolled_achievement == Decimal("90")
    iku = IndicatorAchievement.objects.get(level="iku", iku=c.rhk_head.pk_indicator.iku, period_start=JUNE)
    assert iku.achievement == Decimal("90") and iku.unit_id == world.dinkes.pk


def test_the_cap_is_the_instance_setting(world, cascade):
    ReportingSettings.objects.create(instance=world.a, achievement_cap=150)
    rebuild(instance_id=world.a.pk, today=TODAY)
    assert iki_row(cascade.lower).achievement == Decimal("130")


def test_a_reported_head_counts_its_own_ikis(world, cascade):
    for month in range(1, 7):
        report(cascade.iki_head, month, 87)
    rebuild(instance_id=world.a.pk, today=TODAY)
    pk = IndicatorAchievement.objects.get(
        level="pk", pk_indicator=cascade.rhk_head.pk_indicator, period_start=JUNE)
    assert pk.achievement == Decimal("100")


def test_only_accepted_reports_count_by_default(world, cascade):
    report(cascade.count, 6, 50, status=ReportStatus.SUBMITTED)
    rebuild(instance_id=world.a.pk, today=TODAY)
    assert iki_row(cascade.count).realisation == Decimal("50")  # January … May
    ReportingSettings.objects.create(instance=world.a, count_unreviewed=True)
    rebuild(instance_id=world.a.pk, today=TODAY)
    assert iki_row(cascade.count).realisation == Decimal("100")


def test_incremental_equals_full_rebuild_and_warns_once(world, cascade):
    rebuild(instance_id=world.a.pk, today=TODAY)
    for month in range(1, 7):
        report(cascade.count, month, 1)  # far behind: 6 of 120 by June
    stats = refresh_for_ikis([cascade.count.pk], today=TODAY)
    assert stats.iki_rows == 7
    row = iki_row(cascade.count, MONTHS[6][0])
    assert row.risk == "at_risk"
    assert row.reason == "projected|10|80|6|6|monthly|120|laporan"
    incremental = snapshot(world.a)
    assert incremental[3]  # the RHK rows take part
    rebuild(instance_id=world.a.pk, today=TODAY)
    assert snapshot(world.a) == incremental
    # the superior (who also heads the seksi) is told once; a second refresh tells nobody again
    notes = Notification.objects.filter(kind="at_risk")
    assert list(notes.values_list("recipient_id", flat=True)) == [world.u_kasi_surv.pk]
    refresh_for_ikis([cascade.count.pk], today=TODAY)
    assert notes.count() == 1


def test_refresh_is_bounded(world, cascade, django_assert_max_num_queries):
    rebuild(instance_id=world.a.pk, today=TODAY)
    with django_assert_max_num_queries(40):
        refresh_for_ikis([cascade.count.pk], today=TODAY)


def test_no_report_after_the_deadline_is_no_data(world, cascade):
    rebuild(instance_id=world.a.pk, today=TODAY)
    assert iki_row(cascade.iki_kabid).risk == "no_data"
    assert IndicatorAchievement.objects.get(
        level="pk", pk_indicator=cascade.rhk_head.pk_indicator, period_start=JUNE).risk == ""


def test_rebuilding_one_period_gives_the_same_rows(world, cascade):
    rebuild(instance_id=world.a.pk, today=TODAY)
    full = snapshot(world.a)
    stats = rebuild(instance_id=world.a.pk, period=cascade.period, today=TODAY)
    assert stats.ikis == 6 and snapshot(world.a) == full


def test_the_cli_rolls_up_an_instance(world, cascade):
    from click.testing import CliRunner

    from kinerja.progress.achievement.cli import progress_group

    result = CliRunner().invoke(progress_group, ["rollup", "--instance", "alpha", "--no-warnings"])
    assert result.exit_code == 0, result.output
    assert "6 IKI" in result.output
    assert IkiAchievement.objects.filter(iki=cascade.count).exists()


def test_the_cli_keeps_the_closed_months_unless_asked_for_the_history(world, cascade):
    """On PostgreSQL a roll-up recomputes the current standing and keeps the rows of the months already closed;
    ``--history`` writes them again (elsewhere every roll-up does)."""
    from click.testing import CliRunner
    from django.db import connection

    from kinerja.progress.achievement.cli import progress_group

    args = ["rollup", "--instance", "alpha", "--no-warnings"]
    assert CliRunner().invoke(progress_group, args).exit_code == 0
    closed = IkiAchievement.objects.filter(iki=cascade.count).exclude(achievement=None).order_by("period_start")[0]
    IkiAchievement.objects.filter(pk=closed.pk).update(achievement=Decimal("1.23"))
    result = CliRunner().invoke(progress_group, args)
    assert result.exit_code == 0, result.output
    again = IkiAchievement.objects.get(iki=cascade.count, period_start=closed.period_start).achievement
    assert again == (Decimal("1.23") if connection.vendor == "postgresql" else closed.achievement)
    result = CliRunner().invoke(progress_group, [*args, "--history"])
    assert result.exit_code == 0, result.output
    assert IkiAchievement.objects.get(iki=cascade.count, period_start=closed.period_start).achievement == (
        closed.achievement)
