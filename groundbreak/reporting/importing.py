"""The monthly-report import (月报导入): a county's progress table for one period → reports, and
the statistics bureau's table (统计局口径) → its year-to-date figures.

``plan_report_import`` reads the table and decides, row by row, what would happen; it writes
nothing. Rows are matched to projects as the project-list import matches them (by project
code, then by name within the county); a missing figure is derived where the statistics'
own arithmetic allows (this period = this year − last period; since the start = the last
report + this period); every row is checked with ``report_errors``, the checks of the form.
The preview and the write are in ``groundbreak.reporting.importing_apply``.
"""

import copy
from dataclasses import dataclass, field
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from groundbreak.core.messages import Msg
from groundbreak.core.money import AmountError, format_amount, read_amount
from groundbreak.imports.models import ImportKind
from groundbreak.projects.importing.lookups import _Lookups
from groundbreak.projects.importing.plan import _match
from groundbreak.projects.importing.values import RowError, _text, clean_name, name_key
from groundbreak.projects.validators import normalise_project_code
from groundbreak.reporting import rules
from groundbreak.reporting.choices import ReportStatus
from groundbreak.reporting.importing_period import (
    check_period_columns,
    clean_options,
    period_from_text,
    period_of,
)
from groundbreak.reporting.models import (
    MonthlyReport,
    ReportingPeriod,
    StatisticsFigure,
    report_errors,
)
from groundbreak.reporting.services import EDITABLE_BY_FILLER, may_refill, previous_report

FIGURES = ("completed_period", "completed_ytd", "completed_total")
OVER_PLAN_REASON_MAX = 300
__all__ = [
    "FIGURES",
    "PlannedReport",
    "ReportImportPlan",
    "check_period_columns",
    "clean_options",
    "period_from_text",
    "period_of",
    "plan_report_import",
]


# --- the plan ----------------------------------------------------------------------------


@dataclass(slots=True)
class PlannedReport:
    number: int
    action: str  # reports: create | submit | correct | unchanged | skip; statistics: create | update | unchanged | skip
    values: dict  # name, code, and the figures as they will be stored
    project: object = None
    existing: object = None  # the MonthlyReport or StatisticsFigure there is for the period
    derived: list = field(default_factory=list)  # figures counted, not read from the table
    changes: list = field(default_factory=list)  # (field, old, new)
    warnings: list = field(default_factory=list)


@dataclass
class ReportImportPlan:
    kind: str
    table: object
    region: object
    period: ReportingPeriod
    rows: list = field(default_factory=list)
    refusals: list = field(default_factory=list)  # (row number, column header, field, message)

    def count(self, action):
        return sum(1 for row in self.rows if row.action == action)

    def total(self, name):
        return sum(
            (row.values.get(name) or Decimal(0) for row in self.rows if row.action != "skip"),
            Decimal(0),
        )


class _Missing(Exception):
    """A figure the table leaves out and the import cannot count: the row writes nothing and
    says why (missing is not wrong: the rest of the table goes in)."""

    def __init__(self, message):
        super().__init__(message)
        self.message = message


def column_fields(kind):
    """(column field, label) for every column a monthly table (or the bureau's) may have."""

    def label(model, name):
        return str(model._meta.get_field(name).verbose_name)

    fields = [("name", _("project name")), ("code", _("project code"))]
    fields += [(name, label(MonthlyReport, name)) for name in FIGURES]
    if kind == ImportKind.STATISTICS:
        return fields[:4]  # the bureau's table: this period's and this year's figure
    return [
        *fields,
        ("progress", label(MonthlyReport, "progress_text")),
        ("notes", _("notes")),
    ]


def _refusal(table, number, field_name, message):
    column = table.columns.get(field_name)
    return (number, column.header if column else "", field_name, str(message))


