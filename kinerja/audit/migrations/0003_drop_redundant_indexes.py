# Drop the indexes of instance and object_type: audit_instance_keyset (instance, -id) and
# audit_object (object_type, object_id) start with them, and every write of the system adds a row
# here. Only the indexes go (AlterField would also drop and re-validate the foreign key, and
# rebuild the table on SQLite). The "_like" index exists on PostgreSQL only.

import django.db.models.deletion
from django.db import migrations, models


def restore_like_index(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute('CREATE INDEX IF NOT EXISTS "audit_auditevent_object_type_2df52246_like" '
                              'ON "audit_auditevent" ("object_type" varchar_pattern_ops)')


class Migration(migrations.Migration):

    dependencies = [
        ('audit', '0002_append_only_trigger'),
        ('organization', '0001_initial'),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            database_operations=[
                migrations.RunSQL('DROP INDEX IF EXISTS "audit_auditevent_instance_id_13c67ea3"',
                                  'CREATE INDEX IF NOT EXISTS "audit_auditevent_instance_id_13c67ea3" '
                                  'ON "audit_auditevent" ("instance_id")'),
                migrations.RunSQL('DROP INDEX IF EXISTS "audit_auditevent_object_type_2df52246"',
                                  'CREATE INDEX IF NOT EXISTS "audit_auditevent_object_type_2df52246" '
                                  'ON "audit_auditevent" ("object_type")'),
                migrations.RunSQL('DROP INDEX IF EXISTS "audit_auditevent_object_type_2df52246_like"',
                                  migrations.RunSQL.noop),
                migrations.RunPython(migrations.RunPython.noop, restore_like_index),
            ],
            state_operations=[
                migrations.AlterField(
                    model_name='auditevent',
                    name='instance',
                    field=models.ForeignKey(blank=True, db_index=False, null=True, on_delete=django.db.models.deletion.PROTECT, related_name='+', to='organization.instance', verbose_name='instance'),
                ),
                migrations.AlterField(
                    model_name='auditevent',
                    name='object_type',
                    field=models.CharField(max_length=80, verbose_name='object type'),
                ),
            ],
        ),
    ]
