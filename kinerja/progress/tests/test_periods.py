"""Reporting periods: they tile the SKP period exactly, and every day finds its own."""

from __future__ import annotations

from datetime import date, timedelta

from hypothesis import given
from hypothesis import strategies as st

from kinerja.progress import periods
from kinerja.progress.models import ReportingSettings

days = st.dates(min_value=date(2020, 1, 1), max_value=date(2035, 12, 31))
cadences = st.sampled_from(["monthly", "quarterly"])


@given(days, st.integers(0, 800), cadences)
def test_periods_tile_the_skp_period(start, length, cadence):
    end = start + timedelta(days=length)
    found = periods.reporting_periods(start, end, cadence)
    assert found[0][0] == start and found[-1][1] == end
    for (_s1, e1), (s2, _e2) in zip(found, found[1:], strict=False):
        assert e1 + timedelta(days=1) == s2
    for s, e in found:
        assert s <= e
        assert s.month == e.month if cadence == "monthly" else (s.month - 1) // 3 == (e.month - 1) // 3
        assert s.year == e.year


@given(days, st.integers(0, 800), st.integers(0, 800), cadences)
def test_every_day_finds_its_period(start, length, offset, cadence):
    end = start + timedelta(days=length)
    day = start + timedelta(days=offset)
    found = periods.period_containing(day, start, end, cadence)
    if day > end:
        assert found is None
    else:
        assert found in periods.reporting_periods(start, end, cadence) and found[0] <= day <= found[1]
    assert periods.period_containing(start - timedelta(days=1), start, end, cadence) is None


def test_examples_and_due_dates():
    assert periods.reporting_periods(date(2026, 1, 1), date(2026, 6, 30), "quarterly") == [
        (date(2026, 1, 1), date(2026, 3, 31)), (date(2026, 4, 1), date(2026, 6, 30))]
    assert periods.reporting_periods(date(2026, 2, 15), date(2026, 3, 10), "monthly") == [
        (date(2026, 2, 15), date(2026, 2, 28)), (date(2026, 3, 1), date(2026, 3, 10))]
    assert periods.reporting_periods(date(2026, 3, 1), date(2026, 2, 1), "monthly") == []
    settings = ReportingSettings(deadline_day=5)
    assert periods.due_date(date(2026, 12, 31), settings) == date(2027, 1, 5)
    assert periods.due_date(date(2026, 1, 31), ReportingSettings(deadline_day=28)) == date(2026, 2, 28)
    assert periods.quarter_of(date(2026, 8, 17), date(2026, 1, 1), date(2026, 12, 31)) == 3
    assert periods.quarter_of(date(2027, 1, 1), date(2026, 1, 1), date(2026, 12, 31)) is None


def test_settings_for_gives_defaults_without_a_row(world):
    defaults = periods.settings_for(world.a.pk)
    assert defaults.pk is None and defaults.cadence == "monthly" and defaults.max_upload_mb == 10
    ReportingSettings.objects.create(instance=world.a, cadence="quarterly")
    assert periods.settings_for(world.a.pk).cadence == "quarterly"
