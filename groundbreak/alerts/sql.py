"""Raw reads for the rules that read the monthly reports (按月报的集合查询): one statement per
rule over every project, or only some, its values converted as the ORM converts them.

The ORM spends about a millisecond compiling a query; the evaluator runs a few per rule after
every report submitted, and the nightly run reads hundreds of thousands of figures. These
statements are plain SQL that SQLite and PostgreSQL both run.
"""

import json
from decimal import Context, Decimal

from django.db import connection

_FIFTEEN = Context(prec=15)  # SQLite keeps 15 significant digits of a decimal column
CENTS = Decimal("0.01")


def fetch(sql, params):
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return cursor.fetchall()


def placeholders(values):
    return ", ".join(["%s"] * len(values))


def only(column, ids):
    """(" AND column IN …", params) keeping the rows of ``ids``; ("", []) for None (all)."""
    if ids is None:
        return "", []
    ids = list(ids)
    if connection.vendor == "postgresql":
        return f" AND {column} = ANY(%s)", [ids]
    if len(ids) <= 200:
        return f" AND {column} IN ({placeholders(ids) or 'NULL'})", ids
    return f" AND {column} IN (SELECT value FROM json_each(%s))", [json.dumps(ids)]


def decimal(value, places=None):
    """A decimal as the ORM reads it: SQLite returns a float (or an int), rounded to 15
    digits and, for a column, to its decimal places; PostgreSQL returns a Decimal."""
    if value is None or value.__class__ is Decimal:
        return value
    if value.__class__ is float:
        number = _from_float(value)
    else:
        number = Decimal(value)
    return number.quantize(places) if places is not None else number


_from_float = _FIFTEEN.create_decimal_from_float
