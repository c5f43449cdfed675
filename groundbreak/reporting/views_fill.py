"""Filling reports (填报): the list of what is due, the phone form, and "无变化" in one tap."""

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from groundbreak.core.views import add_service_errors
from groundbreak.regions.models import Region
from groundbreak.reporting import services
from groundbreak.reporting.filtersets import period_from_text
from groundbreak.reporting.forms import ReportForm
from groundbreak.reporting.models import (
    AttachmentKind,
    MonthlyReport,
    ReportingPeriod,
    reporting_projects,
)
from groundbreak.reporting.selectors import default_period, due_projects


def _period(request):
    value = request.GET.get("period", "")
    if value.isdigit():
        return get_object_or_404(ReportingPeriod, pk=value)
    return period_from_text(value) or default_period(request.user)


@login_required
def fill_list(request):
    """What the user has to report for a period, each with its state and the quickest action."""
    period = _period(request)
    fillable = reporting_projects(request.user, "fill")
    # City staff fill for any county: one county at a time keeps the page short.
    regions = Region.objects.filter(projects__in=fillable).distinct()
    region = (
        regions.filter(pk=request.GET["region"]).first()
        if request.GET.get("region", "").isdigit()
        else None
    )
    if period is None:
        projects, reports, lasts = [], {}, set()
    else:
        due = due_projects(period, user=request.user).filter(pk__in=fillable.values("pk"))
        if region is not None:
            due = due.filter(region_id__in=region.descendant_ids())
        projects = list(
            due.select_related("region", "owner_unit")
            .with_plan(period.year)
            .order_by("region__sort_order", "name")
        )
        ids = [p.pk for p in projects]
        reports = {
            r.project_id: r for r in MonthlyReport.objects.filter(period=period, project_id__in=ids)
        }
        earlier = MonthlyReport.objects.filter(project_id__in=ids).exclude(period=period)
        earlier = earlier.filter(period__year__lte=period.year).exclude(
            period__year=period.year, period__last_month__gt=period.last_month
        )
        lasts = set(earlier.values_list("project_id", flat=True))
    rows = [
        {"project": p, "report": reports.get(p.pk), "can_carry": p.pk in lasts} for p in projects
    ]
    returned = (
        MonthlyReport.objects.filter(project__in=fillable, status="returned")
        .exclude(period=period)
        .select_related("project", "period")
    )
    return render(
        request,
        "reporting/fill_list.html",
        {
            "period": period,
            "periods": ReportingPeriod.objects.order_by("-year", "-last_month"),
            "regions": regions if regions.count() > 1 else None,
            "region": region,
            "rows": rows,
            "returned": returned,
            "to_do": sum(
                1
                for r in rows
                if r["report"] is None or r["report"].status in services.EDITABLE_BY_FILLER
            ),
        },
    )


def _fillable_project(user, project_pk):
    return get_object_or_404(
        reporting_projects(user, "fill").select_related("region"), pk=project_pk
    )


@login_required
def fill_report(request, project_pk, period_pk):
    project = _fillable_project(request.user, project_pk)
    period = get_object_or_404(ReportingPeriod, pk=period_pk)
    report = MonthlyReport.objects.filter(project=project, period=period).first()
    if report is not None and report.status not in services.EDITABLE_BY_FILLER:
        messages.info(
            request, _("This report has been handed in; it changes only by a correction.")
        )
        return redirect(report)
    carried = services.prefill(project, period)
    if report is not None:
        initial = {name: getattr(report, name) for name in services.FIGURES}
        initial["version"] = report.version
    else:
        initial = {k: v for k, v in carried.items() if k in ReportForm.base_fields}
    form = ReportForm(
        request.POST or None,
        request.FILES or None,
        initial=initial,
        evidence_threshold=settings.REPORT_EVIDENCE_THRESHOLD,
    )
    if request.method == "POST" and form.is_valid():
        report = _save(request, form, project, period, report)
        if report is not None:
            return redirect(reverse("reporting:fill_list") + f"?period={period.pk}")
    return render(
        request,
        "reporting/fill_form.html",
        {
            "form": form,
            "project": project,
            "period": period,
            "plan": project.plan_for(period.year),
            "report": report,
            "carried": carried,
            "attachments": report.attachments.all() if report else [],
        },
    )


def _save(request, form, project, period, report):
    """Save the draft (and its photo) in one transaction, then submit if asked. A refused
    submission leaves the saved draft and says why."""
    upload = form.cleaned_data.get("photo")
    try:
        with transaction.atomic():
            report = services.save_report(
                project, period, by=request.user, version=form.cleaned_data.get("version"),
                **form.figures(),
            )  # fmt: skip
            if upload:
                content = upload.read()
                kind = AttachmentKind.VOUCHER if content[:5] == b"%PDF-" else AttachmentKind.PHOTO
                try:
                    services.attach_evidence(report, by=request.user, kind=kind, content=content,
                                             name=upload.name)  # fmt: skip
                except ValidationError as error:
                    raise ValidationError({"photo": error.messages}) from error
    except ValidationError as error:
        add_service_errors(form, error)
        return None
    except PermissionDenied as error:
        form.add_error(None, str(error))
        return None
    if request.POST.get("action") != "submit":
        messages.success(request, _("Saved as a draft."))
        return report
    try:
        services.submit_report(report, by=request.user, version=report.version)
    except ValidationError as error:
        messages.error(
            request,
            _("Saved as a draft, not submitted: %(why)s") % {"why": " ".join(error.messages)},
        )
        return None
    messages.success(request, _("Report submitted."))
    return report


@login_required
@require_POST
def no_change(request, project_pk, period_pk):
    """ "无变化": the last report carried forward with nothing completed, submitted at once."""
    project = _fillable_project(request.user, project_pk)
    period = get_object_or_404(ReportingPeriod, pk=period_pk)
    try:
        services.report_no_change(
            project, period, by=request.user, version=request.POST.get("version") or None
        )
    except (ValidationError, PermissionDenied) as error:
        messages.error(request, " ".join(getattr(error, "messages", [str(error)])))
    else:
        messages.success(
            request, _("%(project)s: reported with no change.") % {"project": project.name}
        )
    region = request.POST.get("region", "")
    back = f"?period={period.pk}" + (f"&region={region}" if region.isdigit() else "")
    return redirect(reverse("reporting:fill_list") + back)
