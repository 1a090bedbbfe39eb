"""API shapes of the organisation predikat, calibration, appeals and reports."""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal

from ninja import Field, Schema

from kinerja.api.schemas import EmployeeRef, PageMeta
from kinerja.api.types import Id, InSchema, ModelText, Text

from .models import Appeal, AppealStatus, Calibration, OrgPredikat, Predikat, Rating, UnitRating

REASON = Text(10_000, multiline=True)


class UnitRatingIn(InSchema):
    predikat: OrgPredikat
    reason: ModelText(UnitRating, "reason") = Field("", description="Required when departing from the suggestion.")


class UnitRatingOut(Schema):
    unit_id: int
    period_id: int
    predikat: OrgPredikat
    suggested: str = Field(..., description="The predikat the PK achievement suggests ('' without achievement).")
    achievement: Decimal | None
    reason: str


class CurveFindingOut(Schema):
    code: str
    severity: str
    message: str = Field(..., description="The rule and the numbers, in Indonesian.")
    count: int
    limit: int


class AllowedOut(Schema):
    code: str
    severity: str
    min_count: int
    max_count: int


class CalibrationEvaluationOut(Schema):
    id: int
    employee: EmployeeRef
    status: str
    result_rating: str
    behaviour_rating: str
    proposed_predikat: str
    predikat: str
    locked: bool
    lock_version: int


class CalibrationOut(Schema):
    unit_id: int
    period_id: int
    org_predikat: str | None
    status: str = Field(..., description="open or locked")
    counts: dict[str, int]
    other: int = Field(..., description="Counted outside the curve: no predikat yet, or Cukup/Buruk.")
    total: int
    not_final: int
    violations: list[CurveFindingOut]
    warnings: list[CurveFindingOut]
    allowed: list[AllowedOut]
    feasible: bool | None
    lock_problems: list[str] = Field(..., description="Why the lock would be refused now (empty: it may lock).")
    evaluations: list[CalibrationEvaluationOut]


class AdjustIn(InSchema):
    reason: REASON
    predikat: Predikat | None = None
    result_rating: Rating | None = None
    behaviour_rating: Rating | None = None
    lock_version: int | None = Field(None, ge=0, le=2**31 - 1)


class CalibrationLockIn(InSchema):
    notes: ModelText(Calibration, "notes") = ""


class AppealIn(InSchema):
    evaluation_id: Id
    reason: ModelText(Appeal, "reason")
    requested_predikat: Predikat | None = None


class DecideIn(InSchema):
    grant: bool
    reason: ModelText(Appeal, "decision_reason")
    new_predikat: Predikat | None = None
    lock_version: int | None = Field(None, ge=0, le=2**31 - 1)


class AppealOut(Schema):
    id: int
    evaluation_id: int
    employee: EmployeeRef
    period_id: int
    status: AppealStatus
    reason: str
    requested_predikat: str
    decider: EmployeeRef | None
    decided_at: datetime | None
    decision_reason: str
    new_predikat: str
    predikat: str = Field(..., description="The evaluation's predikat now.")
    deadline: date | None = Field(None, description="The last day an appeal could be filed.")
    lock_version: int

    @staticmethod
    def resolve_employee(obj):
        return obj.evaluation.employee

    @staticmethod
    def resolve_period_id(obj):
        return obj.evaluation.period_id

    @staticmethod
    def resolve_predikat(obj):
        return obj.evaluation.predikat or obj.evaluation.proposed_predikat


class AppealPage(PageMeta):
    items: list[AppealOut]


class RecapUnitOut(Schema):
    unit_id: int
    unit_code: str
    unit: str
    org_predikat: str | None
    counts: dict[str, int]
    other: int
    total: int
    not_final: int
    locked: bool
    violations: list[str]
    warnings: list[str]


class TrendOut(Schema):
    period_id: int
    period: str
    counts: dict[str, int]
    total: int


class PendingOut(Schema):
    id: int
    nip: str
    full_name: str
    unit_id: int | None
    position_id: int | None


class NotEvaluatedPage(PageMeta):
    items: list[PendingOut]


class AttentionUnitOut(Schema):
    unit_id: int
    unit: str
    reasons: list[str]
    evidence: str = Field(..., description="The calibration page of the unit.")


class AttentionIndicatorOut(Schema):
    pk_indicator_id: int
    name: str
    unit: str
    achievement: Decimal | None
    risk: str
    reason: str
    evidence: str = Field(..., description="The dashboard page of the indicator.")


class LeadershipOut(Schema):
    units: list[AttentionUnitOut]
    indicators: list[AttentionIndicatorOut]
