"""The append-only audit log on SQLite: triggers refuse UPDATE and DELETE on ``audit_auditevent``.

PostgreSQL has its own trigger (migration 0002). SQLite has no roles, so whoever can write the file
can drop these triggers; what they stop is every UPDATE or DELETE an application path (or a raw SQL
slip) would run. Only ``flush`` (test teardown, ``kinerja demo --reset``), which empties *every* table,
lifts them for its duration (``management/commands/flush.py``) — as TRUNCATE passes PostgreSQL's row
trigger. A migration that rebuilds the table on SQLite drops its triggers: it must create them again
(``kinerja/audit/tests/test_append_only.py`` checks the migrated database).
"""

from __future__ import annotations

TABLE = "audit_auditevent"
TRIGGERS = ("audit_auditevent_no_update", "audit_auditevent_no_delete")

CREATE = [
    f"""CREATE TRIGGER IF NOT EXISTS audit_auditevent_no_update BEFORE UPDATE ON {TABLE}
        BEGIN SELECT RAISE(ABORT, '{TABLE} is append-only'); END""",
    f"""CREATE TRIGGER IF NOT EXISTS audit_auditevent_no_delete BEFORE DELETE ON {TABLE}
        BEGIN SELECT RAISE(ABORT, '{TABLE} is append-only'); END""",
]
DROP = [f"DROP TRIGGER IF EXISTS {name}" for name in TRIGGERS]


def table_exists(cursor) -> bool:
    cursor.execute("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = %s", [TABLE])
    return cursor.fetchone() is not None


def create(cursor) -> None:
    for sql in CREATE:
        cursor.execute(sql)


def drop(cursor) -> None:
    for sql in DROP:
        cursor.execute(sql)
