"""``advance``: a later day recomputes only the periods the date changes, each from the counted reports (PostgreSQL),
and gives exactly the rows a full rebuild for that day gives (the Python reference); so does a rebuild that keeps the
closed periods' rows."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest
from django.db import connection

from kinerja.notifications.models import Notification
from kinerja.progress.achievement import advance, rebuild
from kinerja.progress.achievement.services import changed_periods, open_periods
from kinerja.progress.models import IkiAchievement, ReportingSettings, RollupMark
from kinerja.progress.tests.achievement_world import report
from kinerja.progress.tests.test_achievement_sql import rich, rows
from kinerja.skp.models import Iki

pytestmark = pytest.mark.skipif(connection.vendor != "postgresql", reason="advance carries state in PostgreSQL")


def _reference(world, today):
    rebuild(instance_id=world.a.pk, today=today, sql=False, notify_risks=False)
    return rows(world.a)


@pytest.mark.parametrize(("since", "today"), [
    (date(2026, 7, 10), date(2026, 7, 11)),   # nothing changes
    (date(2026, 7, 31), date(2026, 8, 1)),    # a period begins
    (date(2026, 8, 4), date(2026, 8, 6)),     # July's report becomes overdue
    (date(2026, 3, 31), date(2026, 7, 10)),   # the job did not run for months
    (date(2026, 1, 3), date(2026, 2, 7)),     # from the first period (nothing to carry from)
    (date(2026, 12, 31), date(2027, 1, 6)),   # after the year: December's deadline passes
])
@pytest.mark.parametrize("reporting", [{}, {"cadence": "quarterly", "deadline_day": 20,
                                            "achievement_cap": Decimal("150"), "count_unreviewed": True}])
def test_advance_gives_the_rows_of_a_rebuild_for_that_day(world, since, today, reporting):
    rich(world)
    if reporting:
        ReportingSettings.objects.create(instance=world.a, **reporting)
    expected = _reference(world, today)
    rebuild(instance_id=world.a.pk, today=since, sql=True, notify_risks=False)
    assert RollupMark.objects.get(instance=world.a).as_of == since
    advance(instance_id=world.a.pk, today=today, notify_risks=False)
    got = rows(world.a)
    for want, have in zip(expected, got, strict=True):
        assert have == want
    assert RollupMark.objects.get(instance=world.a).as_of == today


@pytest.mark.parametrize(("since", "today"), [
    (date(2026, 7, 10), date(2026, 7, 10)),   # again the same day
    (date(2026, 8, 4), date(2026, 8, 6)),     # July's report becomes overdue
    (date(2026, 3, 31), date(2026, 7, 10)),   # months since the last run
    (date(2026, 12, 31), date(2027, 1, 6)),   # after the year
])
@pytest.mark.parametrize("reporting", [{}, {"cadence": "quarterly", "deadline_day": 20, "count_unreviewed": True}])
def test_a_rebuild_that_keeps_the_history_gives_the_rows_of_a_full_one(world, since, today, reporting):
    rich(world)
    if reporting:
        ReportingSettings.objects.create(instance=world.a, **reporting)
    expected = _reference(world, today)
    rebuild(instance_id=world.a.pk, today=since, sql=True, notify_risks=False, history=True)
    # what the open periods' rows hold is not read: they are computed from the reports
    settings = ReportingSettings.objects.filter(instance=world.a).first() or ReportingSettings(instance=world.a)
    open_starts = [start for _i, start in open_periods(date(2026, 1, 1), date(2026, 12, 31), settings, since, today)]
    assert open_starts
    IkiAchievement.objects.filter(instance=world.a, period_start__in=open_starts).update(
        achievement=1, projected=1, expected=1, realisation=1, risk="no_data", reason="stale")
    stats = rebuild(instance_id=world.a.pk, today=today, sql=True, notify_risks=False)
    got = rows(world.a)
    for want, have in zip(expected, got, strict=True):
        assert have == want
    # only the open periods were written (a full rebuild writes every begun period's rows)
    assert 0 < stats.iki_rows <= len(expected[0])
    assert stats.iki_rows == IkiAchievement.objects.filter(instance=world.a, period_start__in=open_starts).count()
    assert RollupMark.objects.get(instance=world.a).as_of == today


def test_changed_periods_names_only_what_the_date_changes():
    settings = ReportingSettings(deadline_day=5)
    year = (date(2026, 1, 1), date(2026, 12, 31))
    assert changed_periods(*year, settings, date(2026, 7, 10), date(2026, 7, 11)) == []
    assert changed_periods(*year, settings, date(2026, 7, 31), date(2026, 8, 1)) == [(8, date(2026, 8, 1))]
    assert changed_periods(*year, settings, date(2026, 8, 5), date(2026, 8, 6)) == [(7, date(2026, 7, 1)),
                                                                                     (8, date(2026, 8, 1))]
    assert changed_periods(*year, settings, date(2026, 8, 6), date(2026, 8, 20)) == []
    assert changed_periods(*year, settings, date(2027, 1, 6), date(2027, 2, 1)) == []


def test_an_iki_added_since_and_a_settings_change(world):
    c = rich(world)
    rebuild(instance_id=world.a.pk, today=date(2026, 7, 31), sql=True, notify_risks=False)
    late = Iki.objects.create(instance=world.a, rhk=c.rhk_staff, text="Baru", target_value=6, measure_unit="kali")
    for month in (1, 2, 3):
        report(late, month, 1)
    expected = _reference(world, date(2026, 8, 6))
    rebuild(instance_id=world.a.pk, today=date(2026, 7, 31), sql=True, notify_risks=False)
    IkiAchievement.objects.filter(iki=late).delete()  # as if the IKI came with a new SKP version since
    advance(instance_id=world.a.pk, today=date(2026, 8, 6), notify_risks=False)
    assert rows(world.a) == expected
    # a changed setting: what is stored no longer holds, everything is rebuilt
    ReportingSettings.objects.create(instance=world.a, at_risk_below=Decimal("95"))
    expected = _reference(world, date(2026, 8, 7))
    rebuild(instance_id=world.a.pk, today=date(2026, 8, 6), sql=True, notify_risks=False)
    RollupMark.objects.filter(instance=world.a).update(key="old")
    advance(instance_id=world.a.pk, today=date(2026, 8, 7), notify_risks=False)
    assert rows(world.a) == expected


def _latest_at_risk(world) -> set[int]:
    latest = dict(IkiAchievement.objects.filter(instance=world.a).order_by("iki_id", "period_start")
                  .values_list("iki_id", "risk"))
    return {iki for iki, risk in latest.items() if risk == "at_risk"}


def test_advance_warns_once_of_what_became_at_risk(world):
    rich(world)
    rebuild(instance_id=world.a.pk, today=date(2026, 2, 10), sql=True, notify_risks=False)
    already = _latest_at_risk(world)
    stats = advance(instance_id=world.a.pk, today=date(2026, 3, 10))
    new = _latest_at_risk(world) - already
    assert new and stats.notified > 0
    keys = set(Notification.objects.filter(kind="at_risk").values_list("dedupe_key", flat=True))
    assert keys == {f"at_risk:iki:{iki}:2026-03-01" for iki in new}  # not those at risk before
    assert advance(instance_id=world.a.pk, today=date(2026, 3, 10)).notified == 0  # the same day: nothing to do
    assert advance(instance_id=world.a.pk, today=date(2026, 3, 11)).notified == 0  # still at risk: not again


@pytest.mark.parametrize("too_many", [False, True])
def test_without_plans_and_with_too_many_iki_to_score_in_python(world, monkeypatch, too_many):
    from kinerja.progress.achievement import services
    from kinerja.progress.models import ActionPlan

    c = rich(world)
    ActionPlan.objects.all().delete()  # no IKI set aside up front: no list of them in the statements
    expected = _reference(world, date(2026, 8, 6))
    rebuild(instance_id=world.a.pk, today=date(2026, 7, 31), sql=True, notify_risks=False)
    IkiAchievement.objects.filter(iki__rhk=c.rhk_staff, period_start=date(2026, 6, 1)).delete()  # nothing to carry
    if too_many:
        monkeypatch.setattr(services, "MAX_ASIDE_IKIS", 0)  # the carried rows are rolled back, then a rebuild
    stats = advance(instance_id=world.a.pk, today=date(2026, 8, 6), notify_risks=False)
    assert rows(world.a) == expected
    # a rebuild writes every period's rows; advance the two periods that changed and the staff's IKI in Python
    assert (stats.iki_rows == len(expected[0])) is too_many


def test_an_skp_approved_since_is_rolled_up_on_an_ordinary_day(world):
    from django.utils import timezone

    c = rich(world)
    rebuild(instance_id=world.a.pk, today=date(2026, 7, 10), sql=True, notify_risks=False)
    late = Iki.objects.create(instance=world.a, rhk=c.rhk_staff, text="Versi baru", target_value=6,
                              measure_unit="kali")
    for month in (1, 2, 3, 4):
        report(late, month, 1)
    c.skp_staff.approved_at = timezone.now()  # a new version approved after the last run
    c.skp_staff.save(update_fields=["approved_at"])
    expected = _reference(world, date(2026, 7, 11))
    rebuild(instance_id=world.a.pk, today=date(2026, 7, 10), sql=True, notify_risks=False)
    IkiAchievement.objects.filter(iki=late).delete()
    RollupMark.objects.filter(instance=world.a).update(updated_at=timezone.now() - timezone.timedelta(minutes=50))
    stats = advance(instance_id=world.a.pk, today=date(2026, 7, 11), notify_risks=False)
    assert stats.iki_rows > 0  # no period changed that day: only the new version's IKI were rolled up
    assert rows(world.a) == expected


def test_where_submitted_reports_count_a_late_one_rolls_up_the_next_night(world):
    """With count_unreviewed a submission is counted without a review (which would roll it up at once): the next
    run recomputes its IKI in every period, a closed one included."""
    from django.utils import timezone

    from kinerja.progress.models import Report, ReportStatus

    rich(world)
    ReportingSettings.objects.create(instance=world.a, count_unreviewed=True)
    sparse = Iki.objects.get(text="Jarang")
    report(sparse, 3, 4, status=ReportStatus.SUBMITTED)  # March: closed long ago
    expected = _reference(world, date(2026, 7, 21))
    Report.objects.filter(iki=sparse, period_start=date(2026, 3, 1)).delete()
    rebuild(instance_id=world.a.pk, today=date(2026, 7, 20), sql=True, notify_risks=False, history=True)
    RollupMark.objects.filter(instance=world.a).update(updated_at=timezone.now() - timezone.timedelta(minutes=61))
    late = report(sparse, 3, 4, status=ReportStatus.SUBMITTED)  # submitted after that run
    Report.objects.filter(pk=late.pk).update(submitted_at=timezone.now())
    advance(instance_id=world.a.pk, today=date(2026, 7, 21), notify_risks=False)
    assert rows(world.a) == expected
    march = IkiAchievement.objects.get(iki=sparse, period_start=date(2026, 3, 1))
    assert march.realisation == Decimal("5")  # January's 1 and March's 4
