"""Set-based creation of many projects at once, with their history and timeline rows.

Saving 20,000 projects one by one through the ORM (and django-simple-history) takes 30× as
long as reading the spreadsheet. Imports therefore insert new projects with one
``executemany`` and write their history and timeline rows with one ``INSERT … SELECT`` each,
all in the caller's transaction. Single edits keep going through the models.
"""

from django.db import connection
from django.db.models import DateField, DateTimeField, DecimalField
from django.utils import timezone

from groundbreak.projects.models import Project, StageTransition, pinyin_initials


def _adapter(model_field):
    ops = connection.ops
    if isinstance(model_field, DateTimeField):
        return ops.adapt_datetimefield_value
    if isinstance(model_field, DateField):
        return ops.adapt_datefield_value
    if isinstance(model_field, DecimalField):
        return lambda v: ops.adapt_decimalfield_value(
            v, model_field.max_digits, model_field.decimal_places
        )
    return None


def insert_projects(rows, *, by, reason, stamp, note):
    """Insert projects given as dicts of field values; return {(region_id, name): id}.

    Every new project gets its creation in the history (who: ``by``, why: ``reason``) and its
    first stage in the timeline, dated at its actual start or at ``stamp``.
    """
    if not rows:
        return {}
    fields = [f for f in Project._meta.concrete_fields if not f.primary_key]
    columns = ", ".join(connection.ops.quote_name(f.column) for f in fields)
    placeholders = ", ".join(["%s"] * len(fields))
    adapters = [_adapter(f) for f in fields]
    # Defaults and the import's own stamp are the same on every row: adapt them once.
    base = {f.attname: f.get_default() for f in fields}
    base.update(version=1, created=stamp, updated=stamp)
    base = {
        f.attname: adapt(base[f.attname])
        if adapt and base[f.attname] is not None
        else base[f.attname]
        for f, adapt in zip(fields, adapters, strict=True)
    }
    per_row = {f.attname: adapt for f, adapt in zip(fields, adapters, strict=True) if adapt}
    order = [f.attname for f in fields]
    params = []
    for row in rows:
        values = dict(base, name_initials=pinyin_initials(row["name"]))
        for key, value in row.items():
            attname = key if key in base else f"{key}_id"
            if hasattr(value, "pk"):
                value = value.pk
            elif value is not None and attname in per_row:
                value = per_row[attname](value)
            values[attname] = value
        params.append([values[name] for name in order])
    table = connection.ops.quote_name(Project._meta.db_table)
    stamp_db = connection.ops.adapt_datetimefield_value(stamp)
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT COALESCE(MAX(id), 0) FROM {table}")
        (before,) = cursor.fetchone()
        cursor.executemany(f"INSERT INTO {table} ({columns}) VALUES ({placeholders})", params)
        new = f"FROM {table} WHERE id > %s AND created = %s"
        cursor.execute(f"SELECT id, region_id, name {new}", [before, stamp_db])
        ids = {(region_id, name): pk for pk, region_id, name in cursor.fetchall()}
        history = Project.history.model
        copied = [f.column for f in fields] + ["id"]
        history_columns = ", ".join(connection.ops.quote_name(c) for c in copied)
        cursor.execute(
            f"INSERT INTO {connection.ops.quote_name(history._meta.db_table)} "
            f"({history_columns}, history_date, history_change_reason, history_type, history_user_id) "
            f"SELECT {history_columns}, %s, %s, '+', %s {new}",
            [stamp_db, reason, by.pk if by else None, before, stamp_db],
        )
        transitions = connection.ops.quote_name(StageTransition._meta.db_table)
        cursor.execute(
            f"INSERT INTO {transitions} (project_id, from_stage, to_stage, date, note, recorded_by_id, recorded_at) "
            f"SELECT id, '', stage, COALESCE(actual_start, %s), %s, %s, %s {new}",
            [
                connection.ops.adapt_datefield_value(timezone.localtime(stamp).date()),
                note,
                by.pk if by else None,
                stamp_db,
                before,
                stamp_db,
            ],
        )
    return ids
