"""The caller and their API tokens."""

from __future__ import annotations

from datetime import UTC, datetime

from django.utils import timezone
from django.utils.translation import gettext as _
from ninja import Field, Schema
from pydantic import field_validator

from kinerja.accounts.models import ApiToken
from kinerja.api.schemas import InstanceRef
from kinerja.api.types import InSchema, ModelText, Secret
from kinerja.people.schemas import EmployeeOut


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
    is_penilai: bool = Field(..., description="Evaluates others: a position reports to one the caller holds or "
                                              "acts in (Plt/Plh).")
    team_size: int = Field(..., description="How many people the caller evaluates (their team: "
                                            "`/employees?team=true`).")
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
        if value is not None:
            # stored in UTC: PostgreSQL refuses an offset beyond ±16 hours that ISO 8601 lets a client send
            try:
                value = value.astimezone(UTC)
            except OverflowError:
                raise ValueError(_("The expiry is out of range.")) from None
        if value is not None and value <= timezone.now():
            raise ValueError(_("The expiry must be in the future."))
        return value


class PasswordChangeIn(InSchema):
    old_password: Secret = Field(..., description="The current password (or the one-time password).")
    new_password: Secret = Field(..., description="At least 10 characters, not only digits, "
                                                     "not common, not like the user name.")


class UnlockOut(Schema):
    user_id: int
    username: str
    failure_records_cleared: int


class OneTimePasswordOut(Schema):
    user_id: int
    username: str
    one_time_password: str = Field(..., description="Shown only this once; must be changed at the next log-in.")
