"""Filling reports (填报): the list of what is due, the phone form, and "无变化" in one tap."""

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from groundbreak.core.views import add_service_errors
from groundbreak.regions.models import Region
from groundbreak.reporting import rules, services
from groundbreak.reporting.filtersets import period_from_text
from groundbreak.reporting.forms import ReportForm
from groundbreak.reporting.models import (
    AttachmentKind,
    MonthlyReport,
    ReportingPeriod,
    reporting_projects,
)
from groundbreak.reporting.sections import render_sections
from groundbreak.reporting.selectors import default_period, due_projects, owed_reports


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
    rules.warm(request.user, projects)
    rows = [_row(request.user, p, reports.get(p.pk), p.pk in lasts) for p in projects]
    # Everything still owed in the other periods, oldest first: a period left behind (two of
    # four April reports handed in, May open) is listed, not hidden behind the newest period.
    owed = [
        row
        for row in owed_reports(request.user)
        if row["period"] != period
        and (region is None or row["project"].region_id in region.descendant_ids())
    ]
    return render(
        request,
        "reporting/fill_list.html",
        {
            "period": period,
            "periods": ReportingPeriod.objects.order_by("-year", "-last_month"),
            "regions": regions if regions.count() > 1 else None,
            "region": region,
            "rows": rows,
            "owed": owed,
            "today": timezone.localdate(),
            "to_do": sum(
                1
                for r in rows
                if r["report"] is None or r["report"].status in services.EDITABLE_BY_FILLER
            ),
        },
    )


def _row(user, project, report, has_last):
    """A card of the fill list: what the rule lets the user do with the project's report, and
    "无变化" only where it would overwrite nothing the report holds."""
    carry = has_last and rules.allowed(user, report, rules.NO_CHANGE, project=project)
    losses = carry and bool(services.no_change_losses(report))
    return {
        "project": project,
        "report": report,
        "may_fill": rules.allowed(user, report, rules.FILL, project=project),
        "can_carry": carry and not losses,
        "ask_carry": losses,  # it would replace figures: asked first, saying which
    }


def _fillable_project(user, project_pk):
    return get_object_or_404(
        reporting_projects(user, "fill").select_related("region"), pk=project_pk
    )


@login_required
def fill_report(request, project_pk, period_pk):
    project = _fillable_project(request.user, project_pk)
    period = get_object_or_404(ReportingPeriod, pk=period_pk)
    report = MonthlyReport.objects.filter(project=project, period=period).first()
    if (refused := rules.refusal(request.user, report, rules.FILL, project=project)) is not None:
        messages.info(request, refused.message)
        return redirect(report or reverse("reporting:fill_list") + f"?period={period.pk}")
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
            "missing_previous": _missing_previous(project, period, carried),
            "ytd_check": _ytd_check(project, period),
            "live_messages": live_check_messages(),
            "form": form,
            "project": project,
            "period": period,
            "plan": project.plan_for(period.year),
            "report": report,
            "carried": carried,
            "attachments": report.attachments.all() if report else [],
            "sections": render_sections(
                request.user,
                project,
                period,
                report,
                request.POST if request.method == "POST" else None,
            ),
        },
    )


def live_check_messages():
    """The live checks' messages in the reader's language, for the form's script: the same
    wordings the server's checks use (``report_errors``)."""
    return {
        "ytd": _(
            "This year's figure should be %(expected)s万元: last period's %(previous)s万元 plus this period's %(period)s万元."
        ),
        "total_falls": _("The figure since the start cannot fall below last period's."),
        "total_below_ytd": _(
            "The figure since the start cannot be smaller than this year's figure."
        ),
        "beyond_plan": _(
            "The figures go beyond this year's plan or the total investment: say why."
        ),
    }


def _ytd_check(project, period):
    """Whether the form can check 1-N月 = last period's + this period's (the first period of
    the year, or last period's report there), and last period's 1-N月 figure."""
    before = period.previous()
    previous = (
        MonthlyReport.objects.filter(project=project, period=before).first() if before else None
    )
    return {
        "check": before is None or previous is not None,
        "previous_ytd": previous.completed_ytd if previous else 0,
    }


def _missing_previous(project, period, carried):
    """The period just before this one, if the project reports for it and has no report there:
    the form then opens from an older report (or from nothing), and says so."""
    before = period.previous() or (
        ReportingPeriod.objects.filter(year=period.year - 1, last_month=12).first()
        if period.first_month == 1
        else None
    )
    if before is None or not project.actual_start or project.actual_start > before.end:
        return None
    if carried.get("from_period") == before:
        return None
    return before


def _save(request, form, project, period, report):
    """Save the draft (and its photo) in one transaction, then submit if asked. A refused
    submission leaves the saved draft and says why."""
    upload = form.cleaned_data.get("photo")
    try:
        with transaction.atomic():
            report = services.save_report(
                project, period, by=request.user, version=form.cleaned_data.get("version"),
                section_data=request.POST, **form.figures(),
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
def no_change(request, project_pk, period_pk):
    """ "无变化": the last report carried forward with nothing completed, submitted at once.
    Over a report that holds other figures it asks first (GET shows what would change), and
    goes ahead only when that is confirmed."""
    project = _fillable_project(request.user, project_pk)
    period = get_object_or_404(ReportingPeriod, pk=period_pk)
    region = request.POST.get("region", request.GET.get("region", ""))
    back = reverse("reporting:fill_list") + f"?period={period.pk}"
    back += f"&region={region}" if region.isdigit() else ""
    if request.method != "POST":
        report = MonthlyReport.objects.filter(project=project, period=period).first()
        refused = rules.refusal(request.user, report, rules.NO_CHANGE, project=project)
        if refused is not None:
            messages.error(request, refused.message)
            return redirect(back)
        return render(
            request,
            "reporting/no_change_confirm.html",
            {"project": project, "period": period, "report": report, "back": back,
             "losses": [(label, services.display_value(held), services.display_value(value))
                        for label, held, value in services.no_change_losses(report)],
             "region": region},
        )  # fmt: skip
    try:
        services.report_no_change(
            project,
            period,
            by=request.user,
            version=request.POST.get("version") or None,
            confirm=request.POST.get("confirm") == "yes",
        )
    except (ValidationError, PermissionDenied) as error:
        messages.error(request, " ".join(getattr(error, "messages", [str(error)])))
    else:
        messages.success(
            request, _("%(project)s: reported with no change.") % {"project": project.name}
        )
    return redirect(back)
