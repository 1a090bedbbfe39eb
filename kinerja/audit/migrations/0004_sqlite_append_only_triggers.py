"""On SQLite too, the database refuses UPDATE and DELETE on the audit log (triggers raising ABORT).

A no-op on PostgreSQL, whose trigger comes from 0002. See kinerja/audit/sqlite_triggers.py.
"""

from django.db import migrations

from kinerja.audit import sqlite_triggers


def forwards(apps, schema_editor):
    if schema_editor.connection.vendor == "sqlite":
        sqlite_triggers.create(schema_editor.connection.cursor())


def backwards(apps, schema_editor):
    if schema_editor.connection.vendor == "sqlite":
        sqlite_triggers.drop(schema_editor.connection.cursor())


class Migration(migrations.Migration):
    dependencies = [("audit", "0003_drop_redundant_indexes")]
    operations = [migrations.RunPython(forwards, backwards)]
