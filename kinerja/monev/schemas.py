"""The tim monev's API shapes: team members, rounds, sessions with findings and links, recommendations with
their trail, training needs."""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal
from typing import Annotated

from ninja import Field, Schema

from kinerja.api.schemas import EmployeeRef, PageMeta, UnitRef
from kinerja.api.types import Count, Id, InSchema, Text

from .models import (
    FindingCategory,
    Priority,
    RecommendationCategory,
    RecommendationStatus,
    RoundStatus,
    SessionKind,
    Severity,
    TeamRole,
)

LOCK = "The `lock_version` you last read; a stale one is a 409 and nothing is written."
Ids = Annotated[list[Id], Field(max_length=1000)]
Money = Annotated[int, Field(ge=0, le=10**14 - 1)]
Participants = Annotated[int, Field(ge=1, le=100_000)]


class MemberOut(Schema):
    id: int
    employee: EmployeeRef
    role: TeamRole
    start_date: date
    end_date: date | None
    note: str
    active: bool
    lock_version: int

    @staticmethod
    def resolve_active(obj) -> bool:
        from django.utils import timezone

        return obj.is_active_on(timezone.localdate())


class MemberIn(InSchema):
    employee_id: Id
    role: TeamRole = TeamRole.MEMBER
    start_date: date | None = Field(None, description="Default: today.")
    end_date: date | None = None
    note: Text(200) = ""


class MemberPatchIn(InSchema):
    role: TeamRole | None = None
    start_date: date | None = None
    end_date: date | None = Field(None, description="Set it to end the membership; null: open-ended.")
    note: Text(200) | None = None
    lock_version: Count | None = Field(None, description=LOCK)


class MonevRoundOut(Schema):
    id: int
    period_id: int
    name: str
    start_date: date
    end_date: date
    status: RoundStatus
    description: str
    unit_ids: list[int] = Field(..., description="The units covered, each with its subtree; empty: the instance.")
    lock_version: int

    @staticmethod
    def resolve_unit_ids(obj) -> list[int]:
        return sorted(u.pk for u in obj.units.all())


class MonevRoundPage(PageMeta):
    items: list[MonevRoundOut]


class MonevRoundIn(InSchema):
    period_id: Id
    name: Text(150, min_length=1)
    start_date: date
    end_date: date
    unit_ids: Ids = []
    description: Text(5_000, multiline=True) = ""


class RoundPatchIn(InSchema):
    name: Text(150, min_length=1) | None = None
    start_date: date | None = None
    end_date: date | None = None
    unit_ids: Ids | None = None
    description: Text(5_000, multiline=True) | None = None
    status: RoundStatus | None = Field(None, description="`closed` closes the round, `open` opens it again.")
    lock_version: Count | None = Field(None, description=LOCK)


class MonevLinkOut(Schema):
    id: int
    finding_id: int | None
    url: str
    caption: str


class MonevFindingOut(Schema):
    id: int
    session_id: int
    text: str
    category: FindingCategory
    severity: Severity


class SessionOut(Schema):
    id: int
    round_id: int
    kind: SessionKind
    employee: EmployeeRef | None
    unit: UnitRef | None
    held_on: date
    participants: list[EmployeeRef]
    other_participants: str
    notes: str
    lock_version: int

    @staticmethod
    def resolve_participants(obj):
        return list(obj.participants.all())


class SessionDetailOut(SessionOut):
    findings: list[MonevFindingOut]
    links: list[MonevLinkOut]

    @staticmethod
    def resolve_findings(obj):
        return list(obj.findings.all())

    @staticmethod
    def resolve_links(obj):
        return list(obj.links.all())


class SessionPage(PageMeta):
    items: list[SessionOut]


class SessionIn(InSchema):
    round_id: Id
    kind: SessionKind = SessionKind.INTERVIEW
    employee_id: Id | None = Field(None, description="About one employee, or…")
    unit_id: Id | None = Field(None, description="…about one unit (exactly one of the two).")
    held_on: date
    participant_ids: Ids = []
    other_participants: Text(500) = ""
    notes: Text(20_000, multiline=True) = ""


