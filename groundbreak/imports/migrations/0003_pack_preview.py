"""Keep import previews packed (zlib-compressed JSON): they list every row of the table."""

from django.db import migrations

import groundbreak.core.fields


def copy(apps, schema_editor, source, target):
    ImportRecord = apps.get_model("imports", "ImportRecord")
    for record in ImportRecord.objects.only("pk", source).iterator(chunk_size=50):
        ImportRecord.objects.filter(pk=record.pk).update(**{target: getattr(record, source)})


def pack(apps, schema_editor):
    copy(apps, schema_editor, "preview", "packed_preview")


def unpack(apps, schema_editor):
    copy(apps, schema_editor, "packed_preview", "preview")


class Migration(migrations.Migration):
    dependencies = [("imports", "0002_import_options")]

    operations = [
        migrations.AddField(
            model_name="importrecord",
            name="packed_preview",
            field=groundbreak.core.fields.PackedJSONField(blank=True, verbose_name="preview"),
        ),
        migrations.RunPython(pack, unpack),
        migrations.RemoveField(model_name="importrecord", name="preview"),
        migrations.RenameField(
            model_name="importrecord", old_name="packed_preview", new_name="preview"
        ),
    ]
