"""Row by row, what an import would do: create, update, leave alone, or ask which project."""

import re
from dataclasses import dataclass, field
from decimal import Decimal
from types import SimpleNamespace

from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from groundbreak.projects.choices import STARTED_STAGES, Stage
from groundbreak.projects.importing.values import (
    RowError,
    RowValues,
    _Lookups,
    _owner_key,
    name_key,
)
from groundbreak.projects.models import (
    FUNDING_FIELDS,
    Project,
    project_rule_errors,
)
from groundbreak.regions.models import Region

IMPORTED_FIELDS = [
    "name",
    "code",
    "owner_unit",
    "region",
    "field",
    "sector",
    "stage",
    "total_investment",
    "plan_year",
    "annual_plan",
    "planned_start",
    "planned_completion",
    "actual_start",
    "construction_content",
    "address",
    "construction_nature",
    "leader_in_charge",
    "department_in_charge",
    "contact_person",
    "contact_phone",
    "notes",
]


@dataclass(slots=True)
class PlannedRow:
    number: int
    action: str  # create | update | unchanged | choose
    values: dict
    project: Project | None = None
    changes: list = field(default_factory=list)  # (field, old, new)
    warnings: list = field(default_factory=list)
    candidates: list = field(default_factory=list)  # [(id, name)]


@dataclass
class ProjectImportPlan:
    table: object
    region: Region
    rows: list = field(default_factory=list)
    refusals: list = field(default_factory=list)  # (row number, column header, field, message)
    new_owners: dict = field(default_factory=dict)  # name key → name

    def count(self, action):
        return sum(1 for row in self.rows if row.action == action)

    def total(self, name):
        return sum((row.values.get(name) or Decimal(0) for row in self.rows), Decimal(0))


def plan_project_import(table, *, region, by, decisions=None, on_progress=None):
    """Decide, for each data row of ``table``, whether it creates, updates or leaves a project,
    and refuse every row that cannot be stored, with its reason. Writes nothing."""
    decisions = {int(k): v for k, v in (decisions or {}).items()}
    lookups = _Lookups(by, region)
    plan = ProjectImportPlan(table=table, region=region)
    row_values = RowValues(table, lookups, region, _plan_year(table))
    seen_codes, seen_names = {}, {}
    rows = table.data_rows
    for index, row in enumerate(rows):
        if on_progress and index % 500 == 0:
            on_progress(index, len(rows))
        try:
            values, warnings = row_values(row)
        except RowError as error:
            plan.refusals.append(_refusal(table, row.number, error.field, error.message))
            continue
        key = values["_key"] = name_key(values["name"])
        duplicate = seen_codes.get(values.get("code")) if values.get("code") else None
        duplicate = duplicate or seen_names.get(key)
        if duplicate:
            plan.refusals.append(
                _refusal(
                    table,
                    row.number,
                    "name",
                    _("The same project appears in row %(row)s already.") % {"row": duplicate},
                )
            )
            continue
        if values.get("code"):
            seen_codes[values["code"]] = row.number
        seen_names[key] = row.number
        owner = values.get("owner_unit")
        if isinstance(owner, str):
            # One new owner unit per name however it is spaced; every row uses its first spelling.
            values["owner_unit"] = plan.new_owners.setdefault(_owner_key(owner, lookups), owner)
        try:
            planned = _match(row.number, values, warnings, lookups, decisions)
            _check(planned, lookups)
        except RowError as error:
            plan.refusals.append(_refusal(table, row.number, error.field, error.message))
            continue
        plan.rows.append(planned)
    if on_progress:
        on_progress(len(rows), len(rows))
    return plan


def _refusal(table, number, field_name, message):
    column = table.columns.get(field_name)
    return (number, column.header if column else "", field_name, message)


def _plan_year(table):
    column = table.columns.get("annual_plan")
    for text in (column.header if column else "", table.title):
        match = re.search(r"(20\d{2})", text or "")
        if match:
            return int(match.group(1))
    return timezone.localdate().year


