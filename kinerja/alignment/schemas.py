"""Alignment: the cascade map, an SKP's chain to the mission, the alignment report."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Any

from ninja import Field, Schema

from kinerja.api.schemas import UnitRef


class PeriodRef(Schema):
    id: int
    name: str
    year: int


class CountsOut(Schema):
    rhk: int = Field(..., description="In-scope RHK in the subtree (the node itself included).")
    employees: int = Field(..., description="Distinct in-scope employees (SKP) in the subtree.")
    iki: int = Field(..., description="IKI of those RHK.")


class NodeEmployeeOut(Schema):
    id: int
    name: str
    nip: str
    position: str
    unit: str
    unit_id: int
    skp_id: int
    skp_status: str


class NodeOut(Schema):
    key: str = Field(..., description='Kind letter and id: "m3" mission, "s7" strategic target, "i12" IKU, '
                                      '"p40" PK indicator, "r4051" RHK, "u" the unlinked bucket.')
    kind: str = Field(..., description="mission, target, iku, pk, rhk or bucket.")
    id: int | None = None
    text: str
    code: str = ""
    counts: CountsOut
    in_scope: bool = Field(True, description="False: an RHK above the unit asked for, shown as context.")
    issue: str | None = Field(None, description="Why it links to nothing: no_parent, no_pk_indicator, "
                                                "missing_parent, cycle, pk_unplanned.")
    meta: dict[str, Any] | None = None
    employee: NodeEmployeeOut | None = None
    group: str | None = None
    perspective: str | None = None
    children: list[NodeOut] = []
    truncated: bool = Field(False, description="Children left out by `depth`.")


NodeOut.model_rebuild()


class TotalsOut(Schema):
    skps: int
    employees: int
    rhk: int
    linked_rhk: int
    unlinked_rhk: int
    iki: int
    missions: int
    ikus: int
    pk_indicators: int


class CascadeOut(Schema):
    period: PeriodRef
    unit: UnitRef | None = None
    totals: TotalsOut
    missions: list[NodeOut]
    unlinked: NodeOut


class ChainEmployeeOut(Schema):
    id: int
    name: str
    nip: str | None = None
    position: str | None = None
    unit: str | None = None


class LinkOut(Schema):
    kind: str = Field(..., description="rhk (a superior's), pk, iku, target, goal, mission.")
    id: int
    text: str
    code: str | None = None
    detail: str | None = None
    employee: ChainEmployeeOut | None = None


class RhkRefOut(Schema):
    id: int
    text: str
    group: str | None = None
    perspective: str | None = None


class StopOut(Schema):
    employee_id: int
    name: str


class RhkChainOut(Schema):
    rhk: RhkRefOut
    complete: bool = Field(..., description="The chain reaches a mission.")
    issue: str | None = None
    stops_at: StopOut | None = Field(None, description="Whose RHK lacks the link (null: this SKP's own RHK).")
    links: list[LinkOut] = Field(..., description="Nearest first: superiors' RHK, PK indicator, IKU, strategic "
                                                  "target, goal, mission.")


class ChainSkpOut(Schema):
    id: int
    status: str
    period: PeriodRef
    employee: ChainEmployeeOut


class ChainOut(Schema):
    skp: ChainSkpOut
    chains: list[RhkChainOut]


class ReportCountsOut(Schema):
    iku: int
    iku_unsupported: int
    rhk: int
    rhk_unlinked: int
    employees: int
    employees_approved: int
    employees_without_approved_skp: int


class ReportPeriodOut(PeriodRef):
    deadline: date


class UnsupportedIkuOut(Schema):
    id: int
    code: str
    name: str
    measure_unit: str
    target: Decimal | None = None
    in_pk: bool = Field(..., description="The IKU is in a PK of the year, but no RHK carries it.")
    unit: str
    unit_id: int
    strategic_target: str


class UnlinkedRhkOut(Schema):
    id: int
    text: str
    group: str
    perspective: str
    issue: str
    skp_id: int
    skp_status: str
    employee_id: int
    employee: str
    nip: str
    position: str | None = None
    unit: str | None = None


class WithoutSkpOut(Schema):
    id: int
    nip: str
    name: str
    position: str
    has_position: bool
    unit: str
    unit_id: int | None = None
    skp_id: int | None = None
    skp_status: str | None = None


class ReportOut(Schema):
    period: ReportPeriodOut
    unit: UnitRef | None = None
    counts: ReportCountsOut
    unsupported_ikus: list[UnsupportedIkuOut]
    unlinked_rhks: list[UnlinkedRhkOut]
    employees_without_approved_skp: list[WithoutSkpOut]
    limit: int = Field(..., description="Each list holds at most this many rows; `counts` has the totals.")
