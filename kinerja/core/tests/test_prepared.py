"""core/prepared.py: Django's placeholders turned into PostgreSQL's once per text; on PostgreSQL a hot statement
is prepared after a few runs and keeps answering as Django's own cursor does."""

from __future__ import annotations

from datetime import UTC

import pytest
from django.db import connection

from kinerja.core import prepared


@pytest.mark.parametrize("sql, expected", [
    ("SELECT 1", "SELECT 1"),
    ("SELECT %s", "SELECT $1"),
    ("SELECT a FROM t WHERE b = %s AND c = ANY(%s) LIMIT %s", "SELECT a FROM t WHERE b = $1 AND c = ANY($2) LIMIT $3"),
    ("SELECT '100%%' || %s", "SELECT '100%' || $1"),
    ("SELECT %%s, %s", "SELECT %s, $1"),
    ("SELECT %s::timestamptz, %%%s", "SELECT $1::timestamptz, %$2"),
])
def test_placeholders_become_postgresqls_own(sql, expected):
    assert prepared.native(sql) == expected


@pytest.mark.django_db
def test_a_statement_answers_as_djangos_cursor_and_is_prepared_after_a_few_runs():
    from datetime import datetime

    when = datetime(2026, 12, 7, 1, 2, 3, tzinfo=UTC)
    if connection.vendor == "postgresql":
        sql, params, answer = "SELECT %s::bigint + 1, %s::text || '%%', %s::timestamptz", [41, "50", when], (
            42, "50%", when)
    else:
        sql, params, answer = "SELECT %s + 1, %s || '%%'", [41, "50"], (42, "50%")
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        expected = cursor.fetchone()
    for _ in range(prepared.THRESHOLD + 1):
        with prepared.cursor(connection) as cursor:
            cursor.execute(sql, params)
            assert cursor.fetchone() == expected == answer
    if connection.vendor != "postgresql":
        return
    with connection.cursor() as cursor:
        cursor.execute("SELECT statement FROM pg_prepared_statements")
        statements = [row[0] for row in cursor.fetchall()]
    assert prepared.native(sql) in statements


@pytest.mark.django_db
def test_the_queries_are_counted_as_any_other(django_assert_num_queries):
    with django_assert_num_queries(2), prepared.cursor(connection) as cursor:
        cursor.execute("SELECT %s", [1])
        cursor.execute("SELECT %s", [2])
        assert cursor.fetchone()[0] == 2


@pytest.mark.django_db
def test_switched_off_it_is_djangos_own_cursor(settings):
    settings.KINERJA_PREPARED_STATEMENTS = False
    with prepared.cursor(connection) as cursor, connection.cursor() as plain:
        assert type(cursor.cursor) is type(plain.cursor)
        cursor.execute("SELECT %s", [7])
        assert cursor.fetchone()[0] == 7
