"""Pages of graded warnings: the list across projects, a warning (why, history, acknowledge,
exemption), the rules (city edits), and the panel on the project page."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from groundbreak.alerts import selectors, services
from groundbreak.alerts.choices import Audience, ExemptionStatus, Level
from groundbreak.alerts.engine import evaluation_date
from groundbreak.alerts.filtersets import WarningFilterSet
from groundbreak.alerts.forms import (
    AcknowledgeForm,
    DecisionForm,
    ExemptionForm,
    RuleForm,
    SwitchForm,
)
from groundbreak.alerts.models import Exemption, Rule, Warning
from groundbreak.core.views import add_service_errors
from groundbreak.regions.models import Region
from groundbreak.reporting.models import ProjectYearSummary


def project_panel_context(project, user):
    """The project page's lights, progress band and warning history."""
    summary = (
        ProjectYearSummary.objects.filter(project=project, last_period__isnull=False)
        .order_by("-year")
        .first()
    )
    band = (
        selectors.progress_band(summary.completion_rate, summary.time_progress) if summary else None
    )
    return {
        "lights": list(selectors.project_lights(project)),
        "history": list(selectors.project_history(project)[:30]),
        "band": band,
        "summary": summary,
        "today": evaluation_date(),
    }


@login_required
def warning_list(request):
    visible = Warning.objects.restrict(request.user, "view").select_related(
        "rule", "project__region"
    )
    filterset = WarningFilterSet(request.GET, queryset=visible)
    warnings = filterset.qs
    counts = selectors.counts_by_level(filterset.qs)
    page = list(warnings[:200])
    return render(
        request,
        "alerts/warning_list.html",
        {
            "filterset": filterset,
            "warnings": page,
            "total": warnings.count(),
            "counts": [(Level(lv), n) for lv, n in sorted(counts.items(), reverse=True)],
            "today": evaluation_date(),
        },
    )


@login_required
def warning_detail(request, pk):
    warning = services.get_warning_for(request.user, pk)
    may_act = Warning.objects.restrict(request.user, "act").filter(pk=pk).exists()
    return render(
        request,
        "alerts/warning_detail.html",
        {
            "warning": warning,
            "events": warning.events.order_by("-at", "-pk"),
            "acknowledgements": warning.acknowledgements.select_related("by"),
            "exemptions": warning.exemptions.select_related("requested_by", "decided_by"),
            "may_act": may_act,
            "is_city": services.is_city(request.user),
            "ack_form": AcknowledgeForm() if may_act else None,
            "exemption_form": ExemptionForm() if may_act else None,
            "decision_form": DecisionForm(),
            "exempt": warning.is_exempt(evaluation_date()),
            "audience": [
                Audience(a).label for a in selectors.audience_of(warning) if a in Audience
            ],
        },
    )


@login_required
@require_POST
def warning_acknowledge(request, pk):
    warning = services.get_warning_for(request.user, pk, "act")
    form = AcknowledgeForm(request.POST)
    if form.is_valid():
        try:
            services.acknowledge_warning(
                warning, by=request.user, comment=form.cleaned_data["comment"]
            )
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            messages.success(request, _("Warning acknowledged."))
    else:
        messages.error(request, _("Say what is being done about it."))
    return redirect(warning)


@login_required
@require_POST
def exemption_request(request, pk):
    warning = services.get_warning_for(request.user, pk, "act")
    form = ExemptionForm(request.POST, request.FILES)
    if form.is_valid():
        upload = form.cleaned_data.get("evidence")
        try:
            services.request_exemption(
                warning, by=request.user, reason=form.cleaned_data["reason"],
                explanation=form.cleaned_data["explanation"], until=form.cleaned_data["until"],
                content=upload.read() if upload else None, name=upload.name if upload else "",
            )  # fmt: skip
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            messages.success(request, _("Exemption requested; the city will decide."))
    else:
        messages.error(request, " ".join(e for errs in form.errors.values() for e in errs))
    return redirect(warning)


def _exemption_for(user, pk):
    return get_object_or_404(
        Exemption.objects.filter(warning__in=Warning.objects.restrict(user, "view")), pk=pk
    )


@login_required
@require_POST
def exemption_decide(request, pk):
    exemption = _exemption_for(request.user, pk)
    if not services.is_city(request.user):
        raise PermissionDenied(_("Only the city commission may do this."))
    form = DecisionForm(request.POST)
    if form.is_valid():
        try:
            services.decide_exemption(
                exemption, by=request.user, approve=form.cleaned_data["approve"],
                note=form.cleaned_data["note"], until=form.cleaned_data["until"],
            )  # fmt: skip
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            messages.success(request, _("Exemption decided."))
    return redirect(exemption.warning)


@login_required
def exemption_evidence(request, pk):
    exemption = _exemption_for(request.user, pk)
    if not exemption.evidence:
        raise Http404
    return FileResponse(
        exemption.evidence.open("rb"), as_attachment=True, filename=exemption.evidence_name
    )


@login_required
def exemption_list(request):
    """Exemptions waiting for the city (and those decided), in the user's scope."""
    exemptions = (
        Exemption.objects.filter(warning__in=Warning.objects.restrict(request.user, "view"))
        .select_related("warning__project", "warning__rule", "requested_by")
        .order_by("status", "-requested_at")
    )
    return render(request, "alerts/exemption_list.html",
                  {"exemptions": exemptions[:200], "waiting": ExemptionStatus.REQUESTED})  # fmt: skip


@login_required
def rule_list(request):
    rules = Rule.objects.restrict(request.user, "view").prefetch_related(
        "levels", "switches__region"
    )
    return render(
        request,
        "alerts/rule_list.html",
        {"rules": rules, "is_city": services.is_city(request.user)},
    )


@login_required
def rule_edit(request, pk):
    rule = get_object_or_404(Rule.objects.restrict(request.user, "view"), pk=pk)
    if not services.is_city(request.user):
        raise PermissionDenied(_("Only the city commission may do this."))
    form = RuleForm(request.POST or None, rule=rule)
    if request.method == "POST" and form.is_valid():
        try:
            services.update_rule(
                rule, by=request.user, enabled=form.cleaned_data["enabled"],
                margin=form.cleaned_data["margin"], levels=form.levels(),
            )  # fmt: skip
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("Rule saved. It applies from the next evaluation."))
            return redirect("alerts:rule_list")
    switches = {s.region_id: s.enabled for s in rule.switches.all()}
    counties = [
        (c, switches.get(c.pk, True))
        for c in Region.objects.counties().order_by("sort_order", "code")
    ]
    return render(
        request, "alerts/rule_form.html", {"rule": rule, "form": form, "counties": counties}
    )


@login_required
@require_POST
def rule_switch(request, pk):
    rule = get_object_or_404(Rule.objects.restrict(request.user, "view"), pk=pk)
    if not services.is_city(request.user):
        raise PermissionDenied(_("Only the city commission may do this."))
    form = SwitchForm(request.POST)
    if form.is_valid():
        region = get_object_or_404(Region.objects.counties(), pk=form.cleaned_data["region"])
        services.set_rule_switch(
            rule, by=request.user, region=region, enabled=form.cleaned_data["enabled"]
        )
        messages.success(request, _("Switch saved."))
    return redirect("alerts:rule_edit", pk=rule.pk)


__all__ = ["timezone"]
