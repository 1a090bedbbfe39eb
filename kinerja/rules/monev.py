"""Rules of the monitoring and evaluation team's recommendations (tim monev; issue 10 item 5). No Django.

A recommendation moves ``open → in_progress → done``; it may be ``dropped`` (with a reason) while it is open or
in progress, and the team may reopen a done or dropped one (back to ``in_progress``/``open``). Who may take which
step is :data:`OWNER_STEPS` (the owner reports progress and completion) and :data:`TEAM_STEPS` (the team also
drops and reopens). Anything else is "out of order" and refused with the allowed next steps named.
"""

from __future__ import annotations

from datetime import date

OPEN = "open"
IN_PROGRESS = "in_progress"
DONE = "done"
DROPPED = "dropped"
STATUSES = (OPEN, IN_PROGRESS, DONE, DROPPED)
ACTIVE = frozenset({OPEN, IN_PROGRESS})  # still to be done: these can be overdue

# (from, to) → who may take the step
OWNER_STEPS = frozenset({(OPEN, IN_PROGRESS), (IN_PROGRESS, DONE)})
TEAM_STEPS = OWNER_STEPS | frozenset({
    (OPEN, DROPPED), (IN_PROGRESS, DROPPED),  # with a reason
    (DONE, IN_PROGRESS), (DROPPED, OPEN),  # reopen
})
NEEDS_REASON = frozenset({DROPPED})


def next_steps(status: str, *, team: bool) -> list[str]:
    """The statuses a recommendation in ``status`` may move to, in STATUSES order."""
    steps = TEAM_STEPS if team else OWNER_STEPS
    return [to for to in STATUSES if (status, to) in steps]


def can_move(status: str, to: str, *, team: bool) -> bool:
    if status not in STATUSES or to not in STATUSES:
        return False
    return (status, to) in (TEAM_STEPS if team else OWNER_STEPS)


def is_overdue(status: str, due_on: date | None, today: date) -> bool:
    """Still open or in progress after its due date."""
    return status in ACTIVE and due_on is not None and due_on < today


def days_late(status: str, due_on: date | None, today: date) -> int:
    return (today - due_on).days if is_overdue(status, due_on, today) else 0


def due_soon(status: str, due_on: date | None, today: date, within_days: int) -> bool:
    """Still to be done and due between today and ``within_days`` days from now (the reminder's window)."""
    if status not in ACTIVE or due_on is None:
        return False
    return 0 <= (due_on - today).days <= within_days
