"""Model fields the domain apps share."""

import json
import zlib

import orjson
from django.core.serializers.json import DjangoJSONEncoder
from django.db import models

# Dates, times and anything else orjson does not write as json.dumps would go to Django's
# encoder; int keys become strings, as json.dumps makes them.
_ORJSON_OPTIONS = orjson.OPT_NON_STR_KEYS | orjson.OPT_PASSTHROUGH_DATETIME
_django_default = DjangoJSONEncoder().default


def dumps(value):
    """``value`` as compact UTF-8 JSON, the bytes ``json.dumps(value, cls=DjangoJSONEncoder,
    ensure_ascii=False, separators=(",", ":"))`` gives, written by orjson (a 20,000-row import
    preview: 11 ms instead of 78); what orjson refuses (an integer beyond 64 bits) by json."""
    try:
        return orjson.dumps(value, default=_django_default, option=_ORJSON_OPTIONS)
    except orjson.JSONEncodeError:
        text = json.dumps(value, cls=DjangoJSONEncoder, ensure_ascii=False, separators=(",", ":"))
        return text.encode()


class PackedJSONField(models.BinaryField):
    """JSON kept compressed (zlib) in a binary column; reads and writes as Python data.

    For large documents written once and read whole, such as an import's preview, which lists
    every row of a table that may have tens of thousands: 7 MiB of JSON for 20,000 rows packs
    into well under 1 MiB, and the database no longer parses and checks the JSON on every write
    (on SQLite that write took longer than planning the rows). Not for data queried in SQL.
    """

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("default", dict)
        super().__init__(*args, **kwargs)

    def deconstruct(self):
        name, path, args, kwargs = super().deconstruct()
        if kwargs.get("default") is dict:
            del kwargs["default"]
        return name, path, args, kwargs

    @staticmethod
    def pack(value):
        return zlib.compress(dumps(value), 1)

    @staticmethod
    def unpack(data):
        text = zlib.decompress(bytes(data))
        try:
            return orjson.loads(text)
        except orjson.JSONDecodeError:  # what json wrote and orjson refuses (NaN, big integers)
            return json.loads(text)

    def from_db_value(self, value, expression, connection):
        return None if value is None else self.unpack(value)

    def get_prep_value(self, value):
        return None if value is None else self.pack(value)

    def get_db_prep_value(self, value, connection, prepared=False):
        if not prepared:
            value = self.get_prep_value(value)
        return None if value is None else connection.Database.Binary(value)

    def to_python(self, value):
        if isinstance(value, str):  # from a fixture (value_to_string)
            return json.loads(value)
        if isinstance(value, (bytes, memoryview)):
            return self.unpack(value)
        return value

    def value_to_string(self, obj):
        return json.dumps(self.value_from_object(obj), cls=DjangoJSONEncoder, ensure_ascii=False)
