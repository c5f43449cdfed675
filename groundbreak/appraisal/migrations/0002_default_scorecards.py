from django.db import migrations

from groundbreak.appraisal.choices import ensure_default_criteria


def load(apps, schema_editor):
    ensure_default_criteria(apps.get_model("appraisal", "Criterion"))


class Migration(migrations.Migration):
    dependencies = [("appraisal", "0001_initial")]
    operations = [migrations.RunPython(load, migrations.RunPython.noop)]
