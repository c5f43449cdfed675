from django.db import migrations

LEVELS = [
    ("city-key", "市重点", "City key project"),
    ("province-four-hundred", "省“四个一百”", "Provincial 'Four Hundreds'"),
    ("province-three-hundred-industry", "省“三个一百”工业", "Provincial 'Three Hundreds' industrial"),
]


def load(apps, schema_editor):
    KeyProjectLevel = apps.get_model("projects", "KeyProjectLevel")
    for order, (code, name, name_en) in enumerate(LEVELS, start=1):
        KeyProjectLevel.objects.update_or_create(
            code=code, defaults={"name": name, "name_en": name_en, "sort_order": order}
        )


class Migration(migrations.Migration):
    dependencies = [("projects", "0001_initial")]
    operations = [migrations.RunPython(load, migrations.RunPython.noop)]
