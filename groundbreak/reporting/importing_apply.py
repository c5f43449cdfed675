"""The report import's plan as a preview (what the page, the API and ``--json`` show), and the
write after confirmation, through the reporting services, in the caller's transaction."""

from decimal import Decimal

from django.core.exceptions import PermissionDenied, ValidationError
from django.utils.translation import gettext as _

from groundbreak.imports.models import ImportKind
from groundbreak.imports.preview import row_warnings, table_preview
from groundbreak.projects.models import Project
from groundbreak.reporting.importing import FIGURES
from groundbreak.reporting.models import MonthlyReport, ReportingPeriod, StatisticsFigure

TEXTS = ("progress_text", "over_plan_reason")
# What must come out the same when the confirmation plans the file again (language-free).
COMPARED = ("action", "project", "project_version", "report", "version", "data")


def _show(value):
    if value is None:
        return ""
    if isinstance(value, Decimal):
        return format(value, "f")
    return str(value)


def _labels(kind):
    model = StatisticsFigure if kind == ImportKind.STATISTICS else MonthlyReport
    return {
        f.name: str(f.verbose_name) for f in model._meta.get_fields() if hasattr(f, "verbose_name")
    }


def plan_to_preview(plan):
    """The plan as JSON-ready data: per row its figures, what happens to the period's report
    (created, submitted, corrected old → new, unchanged, skipped), and the totals."""
    labels = _labels(plan.kind)
    rows = []
    for row in plan.rows:
        values, existing = row.values, row.existing
        entry = {
            "row": row.number,
            "action": row.action,
            "project": row.project.pk if row.project else None,
            "project_version": row.project.version if row.project else None,
            "report": existing.pk if existing else None,
            "version": existing.version if existing else None,
            "status": getattr(existing, "status", ""),
            "status_label": str(existing.get_status_display())
            if hasattr(existing, "status")
            else "",
            "name": values["name"],
            "code": values.get("code", ""),
            **{name: _show(values.get(name)) for name in FIGURES},
            "progress_text": values.get("progress_text", ""),
            "derived": list(row.derived),
            "changes": [
                {
                    "field": name,
                    "label": labels.get(name, name),
                    "old": _show(old),
                    "new": _show(new),
                    "raw": _show(new),
                }
                for name, old, new in row.changes
            ],
            **row_warnings(row.warnings),
            "candidates": [],
        }
        if row.action != "skip":
            names = ("completed_ytd",) if plan.kind == ImportKind.STATISTICS else FIGURES + TEXTS
            entry["data"] = {name: _show(values.get(name)) for name in names}
        rows.append(entry)
    table = plan.table
    totals = {
        "rows": len(plan.rows) + len(plan.refusals),
        "create": plan.count("create"),
        "submit": plan.count("submit"),
        "correct": plan.count("correct"),
        "update": plan.count("update") + plan.count("submit") + plan.count("correct"),
        "unchanged": plan.count("unchanged"),
        "skip": plan.count("skip"),
        "choose": 0,
        "refused": len(plan.refusals),
        **{name: format(plan.total(name), "f") for name in FIGURES},
    }
    return table_preview(
        table,
        plan.refusals,
        kind=str(plan.kind),
        region=plan.region.code,
        period=plan.period.pk,
        period_label=str(plan.period),
        rows=rows,
        totals=totals,
    )


def _cook(name, raw):
    if name in FIGURES:
        return Decimal(raw)
    return raw


def apply_report_import(preview, *, by, reason, record=None):
    """Write a confirmed preview through the services, in the caller's transaction. Reports:
    a new (or draft, or returned) one is filled in and submitted by the importing user; a
    submitted, approved or locked one with other figures is corrected, the import as reason.
    Statistics: the bureau's figure is set, read-only, with the import as its source."""
    from groundbreak.reporting import services
    from groundbreak.reporting.statistics import record_statistics_figure

    period = ReportingPeriod.objects.get(pk=preview["period"])
    written = [r for r in preview["rows"] if r["action"] not in ("skip", "unchanged")]
    projects = Project.objects.in_bulk([r["project"] for r in written])
    counts = {"created": 0, "submitted": 0, "corrected": 0, "updated": 0}
    for row in written:
        project, action = projects[row["project"]], row["action"]
        try:
            if preview["kind"] == ImportKind.STATISTICS:
                record_statistics_figure(
                    project,
                    period,
                    by=by,
                    completed_ytd=Decimal(row["data"]["completed_ytd"]),
                    source=record,
                )
            elif action in ("create", "submit"):
                figures = {name: _cook(name, raw) for name, raw in row["data"].items()}
                report = services.save_report(
                    project, period, by=by, version=row["version"], reason=reason, **figures
                )
                services.submit_report(
                    report, by=by, version=report.version, require_evidence=False
                )
            elif action == "correct":
                report = MonthlyReport.objects.get(pk=row["report"])
                changed = {c["field"]: _cook(c["field"], c["raw"]) for c in row["changes"]}
                services.correct_report(
                    report, by=by, version=row["version"], reason=reason, **changed
                )
        except (ValidationError, PermissionDenied) as error:
            messages = getattr(error, "messages", None) or [str(error)]
            raise ValidationError(
                _("Row %(row)s (%(name)s): %(error)s")
                % {"row": row["row"], "name": row["name"], "error": " ".join(messages)}
            ) from error
        key = {"create": "created", "submit": "submitted", "correct": "corrected"}.get(action)
        counts[key or "updated"] += 1
    counts["updated"] += counts["submitted"] + counts["corrected"]
    return counts
