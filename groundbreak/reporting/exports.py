from django.utils import timezone
from django.utils.translation import gettext as _

from groundbreak.core.exports import Column


def report_columns():
    """The report list's export layout: one row per report, amounts in 万元. Its code, name and
    figure headers are ones the import understands, so an edited export imports back. The plan
    is that of the report's year (``MonthlyReport.objects.with_plan()``)."""
    return [
        Column(_("project code"), lambda r: r.project.code, width=26),
        Column(_("project name"), lambda r: r.project.name, width=36),
        Column(_("region"), lambda r: r.project.region.name, width=12),
        Column(_("period"), lambda r: str(r.period), width=12),
        Column(_("plan year"), lambda r: r.period.year, "int", width=8),
        Column(
            _("planned investment of the year (万元)"),
            lambda r: r.annual_plan,
            "money",
        ),
        Column(_("completed in the period (万元)"), lambda r: r.completed_period, "money"),
        Column(_("completed this year (万元)"), lambda r: r.completed_ytd, "money"),
        Column(_("completed since the start (万元)"), lambda r: r.completed_total, "money"),
        Column(_("physical progress"), lambda r: r.progress_text, width=40),
        Column(_("workers on site"), lambda r: r.workers_on_site, "int", width=10),
        Column(_("problems raised"), lambda r: r.problems, width=30),
        Column(_("status"), lambda r: r.get_status_display(), width=10),
        Column(
            _("submitted at"),
            lambda r: timezone.localdate(r.submitted_at) if r.submitted_at else None,
            "date",
            width=12,
        ),
        Column(_("late"), lambda r: _("Yes") if r.is_late else "", width=6),
        Column(_("filled by"), lambda r: str(r.filled_by or ""), width=12),
    ]
