"""PostgreSQL: leave 15 % of each page of the IKI achievement table free, so that ``advance`` updates a period's
rows in place (a heap-only update: no index entry written) instead of moving them to new pages."""

from django.db import migrations


def _set(fillfactor: int):
    def run(apps, schema_editor):
        if schema_editor.connection.vendor == "postgresql":
            schema_editor.execute(f"ALTER TABLE progress_ikiachievement SET (fillfactor = {fillfactor})")
    return run


class Migration(migrations.Migration):
    dependencies = [("progress", "0004_iki_running_state_rollup_mark")]

    operations = [migrations.RunPython(_set(85), _set(100))]
