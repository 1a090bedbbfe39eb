"""Fast multi-row writes for bulk work (import, seed, audit events of a bulk run).

``COPY … FROM STDIN`` on PostgreSQL, one ``executemany`` of a prepared INSERT elsewhere: several
times faster than ``bulk_create``, which compiles every value of every row. Callers stay inside
their own ``transaction.atomic`` so a failure leaves nothing half-written.

:class:`Pipeline` queues such writes; on PostgreSQL a batch of them runs in a worker thread on the
same connection (same transaction) while the caller prepares the next batch, so the database
stores rows while Python builds the next ones. :func:`refresh_statistics` runs ANALYZE on tables
whose planner statistics are missing or stale (a freshly bulk-loaded table makes PostgreSQL
scan instead of using the right index).
"""

from __future__ import annotations

import contextlib
import datetime
import functools
import io
import json
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import Future, ThreadPoolExecutor

from django.db import connection, transaction

_AS_IS = {"AutoField", "BigAutoField", "BooleanField", "CharField", "IntegerField", "BigIntegerField",
          "SmallIntegerField", "PositiveIntegerField", "SlugField", "TextField", "EmailField"}


def _quote(name: str) -> str:
    return connection.ops.quote_name(name)


def insert_raw(table: str, columns: list[str], rows: Iterable[list]) -> None:
    """Insert database-ready ``rows`` into ``table`` (database column names)."""
    names = ", ".join(_quote(c) for c in columns)
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            with cursor.cursor.copy(f"COPY {_quote(table)} ({names}) FROM STDIN") as copy:
                for row in rows:
                    copy.write_row(row)
            return
        marks = ", ".join(["%s"] * len(columns))
        cursor.executemany(f"INSERT INTO {_quote(table)} ({names}) VALUES ({marks})", list(rows))


def _last_value(convert: Callable) -> Callable:
    """``convert`` remembering its last argument: bulk rows repeat the same timestamp."""
    last = [object(), None]

    def cached(value):
        if value is not last[0]:
            last[0], last[1] = value, convert(value)
        return last[1]

    return cached


def prep(field) -> Callable | None:
    """How an attribute value becomes what the driver takes (None: as it is); the same result as
    ``field.get_db_prep_save`` for the plain values bulk rows hold, in a fraction of the time."""
    kind = field.get_internal_type()
    if kind == "JSONField":
        encoder = field.encoder
        return lambda value: None if value is None else json.dumps(value, cls=encoder)
    if kind == "GenericIPAddressField":
        return lambda value: value or None
    if kind in ("FileField", "ImageField"):
        return lambda value: str(value or "")  # a FieldFile (or a name): the stored name
    if connection.vendor == "postgresql" or field.is_relation or kind in _AS_IS:
        return None  # psycopg adapts dates, datetimes and booleans itself
    if kind == "DateField":
        slow = functools.partial(field.get_db_prep_save, connection=connection)
        return lambda value: value.isoformat() if type(value) is datetime.date else slow(value)
    if kind == "DateTimeField":
        return _last_value(functools.partial(field.get_db_prep_save, connection=connection))
    return functools.partial(field.get_db_prep_save, connection=connection)


def prepared(model, attnames: list[str], rows: Iterable) -> Iterable:
    """``rows`` (value sequences in ``attnames`` order) with each value as the driver takes it."""
    preps = [prep(model._meta.get_field(name)) for name in attnames]
    if all(p is None for p in preps):
        return rows
    pairs = [(i, p) for i, p in enumerate(preps) if p is not None]

    def convert(row):
        row = list(row)
        for i, p in pairs:
            row[i] = p(row[i])
        return row

    return map(convert, rows)


def columns(model, attnames: list[str]) -> list[str]:
    return [model._meta.get_field(name).column for name in attnames]


def insert(model, attnames: list[str], rows: Iterable) -> None:
    """Insert ``rows`` (value sequences in ``attnames`` order) into ``model``'s table."""
    insert_raw(model._meta.db_table, columns(model, attnames), prepared(model, attnames, rows))


def insert_objects(model, objs: list, fields=None) -> None:
    """Insert unsaved model instances (all concrete fields but the primary key unless ``fields``)."""
    if not objs:
        return
    fields = fields or [f for f in model._meta.concrete_fields if not f.primary_key]
    attnames = [f.attname for f in fields]
    insert(model, attnames, ([getattr(o, name) for name in attnames] for o in objs))


def reserve_ids(model, count: int) -> list[int]:
    """PostgreSQL: ``count`` ids drawn from ``model``'s primary key sequence, for rows written with COPY."""
    meta = model._meta
    with connection.cursor() as cursor:
        cursor.execute("SELECT nextval(pg_get_serial_sequence(%s, %s)) FROM generate_series(1, %s)",
                       [meta.db_table, meta.pk.column, count])
        return [pk for (pk,) in cursor.fetchall()]