def plan_report_import(
    table, *, region, by, decisions=None, on_progress=None, options=None, kind=ImportKind.REPORTS
):
    """Decide, for each data row of ``table``, what the import does with the period's report
    (or statistics figure) of its project, and refuse every row that cannot be stored, with
    its reason. Writes nothing."""
    period = period_of(options)
    check_period_columns(table, period)
    if not any(name in table.columns for name in ("completed_period", "completed_ytd")):
        raise ValidationError(
            _(
                "The table has no column of investment completed: head one 本月完成投资 or 1-%(month)s月完成投资."
            )
            % {"month": period.last_month}
        )
    lookups = _Lookups(by, region)
    plan = ReportImportPlan(kind=kind, table=table, region=region, period=period)
    context = _Context(kind, period, by)
    seen = {}
    rows = table.data_rows
    for index, row in enumerate(rows):
        if on_progress and index % 200 == 0:
            on_progress(index, len(rows))
        try:
            values, amounts = _read(row, table)
            if all(v is None for v in amounts.values()) and not values.get("progress_text"):
                plan.rows.append(_skipped(row.number, values, lookups))
                continue
            project = _project(row.number, values, lookups)
            if project.pk in seen:
                raise RowError(
                    "name",
                    Msg("The same project appears in row %(row)s already.")
                    % {"row": seen[project.pk]},
                )
            seen[project.pk] = row.number
            planner = _plan_statistics if kind == ImportKind.STATISTICS else _plan_report
            try:
                planned = planner(row, values, amounts, project, context)
            except _Missing as missing:
                planned = PlannedReport(
                    row.number,
                    "skip",
                    values,
                    project=project,
                    warnings=[missing.message],
                )
            planned.warnings[:0] = values.pop("_warnings", [])
            plan.rows.append(planned)
        except RowError as error:
            plan.refusals.append(_refusal(table, row.number, error.field, error.message))
    if on_progress:
        on_progress(len(rows), len(rows))
    return plan


class _Context:
    """The period's reports (or figures) and the previous period's, read once per import."""

    def __init__(self, kind, period, by):
        self.kind, self.period, self.by = kind, period, by
        self.previous_period = period.previous()
        if kind == ImportKind.STATISTICS:
            model, current = StatisticsFigure, StatisticsFigure.objects.all()
        else:
            model, current = MonthlyReport, MonthlyReport.objects.select_related("filled_by")
        self.current = {r.project_id: r for r in current.filter(period=period)}
        self.previous = (
            {r.project_id: r for r in model.objects.filter(period=self.previous_period)}
            if self.previous_period
            else {}
        )

    def base_ytd(self, project):
        """This year's figure before the period: 0 for 1-2月, else the last period's, or None."""
        if self.period.first_month == 1:
            return Decimal(0)
        previous = self.previous.get(project.pk)
        return previous.completed_ytd if previous else None


def _read(row, table):
    cells = row.cells
    name = clean_name(cells.get("name"))
    if not name:
        raise RowError("name", Msg("The project name is missing."))
    values = {"name": name, "_key": name_key(name)}
    code = normalise_project_code(_text(cells.get("code")))
    if code:
        values["code"] = code
    amounts, warnings = {}, []
    for name in FIGURES:
        column = table.columns.get(name)
        if column is None:
            amounts[name] = None
            continue
        try:
            reading = read_amount(cells.get(name), unit=column.unit)
        except AmountError as error:
            raise RowError(name, error.args[0]) from error
        amounts[name] = reading.amount
        if reading.approximate:
            warnings.append(
                Msg("%(column)s is approximate (%(value)s): imported as %(amount)s 万元.")
                % {
                    "column": column.header,
                    "value": _text(cells.get(name)),
                    "amount": format_amount(reading.amount),
                }
            )
        if reading.remark:
            warnings.append(
                Msg("%(column)s remarks: %(remark)s")
                % {"column": column.header, "remark": reading.remark}
            )
    if warnings:
        values["_warnings"] = warnings
    progress = _text(cells.get("progress"))
    if progress:
        values["progress_text"] = progress
    notes = _text(cells.get("notes"))
    if notes:
        values["_notes"] = notes
    return values, amounts


def _skipped(number, values, lookups):
    """A row without any figure: nothing is written for it (a template row left empty)."""
    project = lookups.project(
        lookups.by_code.get(values.get("code")) or lookups.by_name.get(values["_key"])
    )
    return PlannedReport(
        number,
        "skip",
        values,
        project=project,
        warnings=[_("No figures in this row: nothing is written for it.")],
    )


def _project(number, values, lookups):
    """The project a row is about, as the project-list import finds it; unknown names are
    refused with the closest names in scope."""
    planned = _match(number, values, [], lookups, {})
    if planned is not None and planned.project is not None:
        return lookups.project(planned.project)
    # a name the county does not have: the closest names in scope, to say which was meant
    (close,) = lookups.similar.close_to_many([values["_key"]])
    candidates = [lookups.by_name[key].name for key in close]
    if candidates:
        raise RowError(
            "name",
            Msg(
                "There is no project named %(name)s that you may report for; the closest are %(names)s."
            )
            % {"name": values["name"], "names": "、".join(candidates)},
        )
    raise RowError(
        "name",
        Msg(
            "There is no project named %(name)s that you may report for: register it in the project list first."
        )
        % {"name": values["name"]},
    )


