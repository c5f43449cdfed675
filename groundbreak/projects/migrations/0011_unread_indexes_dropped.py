"""Two indexes no query reads, dropped (every import's insert of new projects and plans paid for
them): the projects' pinyin initials, searched by "contains" only, which no B-tree index serves
(on PostgreSQL, with its pattern index); and the plans' project, which the (project, year)
constraint's index serves.

SQLite would rebuild each whole table for an AlterField: the indexes are dropped by name
instead, the fields altered in the state only."""

import django.db.models.deletion
from django.db import migrations, models

FIELDS = (("Project", "name_initials"), ("AnnualPlan", "project"))


def drop_indexes(apps, schema_editor):
    for model_name, name in FIELDS:
        model = apps.get_model("projects", model_name)
        column = model._meta.get_field(name).column
        for index in schema_editor._constraint_names(model, [column], index=True, unique=False):
            schema_editor.execute(schema_editor._delete_index_sql(model, index))


def create_indexes(apps, schema_editor):
    for model_name, name in FIELDS:
        model = apps.get_model("projects", model_name)
        field = model._meta.get_field(name)
        schema_editor.execute(schema_editor._create_index_sql(model, fields=[field]))
        if schema_editor.connection.vendor == "postgresql" and not field.is_relation:
            schema_editor.execute(
                schema_editor._create_index_sql(
                    model, fields=[field], suffix="_like", opclasses=["varchar_pattern_ops"]
                )
            )


class Migration(migrations.Migration):
    dependencies = [("projects", "0010_history_indexes_trimmed")]

    operations = [
        migrations.SeparateDatabaseAndState(
            database_operations=[migrations.RunPython(drop_indexes, create_indexes)],
            state_operations=[
                migrations.AlterField(
                    model_name="annualplan",
                    name="project",
                    field=models.ForeignKey(
                        db_index=False,
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="plans",
                        to="projects.project",
                        verbose_name="project",
                    ),
                ),
                migrations.AlterField(
                    model_name="project",
                    name="name_initials",
                    field=models.CharField(editable=False, max_length=200),
                ),
            ],
        ),
    ]
