"""Appraisal pages: the appraisals of the projects a user sees, one appraisal with its scores
and history, recording and correcting one, and the scorecards of the three kinds."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.forms import modelformset_factory
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _

from groundbreak.appraisal import services
from groundbreak.appraisal.choices import AppraisalKind
from groundbreak.appraisal.forms import AppraisalForm, CriterionForm
from groundbreak.appraisal.models import Appraisal, Criterion, appraisal_projects
from groundbreak.core.history import change_log
from groundbreak.core.views import add_service_errors


@login_required
def appraisal_list(request):
    kind = request.GET.get("kind", "")
    appraisals = Appraisal.objects.restrict(request.user, "view").select_related("project__region")
    if kind in AppraisalKind.values:
        appraisals = appraisals.filter(kind=kind)
    return render(
        request,
        "appraisal/appraisal_list.html",
        {"appraisals": appraisals.order_by("-date", "-pk")[:500], "kind": kind,
         "kinds": AppraisalKind.choices, "count": appraisals.count()},
    )  # fmt: skip


def _appraisal(user, pk):
    return get_object_or_404(
        Appraisal.objects.restrict(user, "view").select_related("project", "recorded_by"), pk=pk
    )


@login_required
def appraisal_detail(request, pk):
    appraisal = _appraisal(request.user, pk)
    return render(
        request,
        "appraisal/appraisal_detail.html",
        {"appraisal": appraisal, "lines": appraisal.lines.select_related("criterion"),
         "may_edit": services.may_appraise(request.user, appraisal.project),
         "changes": change_log(appraisal)},
    )  # fmt: skip


def _form_page(request, project, kind, appraisal=None):
    if not services.may_appraise(request.user, project):
        raise PermissionDenied(
            _("City staff and the project's department in charge record its appraisals.")
        )
    criteria = Criterion.objects.filter(kind=kind, active=True)
    scores = {}
    if appraisal is not None:
        scores = {line.criterion_id: line.score for line in appraisal.lines.all()}
        initial = {"version": appraisal.version}
    else:
        initial = {"date": timezone.localdate()}
    form = AppraisalForm(request.POST or None, instance=appraisal, initial=initial,
                         criteria=criteria, scores=scores)  # fmt: skip
    if request.method == "POST" and form.is_valid():
        fields = {k: form.cleaned_data[k] for k in services.APPRAISAL_FIELDS}
        try:
            if appraisal is None:
                appraisal = services.record_appraisal(project, by=request.user, kind=kind,
                                                      scores=form.scores(), **fields)  # fmt: skip
            else:
                appraisal = services.update_appraisal(appraisal, by=request.user,
                                                      version=form.cleaned_data["version"],
                                                      scores=form.scores(), **fields)  # fmt: skip
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("Saved."))
            return redirect(appraisal)
    return render(
        request,
        "appraisal/appraisal_form.html",
        {"form": form, "project": project, "kind_label": AppraisalKind(kind).label,
         "appraisal": appraisal},
    )  # fmt: skip


@login_required
def appraisal_create(request, project_pk):
    project = get_object_or_404(appraisal_projects(request.user, "view"), pk=project_pk)
    kind = request.GET.get("kind") or AppraisalKind.EX_ANTE
    if kind not in AppraisalKind.values:
        raise Http404
    return _form_page(request, project, kind)


@login_required
def appraisal_edit(request, pk):
    appraisal = _appraisal(request.user, pk)
    return _form_page(request, appraisal.project, appraisal.kind, appraisal)


@login_required
def scorecard_list(request):
    """The three scorecards (评分标准) with their criteria and weights."""
    criteria = Criterion.objects.order_by("kind", "position", "pk")
    cards = [
        {"kind": kind, "label": label, "criteria": [c for c in criteria if c.kind == kind]}
        for kind, label in AppraisalKind.choices
    ]
    for card in cards:
        card["total"] = sum(c.weight for c in card["criteria"] if c.active)
    return render(
        request,
        "appraisal/scorecard_list.html",
        {"cards": cards, "may_keep": services.may_keep_scorecards(request.user)},
    )


CriterionFormSet = modelformset_factory(Criterion, form=CriterionForm, extra=1)


@login_required
def scorecard_edit(request, kind):
    """City staff keep one kind's criteria: change, reorder, retire, add."""
    if kind not in AppraisalKind.values:
        raise Http404
    if not services.may_keep_scorecards(request.user):
        raise PermissionDenied(_("Only city staff keep the appraisal scorecards."))
    queryset = Criterion.objects.filter(kind=kind).order_by("position", "pk")
    formset = CriterionFormSet(request.POST or None, queryset=queryset)
    if request.method != "POST":
        for form in formset.forms:
            if form.instance.pk:
                form.initial["version"] = form.instance.version
    if request.method == "POST" and formset.is_valid():
        try:
            with transaction.atomic():
                for form in formset.forms:
                    if not form.has_changed():
                        continue
                    data = {k: form.cleaned_data[k] for k in services.CRITERION_FIELDS}
                    if form.instance.pk:
                        services.update_criterion(form.instance, by=request.user,
                                                  version=form.cleaned_data["version"], **data)  # fmt: skip
                    elif data["name"]:
                        services.create_criterion(kind, by=request.user, **data)
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            messages.success(request, _("Saved."))
            return redirect("appraisal:scorecard_list")
    return render(
        request,
        "appraisal/scorecard_form.html",
        {"formset": formset, "kind_label": AppraisalKind(kind).label},
    )
