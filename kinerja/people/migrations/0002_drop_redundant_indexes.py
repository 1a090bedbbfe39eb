# Drop the single-column indexes of foreign keys whose column leads a composite index already
# (employee_keyset, employee_unit_keyset, employee_position, the assignment indexes, grade_history_unique).
# Only the indexes go: Django's AlterField would also drop and re-validate each foreign key (and
# rebuild the tables on SQLite), which the database does not need.

import django.db.models.deletion
from django.db import migrations, models

INDEXES = [  # (index, table, column): Django's names for them, the same on PostgreSQL and SQLite
    ("people_assignment_employee_id_6e2e0f3c", "people_assignment", "employee_id"),
    ("people_assignment_position_id_bce2b156", "people_assignment", "position_id"),
    ("people_employee_instance_id_b3ce026b", "people_employee", "instance_id"),
    ("people_employee_position_id_591e0e52", "people_employee", "position_id"),
    ("people_employee_unit_id_b4a21c62", "people_employee", "unit_id"),
    ("people_gradehistory_employee_id_382645e0", "people_gradehistory", "employee_id"),
]


class Migration(migrations.Migration):

    dependencies = [
        ('organization', '0001_initial'),
        ('people', '0001_initial'),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            database_operations=[
                migrations.RunSQL(f'DROP INDEX IF EXISTS "{name}"',
                                  f'CREATE INDEX IF NOT EXISTS "{name}" ON "{table}" ("{column}")')
                for name, table, column in INDEXES
            ],
            state_operations=[
                migrations.AlterField(
                    model_name='assignment',
                    name='employee',
                    field=models.ForeignKey(db_index=False, on_delete=django.db.models.deletion.CASCADE, related_name='assignments', to='people.employee', verbose_name='employee'),
                ),
                migrations.AlterField(
                    model_name='assignment',
                    name='position',
                    field=models.ForeignKey(db_index=False, on_delete=django.db.models.deletion.PROTECT, related_name='assignments', to='organization.position', verbose_name='position'),
                ),
                migrations.AlterField(
                    model_name='employee',
                    name='instance',
                    field=models.ForeignKey(db_index=False, on_delete=django.db.models.deletion.PROTECT, related_name='+', to='organization.instance', verbose_name='instance'),
                ),
                migrations.AlterField(
                    model_name='employee',
                    name='position',
                    field=models.ForeignKey(blank=True, db_index=False, null=True, on_delete=django.db.models.deletion.PROTECT, related_name='holders', to='organization.position', verbose_name='position'),
                ),
                migrations.AlterField(
                    model_name='employee',
                    name='unit',
                    field=models.ForeignKey(blank=True, db_index=False, null=True, on_delete=django.db.models.deletion.PROTECT, related_name='employees', to='organization.unit', verbose_name='unit'),
                ),
                migrations.AlterField(
                    model_name='gradehistory',
                    name='employee',
                    field=models.ForeignKey(db_index=False, on_delete=django.db.models.deletion.CASCADE, related_name='grade_history', to='people.employee', verbose_name='employee'),
                ),
            ],
        ),
    ]