def create_objects(model, objs: list, now) -> None:
    """Insert new model instances and set their primary keys and auto timestamps (``now``): COPY with
    ids drawn from the sequence on PostgreSQL, ``bulk_create`` elsewhere."""
    if not objs:
        return
    for f in model._meta.concrete_fields:
        if getattr(f, "auto_now", False) or getattr(f, "auto_now_add", False):
            for obj in objs:
                setattr(obj, f.attname, now)
    if connection.vendor != "postgresql":
        model.objects.bulk_create(objs)
        return
    for obj, pk in zip(objs, reserve_ids(model, len(objs)), strict=True):
        obj.pk = pk
    insert_objects(model, objs, model._meta.concrete_fields)
    for obj in objs:
        obj._state.adding = False


# --- Statements built here for many rows at once ----------------------------------------------

def update_sql(model, attnames: list[str]) -> str:
    """``UPDATE … SET a = %s, … WHERE pk = %s``: run with executemany, the primary key last in each row."""
    sets = ", ".join(f"{_quote(c)} = %s" for c in columns(model, attnames))
    return f"UPDATE {_quote(model._meta.db_table)} SET {sets} WHERE {_quote(model._meta.pk.column)} = %s"


def insert_ignore_sql(model, attnames: list[str]) -> str:
    """An INSERT of one row that does nothing when it breaks a unique constraint (for executemany)."""
    from django.db.models.constants import OnConflict

    ops = connection.ops
    names = ", ".join(_quote(c) for c in columns(model, attnames))
    marks = ", ".join(["%s"] * len(attnames))
    suffix = ops.on_conflict_suffix_sql([], OnConflict.IGNORE, [], [])
    return f"{ops.insert_statement(on_conflict=OnConflict.IGNORE)} {_quote(model._meta.db_table)} ({names}) " \
           f"VALUES ({marks}) {suffix}".rstrip()


# --- Running writes in the background ---------------------------------------------------------

class Pipeline:
    """Writes queued in order and run a batch at a time; in the background (PostgreSQL) a worker
    thread runs them on the same connection (so in the same transaction) while the caller prepares
    the next batch: the database server stores rows while Python builds the next ones.

    ``flush()`` starts the writes queued so far (once the previous batch is done); in the
    background it returns at once, else it runs them. Anything else that uses the connection
    must call ``wait()`` first. Use it as a context manager inside ``transaction.atomic``: leaving
    waits for the last writes (and re-raises their error, as a ``django.db`` error) so that the
    transaction ends after them. Writes go to the driver's connection directly (Django's query
    log does not see them). SQLite runs in this process: a thread would only contend for the GIL.
    """

    def __init__(self, background: bool | None = None):
        connection.ensure_connection()
        self.raw = connection.connection
        self.postgres = connection.vendor == "postgresql"
        background = self.postgres if background is None else background
        self.formatting_cursor = self.raw.cursor() if self.postgres else None  # never runs a query
        self.ops: list[tuple] = []
        self.executor = ThreadPoolExecutor(1, thread_name_prefix="kinerja-bulk") if background else None
        self.future: Future | None = None

    def __enter__(self) -> Pipeline:
        return self

    def __exit__(self, exc_type, exc, tb) -> None:
        try:
            if exc_type is None:
                self.flush()
                self.wait()
            elif self.future is not None:  # let the running batch end before the rollback
                self.future.exception()
        finally:
            if self.formatting_cursor is not None:
                self.formatting_cursor.close()
            if self.executor:
                self.executor.shutdown(wait=True)

    # queueing --------------------------------------------------------------------------------
    def _sql(self, sql: str) -> str:
        """``%s`` placeholders as the driver itself takes them (Django's cursor converts them)."""
        return sql.replace("%s", "?") if connection.Database.paramstyle == "qmark" else sql

    def insert(self, model, attnames: list[str], rows: list) -> None:
        """Insert ``rows`` (value sequences in ``attnames`` order)."""
        if not rows:
            return
        table, names = _quote(model._meta.db_table), ", ".join(_quote(c) for c in columns(model, attnames))
        rows = prepared(model, attnames, rows)
        if self.postgres:  # COPY data formatted here: the worker only sends it (without the GIL)
            from psycopg import Copy
            from psycopg.copy import FileWriter

            buffer = io.BytesIO()  # (formatting reads only this cursor's adapters and the connection's encoding)
            with Copy(self.formatting_cursor, binary=False, writer=FileWriter(buffer)) as copy:
                for row in rows:
                    copy.write_row(row)
            self.ops.append(("copy", f"COPY {table} ({names}) FROM STDIN", buffer.getvalue()))
        else:
            self.executemany(f"INSERT INTO {table} ({names}) VALUES ({', '.join(['%s'] * len(attnames))})",
                             list(rows))

    def execute(self, sql: str, params: list) -> None:
        self.ops.append(("execute", self._sql(sql), params))

    def executemany(self, sql: str, rows: list) -> None:
        if rows:
            self.ops.append(("executemany", self._sql(sql), rows))

    # running ---------------------------------------------------------------------------------
    def flush(self) -> None:
        """Start the queued writes (after those already running)."""
        if not self.ops:
            return
        self.wait()
        ops, self.ops = self.ops, []
        if self.executor:
            self.future = self.executor.submit(_run, self.raw, ops)
        else:
            with connection.wrap_database_errors:
                _run(self.raw, ops)

    def wait(self) -> None:
        """Wait for the running writes; re-raise their error."""
        future, self.future = self.future, None
        if future is not None:
            with connection.wrap_database_errors:
                future.result()


