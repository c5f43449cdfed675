"""Report pages: the list with its export, one report with its evidence, history and review."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Count
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from groundbreak.core.db import MoneySum
from groundbreak.core.exports import describe_filters, rows_as_listed, xlsx_response
from groundbreak.core.history import change_log
from groundbreak.core.views import paginate_table
from groundbreak.reporting import rules, services
from groundbreak.reporting.evidence import attachment_flags, evidence_error
from groundbreak.reporting.exports import report_columns
from groundbreak.reporting.filtersets import MonthlyReportFilterSet, period_from_text
from groundbreak.reporting.forms import AttachmentForm, CorrectionForm, ReturnForm
from groundbreak.reporting.models import MonthlyReport, ReportAttachment, StatisticsFigure
from groundbreak.reporting.selectors import default_period
from groundbreak.reporting.tables import MonthlyReportTable


@login_required
def report_list(request):
    reports = MonthlyReport.objects.restrict(request.user, "view").select_related(
        "project__region", "period", "filled_by"
    )
    data = request.GET.copy()
    if "period" not in data and (period := default_period(request.user)) is not None:
        data["period"] = str(period.pk)
    elif data.get("period") and not data["period"].isdigit():
        # "2020-03" in a link: shown selected in the dropdown as the period it names.
        period = period_from_text(data["period"])
        data["period"] = str(period.pk) if period else data["period"]
    filterset = MonthlyReportFilterSet(data, queryset=reports, user=request.user)
    filtered = filterset.qs
    if request.GET.get("export") == "xlsx":
        table = MonthlyReportTable(filtered.with_plan())
        return xlsx_response(
            _("Monthly reports"),
            report_columns(),
            rows_as_listed(table, request),
            "reports",
            filters=describe_filters(filterset, table),
        )
    totals = filtered.aggregate(
        count=Count("pk"),
        period=MoneySum("completed_period"),
        ytd=MoneySum("completed_ytd"),
    )
    table = MonthlyReportTable(filtered)
    paginate_table(request, table, per_page=50)
    query = data.copy()
    query.pop("page", None)
    query["export"] = "xlsx"
    return render(
        request,
        "reporting/report_list.html",
        {"filter": filterset, "table": table, "totals": totals, "export_query": query.urlencode()},
    )


def get_report_for(user, pk, action="view"):
    """The report if the user may see (or fill, or review) it; 404 otherwise, so that a county
    never learns what another county's reports are."""
    return get_object_or_404(
        MonthlyReport.objects.restrict(user, action).select_related(
            "project__region", "period", "filled_by", "reviewed_by"
        ),
        pk=pk,
    )


@login_required
def report_detail(request, pk):
    report = get_report_for(request.user, pk)
    attachments = [(a, attachment_flags(a, report)) for a in report.attachments.all()]
    # What the page offers is what the rule allows: the same answer the service gives.
    may = rules.allowed_actions(request.user, report)
    correction = None
    if rules.CORRECT in may:
        correction = CorrectionForm(
            initial={
                "version": report.version,
                **{
                    n: getattr(report, n)
                    for n in services.FIGURES
                    if n in CorrectionForm.base_fields
                },
            }
        )
    holder = rules.refusal(request.user, report, rules.CORRECT)
    return render(
        request,
        "reporting/report_detail.html",
        {
            "report": report,
            "plan": report.project.plan_for(report.period.year),
            "attachments": attachments,
            "evidence_missing": evidence_error(report),
            "statistics": StatisticsFigure.objects.filter(
                project=report.project, period=report.period
            ).first(),
            "changes": change_log(report),
            "may_fill": rules.FILL in may,
            "may_submit": rules.SUBMIT in may,
            "may_return": rules.RETURN in may,
            "may_approve": rules.APPROVE in may,
            "may_review": rules.RETURN in may or rules.APPROVE in may,
            "may_lock": rules.LOCK in may,
            "may_detach": rules.DETACH in may,
            "lock_note": holder.message
            if holder is not None and rules.lock_holder(report)[0] > rules.level(request.user) > 0
            else "",
            "return_form": ReturnForm(initial={"version": report.version}),
            "attach_form": AttachmentForm() if rules.ATTACH in may else None,
            "correction_form": correction,
        },
    )


