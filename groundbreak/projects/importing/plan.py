"""Row by row, what an import would do: create, update, leave alone, or ask which project."""

import operator
import re
from dataclasses import dataclass, field
from decimal import Decimal
from types import SimpleNamespace

from django.core.exceptions import ValidationError
from django.utils.encoding import force_str
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from groundbreak.core.messages import Msg
from groundbreak.projects.choices import STARTED_STAGES, Stage
from groundbreak.projects.importing.lookups import ExistingProject, _Lookups
from groundbreak.projects.importing.values import (
    PartialDate,
    RowError,
    RowValues,
    _owner_key,
    name_key,
)
from groundbreak.projects.models import (
    COMPLETENESS,
    COMPLETENESS_FIELDS,
    FUNDING_FIELDS,
    Project,
    project_rule_errors,
    this_year,
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
    project: ExistingProject | None = None  # the project it is about, as read
    changes: list = field(default_factory=list)  # (field, old, new)
    warnings: list = field(default_factory=list)
    candidates: list = field(default_factory=list)  # [(id, name)]
    missing: list = field(default_factory=list)  # the COMPLETENESS fields it will still lack


# Where the year of a list's plans comes from, most explicit first (a row's own 计划年度 cell
# comes before all of them).
YEAR_SOURCES = {
    "option": gettext_noop("chosen for this import"),
    "header": gettext_noop("from the plan column's header"),
    "title": gettext_noop("from the table's title"),
    "default": gettext_noop("the file names no year: this year"),
}


@dataclass
class ProjectImportPlan:
    table: object
    region: Region
    plan_year: int = 0  # the year the plans of the rows without their own 计划年度 are for
    plan_year_source: str = "default"  # a key of YEAR_SOURCES
    rows: list = field(default_factory=list)
    refusals: list = field(default_factory=list)  # (row number, column header, field, message)
    new_owners: dict = field(default_factory=dict)  # name key → name

    def count(self, action):
        return sum(1 for row in self.rows if row.action == action)

    def missing_counts(self):
        """{field: how many of the rows to create lack it}, COMPLETENESS order."""
        counts = dict.fromkeys(COMPLETENESS_FIELDS, 0)
        for row in self.rows:
            if row.action == "create":
                for name in row.missing:
                    counts[name] += 1
        return counts

    def total(self, name):
        return sum((row.values.get(name) or Decimal(0) for row in self.rows), Decimal(0))


def clean_options(options):
    """The options of a project-list import: ``year``, the plan year of a list whose file
    names none (or to overrule the one its header or title names)."""
    options = dict(options or {})
    year = options.pop("year", None)
    if options:
        raise ValidationError(
            _("A project list takes no %(names)s.") % {"names": ", ".join(sorted(options))}
        )
    if year in (None, ""):
        return {}
    try:
        year = int(year)
    except (TypeError, ValueError):
        year = 0
    if not 1990 <= year <= 2100:
        raise ValidationError(_("%(value)s is not a year.") % {"value": year})
    return {"year": year}


def plan_project_import(
    table, *, region, by, decisions=None, on_progress=None, year=None, lookups=None
):
    """Decide, for each data row of ``table``, whether it creates, updates or leaves a project,
    and refuse every row that cannot be stored, with its reason. Writes nothing.

    A row's plan is written to the year of its 计划年度 cell; else to ``year`` (the import's
    option), else to the year the plan column's header or the title names, else this year.
    ``lookups``: what ``read_lookups(by, region)`` read, if it was read before the table."""
    decisions = {int(k): v for k, v in (decisions or {}).items()}
    lookups = lookups or _Lookups(by, region)
    plan = ProjectImportPlan(table=table, region=region)
    plan.plan_year, plan.plan_year_source = _plan_year(table, year)
    row_values = RowValues(table, lookups, region, plan.plan_year)
    seen_codes, seen_names = {}, {}
    unknown = []  # rows whose name is new to the county: compared with its names in one go
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
            if planned is not None:
                _check(planned, lookups)
        except RowError as error:
            plan.refusals.append(_refusal(table, row.number, error.field, error.message))
            continue
        if planned is None:  # a name the county does not have: asked after the loop
            planned = PlannedRow(row.number, "create", values, warnings=warnings)
            unknown.append(planned)
        plan.rows.append(planned)
    if unknown:
        _close_names(plan, unknown, lookups)
    if on_progress:
        on_progress(len(rows), len(rows))
    return plan


def _close_names(plan, unknown, lookups):
    """The rows with a name the county does not have, and no choice made: all compared with
    the county's names at once; a row close to some asks which project it is, the others
    register new projects."""
    if lookups.names:
        close = lookups.similar.close_to_many([planned.values["_key"] for planned in unknown])
    else:  # an empty county: no name to be close to (and no index to build)
        close = [()] * len(unknown)
    refused = set()
    for planned, names in zip(unknown, close, strict=True):
        if names:
            planned.action = "choose"
            planned.candidates = [lookups.names[c] for c in names]
            continue
        try:
            _check(planned, lookups)
        except RowError as error:
            plan.refusals.append(_refusal(plan.table, planned.number, error.field, error.message))
            refused.add(planned.number)
    if refused:
        plan.rows = [planned for planned in plan.rows if planned.number not in refused]
        plan.refusals.sort(key=lambda refusal: refusal[0])


def _refusal(table, number, field_name, message):
    column = table.columns.get(field_name)
    return (number, column.header if column else "", field_name, message)


def _plan_year(table, chosen=None):
    """(the plan year of the table's rows, where it comes from)."""
    if chosen:
        return int(chosen), "option"
    column = table.columns.get("annual_plan")
    for source, text in (("header", column.header if column else ""), ("title", table.title)):
        match = re.search(r"((?:19|20)\d{2})", text or "")
        if match:
            return int(match.group(1)), source
    return this_year(), "default"


def _match(number, values, warnings, lookups, decisions):
    """Find the project a row is about: by project code first, else by name within the county,
    else the one the user chose for the row; None for a row with a name new to the county."""
    code = values.get("code")
    project = lookups.with_code(code) if code else None
    if code and project is None and code in lookups.other_codes:
        # Codes are unique, so a taken code must be refused; the refusal does not say where
        # the project is (no "outside your scope"), as for any code the user may not register.
        raise RowError(
            "code",
            Msg("Project code %(code)s cannot be registered here: it is already in use.")
            % {"code": code},
        )
    if project is None:
        project = lookups.with_name(values["_key"])
        if project is not None and code and project.code and project.code != code:
            raise RowError(
                "code",
                Msg("A project of this name has the code %(existing)s, not %(code)s.")
                % {"existing": project.code, "code": code},
            )
    if project is None:
        choice = decisions.get(number)
        if choice in (None, ""):
            return None  # new, unless close to a name the county has (``_close_names``)
        if choice == "new":
            return PlannedRow(number, "create", values, warnings=warnings)
        project = lookups.chosen(choice)
        if project is None:
            raise RowError(
                "name", Msg("The project chosen for this row is not one you may change.")
            )
    return _diff(number, values, warnings, project, lookups)


# The fields a row is compared on, in order (the stage changes only through a stage change)
_DIFFED = [name for name in IMPORTED_FIELDS if name != "stage"]
_ABSENT = object()


def _diff(number, values, warnings, project, lookups):
    """The row compared with ``project``, an ``ExistingProject``: its changes as (field, old,
    new), the old value of a related field the object it refers to."""
    changes = []
    if values.get("_remarks_only") and project.notes:
        # remarks the amounts carry are added to the project's notes, never written over them
        missing = [remark for remark in values["_remarks"] if remark not in project.notes]
        values["notes"] = "；".join([project.notes, *missing])[:2000]
    related, get = lookups.related, values.get
    for name in _DIFFED:
        new = get(name, _ABSENT)
        if new is _ABSENT:
            continue
        if name in related:
            attname, objects = related[name]
            old_id = getattr(project, attname)
            # a new owner unit (its name) is a change; an object is compared by its id
            if isinstance(new, str) or new.pk != old_id or old_id is None:
                changes.append((name, objects.get(old_id), new))
            continue
        old = getattr(project, name)
        if new == old or (name == "actual_start" and old):
            continue  # the start moves only through a stage change
        if isinstance(new, PartialDate) and new.agrees_with(old):
            continue  # "2020-03" says no more than the 2020-03-23 we know
        changes.append((name, old, new))
    if values.get("annual_plan") is not None:
        old = lookups.plans_of(values["plan_year"]).get(project.pk)
        if values["annual_plan"] != old:
            changes.append(("annual_plan", old, values["annual_plan"]))
    if "stage" in values and values["stage"] != project.stage:
        warnings.append(
            _(
                "The table says %(new)s; the project is at %(old)s. Stages change only through a stage change."
            )
            % {"new": Stage(values["stage"]).label, "old": _stage_label(project.stage)}
        )
    if "key_levels" in values:
        levels = lookups.key_levels_of(project.pk)
        if {k.pk for k in values["key_levels"]} != {k.pk for k in levels}:
            changes.append(("key_levels", levels, values["key_levels"]))
    return PlannedRow(
        number,
        "update" if changes else "unchanged",
        values,
        project=project,
        changes=changes,
        warnings=warnings,
    )


def _stage_label(stage):
    """What ``Project.get_stage_display`` shows."""
    return force_str(dict(Project._meta.get_field("stage").flatchoices).get(stage, stage))


START_FROM_PLAN = gettext_noop("The start date is taken from the planned start.")

RULE_FIELDS = (
    "code",
    "stage",
    "total_investment",
    *FUNDING_FIELDS,
    "planned_start",
    "planned_completion",
    "actual_start",
    "actual_completion",
    "latitude",
    "longitude",
)

_rule_values = operator.attrgetter(*RULE_FIELDS)


def _check(planned, lookups):
    """The record's own rules (``project_rule_errors``), on the values the project would have."""
    values = planned.values
    if planned.action == "choose":
        return  # checked once the user has said which project it is
    if planned.action == "unchanged":
        # Every value of the row is the project's already (a blank cell keeps the project's):
        # a row that changes nothing brings no value to refuse, and its rules held when the
        # project was written.
        _warn_if_plan_above_total(planned, planned.project.total_investment, lookups)
        planned.missing = [name for name, _q, test in COMPLETENESS if test(planned.project)]
        return
    if planned.action == "create":
        if values.get("total_investment") is None:
            raise RowError("total_investment", Msg("A new project needs its total investment."))
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
        record = SimpleNamespace()
        record.__dict__.update(zip(RULE_FIELDS, map(values.get, RULE_FIELDS), strict=True))
        record.code = values.get("code", "")
    else:
        record = SimpleNamespace()
        record.__dict__.update(zip(RULE_FIELDS, _rule_values(planned.project), strict=True))
        for name, _old, new in planned.changes:
            if name in RULE_FIELDS:
                setattr(record, name, new)
    # The plan of the row's year, checked with the record (the other years' plans stay).
    record.annual_plan, record.plan_year = values.get("annual_plan"), values.get("plan_year")
    errors = project_rule_errors(record, lookups.region_codes)
    if errors:
        field_name, messages = next(iter(errors.items()))
        raise RowError(field_name, messages[0])
    _warn_if_plan_above_total(planned, record.total_investment, lookups)
    planned.missing = _missing(values, planned.project)


def _warn_if_plan_above_total(planned, total, lookups):
    plan = planned.values.get("annual_plan")
    if plan is not None and total is not None and plan > total:
        planned.warnings.append(lookups.message(PLAN_ABOVE_TOTAL))


PLAN_ABOVE_TOTAL = gettext_noop(
    "This year's plan is above the total investment: check both figures."
)


# The fields of COMPLETENESS that a project holds as the id of another record
_AS_ID = {"owner_unit": "owner_unit_id", "sector": "sector_id"}


def _missing(values, project):
    """The COMPLETENESS fields the project will lack once the row is written: a new project's
    from the row, an existing one's (an ``ExistingProject``) from the project with the row's
    values (a blank cell never erases a value, so a row only fills gaps)."""
    record = SimpleNamespace()
    attrs, get = record.__dict__, values.get
    for name, attname, as_id in _COMPLETENESS_ATTRS:
        value = get(name)
        if project is not None and (value is None or value == ""):
            value = getattr(project, attname)
        elif as_id:
            value = getattr(value, "pk", value)  # a new owner's name counts as given
        attrs[attname] = value
    record.stage = project.stage if project is not None else get("stage")
    return [name for name, _q, test in COMPLETENESS if test(record)]


# (field, the attribute a project holds it in, whether that is the id of another record)
_COMPLETENESS_ATTRS = [
    (name, _AS_ID.get(name, name), name in _AS_ID) for name in COMPLETENESS_FIELDS
]
