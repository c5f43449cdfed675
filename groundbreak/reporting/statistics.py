"""Two figures per project and period (两套数): the owner's (the DRC's view, by physical
progress) and the statistics bureau's (by financial expenditure). Both are kept; where they
differ by more than the configured share, the difference needs a reason from a short list.
"""

from decimal import Decimal

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import OuterRef, Q, Subquery
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from groundbreak.core.services import check_version, save_with_history
from groundbreak.projects.models import Project
from groundbreak.reporting.choices import ReportStatus
from groundbreak.reporting.models import (
    DivergenceReason,
    MonthlyReport,
    StatisticsFigure,
    reporting_projects,
)


def _require_review(user, project):
    if user is not None and not reporting_projects(user, "review").filter(pk=project.pk).exists():
        raise PermissionDenied(_("You may not do this with this project's reports."))


@transaction.atomic
def record_statistics_figure(project, period, *, by, completed_ytd, version=None, source=None):
    """Enter (or, from an import, set) the statistics bureau's year-to-date figure. A figure
    that came from the bureau's table is read-only by hand; a later import may replace it."""
    _require_review(by, project)
    figure = (
        StatisticsFigure.objects.select_for_update(of=("self",))
        .filter(project=project, period=period)
        .order_by()
        .first()
    )
    if figure is None:
        figure = StatisticsFigure(project=project, period=period)
    else:
        if source is None:
            if figure.is_imported:
                raise ValidationError(
                    _("This figure came from the statistics bureau's table and cannot be edited.")
                )
            check_version(figure, version)
    figure.completed_ytd = completed_ytd
    figure.entered_by = by
    if source is not None:
        figure.imported_by = source
    reason = gettext_noop("Imported") if source is not None else gettext_noop("Entered")
    save_with_history(figure, by=by, reason=reason)
    return figure


@transaction.atomic
def explain_divergence(figure, *, by, version, reason, reason_text=""):
    """Say why the owner's and the bureau's figures differ."""
    figure = (
        StatisticsFigure.objects.select_for_update(of=("self",))
        .select_related("project")
        .get(pk=figure.pk)
    )
    _require_review(by, figure.project)
    check_version(figure, version)
    if reason not in DivergenceReason.values:
        raise ValidationError({"reason": _("Choose a reason from the list.")})
    figure.reason, figure.reason_text = reason, (reason_text or "").strip()
    save_with_history(figure, by=by, reason=gettext_noop("Difference explained"))
    return figure


def divergence_threshold():
    return Decimal(settings.STATISTICS_DIVERGENCE_PERCENT) / Decimal(100)


def diverges(owner_figure, statistics_figure):
    """True when the two year-to-date figures differ by more than the threshold's share of the
    larger one."""
    owner_figure = owner_figure or Decimal(0)
    statistics_figure = statistics_figure or Decimal(0)
    larger = max(owner_figure, statistics_figure)
    return larger > 0 and abs(owner_figure - statistics_figure) > larger * divergence_threshold()


def comparison(period, *, user):
    """Each visible project with a report or a statistics figure for the period, with both
    figures: a list of dicts, the diverging ones marked."""
    reports = MonthlyReport.objects.filter(period=period, project=OuterRef("pk")).exclude(
        status=ReportStatus.DRAFT
    )
    projects = (
        Project.objects.restrict(user, "view")
        .annotate(owner_ytd=Subquery(reports.values("completed_ytd")[:1]))
        .filter(Q(owner_ytd__isnull=False) | Q(statistics__period=period))
        .select_related("region")
        .distinct()
        .order_by("region__sort_order", "name")
    )
    figures = {
        f.project_id: f
        for f in StatisticsFigure.objects.filter(period=period, project__in=projects)
    }
    rows = []
    for project in projects:
        figure = figures.get(project.pk)
        statistics_ytd = figure.completed_ytd if figure else None
        rows.append(
            {
                "project": project,
                "owner_ytd": project.owner_ytd,
                "statistics_ytd": statistics_ytd,
                "difference": (project.owner_ytd or Decimal(0)) - (statistics_ytd or Decimal(0)),
                "figure": figure,
                "diverges": figure is not None and diverges(project.owner_ytd, statistics_ytd),
            }
        )
    return rows


def started_not_in_statistics(period, *, user):
    """开工未入库: projects started by the end of the period that are not in the statistics."""
    return (
        Project.objects.restrict(user, "view")
        .started()
        .filter(actual_start__lte=period.end)
        .filter(Q(in_statistics_date__isnull=True) | Q(in_statistics_date__gt=period.end))
        .select_related("region", "owner_unit")
        .order_by("region__sort_order", "name")
    )


def in_statistics_reporting_zero(period, *, user):
    """入库零报告: projects in the statistics whose report for the period completed nothing
    (or that have no report at all)."""
    reported = MonthlyReport.objects.filter(period=period, completed_period__gt=0).exclude(
        status=ReportStatus.DRAFT
    )
    return (
        Project.objects.restrict(user, "view")
        .filter(in_statistics_date__lte=period.end)
        .filter(Q(actual_completion__isnull=True) | Q(actual_completion__gte=period.start))
        .exclude(pk__in=reported.values("project"))
        .select_related("region", "owner_unit")
        .order_by("region__sort_order", "name")
    )
