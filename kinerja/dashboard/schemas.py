"""Shapes of the achievement API (kinerja/dashboard/api.py)."""

from __future__ import annotations

from datetime import date

from ninja import Field, Schema


class PointOut(Schema):
    period_start: date = Field(..., description="First day of the reporting period (month or quarter).")
    achievement: float | None = Field(None, description="Capaian up to the end of that period (%), capped.")
    projected: float | None = Field(None, description="Projected at the end of the SKP period (%).")
    risk: str = Field("", description='Early warning: "" on track, "at_risk", "no_data".')
    reason: str = Field("", description="Why it is at risk, in words (in the language asked for: Accept-Language).")


class UnitRefOut(Schema):
    id: int
    name: str


class IndicatorOut(Schema):
    level: str = Field(..., description='"iku" or "pk" (performance agreement indicator).')
    id: int = Field(..., description="The IKU's or the PK indicator's id.")
    name: str
    unit: UnitRefOut
    achievement: float | None = None
    projected: float | None = None
    risk: str = ""
    reason: str = ""
    contributors: int = Field(0, description="Supporting IKI with an achievement.")
    at_risk: int = Field(0, description="Supporting IKI at risk.")
    trend: list[PointOut]


class IkiAchievementOut(Schema):
    id: int
    text: str
    target: str
    employee_id: int
    skp_id: int
    trend: list[PointOut]


class EmployeePointOut(Schema):
    period_start: date
    achievement: float | None = None
    projected: float | None = None
    indicators: int = 0
    reported: int = 0
    at_risk: int = 0


class EmployeeAchievementOut(Schema):
    id: int
    name: str
    skp_id: int | None = None
    trend: list[EmployeePointOut]


class UnitPointOut(Schema):
    period_start: date
    achievement: float | None = Field(None, description="Mean of the employees' achievement in the unit subtree.")
    employees: int = 0
    at_risk: int = Field(0, description="Employees with at least one IKI at risk.")


class UnitAchievementOut(Schema):
    unit: UnitRefOut
    trend: list[UnitPointOut]
    indicators: list[IndicatorOut]
