from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Count
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from groundbreak.core.db import MoneySum
from groundbreak.core.exports import describe_filters, rows_as_listed, xlsx_response
from groundbreak.core.filters import year_or_none
from groundbreak.core.views import add_service_errors, paginate_table
from groundbreak.projects import services
from groundbreak.projects.choices import ProjectField
from groundbreak.projects.exports import project_columns
from groundbreak.projects.filtersets import (
    GroundbreakingBatchFilterSet,
    ProjectFilterSet,
    ResumptionQuery,
    TemplateQuery,
)
from groundbreak.projects.forms import (
    GroundbreakingBatchForm,
    ProjectForm,
    StageChangeForm,
    StatisticsEntryForm,
    WorkStatusForm,
)
from groundbreak.projects.models import GroundbreakingBatch, KeyProjectLevel, Project
from groundbreak.projects.panels import panels_for
from groundbreak.projects.selectors import (
    batch_figures,
    portfolio_overview,
    project_log,
    resumption_rates,
)
from groundbreak.projects.tables import GroundbreakingBatchTable, ProjectTable

PAGE_SIZES = (25, 50, 100)


@login_required
def project_list(request):
    projects = Project.objects.restrict(request.user, "view").select_related(
        "region", "owner_unit", "sector", "leader_in_charge", "department_in_charge"
    )
    filterset = ProjectFilterSet(request.GET, queryset=projects, user=request.user)
    filtered = filterset.qs.distinct()
    if request.GET.get("export") == "xlsx":
        table = ProjectTable(filtered, plan_year=filterset.plan_year)
        rows = rows_as_listed(table, request).prefetch_related("key_levels")
        return xlsx_response(
            _("Project list"),
            project_columns(filterset.plan_year),
            rows,
            "projects",
            filters=describe_filters(filterset, table),
        )
    totals = filtered.aggregate(
        count=Count("pk"), total=MoneySum("total_investment"), plan=MoneySum("annual_plan")
    )
    table = ProjectTable(filtered, plan_year=filterset.plan_year)
    paginate_table(request, table)
    return render(
        request,
        "projects/project_list.html",
        {
            "filter": filterset,
            "table": table,
            "totals": totals,
            "plan_year": filterset.plan_year,
            "can_create": services.can_create_projects(request.user),
            "export_query": _query_with(request, export="xlsx"),
        },
    )


def _query_with(request, **extra):
    query = request.GET.copy()
    query.pop("page", None)
    for key, value in extra.items():
        query[key] = value
    return query.urlencode()


@login_required
def project_detail(request, pk):
    project = services.get_project_for(request.user, pk)
    may_change = Project.objects.restrict(request.user, "change").filter(pk=pk).exists()
    return render(
        request,
        "projects/project_detail.html",
        {
            "project": project,
            "may_change": may_change,
            "transitions": project.transitions.select_related("recorded_by"),
            "work_events": project.work_events.all(),
            "batches": project.batches.all(),
            "changes": project_log(project),
            "plans": project.plans.all(),
            "stage_form": StageChangeForm(project=project) if may_change else None,
            "statistics_form": StatisticsEntryForm()
            if may_change and services.can_enter_statistics(project)
            else None,
            "work_form": WorkStatusForm()
            if may_change and services.can_record_work_status(project)
            else None,
            "panels": panels_for(request, project),
        },
    )


def _project_fields(form):
    data = dict(form.cleaned_data)
    data.pop("version", None)
    key_levels = data.pop("key_levels", [])
    data.pop("plan_year", None)
    data.pop("annual_plan", None)
    data["plans"] = form.plans()
    return data, key_levels


@login_required
def project_create(request):
    if not services.can_create_projects(request.user):
        raise PermissionDenied(_("You may not register projects."))
    form = ProjectForm(request.POST or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        fields, key_levels = _project_fields(form)
        try:
            project = services.create_project(by=request.user, key_levels=key_levels, **fields)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("Project registered."))
            return redirect(project)
    return render(request, "projects/project_form.html", {"form": form})


@login_required
def project_edit(request, pk):
    project = services.get_project_for(request.user, pk, "change")
    form = ProjectForm(request.POST or None, instance=project, user=request.user)
    if request.method == "POST" and form.is_valid():
        fields, key_levels = _project_fields(form)
        try:
            services.update_project(
                project,
                by=request.user,
                version=form.cleaned_data.get("version"),
                key_levels=key_levels,
                **fields,
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("Changes saved."))
            return redirect(project)
    return render(request, "projects/project_form.html", {"form": form, "project": project})


def _post_action(request, pk, form_class, action, success, **form_kwargs):
    """Run a small POST form against a service and come back to the project page."""
    project = services.get_project_for(request.user, pk, "change")
    form = form_class(
        request.POST, **({"project": project} if form_kwargs.get("with_project") else {})
    )
    if form.is_valid():
        try:
            action(project, form.cleaned_data)
        except ValidationError as error:
            for message in error.messages:
                messages.error(request, message)
        else:
            messages.success(request, success)
    else:
        for field, errors in form.errors.items():
            label = form.fields[field].label if field in form.fields else ""
            for error in errors:
                messages.error(
                    request,
                    _("%(field)s: %(error)s") % {"field": label, "error": error}
                    if label
                    else error,
                )
    return redirect(project)