def _run(raw_connection, ops: list[tuple]) -> None:
    """Run ``ops`` (with SQL for the driver itself) on a DB-API connection."""
    cursor = raw_connection.cursor()
    try:
        for kind, sql, data in ops:
            if kind == "copy":
                with cursor.copy(sql) as copy:
                    copy.write(data)
            elif kind == "execute":
                cursor.execute(sql, data)
            else:
                cursor.executemany(sql, data)
    finally:
        cursor.close()


@contextlib.contextmanager
def checks_per_statement(models: list) -> Iterator[None]:
    """PostgreSQL: check the deferred foreign keys of ``models``' tables at the end of each statement
    instead of all at once at commit, until the block ends (inside ``transaction.atomic``).

    Django declares foreign keys ``DEFERRABLE INITIALLY DEFERRED``: a bulk write then leaves a
    million checks for COMMIT, one after the other while the caller waits. Checked per statement
    they run with each ``Pipeline`` batch, while the caller prepares the next one. The checks
    are the same; a violation fails the statement (so the transaction) instead of the commit.
    """
    if connection.vendor != "postgresql":
        yield
        return
    with connection.cursor() as cursor:
        cursor.execute("SELECT quote_ident(n.nspname) || '.' || quote_ident(c.conname) FROM pg_constraint c "
                       "JOIN pg_namespace n ON n.oid = c.connamespace WHERE c.contype = 'f' AND c.condeferrable "
                       "AND c.condeferred AND c.conrelid = ANY(%s::regclass[])", [[m._meta.db_table for m in models]])
        names = ", ".join(name for (name,) in cursor.fetchall())
        if names:
            cursor.execute(f"SET CONSTRAINTS {names} IMMEDIATE")
    yield  # on an error the rollback (of the transaction or savepoint) restores the mode
    if names:
        with connection.cursor() as cursor:
            cursor.execute(f"SET CONSTRAINTS {names} DEFERRED")


@contextlib.contextmanager
def indexes_set_aside(models: list, maintenance_work_mem: str = "512MB") -> Iterator[None]:
    """PostgreSQL: drop the secondary indexes and unique constraints of ``models``' tables, then create them
    again when the block ends (inside ``transaction.atomic``; the primary key stays).

    For a load of millions of rows into a table that holds few others: building an index once over the
    finished table (sorted, in parallel workers) is several times faster than updating it row by row. The
    ``ALTER TABLE`` takes an exclusive lock on each table until the transaction ends (readers wait). The
    definitions come from the catalogue, so the names and definitions Django's migrations know are kept; on
    an error the rollback restores them.
    """
    if connection.vendor != "postgresql":
        yield
        return
    tables = [m._meta.db_table for m in models]
    with connection.cursor() as cursor:
        cursor.execute("SELECT c.conrelid::regclass::text, quote_ident(c.conname), pg_get_constraintdef(c.oid) "
                       "FROM pg_constraint c WHERE c.contype = 'u' AND c.conrelid = ANY(%s::regclass[]) "
                       "AND NOT EXISTS (SELECT 1 FROM pg_constraint f WHERE f.contype = 'f' "
                       "AND f.conindid = c.conindid)", [tables])
        constraints = cursor.fetchall()
        cursor.execute("SELECT quote_ident(i.relname), pg_get_indexdef(x.indexrelid) FROM pg_index x "
                       "JOIN pg_class i ON i.oid = x.indexrelid WHERE x.indrelid = ANY(%s::regclass[]) "
                       "AND NOT x.indisprimary AND NOT EXISTS (SELECT 1 FROM pg_constraint c "
                       "WHERE c.conindid = x.indexrelid AND c.conrelid = x.indrelid)", [tables])
        indexes = cursor.fetchall()
        for table, name, _definition in constraints:
            cursor.execute(f"ALTER TABLE {table} DROP CONSTRAINT {name}")
        for name, _definition in indexes:
            cursor.execute(f"DROP INDEX {name}")
    yield
    with connection.cursor() as cursor:
        cursor.execute("SELECT set_config('maintenance_work_mem', %s, true)", [maintenance_work_mem])
        for table, name, definition in constraints:
            cursor.execute(f"ALTER TABLE {table} ADD CONSTRAINT {name} {definition}")
        for _name, definition in indexes:
            cursor.execute(definition)


