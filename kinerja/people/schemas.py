"""Employees, their position history and acting posts."""

from __future__ import annotations

from datetime import date
from typing import Literal

from django.core.exceptions import ValidationError as DjangoValidationError
from django.core.validators import validate_email
from django.utils.translation import gettext as _
from ninja import Field, Schema
from pydantic import field_validator

from kinerja.api.schemas import EmployeeRef, InstanceRef, PageMeta, PositionRef, UnitRef
from kinerja.api.types import Id, InSchema, ModelText, Text
from kinerja.people.models import Assignment, Employee, EmployeeKind

SexValue = Literal["M", "F", ""]


def _check_email(value: str | None) -> str | None:
    if value:
        try:
            validate_email(value)
        except DjangoValidationError:
            raise ValueError(_("Enter a valid email address.")) from None
    return value


class EmployeeOut(Schema):
    id: int
    nip: str
    nip_display: str = Field(..., description="The NIP with spaces between its parts.")
    name: str
    full_name: str = Field(..., description="Name with academic titles.")
    front_title: str
    back_title: str
    kind: str
    grade: str
    is_active: bool
    unit: UnitRef | None
    position: PositionRef | None


class ChainLinkOut(Schema):
    position: PositionRef
    holder: EmployeeRef | None
    acting_kind: str | None = Field(None, description='"plt"/"plh" when the holder is acting.')


class AssignmentOut(Schema):
    id: int
    kind: str
    position: PositionRef
    unit: UnitRef
    start_date: date
    end_date: date | None
    decree_number: str
    note: str


class EmployeeDetailOut(EmployeeOut):
    instance: InstanceRef
    nip_lama: str
    pns_id: str
    birth_date: date | None
    sex: str
    rank_name: str
    tmt_grade: date | None
    tmt_cpns: date | None
    tmt_position: date | None
    email: str
    phone: str
    superior_chain: list[ChainLinkOut] = Field(
        ..., description="Pejabat penilai, then atasan pejabat penilai (acting officials count)."
    )
    position_history: list[AssignmentOut] = Field(..., description="Definitive and acting posts, newest first.")

    @staticmethod
    def resolve_superior_chain(obj) -> list:
        return getattr(obj, "api_chain", [])

    @staticmethod
    def resolve_position_history(obj) -> list:
        return getattr(obj, "api_history", [])


class EmployeePage(PageMeta):
    items: list[EmployeeOut]


class EmployeeCreateIn(InSchema):
    nip: Text(30, min_length=1) = Field(..., description="18 digits; spaces between the parts are allowed.")
    kind: EmployeeKind = EmployeeKind.PNS
    name: ModelText(Employee, "name", min_length=1)
    front_title: ModelText(Employee, "front_title") = ""
    back_title: ModelText(Employee, "back_title") = ""
    birth_date: date | None = Field(None, description="Default: taken from the NIP.")
    sex: SexValue = Field("", description="Default: taken from the NIP.")
    grade: Text(20) = Field("", description="PNS III/a … or PPPK I–XVII.")
    tmt_grade: date | None = None
    tmt_cpns: date | None = None
    email: ModelText(Employee, "email") = ""
    phone: ModelText(Employee, "phone") = ""
    nip_lama: ModelText(Employee, "nip_lama") = ""
    pns_id: ModelText(Employee, "pns_id") = ""
    position: Id | None = Field(None, description="Position id; the unit follows from it.")
    tmt_position: date | None = None
    instance: Id | None = Field(None, description="Only for platform operators, when no position is given.")

    @field_validator("email")
    @classmethod
    def check_email(cls, value):
        return _check_email(value)


class EmployeePatchIn(InSchema):
    """Personal data; only the fields sent are changed. Positions change through transfer."""

    front_title: ModelText(Employee, "front_title") = None
    name: ModelText(Employee, "name", min_length=1) = None
    back_title: ModelText(Employee, "back_title") = None
    birth_date: date | None = None
    sex: SexValue = None
    grade: Text(20) = None
    tmt_grade: date | None = None
    tmt_cpns: date | None = None
    email: ModelText(Employee, "email") = None
    phone: ModelText(Employee, "phone") = None
    nip_lama: ModelText(Employee, "nip_lama") = None
    pns_id: ModelText(Employee, "pns_id") = None

    @field_validator("email")
    @classmethod
    def check_email(cls, value):
        return _check_email(value)


class TransferIn(InSchema):
    position: Id
    start_date: date
    decree_number: ModelText(Assignment, "decree_number") = ""
    note: ModelText(Assignment, "note") = ""


class ActingIn(InSchema):
    position: Id
    kind: Literal["plt", "plh"] = Field(..., description="plt: the post is vacant; plh: the holder is away.")
    start_date: date
    end_date: date | None = None
    decree_number: ModelText(Assignment, "decree_number") = ""


class DeactivateIn(InSchema):
    end_date: date | None = Field(None, description="Last day of the current post; default: today.")