@login_required
@require_POST
def project_change_stage(request, pk):
    return _post_action(
        request,
        pk,
        StageChangeForm,
        lambda p, d: services.change_stage(p, by=request.user, **d),
        _("Stage changed."),
        with_project=True,
    )


@login_required
@require_POST
def project_enter_statistics(request, pk):
    return _post_action(
        request,
        pk,
        StatisticsEntryForm,
        lambda p, d: services.mark_in_statistics(p, by=request.user, date=d["date"]),
        _("Entry into the statistics recorded."),
    )


@login_required
@require_POST
def project_record_work_status(request, pk):
    return _post_action(
        request,
        pk,
        WorkStatusForm,
        lambda p, d: services.record_work_status(p, by=request.user, **d),
        _("Work status recorded."),
    )


@login_required
def batch_list(request):
    batches = GroundbreakingBatch.objects.restrict(request.user, "view").select_related("region")
    filterset = GroundbreakingBatchFilterSet(request.GET, queryset=batches)
    visible = Project.objects.restrict(request.user, "view")
    rows = filterset.qs.annotate(
        project_count=Count("projects", filter=_in(visible)),
        total=MoneySum("projects__total_investment", filter=_in(visible)),
    )
    table = GroundbreakingBatchTable(rows)
    paginate_table(request, table)
    return render(
        request,
        "projects/batch_list.html",
        {
            "filter": filterset,
            "table": table,
            "can_create": services.can_create_projects(request.user),
        },
    )


def _in(visible):
    from django.db.models import Q

    return Q(projects__in=visible)


@login_required
def batch_detail(request, pk):
    batch = get_object_or_404(GroundbreakingBatch.objects.restrict(request.user, "view"), pk=pk)
    return render(
        request,
        "projects/batch_detail.html",
        {
            "batch": batch,
            "figures": batch_figures(batch, request.user),
            "is_past": batch.date <= timezone.localdate(),
            "may_change": GroundbreakingBatch.objects.restrict(request.user, "change")
            .filter(pk=pk)
            .exists(),
        },
    )


@login_required
def batch_edit(request, pk=None):
    batch = None
    if pk is not None:
        batch = get_object_or_404(GroundbreakingBatch.objects.restrict(request.user, "view"), pk=pk)
        if not GroundbreakingBatch.objects.restrict(request.user, "change").filter(pk=pk).exists():
            raise PermissionDenied(_("You may look at this batch but not change it."))
    elif not services.can_create_projects(request.user):
        raise PermissionDenied(_("You may not record groundbreaking batches."))
    form = GroundbreakingBatchForm(request.POST or None, instance=batch, user=request.user)
    if request.method == "POST" and form.is_valid():
        instance = form.save(commit=False)
        try:
            services.save_batch(
                instance,
                by=request.user,
                projects=form.cleaned_data["projects"],
                version=form.cleaned_data.get("version"),
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("Batch saved."))
            return redirect("projects:batch_detail", pk=instance.pk)
    return render(request, "projects/batch_form.html", {"form": form, "batch": batch})


@login_required
def resumption(request):
    query = ResumptionQuery(request.GET)
    values = query.values()
    rows, total = resumption_rates(
        request.user,
        values["on_date"],
        group_by=values["group_by"],
        key_level=values["key_level"],
        field=values["field"],
    )
    return render(
        request,
        "projects/resumption.html",
        {
            "rows": rows,
            "total": total,
            **values,
            "errors": query.errors,
            "key_levels": KeyProjectLevel.objects.all(),
            "fields": ProjectField.choices,
        },
        status=400 if query.errors else 200,
    )


@login_required
def overview(request):
    stages, rows, total = portfolio_overview(
        request.user, year=year_or_none(request.GET.get("year"))
    )
    return render(
        request, "projects/overview.html", {"stages": stages, "rows": rows, "total": total}
    )


@login_required
def project_template(request):
    """The project-list template of a county, pre-filled with the projects the user may change."""
    from django.http import HttpResponse, HttpResponseBadRequest

    from groundbreak.projects.exports import build_template
    from groundbreak.regions.models import Region

    user = request.user
    if not services.can_create_projects(user):
        raise PermissionDenied(_("Templates are for city and county staff."))
    regions = (
        Region.objects.all()
        if user.sees_whole_city
        else Region.objects.filter(pk__in=user.region.descendant_ids())
    )
    query = TemplateQuery(request.GET, regions=regions)
    if not query.is_valid():
        return HttpResponseBadRequest(
            "\n".join(f"{name}: {' '.join(errors)}" for name, errors in query.errors.items()),
            content_type="text/plain; charset=utf-8",
        )
    region = query.cleaned_data["region"] or (
        regions.filter(parent__isnull=True).first() if user.sees_whole_city else user.region
    )
    year = query.cleaned_data["year"] or timezone.localdate().year
    projects = (
        Project.objects.restrict(user, "change")
        .filter(region_id__in=region.descendant_ids())
        .select_related("owner_unit", "sector", "leader_in_charge", "department_in_charge")
        .prefetch_related("plans")
        .order_by("region__sort_order", "name")
    )
    response = HttpResponse(
        build_template(region, projects, year=year),
        content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    )
    response["Content-Disposition"] = f'attachment; filename="template-{region.code}-{year}.xlsx"'
    return response
