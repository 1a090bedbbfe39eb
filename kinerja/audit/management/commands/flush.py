"""Django's ``flush``, which empties every table: on SQLite it lifts the audit log's append-only
triggers while it runs and puts them back (PostgreSQL's TRUNCATE passes its row trigger anyway).
Used by test teardown and ``kinerja demo --reset``; nothing else deletes audit rows."""

from __future__ import annotations

from django.core.management.commands.flush import Command as FlushCommand
from django.db import DEFAULT_DB_ALIAS, connections

from kinerja.audit import sqlite_triggers


class Command(FlushCommand):
    def handle(self, **options):
        connection = connections[options.get("database") or DEFAULT_DB_ALIAS]
        if connection.vendor != "sqlite":
            return super().handle(**options)
        with connection.cursor() as cursor:
            present = sqlite_triggers.table_exists(cursor)
            if present:
                sqlite_triggers.drop(cursor)
        try:
            return super().handle(**options)
        finally:
            if present:
                with connection.cursor() as cursor:
                    sqlite_triggers.create(cursor)
