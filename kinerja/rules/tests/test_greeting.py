"""The greeting for the time of day: Indonesian pagi/siang/sore/malam, English morning/afternoon/evening."""

from datetime import time

import pytest
from hypothesis import given
from hypothesis import strategies as st

from kinerja.rules.greeting import PartOfDay, part_of_day

P, S, SO, M = PartOfDay.MORNING, PartOfDay.MIDDAY, PartOfDay.AFTERNOON, PartOfDay.EVENING


@pytest.mark.parametrize(("at", "expected"), [
    (time(0, 0), M), (time(3, 59), M), (time(4, 0), P), (time(7, 30), P), (time(10, 59, 59), P),
    (time(11, 0), S), (time(11, 30), S), (time(14, 59), S), (time(15, 0), SO), (time(17, 59), SO),
    (time(18, 0), M), (time(23, 59, 59), M),
])
def test_indonesian_boundaries(at, expected):
    assert part_of_day(at, "id") == expected


@pytest.mark.parametrize(("at", "expected"), [
    (time(4, 0), P), (time(11, 30), P), (time(11, 59), P), (time(12, 0), SO), (time(17, 59), SO), (time(18, 0), M),
    (time(2, 0), M),
])
def test_english_boundaries(at, expected):
    """11:30 is still "Good morning" in English (it was "Good afternoon" on the Indonesian clock)."""
    assert part_of_day(at, "en") == expected
    assert part_of_day(at, "en-us") == expected


times = st.times()


@given(times)
def test_every_time_has_one_greeting_and_english_never_says_siang(at):
    assert part_of_day(at, "id") in set(PartOfDay)
    assert part_of_day(at, "en") != PartOfDay.MIDDAY


@given(times, times)
def test_the_day_runs_in_order(a, b):
    """Later in the day never goes back to an earlier greeting (from 04:00, when the morning starts)."""
    order = [P, S, SO, M]
    if time(4, 0) <= a <= b:
        for language in ("id", "en"):
            assert order.index(part_of_day(a, language)) <= order.index(part_of_day(b, language))


@given(times)
def test_the_languages_agree_outside_midday(at):
    """They differ only around noon: siang (11–15) is morning before 12 and afternoon after in English."""
    indonesian, english = part_of_day(at, "id"), part_of_day(at, "en")
    if indonesian == S:
        assert english == (P if at < time(12, 0) else SO)
    else:
        assert english == indonesian or (time(11, 0) <= at < time(12, 0))


def test_unknown_language_falls_back_to_indonesian():
    assert part_of_day(time(11, 30), "") == S
