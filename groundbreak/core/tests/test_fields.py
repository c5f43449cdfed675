"""PackedJSONField: an import's preview goes in as Python data and comes back the same."""

from decimal import Decimal

import pytest

from groundbreak.core.fields import PackedJSONField
from groundbreak.imports.models import ImportRecord, ImportStatus
from groundbreak.regions.models import Region


@pytest.mark.django_db
def test_a_preview_is_stored_packed_and_read_back_unchanged(regions):
    rows = [
        {"row": n, "name": f"红塔区项目{n}", "total": "1.5000", "warnings": []} for n in range(3000)
    ]
    preview = {"title": "红塔区2020年重点项目", "rows": rows, "totals": {"rows": 3000}}
    record = ImportRecord.objects.create(
        kind="projects",
        region=Region.objects.get(code="530402"),
        filename="清单.xlsx",
        sha256="0" * 64,
        preview=preview,
    )
    record.refresh_from_db()
    assert record.preview == preview
    # What the database holds is far smaller than the JSON text.
    packed = ImportRecord.objects.filter(pk=record.pk).values_list("preview", flat=True)
    assert record.preview == list(packed)[0]
    assert len(PackedJSONField.pack(preview)) * 5 < len(str(preview).encode())
    record.preview = {**preview, "status": ImportStatus.APPLIED, "sum": Decimal("2.5")}
    record.save(update_fields=["preview"])
    record.refresh_from_db()
    assert record.preview["sum"] == "2.5" and record.preview["rows"][2999]["row"] == 2999


def test_fixtures_carry_the_data_as_json_text():
    field = ImportRecord._meta.get_field("preview")
    record = ImportRecord(preview={"rows": [{"name": "玉溪"}]})
    text = field.value_to_string(record)
    assert "玉溪" in text
    assert field.to_python(text) == {"rows": [{"name": "玉溪"}]}
    assert field.to_python(PackedJSONField.pack({"a": 1})) == {"a": 1}


def test_packing_writes_the_bytes_json_dumps_writes():
    """orjson writes what json.dumps with Django's encoder wrote, so that previews stored before
    and after compare the same; what orjson refuses goes to json, and reads back."""
    import json
    import zlib
    from datetime import UTC, date, datetime, time

    from django.core.serializers.json import DjangoJSONEncoder
    from django.utils.translation import gettext_lazy

    from groundbreak.core.fields import dumps
    from groundbreak.projects.choices import Stage

    value = {
        "made_at": datetime(2020, 3, 5, 8, 30, 1, 123456, tzinfo=UTC),
        "day": date(2020, 3, 5),
        "at": time(8, 30),
        "amount": Decimal("12000.5000"),
        "stage": Stage.NEW_START,
        "label": gettext_lazy("Projects"),
        "rows": [{"row": 1, "name": "玉溪 “红塔”\n", "ok": True, "none": None, "x": 1.25}],
        7: "an int key",
    }
    assert (
        dumps(value)
        == json.dumps(
            value, cls=DjangoJSONEncoder, ensure_ascii=False, separators=(",", ":")
        ).encode()
    )
    big = {"n": 2**70}
    assert PackedJSONField.unpack(PackedJSONField.pack(big)) == big
    # NaN, as json wrote it before, still reads back
    assert PackedJSONField.unpack(zlib.compress(b'{"x":NaN}'))["x"] != 0
