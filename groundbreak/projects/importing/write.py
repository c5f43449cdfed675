"""The plan as a preview (what the page, the API and --json show), and its write."""

from datetime import date
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from groundbreak.imports.preview import row_warnings, table_preview
from groundbreak.projects.choices import ProjectField, Stage
from groundbreak.projects.importing.plan import YEAR_SOURCES
from groundbreak.projects.importing.values import PartialDate
from groundbreak.projects.models import Project
from groundbreak.projects.signals import project_changed

_PLAIN = {type(None), bool, int, str}


def _raw(value):
    """A value as JSON keeps it: what the confirmation compares, language-free."""
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
    if isinstance(value, PartialDate):
        return value.label()
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, list):
        return "、".join(str(v) for v in value)
    if labels and value in labels:
        return labels[value]
    return str(value)


# What must come out the same when the confirmation plans the file again (language-free).
COMPARED = (
    "action",
    "project",
    "version",
    "name",
    "code",
    "total_investment",
    "plan_year",
    "annual_plan",
    "raw",
)


def plan_to_preview(plan):
    """The plan as JSON-ready data: what the preview page, the API and ``--json`` show. The
    confirmation plans the file again and writes that plan, so no row keeps its write data."""
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
    plan_labels = {}  # year → "2021年计划投资（万元）" in the user's language
    for row in plan.rows:
        values, project, changes = row.values, row.project, row.changes
        total, annual = values.get("total_investment"), values.get("annual_plan")
        year = values.get("plan_year") if annual is not None else None
        if year and year not in plan_labels:
            plan_labels[year] = _("planned investment %(year)s (万元)") % {"year": year}
        # (most rows change nothing and warn of nothing: their empty lists made directly)
        rows.append(
            {
                "row": row.number,
                "action": row.action,
                "project": project.pk if project else None,
                "version": project.version if project else None,
                "name": values["name"],
                "code": values.get("code", ""),
                "total_investment": "" if total is None else format(total, "f"),
                "plan_year": year,
                "annual_plan": "" if annual is None else format(annual, "f"),
                "changes": [
                    {
                        "field": k,
                        "label": plan_labels[year] if k == "annual_plan" else labels.get(k, k),
                        "old": _show(old, choice_labels),
                        "new": _show(new, choice_labels),
                    }
                    for k, old, new in changes
                ]
                if changes
                else [],
                "raw": {k: _raw(new) for k, _old, new in changes} if changes else {},
                **(row_warnings(row.warnings) if row.warnings else {"warnings": []}),
                "missing": [{"field": k, "label": labels[k]} for k in row.missing]
                if row.missing
                else [],
                "candidates": [{"id": pk, "name": name} for pk, name in row.candidates]
                if row.candidates
                else [],
            }
        )
    table = plan.table
    missing = plan.missing_counts()
    return table_preview(
        table,
        plan.refusals,
        kind="projects",
        region=plan.region.code,
        plan_year={
            "year": plan.plan_year,
            "source": plan.plan_year_source,
            "source_label": _(YEAR_SOURCES[plan.plan_year_source]),
            "other_years": sorted({y for y in plan_labels if y != plan.plan_year}),
        },
        rows=rows,
        totals={
            "rows": len(plan.rows) + len(plan.refusals),
            "create": plan.count("create"),
            "update": plan.count("update"),
            "unchanged": plan.count("unchanged"),
            "choose": plan.count("choose"),
            "refused": len(plan.refusals),
            "total_investment": format(plan.total("total_investment"), "f"),
            "plan_year": plan.plan_year,
            "annual_plan": format(plan.total("annual_plan"), "f"),
            "new_owner_units": sorted(plan.new_owners.values()),
            # 待补全: the new projects that will lack a value, and how many lack each field
            "incomplete": sum(1 for r in plan.rows if r.action == "create" and r.missing),
            "missing": {k: n for k, n in missing.items() if n},
        },
        # the same counts with their labels (apart: the confirmation compares the totals, and
        # labels follow the user's language)
        missing=[{"field": k, "label": labels[k], "count": n} for k, n in missing.items() if n],
    )


def apply_project_import(plan, *, by, reason):
    """Write a plan (``_write``) and tell ``project_changed`` once, for every project created or
    changed: the warnings above evaluate them all together, not row by row."""
    with project_changed.gathered(sender=Project) as changed:
        result = _write(plan, by=by, reason=reason)
        changed.update(row.project.pk for row in plan.rows if row.action == "update")
    return result


def _write(plan, *, by, reason):
    """Write a plan, in the caller's transaction: new owner units, new projects (set-based,
    with history and timeline), then the changed projects one by one, each refused if it was
    edited since it was planned, and last the plans of the rows' years (set-based, with
    history): a year's plan is written to that year only.

    Returns the numbers of projects created and updated, and of plans written.
    """
    from groundbreak.core.services import save_with_history
    from groundbreak.projects import bulk

    stamp = timezone.now()
    owners = bulk.insert_owner_units(
        sorted(plan.new_owners.values()), by=by, reason=reason, stamp=stamp
    )
    creates, levels, new_plans = [], {}, {}
    for row in plan.rows:
        if row.action != "create":
            continue
        values = row.values
        owner = values.get("owner_unit")
        if isinstance(owner, str):
            values = {**values, "owner_unit": owners[owner]}
        creates.append(values)
        key = (values["region"].pk, values["name"])
        if values.get("key_levels"):
            levels[key] = values["key_levels"]
        if values.get("annual_plan") is not None:
            new_plans[key] = (values["plan_year"], values["annual_plan"])
    ids = bulk.insert_projects(
        creates, by=by, reason=reason, stamp=stamp, note=gettext_noop("Imported")
    )
    written = bulk.insert_annual_plans(
        [[ids[key], year, amount] for key, (year, amount) in new_plans.items()],
        by=by,
        reason=reason,
        stamp=stamp,
    )
    plans = []
    through = Project.key_levels.through
    through.objects.bulk_create(
        [
            through(project_id=ids[key], keyprojectlevel_id=level.pk)
            for key, chosen in levels.items()
            for level in chosen
        ]
    )
    updated = 0
    for row in plan.rows:
        if row.action != "update":
            continue
        updated += 1
        if any(name == "annual_plan" for name, _old, _new in row.changes):
            plans.append((row.project.pk, row.values["plan_year"], row.values["annual_plan"]))
        if all(name == "annual_plan" for name, _old, _new in row.changes):
            continue  # only the plan: the record stays as it is
        project = Project.objects.select_for_update().get(pk=row.project.pk)
        if project.version != row.project.version:
            raise ValidationError(
                _("Row %(row)s: %(name)s was changed since the preview; preview the file again.")
                % {"row": row.number, "name": project.name}
            )
        new_levels = None
        for name, _old, new in row.changes:
            if name == "annual_plan":
                continue
            if name == "key_levels":
                new_levels = new
            elif name == "owner_unit" and isinstance(new, str):
                project.owner_unit_id = owners[new]
            else:
                setattr(project, name, new)
        save_with_history(project, by=by, reason=reason)
        if new_levels is not None:
            project.key_levels.set(new_levels)
    written += bulk.write_annual_plans(plans, by=by, reason=reason, stamp=stamp)
    return {
        "created": len(creates),
        "updated": updated,
        "owner_units_created": len(owners),
        "plans_written": written,
    }