def _derive(amounts, project, context, derived):
    """The period's and this year's figures, one counted from the other where the table gives
    only one (this year = last period's figure + this period's)."""
    period_amount, ytd = amounts["completed_period"], amounts["completed_ytd"]
    if period_amount is not None and ytd is not None:
        return period_amount, ytd
    base = context.base_ytd(project)
    missing = "completed_period" if period_amount is None else "completed_ytd"
    if period_amount is None and ytd is None:
        raise _Missing(
            _(
                "Neither this period's nor this year's figure is given: nothing is written for this row."
            )
        )
    if base is None:
        raise _Missing(
            Msg(
                "%(missing)s is not given and there is no figure for %(previous)s to count it from: nothing is written for this row."
            )
            % {
                "missing": MonthlyReport._meta.get_field(missing).verbose_name,
                "previous": context.previous_period or Msg("the previous period"),
            }
        )
    derived.append(missing)
    if period_amount is None:
        return ytd - base, ytd
    return period_amount, base + period_amount


def _plan_report(row, values, amounts, project, context):
    derived, warnings = [], []
    period_amount, ytd = _derive(amounts, project, context, derived)
    total = amounts["completed_total"]
    if total is None:
        last = previous_report(project, context.period)
        if last is not None:
            total = last.completed_total + period_amount
        elif project.actual_start and project.actual_start.year == context.period.year:
            total = ytd  # started this year, first report: all of it is this year's
        else:
            raise _Missing(
                Msg(
                    "The figure since the start is not given and there is no earlier report to count it from: nothing is written for this row."
                )
            )
        derived.append("completed_total")
    existing = context.current.get(project.pk)
    report = copy.copy(existing) if existing else MonthlyReport(project=project)
    report.project, report.period = project, context.period
    report.completed_period, report.completed_ytd, report.completed_total = (
        period_amount,
        ytd,
        total,
    )
    if values.get("progress_text"):
        report.progress_text = values["progress_text"]
    errors = report_errors(report)
    if "over_plan_reason" in errors and values.get("_notes"):
        # The remarks column (备注) is where a county says why it went beyond the plan.
        report.over_plan_reason = values["_notes"][:OVER_PLAN_REASON_MAX]
        errors = report_errors(report)
    if errors:
        field_name = next(iter(errors))
        column = {"project": "name", "over_plan_reason": "notes"}.get(field_name, field_name)
        raise RowError(column, " ".join(str(m) for messages in errors.values() for m in messages))
    values.update(
        completed_period=period_amount,
        completed_ytd=ytd,
        completed_total=total,
        progress_text=report.progress_text,
        over_plan_reason=report.over_plan_reason,
    )
    if existing is None:
        action = "create"
        changes = []
    else:
        compared = (*FIGURES, "progress_text", "over_plan_reason")
        changes = [
            (name, getattr(existing, name), values[name])
            for name in compared
            if getattr(existing, name) != values[name]
        ]
        if existing.status in EDITABLE_BY_FILLER:
            if not may_refill(context.by, existing):
                raise RowError(
                    "name",
                    Msg(
                        "The owner %(owner)s is filling in this report: it is changed by them, not by an import."
                    )
                    % {"owner": project.owner_unit},
                )
            action = "submit"
            warnings.append(
                _("The %(status)s report is filled in from the table and submitted.")
                % {"status": existing.get_status_display()}
            )
        else:
            action = "correct" if changes else "unchanged"
            if changes and (refused := rules.refusal(context.by, existing, rules.CORRECT)):
                raise RowError("name", refused.message)
            if existing.status == ReportStatus.LOCKED and changes:
                warnings.append(
                    _("The report is locked: the import corrects it, with itself as the reason.")
                )
    return PlannedReport(row.number, action, values, project, existing, derived, changes, warnings)


def _plan_statistics(row, values, amounts, project, context):
    derived = []
    ytd = amounts["completed_ytd"]
    if ytd is None:
        _period_amount, ytd = _derive(amounts, project, context, derived)
    figure = StatisticsFigure(project=project, period=context.period, completed_ytd=ytd)
    try:
        figure.clean()
    except ValidationError as error:
        raise RowError("completed_ytd", " ".join(error.messages)) from error
    values.update(completed_ytd=ytd, completed_period=amounts["completed_period"])
    values.pop("progress_text", None)
    existing = context.current.get(project.pk)
    warnings = []
    if existing is None:
        action, changes = "create", []
    elif existing.completed_ytd == ytd:
        action, changes = "unchanged", []
    else:
        action, changes = "update", [("completed_ytd", existing.completed_ytd, ytd)]
        if not existing.is_imported:
            warnings.append(_("The figure entered by hand is replaced by the bureau's."))
    return PlannedReport(row.number, action, values, project, existing, derived, changes, warnings)
