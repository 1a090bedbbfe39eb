"""The caller and their API tokens."""

from __future__ import annotations

from datetime import datetime

from django.utils import timezone
from django.utils.translation import gettext as _
from ninja import Field, Schema
from pydantic import field_validator

from kinerja.accounts.models import ApiToken

from ..types import InSchema, ModelText
from .common import InstanceRef
from .people import EmployeeOut


class UserOut(Schema):
    id: int
    username: str
    display_name: str
    email: str
    is_superuser: bool

    @staticmethod
    def resolve_display_name(obj) -> str:
        return str(obj)


class MeOut(Schema):
    user: UserOut
    instance: InstanceRef | None
    employee: EmployeeOut | None
    roles: list[str] = Field(..., description="Granted roles: admin_opd, admin_bkpsdm, monev, pimpinan, auditor.")
    role_labels: list[str]
    is_pegawai: bool
    is_penilai: bool = Field(..., description="Evaluates others (heads a unit or supervises positions).")
    read_only: bool
    can_view_audit: bool


class TokenOut(Schema):
    id: int
    name: str
    prefix: str = Field(..., description="The first characters of the token, to recognise it.")
    created_at: datetime
    expires_at: datetime | None
    last_used_at: datetime | None
    revoked: bool


class TokenCreatedOut(TokenOut):
    token: str = Field(..., description="The token itself. Shown only this once; store it safely.")


class TokenCreateIn(InSchema):
    name: ModelText(ApiToken, "name", min_length=1)
    expires_at: datetime | None = Field(None, description="Default: never expires.")

    @field_validator("expires_at")
    @classmethod
    def in_future(cls, value):
        if value is not None and timezone.is_naive(value):
            value = timezone.make_aware(value)
        if value is not None and value <= timezone.now():
            raise ValueError(_("The expiry must be in the future."))
        return value
