"""Keyset (seek) pagination: every page costs the same, however deep.

The ordering must end in a unique column (``id``). A cursor is the ordering values of the last
(or first) row of a page, base64-encoded; the next page is "rows after that tuple", served by a
composite index (e.g. ``(instance, name, id)``) instead of an OFFSET scan.
"""

from __future__ import annotations

import base64
import datetime
import json
from dataclasses import dataclass
from typing import Any

from django.core.exceptions import ValidationError
from django.db.models import F, Q, QuerySet
from django.db.models.fields.tuple_lookups import Tuple, TupleGreaterThan, TupleLessThan, TupleLookupMixin
from django.utils.translation import gettext as _


class InvalidCursor(ValidationError):
    pass


def _encode_value(value: Any) -> Any:
    if isinstance(value, datetime.datetime | datetime.date):
        return {"__dt": value.isoformat()}
    return value


def _decode_value(value: Any) -> Any:
    if isinstance(value, dict) and "__dt" in value:
        text = value["__dt"]
        return datetime.datetime.fromisoformat(text) if "T" in text else datetime.date.fromisoformat(text)
    return value


def encode_cursor(values: list[Any], direction: str = "n") -> str:
    raw = json.dumps([direction, [_encode_value(v) for v in values]], separators=(",", ":"))
    return base64.urlsafe_b64encode(raw.encode()).decode().rstrip("=")


def decode_cursor(cursor: str, width: int) -> tuple[str, list[Any]]:
    try:
        padded = cursor + "=" * (-len(cursor) % 4)
        direction, values = json.loads(base64.urlsafe_b64decode(padded.encode()).decode())
        if direction not in ("n", "p") or not isinstance(values, list) or len(values) != width:
            raise ValueError
        return direction, [_decode_value(v) for v in values]
    except (ValueError, TypeError, json.JSONDecodeError, UnicodeDecodeError):
        raise InvalidCursor(_("The page cursor is not valid; start again from the first page."),
                            code="invalid_cursor") from None


class _RowAfter(TupleGreaterThan):
    """``(a, b, …) > (x, y, …)`` as one SQL row-value comparison, on SQLite too.

    Django compiles tuple lookups to an OR expansion on SQLite (its ``supports_tuple_lookups`` is
    off because SQLite lacks ``(a, b) IN ((1, 2), …)``); SQLite ≥ 3.15 does compare row values,
    and both it and PostgreSQL seek an index on those columns with them.
    """

    def as_sql(self, compiler, connection):
        return super(TupleLookupMixin, self).as_sql(compiler, connection)


class _RowBefore(TupleLessThan):
    """``(a, b, …) < (x, y, …)``, see ``_RowAfter``."""

    def as_sql(self, compiler, connection):
        return super(TupleLookupMixin, self).as_sql(compiler, connection)


def _seek_q(ordering: list[str], values: list[Any], forward: bool) -> Q:
    """Rows strictly after (forward) or before the tuple ``values`` in ``ordering``.

    All fields in one direction: a row-value comparison ``(name, id) > (x, y)``, which the database
    answers by seeking the index (``(instance, name, id)`` after the ``instance = …`` filter) and
    reading the page from there. Mixed directions (``unit__path, -is_head, name, id``) cannot be one
    row comparison: the OR expansion ``a > x OR (a = x AND (b < y OR …))``.
    """
    descending = {spec.startswith("-") for spec in ordering}
    if len(descending) == 1:
        # ascending + forward → after; descending or backward flips it
        lookup = _RowAfter if descending.pop() != forward else _RowBefore
        return Q(lookup(Tuple(*[F(spec.lstrip("-")) for spec in ordering]), list(values)))
    query = Q(pk__in=[])
    for i, spec in enumerate(ordering):
        field = spec.lstrip("-")
        op = "gt" if spec.startswith("-") != forward else "lt"
        part = Q(**{f"{field}__{op}": values[i]})
        for prev_spec, prev_value in zip(ordering[:i], values[:i], strict=False):
            part &= Q(**{prev_spec.lstrip("-"): prev_value})
        query |= part
    return query


@dataclass
class Page:
    items: list
    next_cursor: str | None
    prev_cursor: str | None
    size: int

    @property
    def has_next(self) -> bool:
        return self.next_cursor is not None

    @property
    def has_prev(self) -> bool:
        return self.prev_cursor is not None


def _row_values(obj: Any, ordering: list[str]) -> list[Any]:
    values = []
    for spec in ordering:
        value = obj
        for part in spec.lstrip("-").split("__"):
            value = value[part] if isinstance(value, dict) else getattr(value, part)
        values.append(value)
    return values


def _field(model, path: str):
    """The model field at the end of ``path`` (``name``, ``unit_id``, ``unit__path``)."""
    parts = path.split("__")
    for part in parts[:-1]:
        model = model._meta.get_field(part).related_model
    return model._meta.get_field(parts[-1])


def _clean_values(model, ordering: list[str], values: list[Any]) -> list[Any]:
    """The cursor's values as the ordering fields' Python types; a value that does not fit is a bad cursor
    (and not a database error: it goes into the query as a typed parameter)."""
    try:
        return [None if value is None else _field(model, spec.lstrip("-")).to_python(value)
                for spec, value in zip(ordering, values, strict=True)]
    except (ValidationError, ValueError, TypeError):
        raise InvalidCursor(_("The page cursor is not valid; start again from the first page."),
                            code="invalid_cursor") from None


def paginate(qs: QuerySet, ordering: list[str], size: int, cursor: str | None = None) -> Page:
    """One page of ``qs`` in ``ordering`` (the last field must be unique, e.g. ``id``)."""
    direction, values = ("n", None)
    if cursor:
        direction, values = decode_cursor(cursor, len(ordering))
        values = _clean_values(qs.model, ordering, values)
    forward = direction == "n"
    if values is not None:
        qs = qs.filter(_seek_q(ordering, values, forward))
    order = ordering if forward else [s[1:] if s.startswith("-") else f"-{s}" for s in ordering]
    rows = list(qs.order_by(*order)[: size + 1])
    more = len(rows) > size
    rows = rows[:size]
    if not forward:
        rows.reverse()
    next_cursor = prev_cursor = None
    if rows:
        if (forward and more) or (not forward and values is not None):
            next_cursor = encode_cursor(_row_values(rows[-1], ordering), "n")
        if (forward and values is not None) or (not forward and more):
            prev_cursor = encode_cursor(_row_values(rows[0], ordering), "p")
    return Page(rows, next_cursor, prev_cursor, size)
