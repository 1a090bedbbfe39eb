"""A hot query compiled to SQL once per process and database, then run with other parameters.

Turning a queryset into SQL (joins, column lists, aliases, the WHERE tree) costs Django far more CPU than
PostgreSQL spends answering a primary-key lookup: the month-end rush's token and IKI look-ups
(``select_related`` over five to seven tables) were about a fifth of a submission's server CPU. A
:class:`CompiledQuery` builds its queryset once with marker values in place of the parameters, keeps the
SQL, the markers' positions and Django's description of the columns, and afterwards only executes (on
PostgreSQL as a prepared statement, ``core/prepared.py``): the rows become model instances (with their
``select_related`` objects cached) exactly as Django builds them.

Only for querysets whose shape does not depend on the values (filters by equality on given fields); the
markers must reach the SQL as Django adapts them (integers, strings, dates).
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from datetime import date

from django.db import connections, router
from django.db.models import QuerySet
from django.db.models.query import get_related_populators

from . import prepared

# values no real row carries: the compiled SQL's parameters are found by them
_MARKERS = {int: (-7_340_123_001, -7_340_123_002, -7_340_123_003),
            str: ("\x01kinerja-marker-1", "\x01kinerja-marker-2", "\x01kinerja-marker-3"),
            date: (date(1111, 1, 11), date(1111, 2, 12), date(1111, 3, 13))}


def _adapt(connection, kind: type, value):
    """A value as the compiled SQL takes it (what Django's lookups would have made of it)."""
    if kind is date:
        return connection.ops.adapt_datefield_value(value)
    return kind(value)


class _Plan:
    def __init__(self, queryset: QuerySet, kinds: dict, markers: dict, db: str):
        compiler = queryset.query.get_compiler(using=db)
        sql, params = compiler.as_sql()
        self.sql = sql
        self.db = db
        positions: list[str | None] = []
        connection = connections[db]
        by_marker = {_adapt(connection, kinds[name], value): name for name, value in markers.items()}
        self.constants = list(params)
        for param in params:
            positions.append(by_marker.get(param))
        missing = set(kinds) - set(positions)
        if missing:
            raise ValueError(f"compiled query: parameters {sorted(missing)} did not reach the SQL as given")
        self.positions = positions
        self.select, self.klass_info = compiler.select, compiler.klass_info
        self.expressions = [s[0] for s in compiler.select]
        self.model = self.klass_info["model"]
        fields = self.klass_info["select_fields"]
        self.start, self.end = fields[0], fields[-1] + 1
        self.init_list = [f[0].target.attname for f in self.select[self.start:self.end]]
        self.populators = get_related_populators(self.klass_info, self.select, db)
        self.converters = compiler.get_converters(self.expressions)

    def params(self, values: dict) -> list:
        return [values[name] if name is not None else constant
                for name, constant in zip(self.positions, self.constants, strict=True)]


class CompiledQuery:
    """``build(**markers)`` returns the queryset of ``model`` (at most one row wanted); :meth:`first` runs it for
    real values and returns the model instance or None, as ``queryset[:1]`` would."""

    def __init__(self, model, build: Callable[..., QuerySet], **kinds: type):
        self.model, self.build = model, build
        self.kinds = kinds  # parameter name → int, str or date
        self._plans: dict[tuple[str, str], _Plan] = {}
        self._lock = threading.Lock()

    def _markers(self) -> dict:
        counters = dict.fromkeys(_MARKERS, 0)
        markers = {}
        for name, kind in self.kinds.items():
            markers[name] = _MARKERS[kind][counters[kind]]
            counters[kind] += 1
        return markers

    def _plan(self, db: str) -> _Plan:
        key = (db, connections[db].vendor)
        plan = self._plans.get(key)
        if plan is None:
            with self._lock:
                plan = self._plans.get(key)
                if plan is None:
                    markers = self._markers()
                    plan = self._plans[key] = _Plan(self.build(**markers)[:1], self.kinds, markers, db)
        return plan

    def first(self, **values):
        plan = self._plan(router.db_for_read(self.model))
        connection = connections[plan.db]
        values = {name: _adapt(connection, kind, values[name]) for name, kind in self.kinds.items()}
        with prepared.cursor(connection) as cursor:
            cursor.execute(plan.sql, plan.params(values))
            row = cursor.fetchone()
        if row is None:
            return None
        row = list(row)
        for pos, (convs, expression) in plan.converters.items():
            value = row[pos]
            for converter in convs:
                value = converter(value, expression, connection)
            row[pos] = value
        obj = plan.model.from_db(plan.db, plan.init_list, row[plan.start:plan.end])
        for populator in plan.populators:
            populator.populate(row, obj)
        return obj
