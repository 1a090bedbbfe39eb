"""360 feedback: rounds, raters (the HR admin's), my tasks, answers and my aggregate results.

No schema carries an individual response; the task and result shapes carry no rater."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Annotated

from ninja import Field, Schema

from kinerja.api.schemas import EmployeeRef, PageMeta
from kinerja.api.types import Count, Id, InSchema, Text

from .models import COMMENT_MAX, Relation

Score = Annotated[int, Field(ge=1, le=5)]  # one answer on the 1–5 scale

class Round360Out(Schema):
    id: int
    name: str
    period_id: int
    unit_id: int | None = Field(None, description="The unit whose subtree is rated; null: the whole instance.")
    opens_on: date
    closes_on: date
    status: str = Field(..., description="draft, open or closed")
    min_responses: int
    raters_purged: bool = Field(..., description="True once closed and the rater links were removed.")


class RoundStatusOut(Round360Out):
    ratees: Count
    invited: Count
    answered: Count


class Round360Page(PageMeta):
    items: list[Round360Out]


class Round360In(InSchema):
    period_id: Id
    unit_id: Id | None = None
    name: Text(120) = ""
    opens_on: date
    closes_on: date
    min_responses: int | None = Field(None, ge=2, le=50)


class RaterAssignmentOut(Schema):
    """An assignment as the HR admin manages it (never shown to the ratee)."""

    id: int
    round_id: int
    ratee: EmployeeRef
    rater: EmployeeRef | None = Field(None, description="Null once the round closed and the links were removed.")
    relation: Relation
    answered: bool
    added_by_admin: bool


class AssignmentPage(PageMeta):
    items: list[RaterAssignmentOut]


class AssignmentIn(InSchema):
    ratee_id: Id
    rater_id: Id
    relation: Relation


class ProposeOut(Schema):
    added: Count


class TaskOut(Schema):
    """A questionnaire I answer: whom I rate, as what, until when."""

    id: int
    round_id: int
    round_name: str
    ratee: EmployeeRef
    relation: Relation
    answered: bool
    opens_on: date
    closes_on: date
    open: bool = Field(..., description="Answers are accepted now.")

    @staticmethod
    def resolve_round_name(obj) -> str:
        return obj.round.name

    @staticmethod
    def resolve_opens_on(obj):
        return obj.round.opens_on

    @staticmethod
    def resolve_closes_on(obj):
        return obj.round.closes_on

    @staticmethod
    def resolve_open(obj) -> bool:
        return obj.round.accepts_answers() and not obj.answered


class TaskPage(PageMeta):
    items: list[TaskOut]


class AnswerIn(InSchema):
    scores: dict[Text(40), Score] = Field(..., description="Core value code → 1–5 (e.g. akuntabel: 4); at least one.")
    comment: Text(COMMENT_MAX, multiline=True) = ""


class ResultOut(Schema):
    """My result of one round: aggregates only, and only once released (the round closed and at least
    `min_responses` colleagues answered); before that only the count of responses."""

    round_id: int
    round_name: str
    round_closed: bool
    closes_on: date
    min_responses: int
    responses: Count | None = Field(None, description="Null until the round is closed.")
    released: bool
    mean: Decimal | None = None
    rating: str | None = Field(None, description="Suggested rating perilaku: di_atas, sesuai or di_bawah.")
    per_value: dict[str, Decimal | None] = Field(default_factory=dict)
    comments: list[str] = Field(default_factory=list, description="Sorted by their text, not by arrival.")
