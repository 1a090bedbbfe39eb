"""The read interface of 360 results, for the evaluation app (which sits above and must read, not import,
this app's tables) and for this app's own "my results" page and API.

``summaries(period, employee_ids)`` → ``{employee_id: Summary}`` for every id asked (an employee without
a round gets an empty, unreleased Summary). Three queries whatever the number of employees.

A Summary is **released** only once the employee's round is closed and at least ``min_responses`` colleagues
answered — the round's own minimum, or the caller's ``min_responses`` when that is higher (the stricter
one wins, so anonymity is never weakened). Below that, it carries the count of responses and nothing else:
no means, no rating, no comments. The means and the suggested rating perilaku come from
``kinerja.rules.evaluation.feedback360.aggregate_360``; ``peers_and_subordinates`` says whether peers or
subordinates answered, which the PP 30/2019 scheme needs to choose 60/40 over 70/30. The count of responses
is None until the round closes, so nobody can watch it tick up as a colleague answers.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal

from django.db.models import Count, Q

from kinerja.rules.evaluation.feedback360 import Feedback360Settings, aggregate_360
from kinerja.rules.evaluation.ratings import RATING_LABELS, Rating
from kinerja.rules.skp import BERAKHLAK, BERAKHLAK_CODES

from .models import Assignment, Relation, Response, Round, RoundStatus


@dataclass(frozen=True)
class Summary:
    employee_id: int
    round_id: int | None = None
    round_closed: bool = False
    closes_on: date | None = None
    min_responses: int = 3
    invited: int = 0
    responses: int | None = None  # None until the round is closed (no live count to watch)
    released: bool = False
    per_value: Mapping[str, Decimal | None] = field(default_factory=dict)  # code → mean (released only)
    mean: Decimal | None = None  # released only
    rating: Rating | None = None  # the suggested rating perilaku (released only)
    peers_and_subordinates: bool = False  # peers or subordinates answered (released only: 60/40)
    comments: tuple[str, ...] = ()  # released only, sorted by their text (not in the order they came)


def summaries(period, employee_ids: Iterable[int], *, min_responses: int | None = None,
              with_comments: bool = False) -> dict[int, Summary]:
    ids = sorted({int(i) for i in employee_ids})
    period_id = getattr(period, "pk", period)
    out = {i: Summary(employee_id=i) for i in ids}
    if not ids:
        return out
    # 1. each employee's round in the period (a ratee is rated in one round per period) and the counts
    counts = (Assignment.objects.filter(round__period_id=period_id, ratee_id__in=ids)
              .order_by().values("ratee_id", "round_id", "round__status", "round__closes_on", "round__min_responses")
              .annotate(n_invited=Count("pk"), n_answered=Count("pk", filter=Q(answered=True)),
                        n_others=Count("pk", filter=Q(answered=True) & ~Q(relation=Relation.SUPERIOR))))
    rounds: dict[int, dict] = {}
    for row in counts:
        rounds[row["ratee_id"]] = row
    # 2. the responses of released employees only
    released: dict[int, int] = {}  # employee → round
    for employee_id, row in rounds.items():
        closed = row["round__status"] == RoundStatus.CLOSED
        need = max(row["round__min_responses"], min_responses or 0)
        if closed and row["n_answered"] >= need:
            released[employee_id] = row["round_id"]
    answers: dict[int, list[dict]] = defaultdict(list)
    comments: dict[int, list[str]] = defaultdict(list)
    if released:
        fields = ["ratee_id", "round_id", *BERAKHLAK_CODES] + (["comment"] if with_comments else [])
        for row in (Response.objects.filter(round_id__in=set(released.values()), ratee_id__in=list(released))
                    .values(*fields)):
            if released.get(row["ratee_id"]) != row["round_id"]:
                continue
            answers[row["ratee_id"]].append({c: row[c] for c in BERAKHLAK_CODES if row[c] is not None})
            if with_comments and row["comment"]:
                comments[row["ratee_id"]].append(row["comment"])
    for employee_id, row in rounds.items():
        closed = row["round__status"] == RoundStatus.CLOSED
        need = max(row["round__min_responses"], min_responses or 0)
        base = {"employee_id": employee_id, "round_id": row["round_id"], "round_closed": closed,
                "closes_on": row["round__closes_on"], "min_responses": need, "invited": row["n_invited"],
                "responses": row["n_answered"] if closed else None}
        if employee_id in released:
            rows = answers[employee_id]
            agg = aggregate_360(rows, Feedback360Settings(min_responses=need))
            out[employee_id] = Summary(**base, released=agg.enough, per_value=dict(agg.per_value), mean=agg.mean,
                                       rating=agg.rating, peers_and_subordinates=row["n_others"] > 0,
                                       comments=tuple(sorted(comments[employee_id])))
        else:
            out[employee_id] = Summary(**base)
    return out


def summary(period, employee_id: int, **kwargs) -> Summary:
    return summaries(period, [employee_id], **kwargs)[employee_id]


def my_summaries(employee_id: int) -> list[tuple[Round, Summary]]:
    """The employee's own results, one per round they were rated in (newest first); for their own page."""
    rounds = list(Round.objects.filter(assignments__ratee_id=employee_id).distinct()
                  .select_related("period").order_by("-opens_on", "-pk"))
    return [(r, summaries(r.period_id, [employee_id], with_comments=True)[employee_id]) for r in rounds]


def shown(summary: Summary) -> dict:
    """What a page shows of ``summary``: the summary itself, the mean per BerAKHLAK value by name and the
    suggested rating's label — the values and the label only once released (the employee's results page and
    the evaluator's panel on the evaluation page)."""
    means = [(value.name, summary.per_value.get(value.code)) for value in BERAKHLAK] if summary.released else []
    return {"s": summary, "means": means, "rating": RATING_LABELS.get(summary.rating, "") if summary.rating else ""}
