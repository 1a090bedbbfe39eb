"""The API's input types: every string bounded and free of control characters, every id bounded.

Use them for every request value (body fields, query and path parameters), so the OpenAPI schema
states what the server enforces (``maxLength``, ``minimum``/``maximum``) and a bad value is a 422
naming the field, never a 500 from the database:

* ``Text(n)`` a single line of at most n characters (tabs and line breaks become spaces);
  ``Text(n, multiline=True)`` keeps line breaks (``\\r\\n`` → ``\\n``);
* ``ModelText(Model, "field")`` the bound of that model field (``core/text.max_length_of``), multi-line
  for a TextField; ``SearchText`` a search/filter string;
* ``Id`` a database id (1 … 2**63-1: a bigger number overflowed SQLite and PostgreSQL);
  ``Year``, ``Limit``, ``Count`` for the other numbers;
* body schemas derive from :class:`InSchema` (an array or a bare value is not an object).
"""

from __future__ import annotations

from typing import Annotated, Any

from django.conf import settings
from django.db import models
from ninja import Schema
from ninja.schema import DjangoGetter
from pydantic import AfterValidator, Field, ValidationInfo, field_validator, model_validator
from pydantic_core import PydanticCustomError

from kinerja.core import text as text_rules

MAX_ID = 2**63 - 1
MAX_INT = 2**31 - 1


def _check(value: str) -> str:
    message = text_rules.forbidden_message(value)
    if message is not None:
        raise PydanticCustomError("control_character", message)
    return value


def _line(value: str) -> str:
    return text_rules.normalize_line(value)


def _multiline(value: str) -> str:
    return text_rules.normalize_multiline(value)


def Text(max_length: int, *, multiline: bool = False, min_length: int | None = None):  # noqa: N802 (a type)
    """A string of at most ``max_length`` characters, without control characters."""
    normalize = _multiline if multiline else _line
    return Annotated[str, Field(max_length=max_length, min_length=min_length),
                     AfterValidator(normalize), AfterValidator(_check)]


def ModelText(model: type[models.Model], name: str, *, min_length: int | None = None):  # noqa: N802 (a type)
    """A string bounded like ``model.name`` (multi-line when it is a TextField)."""
    field = model._meta.get_field(name)
    return Text(text_rules.max_length_of(field), multiline=isinstance(field, models.TextField),
                min_length=min_length)


SearchText = Text(text_rules.QUERY_MAX_LENGTH)
# A secret is taken exactly as typed (no normalising of spaces), only bounded and refused with control characters.
Secret = Annotated[str, Field(max_length=128), AfterValidator(_check)]
Cursor = Text(4096)  # a keyset cursor: JSON of the last row's sort values, base64 (a 200-character name
#                      in \\uXXXX escapes is about 1,600 characters)
Id = Annotated[int, Field(ge=1, le=MAX_ID)]
Year = Annotated[int, Field(ge=2000, le=2100)]
Count = Annotated[int, Field(ge=0, le=MAX_INT)]
SmallInt = Annotated[int, Field(ge=-MAX_INT - 1, le=MAX_INT)]


def _walk(value: Any) -> str | None:
    """The message for the first forbidden character anywhere in ``value``."""
    if isinstance(value, str):
        return text_rules.forbidden_message(value)
    if isinstance(value, list | tuple | set):
        return next((m for m in map(_walk, value) if m), None)
    if isinstance(value, dict):
        return next((m for m in map(_walk, [*value.keys(), *value.values()]) if m), None)
    return None


class InSchema(Schema):
    """The base of every request body.

    ninja's ``Schema`` reads its fields as attributes of whatever it is given (it is built to turn
    ORM objects into output), so a JSON array ``[]`` validated as a schema whose fields all have
    defaults: ``POST /skp/periods/1/close`` with ``[]`` closed the period. A body must be an object.
    Any string field not typed with :func:`Text` is still checked for control characters.
    """

    @model_validator(mode="wrap")
    @classmethod
    def _run_root_validator(cls, values, handler, info: ValidationInfo):
        if not isinstance(values, dict | Schema):
            raise PydanticCustomError("dict_type", "Input should be an object")
        # what ninja's Schema does (this replaces its validator of the same name)
        if cls.model_config.get("extra") == "forbid" or cls.model_config.get("validate_assignment", False):
            handler(values)
        return handler(DjangoGetter(values, cls, info.context))

    @field_validator("*", mode="after")
    @classmethod
    def _no_control_characters(cls, value):
        message = _walk(value)
        if message is not None:
            raise PydanticCustomError("control_character", message)
        return value


MAX_NUMBER = 10**14
"""The largest magnitude of a target, baseline or budget (the columns hold 18 digits, 4 decimals)."""

Number = (Annotated[int, Field(ge=-MAX_NUMBER, le=MAX_NUMBER)]
          | Annotated[float, Field(ge=-MAX_NUMBER, le=MAX_NUMBER, allow_inf_nan=False)]
          | Text(40))
"""A number as JSON number or string (the Indonesian decimal comma allowed: "12,5")."""

Order = Annotated[int, Field(ge=0, le=MAX_INT)]

Quarter = Annotated[int, Field(ge=1, le=4)]
Limit = Annotated[int, Field(ge=1, le=settings.KINERJA["API_MAX_PAGE_SIZE"])]
"""A page size (the server's maximum is the setting ``API_MAX_PAGE_SIZE``)."""
PathText = Text(60)
