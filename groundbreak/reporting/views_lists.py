"""Lists a county and the city work from: missing and late reports, and the two figures."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from groundbreak.reporting import statistics
from groundbreak.reporting.forms import DivergenceForm, StatisticsFigureForm
from groundbreak.reporting.models import ReportingPeriod, StatisticsFigure, reporting_projects
from groundbreak.reporting.selectors import late_reports, missing_reports, reporting_by_county
from groundbreak.reporting.views_fill import _period


@login_required
def missing_list(request):
    """未报、迟报: per county, and the projects behind the figures."""
    period = _period(request)
    context = {
        "period": period,
        "periods": ReportingPeriod.objects.order_by("-year", "-last_month"),
    }
    if period is not None:
        context.update(
            counties=reporting_by_county(period, user=request.user),
            missing=missing_reports(period, user=request.user)
            .select_related("region", "owner_unit")
            .order_by("region__sort_order", "name"),
            late=late_reports(period, user=request.user)
            .select_related("project__region")
            .order_by("project__region__sort_order", "-submitted_at"),
        )
    return render(request, "reporting/missing_list.html", context)


@login_required
def statistics_view(request):
    """Two figures (两套数): the owner's and the statistics bureau's, where they diverge, and the
    statistics lists: started but not in the statistics, in the statistics but reporting zero."""
    period = _period(request)
    context = {
        "period": period,
        "periods": ReportingPeriod.objects.order_by("-year", "-last_month"),
    }
    if period is not None:
        rows = statistics.comparison(period, user=request.user)
        reviewable = set(
            reporting_projects(request.user, "review")
            .filter(pk__in=[row["project"].pk for row in rows])
            .values_list("pk", flat=True)
        )
        for row in rows:
            row["may_edit"] = row["project"].pk in reviewable
        show = request.GET.get("show", "diverging")
        context.update(
            show=show,
            rows=[r for r in rows if r["diverges"]] if show == "diverging" else rows,
            diverging=sum(1 for r in rows if r["diverges"]),
            unexplained=sum(1 for r in rows if r["diverges"] and not r["figure"].reason),
            not_in_statistics=statistics.started_not_in_statistics(period, user=request.user),
            reporting_zero=statistics.in_statistics_reporting_zero(period, user=request.user),
            threshold=statistics.divergence_threshold() * 100,
            reasons=DivergenceForm.base_fields["reason"].choices,
        )
    return render(request, "reporting/statistics.html", context)


def _back(period, show="all"):
    return redirect(reverse("reporting:statistics") + f"?period={period.pk}&show={show}")


@login_required
@require_POST
def statistics_enter(request, project_pk, period_pk):
    project = get_object_or_404(reporting_projects(request.user, "review"), pk=project_pk)
    period = get_object_or_404(ReportingPeriod, pk=period_pk)
    form = StatisticsFigureForm(request.POST)
    try:
        if not form.is_valid():
            raise ValidationError([e for errors in form.errors.values() for e in errors])
        statistics.record_statistics_figure(
            project, period, by=request.user, completed_ytd=form.cleaned_data["completed_ytd"],
            version=form.cleaned_data.get("version"),
        )  # fmt: skip
    except (ValidationError, PermissionDenied) as error:
        messages.error(request, " ".join(getattr(error, "messages", [str(error)])))
    else:
        messages.success(request, _("Statistics figure saved."))
    return _back(period)


@login_required
@require_POST
def statistics_explain(request, pk):
    figure = get_object_or_404(
        StatisticsFigure.objects.filter(project__in=reporting_projects(request.user, "review")),
        pk=pk,
    )
    form = DivergenceForm(request.POST)
    try:
        if not form.is_valid():
            raise ValidationError([e for errors in form.errors.values() for e in errors])
        statistics.explain_divergence(figure, by=request.user, **form.cleaned_data)
    except (ValidationError, PermissionDenied) as error:
        messages.error(request, " ".join(getattr(error, "messages", [str(error)])))
    else:
        messages.success(request, _("Reason recorded."))
    return _back(figure.period, "diverging")