class SessionPatchIn(InSchema):
    kind: SessionKind | None = None
    held_on: date | None = None
    participant_ids: Ids | None = None
    other_participants: Text(500) | None = None
    notes: Text(20_000, multiline=True) | None = None
    lock_version: Count | None = Field(None, description=LOCK)


class FindingIn(InSchema):
    text: Text(2_000, multiline=True, min_length=1)
    category: FindingCategory
    severity: Severity = Severity.MEDIUM
    links: Annotated[list[Text(500)], Field(max_length=20)] = Field([], description="Evidence links (http/https).")


class OwnerOut(Schema):
    kind: str = Field(..., description="`employee` or `unit` (its head answers for it).")
    id: int
    name: str


class TrainingNeedOut(Schema):
    id: int
    recommendation_id: int
    competency: str
    target_unit: UnitRef | None
    target_employees: list[EmployeeRef]
    reason: str
    priority: Priority
    estimated_participants: int | None
    estimated_cost: Decimal | None

    @staticmethod
    def resolve_target_employees(obj):
        return list(obj.target_employees.all())


class TrainingNeedPage(PageMeta):
    items: list[TrainingNeedOut]


class TrainingNeedIn(InSchema):
    competency: Text(200, min_length=1)
    reason: Text(2_000, multiline=True, min_length=1)
    priority: Priority = Priority.MEDIUM
    target_unit_id: Id | None = None
    target_employee_ids: Ids = []
    estimated_participants: Participants | None = None
    estimated_cost: Money | None = Field(None, description="Rupiah, whole.")


class UpdateOut(Schema):
    id: int
    created_at: datetime
    author: EmployeeRef | None
    note: str
    status_from: str
    status_to: str

    @staticmethod
    def resolve_author(obj):
        return obj.author_employee


class RecommendationOut(Schema):
    id: int
    round_id: int
    session_id: int
    finding_id: int | None
    text: str
    category: RecommendationCategory
    owner: OwnerOut
    due_on: date
    status: RecommendationStatus
    overdue: bool
    days_late: int
    drop_reason: str
    done_at: datetime | None
    lock_version: int

    @staticmethod
    def resolve_owner(obj) -> dict:
        if obj.owner_employee_id:
            return {"kind": "employee", "id": obj.owner_employee_id, "name": obj.owner_employee.name}
        return {"kind": "unit", "id": obj.owner_unit_id, "name": obj.owner_unit.name}

    @staticmethod
    def resolve_overdue(obj) -> bool:
        from django.utils import timezone

        return obj.is_overdue(timezone.localdate())

    @staticmethod
    def resolve_days_late(obj) -> int:
        from django.utils import timezone

        return obj.days_late(timezone.localdate())


class RecommendationDetailOut(RecommendationOut):
    updates: list[UpdateOut]
    training_needs: list[TrainingNeedOut]

    @staticmethod
    def resolve_updates(obj):
        return list(obj.updates.all())

    @staticmethod
    def resolve_training_needs(obj):
        return list(obj.training_needs.all())


class RecommendationPage(PageMeta):
    items: list[RecommendationOut]


class RecommendationIn(InSchema):
    session_id: Id
    text: Text(2_000, multiline=True, min_length=1)
    category: RecommendationCategory = RecommendationCategory.OTHER
    finding_id: Id | None = None
    owner_employee_id: Id | None = Field(None, description="The owner: an employee, or…")
    owner_unit_id: Id | None = Field(None, description="…a unit, whose head answers for it (exactly one).")
    due_on: date


class RecommendationPatchIn(InSchema):
    text: Text(2_000, multiline=True, min_length=1) | None = None
    category: RecommendationCategory | None = None
    owner_employee_id: Id | None = None
    owner_unit_id: Id | None = None
    due_on: date | None = None
    lock_version: Count | None = Field(None, description=LOCK)


class StatusIn(InSchema):
    status: RecommendationStatus
    note: Text(5_000, multiline=True) = ""
    reason: Text(2_000, multiline=True) = Field("", description="Why it is dropped (required for `dropped`).")
    lock_version: Count | None = Field(None, description=LOCK)


class NoteIn(InSchema):
    note: Text(5_000, multiline=True, min_length=1)
    lock_version: Count | None = Field(None, description=LOCK)
