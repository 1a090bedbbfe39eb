"""The organisation plan: RPJMD, Renstra, IKU, performance agreements (PK) and work plans (RKT).

Numbers are sent as JSON numbers or strings; strings may use the Indonesian decimal comma
("12,5") and, for Rupiah amounts, dot thousands ("1.500.000").
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from ninja import Field, Schema

from kinerja.api.schemas import EmployeeRef, PageMeta, PositionRef, UnitRef
from kinerja.api.types import Id, InSchema, ModelText, Number, Order, Quarter, Year
from kinerja.planning.models import (
    ActionPlan,
    Activity,
    Goal,
    Iku,
    Mission,
    PkIndicator,
    Programme,
    Renstra,
    Rpjmd,
    StrategicTarget,
)

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

class RpjmdIn(InSchema):
    title: ModelText(Rpjmd, "title", min_length=1)
    start_year: Year
    end_year: Year
    vision: ModelText(Rpjmd, "vision", min_length=1)


class RpjmdPatchIn(InSchema):
    title: ModelText(Rpjmd, "title", min_length=1) = None
    start_year: Year = None
    end_year: Year = None
    vision: ModelText(Rpjmd, "vision", min_length=1) = None


class MissionIn(InSchema):
    text: ModelText(Mission, "text", min_length=1)
    number: Order | None = Field(None, description="Default: the next number.")


class MissionPatchIn(InSchema):
    text: ModelText(Mission, "text", min_length=1) = None
    number: Order = None


class RenstraIn(InSchema):
    unit: Id = Field(..., description="An OPD (dinas, badan, kecamatan, secretariat).")
    rpjmd: Id
    title: ModelText(Renstra, "title", min_length=1)
    start_year: Year | None = Field(None, description="Default: the RPJMD's first year.")
    end_year: Year | None = Field(None, description="Default: the RPJMD's last year.")


class RenstraPatchIn(InSchema):
    title: ModelText(Renstra, "title", min_length=1) = None
    start_year: Year = None
    end_year: Year = None


class GoalIn(InSchema):
    mission: Id
    text: ModelText(Goal, "text", min_length=1)
    code: ModelText(Goal, "code") = ""


class GoalPatchIn(InSchema):
    mission: Id = None
    text: ModelText(Goal, "text", min_length=1) = None
    code: ModelText(Goal, "code") = None


class StrategicTargetIn(InSchema):
    text: ModelText(StrategicTarget, "text", min_length=1)
    code: ModelText(StrategicTarget, "code") = ""


class StrategicTargetPatchIn(InSchema):
    text: ModelText(StrategicTarget, "text", min_length=1) = None
    code: ModelText(StrategicTarget, "code") = None


class IkuIn(InSchema):
    name: ModelText(Iku, "name", min_length=1)
    measure_unit: ModelText(Iku, "measure_unit", min_length=1)
    code: ModelText(Iku, "code") = ""
    baseline: Number | None = None
    higher_is_better: bool = True
    formula: ModelText(Iku, "formula") = ""
    data_source: ModelText(Iku, "data_source") = ""
    targets: dict[Year, Number | None] = Field(default_factory=dict, max_length=100,
                                               description="Yearly targets: {year: value}.")


class IkuPatchIn(InSchema):
    name: ModelText(Iku, "name", min_length=1) = None
    measure_unit: ModelText(Iku, "measure_unit", min_length=1) = None
    code: ModelText(Iku, "code") = None
    baseline: Number | None = None
    higher_is_better: bool = None
    formula: ModelText(Iku, "formula") = None
    data_source: ModelText(Iku, "data_source") = None
    strategic_target: Id = None


class IkuTargetsIn(InSchema):
    targets: dict[Year, Number | None] = Field(..., max_length=100,
                                               description="{year: value}; null or \"\" removes that year.")


class AgreementIn(InSchema):
    unit: Id
    year: Year


class AgreementPatchIn(InSchema):
    year: Year


class SignIn(InSchema):
    signed_on: date | None = Field(None, description="Default: today.")


class PkIndicatorIn(InSchema):
    target: Number
    iku: Id | None = Field(None, description="The IKU this line carries; name and unit default to it.")
    strategic_target: Id | None = None
    name: ModelText(PkIndicator, "name") = ""
    measure_unit: ModelText(PkIndicator, "measure_unit") = ""
    order: Order | None = None


class PkIndicatorPatchIn(InSchema):
    target: Number = None
    iku: Id | None = None
    strategic_target: Id | None = None
    name: ModelText(PkIndicator, "name") = None
    measure_unit: ModelText(PkIndicator, "measure_unit") = None
    order: Order = None


class ActionPlanIn(InSchema):
    quarter: Quarter
    action: ModelText(ActionPlan, "action", min_length=1)
    target: Number | None = None


class ActionPlanPatchIn(InSchema):
    quarter: Quarter = None
    action: ModelText(ActionPlan, "action", min_length=1) = None
    target: Number | None = None


class WorkPlanIn(InSchema):
    unit: Id
    year: Year


class WorkPlanPatchIn(InSchema):
    year: Year


class ProgrammeIn(InSchema):
    strategic_target: Id
    name: ModelText(Programme, "name", min_length=1)
    code: ModelText(Programme, "code") = ""
    budget: Number = 0
    mission: Id | None = Field(None, description="Default: the mission of the strategic target's goal.")


class ProgrammePatchIn(InSchema):
    strategic_target: Id = None
    name: ModelText(Programme, "name", min_length=1) = None
    code: ModelText(Programme, "code") = None
    budget: Number = None
    mission: Id = None


class ActivityIn(InSchema):
    name: ModelText(Activity, "name", min_length=1)
    code: ModelText(Activity, "code") = ""
    budget: Number = 0


class ActivityPatchIn(InSchema):
    name: ModelText(Activity, "name", min_length=1) = None
    code: ModelText(Activity, "code") = None
    budget: Number = None


class ActivityWriteOut(ActivityOut):
    warnings: list[str] = Field(default_factory=list,
                                description="E.g. the programme's activities now cost more than its budget.")
