"""The plan as a preview (what the page, the API and --json show) and the write after confirmation."""

from datetime import date, datetime
from decimal import Decimal

from django.utils import timezone
from django.utils.translation import gettext_noop

from groundbreak.accounts.models import OwnerUnit
from groundbreak.imports.preview import table_preview
from groundbreak.projects.choices import ProjectField, Stage
from groundbreak.projects.importing.plan import IMPORTED_FIELDS  # noqa: F401
from groundbreak.projects.importing.values import name_key  # noqa: F401
from groundbreak.projects.models import (
    FUNDING_FIELDS,
    Project,
)

_PLAIN = {type(None), bool, int, str}


def _raw(value):
    """A value as JSON keeps it, for the write after the confirmation."""
    if type(value) in _PLAIN:
        return value
    if isinstance(value, str):  # choices (Stage, ProjectField) are str
        return str(value)
    if isinstance(value, Decimal):
        return format(value, "f")
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, list):
        return [_raw(v) for v in value]
    return value.pk


def _show(value, labels=None):
    if value is None or value == "":
        return ""
    if isinstance(value, Decimal):
        return format(value, "f")
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, list):
        return "、".join(str(v) for v in value)
    if labels and value in labels:
        return labels[value]
    return str(value)


def plan_to_preview(plan):
    """The plan as JSON-ready data: what the preview page, the API and ``--json`` show, and what
    the confirmation writes (``data`` of new rows, ``raw`` of changes)."""
    labels = {
        f.name: str(f.verbose_name)
        for f in Project._meta.get_fields()
        if hasattr(f, "verbose_name")
    }
    choice_labels = {
        **{v: str(label) for v, label in Stage.choices},
        **{v: str(label) for v, label in ProjectField.choices},
    }
    rows = []
    for row in plan.rows:
        values = row.values
        entry = {
            "row": row.number,
            "action": row.action,
            "project": row.project.pk if row.project else None,
            "version": row.project.version if row.project else None,
            "name": values["name"],
            "code": values.get("code", ""),
            "total_investment": _show(values.get("total_investment")),
            "annual_plan": _show(values.get("annual_plan")),
            "changes": [
                {
                    "field": k,
                    "label": labels.get(k, k),
                    "old": _show(old, choice_labels),
                    "new": _show(new, choice_labels),
                    "raw": _raw(new),
                }
                for k, old, new in row.changes
            ],
            "warnings": [str(w) for w in row.warnings],
            "candidates": [{"id": pk, "name": name} for pk, name in row.candidates],
        }
        if row.action == "create":
            entry["data"] = {
                k: _raw(v) for k, v in values.items() if k in IMPORTED_FIELDS or k == "key_levels"
            }
        rows.append(entry)
    table = plan.table
    return table_preview(
        table,
        plan.refusals,
        kind="projects",
        region=plan.region.code,
        rows=rows,
        totals={
            "rows": len(plan.rows) + len(plan.refusals),
            "create": plan.count("create"),
            "update": plan.count("update"),
            "unchanged": plan.count("unchanged"),
            "choose": plan.count("choose"),
            "refused": len(plan.refusals),
            "total_investment": format(plan.total("total_investment"), "f"),
            "annual_plan": format(plan.total("annual_plan"), "f"),
            "new_owner_units": sorted(plan.new_owners.values()),
        },
    )


MONEY = {"total_investment", "annual_plan", *FUNDING_FIELDS}


DATES = {"planned_start", "planned_completion", "actual_start", "actual_completion"}


RELATIONS = {"owner_unit", "region", "sector", "leader_in_charge", "department_in_charge"}


def _cook(name, raw):
    """Back from JSON to what the model takes."""
    if raw is None:
        return None
    if name in MONEY:
        return Decimal(raw)
    if name in DATES:
        return date.fromisoformat(raw)
    return raw


def stale_rows(preview):
    """Rows whose project changed, or appeared, since the preview: the confirmation refuses then."""
    rows = preview["rows"]
    versions = {r["project"]: r["version"] for r in rows if r["project"]}
    current = dict(Project.objects.filter(pk__in=versions).values_list("pk", "version"))
    stale = [r["row"] for r in rows if r["project"] and current.get(r["project"]) != r["version"]]
    # A new row is stale if a project of its code, or of its name in its region, was registered
    # since the preview; projects registered since are few, so compare them in Python.
    made_at = datetime.fromisoformat(preview["made_at"])
    recent = Project.objects.filter(created__gte=made_at).values_list("code", "name", "region_id")
    codes = {code for code, _name, _region in recent if code}
    names = {(region, name_key(name)) for _code, name, region in recent}
    stale += [
        r["row"]
        for r in rows
        if r["action"] == "create"
        and (r["code"] in codes or (r["data"]["region"], name_key(r["name"])) in names)
    ]
    return sorted(stale)


def apply_project_import(preview, *, by, reason):
    """Write a confirmed preview, in the caller's transaction: new owner units, new projects
    (set-based, with history and timeline), then the changed projects one by one.

    Returns the numbers of projects created and updated.
    """
    from simple_history.utils import bulk_create_with_history

    from groundbreak.core.services import save_with_history
    from groundbreak.projects import bulk

    stamp = timezone.now()
    created_owners = bulk_create_with_history(
        [OwnerUnit(name=name) for name in preview["totals"]["new_owner_units"]],
        OwnerUnit,
        default_user=by,
        default_change_reason=reason,
    )
    owners = {owner.name: owner for owner in created_owners}
    creates, levels = [], {}
    for row in preview["rows"]:
        if row["action"] != "create":
            continue
        data = dict(row["data"])
        chosen = data.pop("key_levels", None)
        values = {name: _cook(name, raw) for name, raw in data.items()}
        if isinstance(values.get("owner_unit"), str):
            values["owner_unit"] = owners[values["owner_unit"]].pk
        creates.append(values)
        if chosen:
            levels[(values["region"], values["name"])] = chosen
    ids = bulk.insert_projects(
        creates, by=by, reason=reason, stamp=stamp, note=gettext_noop("Imported")
    )
    through = Project.key_levels.through
    through.objects.bulk_create(
        [
            through(project_id=ids[key], keyprojectlevel_id=pk)
            for key, chosen in levels.items()
            for pk in chosen
        ]
    )
    updated = 0
    for row in preview["rows"]:
        if row["action"] != "update":
            continue
        project = Project.objects.select_for_update().get(pk=row["project"])
        new_levels = None
        for change in row["changes"]:
            name, raw = change["field"], change["raw"]
            if name == "key_levels":
                new_levels = raw
            elif name == "owner_unit" and isinstance(raw, str):
                project.owner_unit = owners[raw]
            elif name in RELATIONS:
                setattr(project, f"{name}_id", raw)
            else:
                setattr(project, name, _cook(name, raw))
        save_with_history(project, by=by, reason=reason)
        if new_levels is not None:
            project.key_levels.set(new_levels)
        updated += 1
    return {"created": len(creates), "updated": updated, "owner_units_created": len(owners)}
