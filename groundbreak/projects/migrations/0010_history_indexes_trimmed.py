"""The project history's indexes on its other references and initials dropped (no query reads
the history by them; every import's copy of new projects into it paid for them).

SQLite would rebuild the whole history table once per field for an AlterField: the indexes are
dropped by name instead, the fields altered in the state only."""

import django.db.models.deletion
from django.db import migrations, models


FIELDS = ("department_in_charge", "leader_in_charge", "name_initials", "owner_unit", "sector")


def drop_indexes(apps, schema_editor):
    model = apps.get_model("projects", "HistoricalProject")
    for name in FIELDS:
        column = model._meta.get_field(name).column
        for index in schema_editor._constraint_names(model, [column], index=True):
            schema_editor.execute(schema_editor._delete_index_sql(model, index))


def create_indexes(apps, schema_editor):
    model = apps.get_model("projects", "HistoricalProject")
    for name in FIELDS:
        field = model._meta.get_field(name)
        schema_editor.execute(schema_editor._create_index_sql(model, fields=[field]))


class Migration(migrations.Migration):
    dependencies = [
        ("accounts", "0002_initial"),
        ("projects", "0009_located_projects"),
        ("regions", "0002_load_sectors"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            database_operations=[migrations.RunPython(drop_indexes, create_indexes)],
            state_operations=[
                migrations.AlterField(
                    model_name="historicalproject",
                    name="department_in_charge",
                    field=models.ForeignKey(
                        blank=True,
                        db_constraint=False,
                        db_index=False,
                        null=True,
                        on_delete=django.db.models.deletion.DO_NOTHING,
                        related_name="+",
                        to="accounts.department",
                        verbose_name="department in charge",
                    ),
                ),
                migrations.AlterField(
                    model_name="historicalproject",
                    name="leader_in_charge",
                    field=models.ForeignKey(
                        blank=True,
                        db_constraint=False,
                        db_index=False,
                        null=True,
                        on_delete=django.db.models.deletion.DO_NOTHING,
                        related_name="+",
                        to="accounts.leader",
                        verbose_name="leader in charge",
                    ),
                ),
                migrations.AlterField(
                    model_name="historicalproject",
                    name="name_initials",
                    field=models.CharField(editable=False, max_length=200),
                ),
                migrations.AlterField(
                    model_name="historicalproject",
                    name="owner_unit",
                    field=models.ForeignKey(
                        blank=True,
                        db_constraint=False,
                        db_index=False,
                        null=True,
                        on_delete=django.db.models.deletion.DO_NOTHING,
                        related_name="+",
                        to="accounts.ownerunit",
                        verbose_name="owner unit",
                    ),
                ),
                migrations.AlterField(
                    model_name="historicalproject",
                    name="sector",
                    field=models.ForeignKey(
                        blank=True,
                        db_constraint=False,
                        db_index=False,
                        null=True,
                        on_delete=django.db.models.deletion.DO_NOTHING,
                        related_name="+",
                        to="regions.sector",
                        verbose_name="sector",
                    ),
                ),
            ],
        ),
    ]
