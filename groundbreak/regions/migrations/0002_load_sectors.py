import csv
from pathlib import Path

from django.db import migrations

SECTIONS = Path(__file__).resolve().parent.parent / "data" / "gbt4754_sections.csv"


def load(apps, schema_editor):
    Sector = apps.get_model("regions", "Sector")
    with open(SECTIONS, encoding="utf-8", newline="") as handle:
        for row in csv.DictReader(handle):
            Sector.objects.update_or_create(code=row["code"], defaults={"name": row["name"], "name_en": row["name_en"]})


class Migration(migrations.Migration):
    dependencies = [("regions", "0001_initial")]
    operations = [migrations.RunPython(load, migrations.RunPython.noop)]
