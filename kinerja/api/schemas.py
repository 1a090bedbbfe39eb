"""Shapes shared by every domain: references to other objects, pages and errors."""

from __future__ import annotations

from ninja import Schema


class ErrorOut(Schema):
    """Every error: a sentence, and for invalid input the messages per field."""

    detail: str
    errors: dict[str, list[str]] | None = None


class InstanceRef(Schema):
    id: int
    name: str


class UnitRef(Schema):
    id: int
    name: str
    kind: str


class PositionRef(Schema):
    id: int
    name: str
    kind: str


class EmployeeRef(Schema):
    id: int
    nip: str
    full_name: str


class PageMeta(Schema):
    """Keyset cursors: pass ``next_cursor`` back as ``cursor`` for the next page (null on the last)."""

    next_cursor: str | None = None
    prev_cursor: str | None = None


# Responses of operations that can fail: documented in the OpenAPI schema with the error shape.
READ_ERRORS = {400: ErrorOut, 401: ErrorOut, 404: ErrorOut, 422: ErrorOut}
WRITE_ERRORS = {400: ErrorOut, 401: ErrorOut, 403: ErrorOut, 404: ErrorOut, 409: ErrorOut, 422: ErrorOut}
