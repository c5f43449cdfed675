"""Set-based creation of many projects (and owner units) at once, with their history and
timeline rows.

Saving 20,000 projects one by one through the ORM (and django-simple-history) takes 30× as
long as reading the spreadsheet. Imports therefore insert new rows with one ``executemany``
and write their history and timeline rows with one ``INSERT … SELECT`` each, all in the
caller's transaction. Single edits keep going through the models.
"""

from datetime import date
from itertools import chain

from django.db import connection
from django.db.models import DateField, DateTimeField, Model
from django.utils import timezone

from groundbreak.accounts.models import OwnerUnit
from groundbreak.projects.models import AnnualPlan, Project, StageTransition, pinyin_initials_of
from groundbreak.projects.signals import plans_changed, project_changed


def _quote(name):
    return connection.ops.quote_name(name)


def _columns(model):
    return [f for f in model._meta.concrete_fields if not f.primary_key]


def _adapt(value):
    """A value as the database driver takes it: model instances by key, dates as the backend
    wants them (decimals, text and numbers pass as they are)."""
    if isinstance(value, Model):
        return value.pk
    if isinstance(value, date):
        return connection.ops.adapt_datefield_value(value)
    return value


def _copy_to_history(cursor, model, where, params, *, by, reason, stamp, kind="+"):
    """Record the rows of ``model`` selected by ``where`` as created (``+``) or changed (``~``)
    by ``by``."""
    columns = ", ".join(_quote(c) for c in [f.column for f in _columns(model)] + ["id"])
    cursor.execute(
        f"INSERT INTO {_quote(model.history.model._meta.db_table)} "
        f"({columns}, history_date, history_change_reason, history_type, history_user_id) "
        f"SELECT {columns}, %s, %s, %s, %s FROM {_quote(model._meta.db_table)} WHERE {where}",
        [stamp, reason, kind, by.pk if by else None, *params],
    )


