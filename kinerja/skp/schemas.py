"""SKP: periods, the SKP with its RHK, IKI, lampiran and expected behaviour, templates, workflow.

Every write that changes an SKP carries the ``lock_version`` the client last saw (it is in every SKP,
RHK and IKI answer). A stale one is refused with 409 and the current state is kept.
Numbers are JSON numbers or strings; strings may use the Indonesian decimal comma ("12,5").
"""

from __future__ import annotations

from datetime import date, datetime
from typing import Literal

from ninja import Field, Schema

from kinerja.api.schemas import PageMeta, PositionRef, UnitRef
from kinerja.api.types import Count, Id, InSchema, ModelText, Number, Order, Text, Year
from kinerja.skp.models import Appendix, BehaviourExpectation, Iki, Rhk, SkpTemplate

REASON_MAX_LENGTH = 2000
MAX_LINES = 200
LockVersion = Field(..., description="The SKP's `lock_version` you last read; a stale one answers 409.")

# --- periods ------------------------------------------------------------------------------------


class PeriodOut(Schema):
    id: int
    name: str
    kind: str
    year: int
    start_date: date
    end_date: date
    deadline: date
    is_closed: bool


class PeriodIn(InSchema):
    year: Year = Field(..., description="Creates the year's period(s) per the instance's SKP setting.")
    instance: Id | None = Field(None, description="Platform operators only: the instance.")


class PeriodCloseIn(InSchema):
    closed: bool = True


# --- the SKP ------------------------------------------------------------------------------------


class PersonOut(Schema):
    id: int
    nip: str
    name: str
    grade: str
    rank: str


class PositionOut(Schema):
    id: int
    name: str
    kind: str


class UnitOut(Schema):
    id: int
    name: str


class ParentRhkOut(Schema):
    id: int
    text: str
    skp_id: int
    employee: str


class PkIndicatorRefOut(Schema):
    id: int
    name: str
    measure_unit: str
    target: str


class IkiOut(Schema):
    id: int
    rhk_id: int
    aspect: str
    text: str
    target_kind: str
    target_value: str | None
    target_min: str | None
    target_max: str | None
    target_text: str
    measure_unit: str
    lower_is_better: bool
    order: int
    target_display: str


class RhkDetailOut(Schema):
    id: int
    group: str
    perspective: str
    text: str
    order: int
    parent_id: int | None
    parent: ParentRhkOut | None
    pk_indicator_id: int | None
    pk_indicator: PkIndicatorRefOut | None
    parent_changed_at: datetime | None = Field(
        None, description="Set when the superior's RHK this one intervenes changed; cleared by /acknowledge.")
    return_comment: str = Field("", description="The evaluator's comment on this RHK from the last return "
                                                "(empty once approved).")
    ikis: list[IkiOut]


class ExpectationOut(Schema):
    value: str
    name: str
    guides: list[str]
    guides_en: list[str]
    expectation: str


class AppendixOut(Schema):
    resources: list[str]
    accountability: list[str]
    consequences: list[str]


class SkpDetailOut(Schema):
    id: int
    kind: str = Field(..., description='"jpt" (perspectives) or "standard" (aspects).')
    status: str
    version: int = Field(..., description="How many times it has been approved.")
    lock_version: int
    set_by_admin: bool
    return_reason: str
    revision_reason: str
    submitted_at: datetime | None
    approved_at: datetime | None
    approved_by: PersonOut | None
    period: PeriodOut
    employee: PersonOut
    position: PositionOut
    unit: UnitOut
    evaluator: PersonOut | None
    evaluator_position: PositionOut | None
    evaluator_acting: str
    evaluator_superior: PersonOut | None
    evaluator_superior_position: PositionOut | None
    rhks: list[RhkDetailOut]
    appendix: AppendixOut
    expectations: list[ExpectationOut]
    allowed_actions: list[str] = Field(..., description="Workflow actions the caller may take now.")
    can_change: bool = Field(..., description="The caller may change the content now.")
    can_set_expectations: bool = Field(False, description="The caller may set the specific expectations of the "
                                                          "superior now (the evaluator only).")
    warnings: list[str] = Field(default_factory=list)


class EmployeeBrief(Schema):
    id: int
    nip: str
    name: str


class SkpOut(Schema):
    id: int
    status: str
    kind: str
    version: int
    lock_version: int
    period_id: int
    employee: EmployeeBrief
    position: PositionRef
    unit: UnitRef
    evaluator_id: int | None
    submitted_at: datetime | None
    approved_at: datetime | None

    @staticmethod
    def resolve_employee(obj) -> dict:
        return {"id": obj.employee_id, "nip": obj.employee.nip, "name": obj.employee.full_name}


class SkpPage(PageMeta):
    items: list[SkpOut]


class SkpIn(InSchema):
    employee: Id
    period: Id


class LockIn(InSchema):
    lock_version: Count = LockVersion


class ReasonIn(LockIn):
    reason: Text(REASON_MAX_LENGTH, multiline=True, min_length=1)


class RhkCommentIn(InSchema):
    rhk: Id = Field(..., description="An RHK of this SKP.")
    comment: ModelText(Rhk, "return_comment") = Field(
        ..., description="What to correct in it; the employee sees it at the RHK.")


class ReturnIn(ReasonIn):
    comments: list[RhkCommentIn] = Field(default_factory=list,
                                         description="Optional: a comment for each RHK that needs correcting.")


class TemplateApplyIn(LockIn):
    template: Id


class LockOut(Schema):
    lock_version: int


