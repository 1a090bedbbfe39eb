"""Rows that depend on each other written by one PostgreSQL statement (``WITH … INSERT … RETURNING``).

The month-end rush's write — a report, its evidence rows and an audit event for each — cost Django more CPU
in building four INSERTs and their round trips than PostgreSQL spent storing the rows. A :class:`Chain`
writes them in one statement: each step is an ``INSERT`` of a model instance not yet saved, whose values
Django prepares exactly as ``save()`` would (``pre_save`` — the ``auto_now`` timestamps —, then
``get_db_prep_save``; each cast to the column's type), and which may take some columns from an earlier
step's ``RETURNING`` (``INSERT … SELECT … FROM earlier``: a step whose source inserted nothing inserts
nothing either). PostgreSQL only; the callers keep the ORM path for SQLite and test both equal. The
``pre_save`` guard of the models is the caller's to run (``core.text.check_instance``).
"""

from __future__ import annotations

from dataclasses import dataclass, field

from django.db import connections

from . import prepared


@dataclass
class Row:
    """One row of a :meth:`Chain.insert` step, taking some values from an earlier step."""

    obj: object
    source: str = ""
    source_params: list = field(default_factory=list)
    columns: dict[str, str] = field(default_factory=dict)
    merge_json: dict[str, str] = field(default_factory=dict)


class Chain:
    """``WITH step1 AS (INSERT …), step2 AS (INSERT … SELECT … FROM step1) … SELECT …``: one statement."""

    def __init__(self, using: str = "default"):
        self.connection = connections[using]
        if self.connection.vendor != "postgresql":
            raise RuntimeError("core.chained writes on PostgreSQL only")
        self.parts: list[str] = []
        self.params: list = []

    def insert(self, name: str, rows: list, *, conflict: str = "", returning: str = "id") -> str:
        """A step ``name`` inserting ``rows`` of one model, in this order (their ids ascend with it). Each row
        is an unsaved instance (auto primary key), or ``Row(instance, source=…, columns=…, merge_json=…)``:
        ``source`` an SQL ``FROM`` clause over earlier steps (with ``%s`` for ``source_params``), ``columns``
        attname → an SQL expression over the source in place of the instance's value, ``merge_json`` attname →
        a ``jsonb`` expression merged into the instance's value (``value || expression``). ``conflict``: e.g.
        ``ON CONFLICT (a, b) DO NOTHING``. Returns ``name``."""
        rows = [row if isinstance(row, Row) else Row(row) for row in rows]
        connection = self.connection
        model = rows[0].obj._meta.model
        fields, names = _columns(model, connection)
        selects = []
        for row in rows:
            exprs = []
            for f, cast in fields:
                if f.attname in row.columns:
                    exprs.append(row.columns[f.attname])
                    continue
                self.params.append(f.get_db_prep_save(f.pre_save(row.obj, True), connection))
                if f.attname in row.merge_json:
                    cast = f"({cast} || {row.merge_json[f.attname]})"
                exprs.append(cast)
            if row.source:
                selects.append(f"SELECT {', '.join(exprs)} FROM {row.source}")
                self.params.extend(row.source_params)
            else:
                selects.append(f"SELECT {', '.join(exprs)}")
        table = connection.ops.quote_name(model._meta.db_table)
        self.parts.append(f"{name} AS (INSERT INTO {table} ({names}) {' UNION ALL '.join(selects)} {conflict}"
                          f"{' RETURNING ' + returning if returning else ''})")
        return name

    def run(self, select: str, params=()) -> tuple:
        """Execute with the final ``SELECT`` (over the steps); its one row."""
        sql = f"WITH {', '.join(self.parts)} {select}"
        with prepared.cursor(self.connection) as cursor:  # the same text for the same shape: planned once
            cursor.execute(sql, [*self.params, *params])
            return cursor.fetchone()


_COLUMNS: dict[tuple, tuple] = {}


def _columns(model, connection) -> tuple[list[tuple], str]:
    """The model's columns but its auto primary key, each with its parameter cast (``%s::type``); their
    quoted names. Once per model and database (the casts cost more than the values)."""
    key = (model, connection.alias)
    found = _COLUMNS.get(key)
    if found is None:
        fields = [f for f in model._meta.concrete_fields if not f.primary_key]
        found = _COLUMNS[key] = ([(f, f"%s::{f.cast_db_type(connection)}") for f in fields],
                                 ", ".join(connection.ops.quote_name(f.column) for f in fields))
    return found
