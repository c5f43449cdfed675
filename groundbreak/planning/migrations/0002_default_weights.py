from decimal import Decimal

from django.db import migrations

DEFAULTS = {"started": 100, "preliminary_ready": 80, "preliminary": 50, "reserve": 20, "warning_step": 10}


def load(apps, schema_editor):
    StartWeight = apps.get_model("planning", "StartWeight")
    for key, weight in DEFAULTS.items():
        StartWeight.objects.get_or_create(key=key, defaults={"weight": Decimal(weight)})


class Migration(migrations.Migration):
    dependencies = [("planning", "0001_initial")]
    operations = [migrations.RunPython(load, migrations.RunPython.noop)]