# --- RHK and IKI --------------------------------------------------------------------------------


class RhkIn(LockIn):
    text: ModelText(Rhk, "text", min_length=1)
    group: Literal["utama", "tambahan"] = "utama"
    parent: Id | None = Field(None, description="The superior's RHK this one intervenes (see /allowed-parents).")
    perspective: Text(40) = Field("", description="JPT only: penerima_layanan, proses_bisnis, penguatan_internal, "
                                             "anggaran.")
    pk_indicator: Id | None = Field(None, description="JPT only: the Perjanjian Kinerja indicator.")


class RhkPatchIn(LockIn):
    text: ModelText(Rhk, "text", min_length=1) | None = None
    group: Literal["utama", "tambahan"] | None = None
    parent: Id | None = None
    perspective: Text(40) | None = None
    pk_indicator: Id | None = None
    order: Order | None = None


class RhkOut(Schema):
    id: int
    skp_id: int
    group: str
    perspective: str
    text: str
    order: int
    parent_id: int | None
    pk_indicator_id: int | None
    parent_changed_at: datetime | None
    return_comment: str = Field("", description="The evaluator's comment on this RHK from the last return.")
    lock_version: int = Field(..., description="The SKP's lock_version after this write.")

    @staticmethod
    def resolve_lock_version(obj) -> int:
        return obj.skp.lock_version


class IkiIn(LockIn):
    text: ModelText(Iki, "text", min_length=1)
    aspect: Text(20) = Field("", description="kuantitas, kualitas, waktu or biaya (required unless JPT).")
    target_kind: Literal["number", "range", "text"] = "number"
    target_value: Number | None = None
    target_min: Number | None = None
    target_max: Number | None = None
    target_text: ModelText(Iki, "target_text") = ""
    measure_unit: ModelText(Iki, "measure_unit") = ""
    lower_is_better: bool = False


class IkiPatchIn(LockIn):
    text: ModelText(Iki, "text", min_length=1) | None = None
    aspect: Text(20) | None = None
    target_kind: Literal["number", "range", "text"] | None = None
    target_value: Number | None = None
    target_min: Number | None = None
    target_max: Number | None = None
    target_text: ModelText(Iki, "target_text") | None = None
    measure_unit: ModelText(Iki, "measure_unit") | None = None
    lower_is_better: bool | None = None
    order: Order | None = None


class IkiWriteOut(IkiOut):
    lock_version: int

    @staticmethod
    def resolve_target_display(obj) -> str:
        return obj.target_display

    @staticmethod
    def resolve_lock_version(obj) -> int:
        return obj.rhk.skp.lock_version

    @staticmethod
    def resolve_target_value(obj):
        return None if obj.target_value is None else format(obj.target_value.normalize(), "f")

    @staticmethod
    def resolve_target_min(obj):
        return None if obj.target_min is None else format(obj.target_min.normalize(), "f")

    @staticmethod
    def resolve_target_max(obj):
        return None if obj.target_max is None else format(obj.target_max.normalize(), "f")


class AppendixIn(LockIn):
    lines: list[ModelText(Appendix, "text")] = Field(..., max_length=MAX_LINES)


class ExpectationsIn(LockIn):
    expectations: dict[Text(30), ModelText(BehaviourExpectation, "expectation")] = Field(
        ..., max_length=20, description="Core value code → the superior's specific expectation.")


class ParentOptionOut(Schema):
    id: int
    text: str
    group: str
    skp_id: int
    employee: str
    skp_status: str

    @staticmethod
    def resolve_employee(obj) -> str:
        return obj.skp.employee.full_name

    @staticmethod
    def resolve_skp_status(obj) -> str:
        return obj.skp.status


# --- versions, templates, overdue ---------------------------------------------------------------


class VersionOut(Schema):
    number: int
    action: str
    status: str
    note: str
    by: str | None
    at: datetime

    @staticmethod
    def resolve_by(obj) -> str | None:
        return str(obj.by) if obj.by_id else None


class VersionDetailOut(VersionOut):
    content: dict


class TemplateOut(Schema):
    id: int
    name: str
    position_name: str
    position_kind: str
    is_active: bool
    content: list[dict]


class TemplateIn(InSchema):
    name: ModelText(SkpTemplate, "name", min_length=1)
    position_name: ModelText(SkpTemplate, "position_name") = ""
    position_kind: ModelText(SkpTemplate, "position_kind") = ""
    content: list = Field(..., max_length=MAX_LINES,
                          description='[{"group", "text", "perspective", "ikis": [{"aspect", "text", '
                                      '"target_kind", "target_value", "target_min", "target_max", '
                                      '"target_text", "measure_unit", "lower_is_better"}]}]')
    instance: Id | None = Field(None, description="Platform operators only: the instance.")


class TemplatePatchIn(InSchema):
    name: ModelText(SkpTemplate, "name", min_length=1) | None = None
    position_name: ModelText(SkpTemplate, "position_name") | None = None
    position_kind: ModelText(SkpTemplate, "position_kind") | None = None
    content: list | None = Field(None, max_length=MAX_LINES)
    is_active: bool | None = None


class OverdueOut(Schema):
    id: int
    nip: str
    name: str
    unit: UnitRef | None
    position: PositionRef | None
    skp_id: int | None
    skp_status: str | None = Field(None, description="null: no SKP at all.")

    @staticmethod
    def resolve_name(obj) -> str:
        return obj.full_name


class OverduePage(PageMeta):
    items: list[OverdueOut]
