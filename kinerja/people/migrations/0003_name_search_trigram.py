# Name search at scale: `name__icontains` (UPPER(name::text) LIKE UPPER('%word%')) and the NIP search
# (nip LIKE '%digits%' / 'digits%') scan every employee of the instance without an index that can
# answer an infix pattern. On PostgreSQL a pg_trgm GIN index over exactly those expressions lets the
# planner find a rare name in a few index pages (docs/architecture.md, "Tenancy and scale").
# SQLite keeps its scan (it has no trigram index; LIKE there is already case-insensitive).
# pg_trgm is a trusted extension (PostgreSQL 13+): the database owner who runs migrations may create it.

from django.db import migrations

INDEXES = {
    "employee_name_trgm": 'CREATE INDEX IF NOT EXISTS "employee_name_trgm" ON "people_employee" '
                          'USING gin ((UPPER("name"::text)) gin_trgm_ops)',
    "employee_nip_trgm": 'CREATE INDEX IF NOT EXISTS "employee_nip_trgm" ON "people_employee" '
                         'USING gin ("nip" gin_trgm_ops)',
}


def create(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute("CREATE EXTENSION IF NOT EXISTS pg_trgm")
    for sql in INDEXES.values():
        schema_editor.execute(sql)


def drop(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    for name in INDEXES:
        schema_editor.execute(f'DROP INDEX IF EXISTS "{name}"')


class Migration(migrations.Migration):

    dependencies = [
        ("people", "0002_drop_redundant_indexes"),
    ]

    operations = [
        migrations.RunPython(create, drop, elidable=False),
    ]
