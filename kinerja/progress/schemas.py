"""Progress: reports (realisasi) per IKI and reporting period, their evidence (files and links), action plans
and the daily log.

Every write to a report carries the ``lock_version`` the client last read (None or absent only while the
report does not exist yet); a stale one answers 409 and keeps what the other device saved. Numbers are JSON
numbers or strings; strings may use the Indonesian decimal comma ("12,5").
"""

from __future__ import annotations

from datetime import date as Date  # noqa: N812 (a field is called date)
from datetime import datetime
from uuid import UUID

from ninja import Field, Schema

from kinerja.api.schemas import PageMeta
from kinerja.api.types import Count, Id, InSchema, ModelText, Number, Quarter, Text

from .models import ActionPlan, DailyLog, Report

LOCK = "The report's `lock_version` you last read (omit it only when the report does not exist yet)."


class ProgressEvidenceOut(Schema):
    id: int
    report_id: int
    kind: str
    original_name: str
    content_type: str
    size: int
    sha256: str
    url: str
    caption: str
    status: str
    review_comment: str
    replaces_id: int | None = None
    created_at: datetime
    deleted_at: datetime | None = None


class ProgressReportOut(Schema):
    id: int
    skp_id: int
    iki_id: int
    employee_id: int
    unit_id: int
    period_start: Date
    period_end: Date
    value: float | None = None
    value_text: str
    notes: str
    status: str
    judged_achievement: float | None = None
    lock_version: int
    submitted_at: datetime | None = None
    reviewed_at: datetime | None = None
    review_comment: str
    updated_at: datetime


class ProgressReportDetailOut(ProgressReportOut):
    evidence: list[ProgressEvidenceOut] = Field(..., description="The live evidence (deleted pieces are left out).")
    can_edit: bool = Field(..., description="The caller may change it now (their own draft or returned report).")


class ProgressReportPage(PageMeta):
    items: list[ProgressReportOut]


class ProgressReportIn(InSchema):
    iki_id: Id
    period_start: Date = Field(..., description="The first day of the reporting period (a month or a quarter).")
    value: Number | None = None
    value_text: ModelText(Report, "value_text") = ""
    notes: ModelText(Report, "notes") = ""
    lock_version: Count | None = Field(None, description=LOCK)
    submit: bool = Field(False, description="Submit it to the evaluator in the same step.")


class ProgressReportPatchIn(InSchema):
    value: Number | None = None
    value_text: ModelText(Report, "value_text") | None = None
    notes: ModelText(Report, "notes") | None = None
    lock_version: Count = Field(..., description=LOCK)


class ReportLockIn(InSchema):
    lock_version: Count = Field(..., description=LOCK)


class ReportingPeriodOut(Schema):
    start: Date
    end: Date
    due: Date = Field(..., description="The report is due on this day (the instance's deadline day).")
    begun: bool = Field(..., description="The period has begun: it can be reported on.")


class ReportingPeriodsOut(Schema):
    cadence: str = Field(..., description="`monthly` or `quarterly` (the instance's setting).")
    max_upload_mb: int
    periods: list[ReportingPeriodOut]


class SubmitFormIn(InSchema):
    """The text fields of the multipart submit (the files come as `files`)."""

    iki_id: Id
    period_start: Date = Field(..., description="The first day of the reporting period (YYYY-MM-DD).")
    value: Text(40) = Field("", description="The realisation; a decimal comma is fine (\"12,5\").")
    value_text: ModelText(Report, "value_text") = ""
    notes: ModelText(Report, "notes") = ""
    lock_version: Count | None = Field(None, description=LOCK)


class EvidenceFormIn(InSchema):
    """The text fields of an evidence upload (the file comes as `file`)."""

    caption: Text(255) = ""
    client_token: UUID | None = Field(None, description="A UUID the device chose: a retry with it is safe.")
    replaces: Id | None = Field(None, description="A piece of evidence of the same report this one replaces.")


class SubmittedEvidenceOut(Schema):
    id: int
    sha256: str
    size: int


class SubmittedOut(Schema):
    id: int
    status: str
    lock_version: int
    evidence: list[SubmittedEvidenceOut]


class EvidenceLinkIn(InSchema):
    url: Text(1000, min_length=1)
    caption: Text(255) = ""
    client_token: UUID | None = None
    replaces: Id | None = Field(None, description="A piece of evidence of the same report this one replaces.")


class ProgressActionPlanOut(Schema):
    id: int
    iki_id: int
    quarter: int
    text: str
    target: float | None = None


class ProgressActionPlanIn(InSchema):
    iki_id: Id
    quarter: Quarter
    text: ModelText(ActionPlan, "text", min_length=1)
    target: Number | None = None


class DailyLogOut(Schema):
    id: int
    skp_id: int
    rhk_id: int
    iki_id: int | None = None
    employee_id: int
    date: Date
    text: str
    quantity: float | None = None


class DailyLogPage(PageMeta):
    items: list[DailyLogOut]


class DailyLogIn(InSchema):
    rhk_id: Id
    date: Date
    text: ModelText(DailyLog, "text", min_length=1)
    quantity: Number | None = None
    iki_id: Id | None = None


class DailyLogPatchIn(InSchema):
    date: Date | None = None
    text: ModelText(DailyLog, "text", min_length=1) | None = None
    quantity: Number | None = None
    iki_id: Id | None = None


class DraftFromLogIn(InSchema):
    iki_id: Id
    period_start: Date
