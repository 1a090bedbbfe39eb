"""A cursor whose statements PostgreSQL plans once per connection: for the few hot statements of a request.

Django's PostgreSQL backend binds parameters on the client (psycopg's ``ClientCursor``): every execution sends
the statement as text with the values spelled into it, and PostgreSQL parses and plans it again. For a
``select_related`` over seven tables planning costs PostgreSQL more than answering (1.5 ms against 0.2 ms for
the month-end rush's IKI look-up), and spelling the values in costs the client too. :func:`cursor` gives a
Django cursor wrapper (so the query logging and the tests' query counts see it as any other) over a psycopg
cursor that binds on the server: after five runs of the same SQL text on a connection psycopg prepares it and
later runs only send the values. The text is turned into PostgreSQL's own placeholders once per text
(:func:`native`), not parsed again by psycopg at every run. Django leaves preparing off (``prepare_threshold``
None); the threshold set on the connection here only concerns server-binding cursors (Django's own cursors bind
on the client and never prepare). One such cursor is kept per database connection, by the connection
(``core/postgresql/base.py``; a connection, and so its cursor, belongs to one thread).

Used by ``core/compiled.py``, ``core/chained.py`` and a few hot writes, whose SQL text is fixed per shape; with
SQLite, or ``KINERJA_PREPARED_STATEMENTS=0`` (e.g. behind a pooler in transaction mode, where prepared
statements do not survive), it is Django's own cursor.
"""

from __future__ import annotations

import contextlib
import functools
import itertools
import re

from django.conf import settings

THRESHOLD = 5  # runs of the same text before it is prepared (psycopg's own default, which Django sets to None)

_PLACEHOLDER = re.compile(r"%(s|%)")


@functools.lru_cache(maxsize=512)
def native(sql: str) -> str:
    """``sql`` with Django's placeholders (``%s``, and ``%%`` for a literal ``%``) in PostgreSQL's own (``$1``,
    ``$2``, …). Once per text: psycopg would otherwise parse every execution again, and does not remember texts
    longer than 4 KB or with more than 50 parameters (a first report with its files and notification is both)."""
    numbers = itertools.count(1)
    return _PLACEHOLDER.sub(lambda m: f"${next(numbers)}" if m.group(1) == "s" else "%", sql)


def _cursor_class():
    import psycopg

    class NativeCursor(psycopg.RawCursor):
        """Binds on the server, the text turned into PostgreSQL's placeholders once (:func:`native`)."""

        def execute(self, query, params=None, **kwargs):
            return super().execute(native(query) if isinstance(query, str) else query, params, **kwargs)

    return NativeCursor


native_cursor_class = functools.cache(_cursor_class)  # the class once (psycopg is imported on first use)


@contextlib.contextmanager
def cursor(connection):
    """``with cursor(connection) as c: c.execute(sql, params)``: as ``connection.cursor()``, prepared on
    PostgreSQL (the connection's ``prepared_cursor()``, core/postgresql/base.py)."""
    if not hasattr(connection, "prepared_cursor") or not settings.KINERJA_PREPARED_STATEMENTS:
        with connection.cursor() as wrapper:
            yield wrapper
        return
    yield connection.prepared_cursor()  # kept open: the connection's one server cursor