def _insert_many(cursor, table, columns, width, params):
    """INSERT many rows: by COPY on PostgreSQL (executemany there costs a round trip per row,
    five times as long for 20,000 projects); on SQLite, hundreds of rows a statement, as many
    as its parameters allow (executemany runs the statement once a row, and that run's own cost,
    the AUTOINCREMENT counter's update among it, was a third of inserting 20,000 plans)."""
    if connection.vendor == "postgresql":
        with cursor.cursor.copy(f"COPY {table} ({columns}) FROM STDIN") as copy:
            for row in params:
                copy.write_row(row)
        return
    params = params if isinstance(params, list) else list(params)
    step = max(1, min(500, connection.features.max_query_params // width))
    head, values = f"INSERT INTO {table} ({columns}) VALUES ", f"({', '.join(['?'] * width)})"
    full = head + ", ".join([values] * step)
    # The driver's own cursor: Django's would rewrite the placeholders of each statement and,
    # under DEBUG, quote every parameter to log it.
    raw = connection.connection
    for start in range(0, len(params), step):
        chunk = params[start : start + step]
        sql = full if len(chunk) == step else head + ", ".join([values] * len(chunk))
        raw.execute(sql, list(chain.from_iterable(chunk)))


def insert_owner_units(names, *, by, reason, stamp):
    """Create owner units by name, with their history; return {name: id}."""
    if not names:
        return {}
    table = _quote(OwnerUnit._meta.db_table)
    fields = _columns(OwnerUnit)
    row = {f.attname: f.get_default() for f in fields}
    stamp_db = connection.ops.adapt_datetimefield_value(stamp)
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT COALESCE(MAX(id), 0) FROM {table}")
        (before,) = cursor.fetchone()
        _insert_many(
            cursor,
            table,
            ", ".join(_quote(f.column) for f in fields),
            len(fields),
            [[name if f.attname == "name" else row[f.attname] for f in fields] for name in names],
        )
        wanted = set(names)
        cursor.execute(f"SELECT id, name FROM {table} WHERE id > %s", [before])
        ids = {name: pk for pk, name in cursor.fetchall() if name in wanted}
        keys = sorted(ids.values())
        for start in range(0, len(keys), 500):
            chunk = keys[start : start + 500]
            _copy_to_history(
                cursor,
                OwnerUnit,
                f"id IN ({', '.join(['%s'] * len(chunk))})",
                chunk,
                by=by,
                reason=reason,
                stamp=stamp_db,
            )
    return ids


def insert_projects(rows, *, by, reason, stamp, note):
    """Insert projects given as dicts of field values (model instances or their keys for
    relations; other keys are ignored); return {(region_id, name): id}.

    Every new project gets its creation in the history (who: ``by``, why: ``reason``) and its
    first stage in the timeline, dated at its actual start or at ``stamp``.
    """
    if not rows:
        return {}
    fields = _columns(Project)
    stamp_db = connection.ops.adapt_datetimefield_value(stamp)
    defaults = {f.attname: _adapt(f.get_default()) for f in fields}
    defaults.update(version=1, created=stamp_db, updated=stamp_db)
    # Column by column (a list per field, then zipped into rows): a third of the time of
    # building each row's list from a merged dict. Rows name relations by field ("region");
    # the columns are the attributes ("region_id").
    getters = [row.get for row in rows]
    adapt_date = connection.ops.adapt_datefield_value  # looked up once: connection is a proxy
    columns = []
    for f in fields:
        if f.name == "name_initials":
            columns.append(pinyin_initials_of(row["name"] for row in rows))
            continue
        default = defaults[f.attname]
        column = [get(f.name, default) for get in getters]
        if f.is_relation:
            column = [value.pk if isinstance(value, Model) else value for value in column]
        elif isinstance(f, DateField) and not isinstance(f, DateTimeField):
            adapted = {value: adapt_date(value) for value in set(column)}
            column = list(map(adapted.__getitem__, column))
        columns.append(column)
    params = list(zip(*columns, strict=True))
    table = _quote(Project._meta.db_table)
    columns = ", ".join(_quote(f.column) for f in fields)
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT COALESCE(MAX(id), 0) FROM {table}")
        (before,) = cursor.fetchone()
        _insert_many(cursor, table, columns, len(fields), params)
        new = "id > %s AND created = %s"
        cursor.execute(f"SELECT id, region_id, name FROM {table} WHERE {new}", [before, stamp_db])
        ids = {(region_id, name): pk for pk, region_id, name in cursor.fetchall()}
        _copy_to_history(
            cursor, Project, new, [before, stamp_db], by=by, reason=reason, stamp=stamp_db
        )
        cursor.execute(
            f"INSERT INTO {_quote(StageTransition._meta.db_table)} "
            "(project_id, from_stage, to_stage, date, note, recorded_by_id, recorded_at) "
            f"SELECT id, '', stage, COALESCE(actual_start, %s), %s, %s, %s FROM {table} WHERE {new}",
            [
                connection.ops.adapt_datefield_value(timezone.localtime(stamp).date()),
                note,
                by.pk if by else None,
                stamp_db,
                before,
                stamp_db,
            ],
        )
    project_changed.send(sender=Project, project_ids=list(ids.values()))
    return ids


def _insert_plans(cursor, rows, *, by, reason, stamp_db):
    table = _quote(AnnualPlan._meta.db_table)
    cursor.execute(f"SELECT COALESCE(MAX(id), 0) FROM {table}")
    (before,) = cursor.fetchone()
    columns = ", ".join(_quote(c) for c in ("project_id", "year", "amount"))
    _insert_many(cursor, table, columns, 3, rows)
    _copy_to_history(cursor, AnnualPlan, "id > %s", [before], by=by, reason=reason, stamp=stamp_db)


def insert_annual_plans(rows, *, by, reason, stamp):
    """The plans of projects just inserted, given as [project id, year, amount in 万元], with
    their history: nothing to read first, and nothing copies a new project's plan yet."""
    if rows:
        stamp_db = connection.ops.adapt_datetimefield_value(stamp)
        with connection.cursor() as cursor:
            _insert_plans(cursor, rows, by=by, reason=reason, stamp_db=stamp_db)
    return len(rows)


def write_annual_plans(rows, *, by, reason, stamp):
    """Set the plans of existing projects given as (project id, year, amount in 万元): insert
    the years a project has no plan for, update the changed amounts, each with its history row
    (created or changed by ``by``, why: ``reason``), set-based like the projects, and tell
    ``plans_changed``. Other years' plans are not touched. Returns how many were written."""
    if not rows:
        return 0
    table = _quote(AnnualPlan._meta.db_table)
    stamp_db = connection.ops.adapt_datetimefield_value(stamp)
    by_year = {}
    for project_id, year, amount in rows:
        by_year.setdefault(year, {})[project_id] = amount
    inserts, updates, updated_keys = [], [], []
    with connection.cursor() as cursor:
        for year, amounts in by_year.items():
            wanted, existing = sorted(amounts), {}
            for start in range(0, len(wanted), 500):
                chunk = wanted[start : start + 500]
                found = (
                    AnnualPlan.objects.filter(year=year, project_id__in=chunk)
                    .order_by()  # the default order joins the projects and their regions
                    .values_list("project_id", "id", "amount")
                )
                existing.update({pid: (pk, amount) for pid, pk, amount in found})
            for project_id in wanted:
                amount = amounts[project_id]
                if project_id not in existing:
                    inserts.append([project_id, year, amount])
                elif existing[project_id][1] != amount:
                    updates.append([amount, existing[project_id][0]])
                    updated_keys.append((project_id, year))
        if inserts:
            _insert_plans(cursor, inserts, by=by, reason=reason, stamp_db=stamp_db)
        if updates:
            cursor.executemany(f"UPDATE {table} SET amount = %s WHERE id = %s", updates)
            keys = [pk for _amount, pk in updates]
            for start in range(0, len(keys), 500):
                chunk = keys[start : start + 500]
                _copy_to_history(
                    cursor,
                    AnnualPlan,
                    f"id IN ({', '.join(['%s'] * len(chunk))})",
                    chunk,
                    by=by,
                    reason=reason,
                    stamp=stamp_db,
                    kind="~",
                )
    changed = [(pid, year) for pid, year, _amount in inserts] + updated_keys
    if changed:
        plans_changed.send(sender=AnnualPlan, pairs=changed)
        project_changed.send(sender=AnnualPlan, project_ids=sorted({pid for pid, _y in changed}))
    return len(inserts) + len(updates)
