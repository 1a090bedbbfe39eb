"""The organisation plan: RPJMD, Renstra, IKU, performance agreements (PK) and work plans (RKT).

Numbers are sent as JSON numbers or strings; strings may use the Indonesian decimal comma
("12,5") and, for Rupiah amounts, dot thousands ("1.500.000").
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from ninja import Field, Schema

from .common import EmployeeRef, PageMeta, PositionRef, UnitRef

Number = int | float | str


# --- read ---------------------------------------------------------------------------------------

class MissionOut(Schema):
    id: int
    number: int
    text: str


class RpjmdOut(Schema):
    id: int
    title: str
    start_year: int
    end_year: int
    vision: str
    missions: list[MissionOut]

    @staticmethod
    def resolve_missions(obj) -> list:
        return list(obj.missions.all())


class MissionRef(Schema):
    id: int
    number: int


class StrategicTargetRef(Schema):
    id: int
    code: str
    text: str


class IkuTargetOut(Schema):
    year: int
    target: Decimal


class IkuOut(Schema):
    id: int
    code: str
    name: str
    measure_unit: str
    baseline: Decimal | None
    higher_is_better: bool
    formula: str
    data_source: str
    unit: UnitRef = Field(..., description="The OPD whose Renstra holds the IKU.")
    strategic_target: StrategicTargetRef
    targets: list[IkuTargetOut]

    @staticmethod
    def resolve_targets(obj) -> list:
        return list(obj.targets.all())


class IkuPage(PageMeta):
    items: list[IkuOut]


class RenstraIkuOut(Schema):
    id: int
    code: str
    name: str
    measure_unit: str
    baseline: Decimal | None
    higher_is_better: bool
    formula: str
    data_source: str
    targets: list[IkuTargetOut]

    @staticmethod
    def resolve_targets(obj) -> list:
        return list(obj.targets.all())


class StrategicTargetOut(Schema):
    id: int
    code: str
    text: str
    ikus: list[RenstraIkuOut]

    @staticmethod
    def resolve_ikus(obj) -> list:
        return list(obj.ikus.all())


class GoalOut(Schema):
    id: int
    code: str
    text: str
    mission: MissionRef
    targets: list[StrategicTargetOut]

    @staticmethod
    def resolve_targets(obj) -> list:
        return list(obj.targets.all())


class RenstraOut(Schema):
    id: int
    title: str
    start_year: int
    end_year: int
    unit: UnitRef
    rpjmd_id: int


class RenstraDetailOut(RenstraOut):
    goals: list[GoalOut]

    @staticmethod
    def resolve_goals(obj) -> list:
        return list(obj.goals.all())


class ActionPlanOut(Schema):
    id: int
    quarter: int = Field(..., ge=1, le=4)
    action: str
    target: Decimal | None


class PkIndicatorOut(Schema):
    id: int
    order: int
    name: str
    measure_unit: str
    target: Decimal
    iku_id: int | None
    strategic_target_id: int | None
    actions: list[ActionPlanOut]

    @staticmethod
    def resolve_actions(obj) -> list:
        return list(obj.actions.all())


class AgreementOut(Schema):
    id: int
    year: int
    status: str = Field(..., description="draft or signed")
    signed_on: date | None
    unit: UnitRef
    position: PositionRef = Field(..., description="The head position whose holder signs.")
    signatory: EmployeeRef | None = Field(None, description="Who signed (the holder or acting official).")
    superior: EmployeeRef | None = Field(None, description="The second party: the holder of the superior post.")


class AgreementPage(PageMeta):
    items: list[AgreementOut]


class AgreementDetailOut(AgreementOut):
    indicators: list[PkIndicatorOut]

    @staticmethod
    def resolve_indicators(obj) -> list:
        return list(obj.indicators.all())


class ActivityOut(Schema):
    id: int
    code: str
    name: str
    budget: Decimal


class ProgrammeOut(Schema):
    id: int
    code: str
    name: str
    budget: Decimal
    mission_id: int
    strategic_target_id: int
    activities: list[ActivityOut]
    activities_total: Decimal
    warnings: list[str] = Field(..., description="E.g. the activities cost more than the programme's budget.")

    @staticmethod
    def resolve_activities(obj) -> list:
        return list(obj.activities.all())

    @staticmethod
    def resolve_activities_total(obj) -> Decimal:
        return sum((a.budget for a in obj.activities.all()), Decimal("0"))

    @staticmethod
    def resolve_warnings(obj) -> list[str]:
        from kinerja.planning.services import budget_warnings

        return budget_warnings(obj, sum((a.budget for a in obj.activities.all()), Decimal("0")))


class WorkPlanOut(Schema):
    id: int
    year: int
    unit: UnitRef


class WorkPlanPage(PageMeta):
    items: list[WorkPlanOut]


class WorkPlanDetailOut(WorkPlanOut):
    programmes: list[ProgrammeOut]
    total_budget: Decimal

    @staticmethod
    def resolve_programmes(obj) -> list:
        return list(obj.programmes.all())

    @staticmethod
    def resolve_total_budget(obj) -> Decimal:
        return sum((p.budget for p in obj.programmes.all()), Decimal("0"))




# --- write --------------------------------------------------------------------------------------

class RpjmdIn(Schema):
    title: str
    start_year: int
    end_year: int
    vision: str


class RpjmdPatchIn(Schema):
    title: str = None
    start_year: int = None
    end_year: int = None
    vision: str = None


class MissionIn(Schema):
    text: str
    number: int | None = Field(None, description="Default: the next number.")


class MissionPatchIn(Schema):
    text: str = None
    number: int = None


class RenstraIn(Schema):
    unit: int = Field(..., description="An OPD (dinas, badan, kecamatan, secretariat).")
    rpjmd: int
    title: str
    start_year: int | None = Field(None, description="Default: the RPJMD's first year.")
    end_year: int | None = Field(None, description="Default: the RPJMD's last year.")


class RenstraPatchIn(Schema):
    title: str = None
    start_year: int = None
    end_year: int = None


class GoalIn(Schema):
    mission: int
    text: str
    code: str = ""


class GoalPatchIn(Schema):
    mission: int = None
    text: str = None
    code: str = None


class StrategicTargetIn(Schema):
    text: str
    code: str = ""


class StrategicTargetPatchIn(Schema):
    text: str = None
    code: str = None


class IkuIn(Schema):
    name: str
    measure_unit: str
    code: str = ""
    baseline: Number | None = None
    higher_is_better: bool = True
    formula: str = ""
    data_source: str = ""
    targets: dict[int, Number | None] = Field(default_factory=dict, description="Yearly targets: {year: value}.")


class IkuPatchIn(Schema):
    name: str = None
    measure_unit: str = None
    code: str = None
    baseline: Number | None = None
    higher_is_better: bool = None
    formula: str = None
    data_source: str = None
    strategic_target: int = None


class IkuTargetsIn(Schema):
    targets: dict[int, Number | None] = Field(..., description="{year: value}; null or \"\" removes that year.")


class AgreementIn(Schema):
    unit: int
    year: int


class AgreementPatchIn(Schema):
    year: int


class SignIn(Schema):
    signed_on: date | None = Field(None, description="Default: today.")


class PkIndicatorIn(Schema):
    target: Number
    iku: int | None = Field(None, description="The IKU this line carries; name and unit default to it.")
    strategic_target: int | None = None
    name: str = ""
    measure_unit: str = ""
    order: int | None = None


class PkIndicatorPatchIn(Schema):
    target: Number = None
    iku: int | None = None
    strategic_target: int | None = None
    name: str = None
    measure_unit: str = None
    order: int = None


class ActionPlanIn(Schema):
    quarter: int
    action: str
    target: Number | None = None


class ActionPlanPatchIn(Schema):
    quarter: int = None
    action: str = None
    target: Number | None = None


class WorkPlanIn(Schema):
    unit: int
    year: int


class WorkPlanPatchIn(Schema):
    year: int


class ProgrammeIn(Schema):
    strategic_target: int
    name: str
    code: str = ""
    budget: Number = 0
    mission: int | None = Field(None, description="Default: the mission of the strategic target's goal.")


class ProgrammePatchIn(Schema):
    strategic_target: int = None
    name: str = None
    code: str = None
    budget: Number = None
    mission: int = None


class ActivityIn(Schema):
    name: str
    code: str = ""
    budget: Number = 0


class ActivityPatchIn(Schema):
    name: str = None
    code: str = None
    budget: Number = None


class ActivityWriteOut(ActivityOut):
    warnings: list[str] = Field(default_factory=list,
                                description="E.g. the programme's activities now cost more than its budget.")