def _match(number, values, warnings, lookups, decisions):
    """Find the project a row is about: by project code first, else by name within the county."""
    code = values.get("code")
    project = lookups.by_code.get(code) if code else None
    if code and project is None and code in lookups.other_codes:
        # Codes are unique, so a taken code must be refused; the refusal does not say where
        # the project is (no "outside your scope"), as for any code the user may not register.
        raise RowError(
            "code",
            _("Project code %(code)s cannot be registered here: it is already in use.")
            % {"code": code},
        )
    if project is None:
        project = lookups.by_name.get(values["_key"])
        if project is not None and code and project.code and project.code != code:
            raise RowError(
                "code",
                _("A project of this name has the code %(existing)s, not %(code)s.")
                % {"existing": project.code, "code": code},
            )
    if project is None:
        choice = decisions.get(number)
        candidates = lookups.similar.close_to(values["_key"])
        if choice not in (None, "", "new"):
            project = next((p for p in lookups.by_name.values() if str(p.pk) == str(choice)), None)
            if project is None:
                raise RowError(
                    "name", _("The project chosen for this row is not one you may change.")
                )
        elif candidates and choice != "new":
            return PlannedRow(
                number,
                "choose",
                values,
                warnings=warnings,
                candidates=[(lookups.by_name[c].pk, lookups.by_name[c].name) for c in candidates],
            )
        else:
            return PlannedRow(number, "create", values, warnings=warnings)
    return _diff(number, values, warnings, project)


def _diff(number, values, warnings, project):
    changes = []
    for name in IMPORTED_FIELDS:
        if name not in values or name == "stage":
            continue
        new, old = values[name], getattr(project, name)
        if name == "owner_unit" and isinstance(new, str):
            changes.append((name, old, new))
            continue
        if name == "actual_start" and project.actual_start:
            continue  # the start moves only through a stage change
        if new != old:
            changes.append((name, old, new))
    if "stage" in values and values["stage"] != project.stage:
        warnings.append(
            _(
                "The table says %(new)s; the project is at %(old)s. Stages change only through a stage change."
            )
            % {"new": Stage(values["stage"]).label, "old": project.get_stage_display()}
        )
    if "key_levels" in values and {k.pk for k in values["key_levels"]} != set(
        project.key_levels.values_list("pk", flat=True)
    ):
        changes.append(("key_levels", list(project.key_levels.all()), values["key_levels"]))
    return PlannedRow(
        number,
        "update" if changes else "unchanged",
        values,
        project=project,
        changes=changes,
        warnings=warnings,
    )


START_FROM_PLAN = gettext_noop("The start date is taken from the planned start.")

RULE_FIELDS = (
    "code",
    "stage",
    "total_investment",
    "annual_plan",
    "plan_year",
    *FUNDING_FIELDS,
    "planned_start",
    "planned_completion",
    "actual_start",
    "actual_completion",
    "latitude",
    "longitude",
)


def _check(planned, lookups):
    """The record's own rules (``project_rule_errors``), on the values the project would have."""
    values = planned.values
    if planned.action == "choose":
        return  # checked once the user has said which project it is
    if planned.action == "create":
        if values.get("total_investment") is None:
            raise RowError("total_investment", _("A new project needs its total investment."))
        if "owner_unit" not in values:
            raise RowError("owner", _("A new project needs its owner unit."))
        if "stage" not in values:
            values["stage"] = Stage.PRELIMINARY if values.get("code") else Stage.RESERVE
            planned.warnings.append(
                _("No stage given: registered as %(stage)s.")
                % {"stage": Stage(values["stage"]).label}
            )
        if values["stage"] in STARTED_STAGES and not values.get("actual_start"):
            if values.get("planned_start"):
                values["actual_start"] = values["planned_start"]
                planned.warnings.append(lookups.message(START_FROM_PLAN))
            else:
                raise RowError("actual_start", _("A started project needs its start date."))
        record = SimpleNamespace(**{name: values.get(name) for name in RULE_FIELDS})
        record.code = values.get("code", "")
    else:
        record = SimpleNamespace(**{name: getattr(planned.project, name) for name in RULE_FIELDS})
        for name, _old, new in planned.changes:
            if name in RULE_FIELDS:
                setattr(record, name, new)
    errors = project_rule_errors(record, lookups.region_codes)
    if errors:
        field_name, messages = next(iter(errors.items()))
        raise RowError(field_name, messages[0])