# Lazy: the message is put in the language of the request that acts, not of the import.
REVIEW_ACTIONS = {
    "approve": (services.approve_report, gettext_lazy("Report approved.")),
    "lock": (services.lock_report, gettext_lazy("Report locked.")),
    "submit": (services.submit_report, gettext_lazy("Report submitted.")),
}


@login_required
@require_POST
def report_action(request, pk, action):
    """Submit, approve, lock, return or correct: each calls its service with the version the
    user's page showed, so that acting on a stale page is refused."""
    report = get_report_for(request.user, pk)
    try:
        if action in REVIEW_ACTIONS:
            service, done = REVIEW_ACTIONS[action]
            service(report, by=request.user, version=request.POST.get("version"))
        elif action == "return":
            form = ReturnForm(request.POST)
            if not form.is_valid():
                raise ValidationError(_("Say why the report goes back."))
            services.return_report(report, by=request.user, version=form.cleaned_data["version"],
                                   reason=form.cleaned_data["reason"])  # fmt: skip
            done = _("Report returned to its filler.")
        elif action == "correct":
            form = CorrectionForm(request.POST)
            if not form.is_valid():
                raise ValidationError([e for errors in form.errors.values() for e in errors])
            figures = dict(form.cleaned_data)
            version, reason = figures.pop("version"), figures.pop("reason")
            figures["over_plan_reason"] = figures.get("over_plan_reason") or ""
            services.correct_report(report, by=request.user, version=version, reason=reason,
                                    **figures)  # fmt: skip
            done = _("Correction recorded.")
        else:
            raise Http404
    except (ValidationError, PermissionDenied) as error:
        for message in getattr(error, "messages", [str(error)]):
            messages.error(request, message)
    else:
        messages.success(request, done)
    return redirect(report)


@login_required
@require_POST
def report_attach(request, pk):
    """Add a photo or voucher to a report (until it is approved)."""
    report = get_report_for(request.user, pk)
    form = AttachmentForm(request.POST, request.FILES)
    try:
        if not form.is_valid():
            raise ValidationError([e for errors in form.errors.values() for e in errors])
        upload = form.cleaned_data["file"]
        services.attach_evidence(report, by=request.user, kind=form.cleaned_data["kind"],
                                 content=upload.read(), name=upload.name)  # fmt: skip
    except (ValidationError, PermissionDenied) as error:
        for message in getattr(error, "messages", [str(error)]):
            messages.error(request, message)
    else:
        messages.success(request, _("Evidence attached."))
    return redirect(report)


@login_required
@require_POST
def report_detach(request, pk, attachment_pk):
    """Take a photo or voucher off a report (until it is approved)."""
    report = get_report_for(request.user, pk)
    attachment = get_object_or_404(report.attachments, pk=attachment_pk)
    try:
        services.remove_evidence(attachment, by=request.user)
    except (ValidationError, PermissionDenied) as error:
        for message in getattr(error, "messages", [str(error)]):
            messages.error(request, message)
    else:
        messages.success(request, _("Evidence removed."))
    return redirect(report)


@login_required
def attachment_file(request, pk, thumbnail=False):
    """Evidence is served only to those who may see its report (not from a public folder)."""
    attachment = get_object_or_404(
        ReportAttachment.objects.filter(
            report__in=MonthlyReport.objects.restrict(request.user, "view")
        ),
        pk=pk,
    )
    stored = attachment.thumbnail if thumbnail and attachment.thumbnail else attachment.file
    content_type = "image/jpeg" if stored is attachment.thumbnail else attachment.content_type
    # Photos (checked images) show in the page; anything else, a PDF voucher above all, is
    # downloaded, never opened in the site's origin (a PDF may carry script).
    shown = content_type.startswith("image/")
    response = FileResponse(
        stored.open("rb"),
        content_type=content_type,
        as_attachment=not shown,
        filename=attachment.original_name or None,
    )
    if shown:
        response["Content-Disposition"] = "inline"
    response["X-Content-Type-Options"] = "nosniff"
    return response
