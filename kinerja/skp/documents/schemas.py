"""Export jobs: the SKP period export runs in the background; poll the job, then fetch its file."""

from __future__ import annotations

from datetime import datetime
from typing import Literal

from django.urls import reverse
from ninja import Field, Schema

from kinerja.api.schemas import PageMeta, UnitRef
from kinerja.api.types import Id, InSchema


class ExportPeriodRef(Schema):
    id: int
    name: str


class ExportOut(Schema):
    id: int
    kind: str
    title: str
    status: Literal["queued", "running", "done", "failed"] = Field(
        ..., description='"queued", then "running" while the background task writes the file; "done" (the file '
                         'is ready: `download_url`) or "failed" (`error`).')
    period: ExportPeriodRef | None
    unit: UnitRef | None = Field(None, description="The unit with its sub-units; null: the whole instance.")
    language: str
    filename: str
    rows: int | None = Field(None, description="Data rows written (one per IKI).")
    size: int | None = Field(None, description="File size in bytes.")
    error: str = Field("", description="Why a failed export failed.")
    requested_by: str | None = Field(None, description="The username of whoever asked for it.")
    created_at: datetime
    started_at: datetime | None
    finished_at: datetime | None
    download_url: str | None = Field(None, description="The API path of the file once the export is done.")

    @staticmethod
    def resolve_requested_by(obj) -> str | None:
        return obj.requested_by.get_username() if obj.requested_by_id else None

    @staticmethod
    def resolve_download_url(obj) -> str | None:
        return reverse("api:export_file", kwargs={"export_id": obj.pk}) if obj.is_ready else None


class ExportPage(PageMeta):
    items: list[ExportOut]


class SkpExportIn(InSchema):
    period: Id = Field(..., description="The SKP period.")
    unit: Id | None = Field(None, description="Only this unit and the units below it (required for an OPD admin).")
    language: Literal["id", "en"] = Field("id", description="The language of the headings.")
