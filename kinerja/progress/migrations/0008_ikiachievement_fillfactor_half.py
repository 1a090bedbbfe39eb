"""PostgreSQL: leave half of each page of the IKI achievement table free. A roll-up rewrites every row of a
reporting period (the rows sit side by side, written period after period): each new version has to fit on its
page for the update to stay heap-only (no index entry written), and the versions of the same statement cannot make
room for each other. With 15 % free (0005) most of them moved; measured at 100,000 employees, a full roll-up that
writes every current row took 34 s with 85 and 24 s with 50. New pages get the setting; ``rebuild(history=True)``
writes the whole table again."""

from django.db import migrations


def _set(fillfactor: int):
    def run(apps, schema_editor):
        if schema_editor.connection.vendor == "postgresql":
            schema_editor.execute(f"ALTER TABLE progress_ikiachievement SET (fillfactor = {fillfactor})")
    return run


class Migration(migrations.Migration):
    dependencies = [("progress", "0007_drop_iki_running_state")]

    operations = [migrations.RunPython(_set(50), _set(85))]
