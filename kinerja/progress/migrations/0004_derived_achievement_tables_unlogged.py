"""PostgreSQL: the four derived achievement tables become UNLOGGED (no write-ahead log for their rows).

They hold nothing that is not recomputed from the reports (``kinerja progress rollup --instance X``, which a
full rebuild does from scratch): a rebuild rewrites millions of rows, and writing each of them to the WAL too
(checkpoints in the middle of it at 100,000 employees) cost a fifth of the rebuild's big INSERT. What it gives up:
after a crash of the database server (not a clean restart) PostgreSQL empties unlogged tables, and they are
not copied to streaming-replication standbys; the operations guide (docs/architecture.md, "Achievement
roll-up") says to run the roll-up again after a crash. No permanent table may point at them with a database
foreign key (PostgreSQL refuses it); their own keys have none (0003). SQLite: nothing to do.
"""

from django.db import migrations

TABLES = ("progress_ikiachievement", "progress_employeeachievement", "progress_rhkachievement",
          "progress_indicatorachievement")


def _set(schema_editor, mode: str) -> None:
    if schema_editor.connection.vendor == "postgresql":
        for table in TABLES:
            schema_editor.execute(f"ALTER TABLE {table} SET {mode}")


def forwards(apps, schema_editor):
    _set(schema_editor, "UNLOGGED")


def backwards(apps, schema_editor):
    _set(schema_editor, "LOGGED")


class Migration(migrations.Migration):
    dependencies = [("progress", "0003_derived_achievement_keys_without_db_constraint")]
    operations = [migrations.RunPython(forwards, backwards)]
