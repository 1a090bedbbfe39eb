"""kinerja/core/postgresql: the per-request health check (``SELECT 1``) is skipped for a connection used by a
request that ended less than ALIVE_WINDOW seconds ago, and made as before after a longer pause, on a new
connection's second request, and after an error; the server-binding cursor is one per connection."""

from __future__ import annotations

import pytest
from django.db import connection, connections

from kinerja.core.postgresql import base

pytestmark = pytest.mark.skipif(connection.vendor != "postgresql", reason="the PostgreSQL backend")


@pytest.fixture
def wrapper(db):
    """A connection of its own (the test's own runs inside the test's transaction), health checks on, its
    checks counted."""
    conn = connections.create_connection("default")
    conn.settings_dict["CONN_HEALTH_CHECKS"] = True
    conn.settings_dict["CONN_MAX_AGE"] = 60
    assert isinstance(conn, base.DatabaseWrapper)
    checks = []
    real = conn.is_usable
    conn.is_usable = lambda: checks.append(1) or real()
    yield conn, checks
    conn.close()


def request(conn, *, fail: bool = False) -> None:
    """What a request does to a kept connection: Django's request_started and request_finished handlers
    (close_old_connections) around a query."""
    conn.close_if_unusable_or_obsolete()
    with conn.cursor() as cursor:
        cursor.execute("SELECT 2")
        assert cursor.fetchone() == (2,)
    if fail:
        conn.errors_occurred = True  # what Django's error wrapper sets on a database error other than data/integrity
    conn.close_if_unusable_or_obsolete()


def test_a_connection_used_a_moment_ago_is_not_checked_again(wrapper):
    conn, checks = wrapper
    request(conn)  # a new connection: healthy by definition
    assert checks == []
    request(conn)
    request(conn)
    assert checks == []  # used a moment ago, each time


def test_after_a_pause_the_connection_is_checked(wrapper, monkeypatch):
    conn, checks = wrapper
    request(conn)
    clock = base.time.monotonic()
    monkeypatch.setattr(base.time, "monotonic", lambda: clock + base.ALIVE_WINDOW + 5)
    request(conn)
    assert checks == [1]
    request(conn)  # the clock stands still: the check just done counts as use
    assert checks == [1]


def test_a_request_that_failed_leaves_the_next_one_checked(wrapper):
    conn, checks = wrapper
    request(conn)
    conn.used_at = None  # as if long ago
    request(conn, fail=True)  # checked first (no recent use), then the error: Django checks it at the end
    assert len(checks) == 2
    request(conn)  # the end-of-request check passed: checked moments ago, not again
    assert len(checks) == 2


def test_a_new_connection_forgets_the_old_ones_use(wrapper):
    conn, checks = wrapper
    request(conn)
    first = conn.prepared_cursor().cursor
    assert conn.used_at is not None and conn.prepared_cursor().cursor is first  # one per connection
    conn.close()
    conn.connect()
    assert conn.used_at is None and conn.server_cursor is None
    cursor = conn.prepared_cursor()  # a cursor of the new connection (not closed: it serves the connection)
    cursor.execute("SELECT %s", [3])
    assert cursor.fetchone() == (3,) and cursor.cursor is not first