# --- Reading many rows by key -------------------------------------------------------------------

def lookup(queryset, field: str, values: list) -> list[tuple]:
    """The rows of ``queryset`` (a ``values_list`` one) whose ``field`` is one of ``values``, where
    ``field`` is unique within the queryset's filter and indexed with it (e.g. ``(instance, nip)``).

    ``queryset.filter(field__in=values)`` on SQLite. On PostgreSQL one index probe per value
    (``unnest(values) CROSS JOIN LATERAL (… LIMIT 1)``): for a few thousand values in a table of
    some hundred thousand rows the planner otherwise scans all the tenant's rows each time, so
    that looking a file up a chunk at a time grows with the square of its size. Values come as
    the driver returns them (the same as ``values_list`` for plain fields and dates).
    """
    if not values:
        return []
    if connection.vendor != "postgresql":
        return list(queryset.filter(**{f"{field}__in": values}))
    from django.db.models.expressions import RawSQL

    one = queryset.filter(**{field: RawSQL('"lookup"."key"', ())})
    sql, params = one.query.sql_with_params()
    db_type = queryset.model._meta.get_field(field).db_type(connection)
    db_type = "text" if db_type.startswith("varchar") else db_type  # a longer value must not be cut to fit
    with connection.cursor() as cursor:
        cursor.execute(f'SELECT "found".* FROM unnest(%s::{db_type}[]) AS "lookup"("key") '
                       f'CROSS JOIN LATERAL ({sql} LIMIT 1) AS "found"', [list(values), *params])
        return cursor.fetchall()


# --- Planner statistics ------------------------------------------------------------------------

SQLITE_ANALYSIS_LIMIT = 2000  # rows sampled per index by SQLite's ANALYZE: fast, and near enough


def refresh_statistics(models: list, added: int = 0) -> list[str]:
    """Fresh planner statistics for the tables of ``models`` after a bulk write; return the tables analyzed.

    Every bulk path (import, seed, SKP seed) ends with it, after its transaction.
    PostgreSQL: ANALYZE the tables whose statistics are missing or stale — never analyzed, or more
    rows changed since than 10 % of the rows then plus 50 (autovacuum's own rule, which it applies
    only later, or never when it is off); ``added`` counts rows just written,
    which the statistics views may not show yet. Until then (autovacuum may be late, or off) the
    planner takes the table for as small as it last saw it and picks plans for that (sequential
    scans of what is now a big table, or the wrong index: a 100,000-employee directory took 260 ms
    instead of 38 ms). SQLite: ANALYZE each table with a sampling limit (``sqlite_stat1``), which
    its planner otherwise lacks entirely.
    """
    tables = [m._meta.db_table for m in models]
    if connection.vendor == "sqlite":
        with connection.cursor() as cursor:
            cursor.execute(f"PRAGMA analysis_limit = {SQLITE_ANALYSIS_LIMIT}")
            for name in tables:
                cursor.execute(f"ANALYZE {_quote(name)}")
            cursor.execute("PRAGMA analysis_limit = 0")
        return tables
    if connection.vendor != "postgresql":
        return []
    with transaction.atomic(), connection.cursor() as cursor:
        # behind a running VACUUM: give up rather than wait (and leave the setting as it was)
        cursor.execute("SELECT current_setting('lock_timeout'), set_config('lock_timeout', '2s', true)")
        timeout = cursor.fetchone()[0]
        cursor.execute("SELECT c.relname, c.reltuples, COALESCE(s.n_mod_since_analyze, 0) FROM pg_class c "
                       "LEFT JOIN pg_stat_user_tables s ON s.relid = c.oid "
                       "WHERE c.relname = ANY(%s) AND c.relkind = 'r' AND pg_table_is_visible(c.oid)", [tables])
        stale = [name for name, tuples, changed in cursor.fetchall()
                 if tuples < 0 or changed + added > 0.1 * tuples + 50]
        for name in stale:
            cursor.execute(f"ANALYZE {_quote(name)}")
        cursor.execute("SELECT set_config('lock_timeout', %s, true)", [timeout])
    return stale
