"""The recommendation rules of the tim monev (kinerja/rules/monev.py)."""

from datetime import date, timedelta

from hypothesis import given
from hypothesis import strategies as st

from kinerja.rules import monev

STATUS = st.sampled_from(monev.STATUSES)
DAY = st.dates(min_value=date(2020, 1, 1), max_value=date(2035, 12, 31))


def test_the_owner_moves_forward_only():
    assert monev.next_steps(monev.OPEN, team=False) == [monev.IN_PROGRESS]
    assert monev.next_steps(monev.IN_PROGRESS, team=False) == [monev.DONE]
    assert monev.next_steps(monev.DONE, team=False) == []
    assert monev.next_steps(monev.DROPPED, team=False) == []


def test_the_team_also_drops_and_reopens():
    assert monev.next_steps(monev.OPEN, team=True) == [monev.IN_PROGRESS, monev.DROPPED]
    assert monev.next_steps(monev.IN_PROGRESS, team=True) == [monev.DONE, monev.DROPPED]
    assert monev.next_steps(monev.DONE, team=True) == [monev.IN_PROGRESS]
    assert monev.next_steps(monev.DROPPED, team=True) == [monev.OPEN]


def test_out_of_order_steps_are_refused():
    assert not monev.can_move(monev.OPEN, monev.DONE, team=True)  # done only after in progress
    assert not monev.can_move(monev.DONE, monev.DROPPED, team=True)
    assert not monev.can_move(monev.OPEN, monev.OPEN, team=True)
    assert not monev.can_move("bogus", monev.OPEN, team=True)
    assert not monev.can_move(monev.OPEN, "bogus", team=True)


@given(STATUS, STATUS, st.booleans())
def test_can_move_agrees_with_next_steps(a, b, team):
    assert monev.can_move(a, b, team=team) == (b in monev.next_steps(a, team=team))
    if monev.can_move(a, b, team=False):
        assert monev.can_move(a, b, team=True)  # the team may do whatever the owner may
    assert not monev.can_move(a, a, team=team)


@given(STATUS, DAY, DAY)
def test_overdue_is_active_and_past_due(status, due, today):
    late = monev.is_overdue(status, due, today)
    assert late == (status in monev.ACTIVE and due < today)
    assert monev.days_late(status, due, today) == ((today - due).days if late else 0)
    assert monev.days_late(status, due, today) >= 0
    assert not monev.is_overdue(status, None, today)


@given(STATUS, DAY, st.integers(min_value=0, max_value=60))
def test_due_soon_window(status, today, within):
    assert monev.due_soon(status, today, today, within) == (status in monev.ACTIVE)
    assert monev.due_soon(status, today + timedelta(days=within), today, within) == (status in monev.ACTIVE)
    assert not monev.due_soon(status, today + timedelta(days=within + 1), today, within)
    assert not monev.due_soon(status, today - timedelta(days=1), today, within)
