"""The to-complete list (待补全): the projects a county registered without every value, with
what each lacks, filled in place or through its export and the project-list import."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.shortcuts import redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop
from django.views.decorators.http import require_POST

from groundbreak.core.exports import describe_filters, xlsx_response
from groundbreak.projects import services
from groundbreak.projects.exports import to_complete_columns
from groundbreak.projects.filtersets import ProjectFilterSet
from groundbreak.projects.forms import CompleteForm
from groundbreak.projects.models import Project, missing_label
from groundbreak.projects.selectors import owner_units_for

PER_PAGE = 50


def incomplete_projects(user):
    """The incomplete projects ``user`` may see: the scope rule, then the completeness test."""
    return (
        Project.objects.restrict(user, "view")
        .incomplete()
        .select_related("region", "owner_unit", "sector")
        .order_by("region__sort_order", "name", "pk")
    )


@login_required
def to_complete(request):
    filterset = ProjectFilterSet(
        request.GET, queryset=incomplete_projects(request.user), user=request.user
    )
    projects = filterset.qs
    if request.GET.get("export") == "xlsx":
        return xlsx_response(
            _("Projects to complete"),
            to_complete_columns(),
            projects,
            "to-complete",
            filters=describe_filters(filterset),
        )
    counts = projects.missing_counts()
    page = Paginator(projects, PER_PAGE).get_page(request.GET.get("page"))
    changeable = set(
        Project.objects.restrict(request.user, "change")
        .filter(pk__in=[p.pk for p in page])
        .values_list("pk", flat=True)
    )
    rows = [
        (p, CompleteForm(instance=p, user=request.user) if p.pk in changeable else None)
        for p in page
    ]
    query = request.GET.copy()
    query.pop("page", None)
    return render(
        request,
        "projects/to_complete.html",
        {
            "filter": filterset,
            "rows": rows,
            "page": page,
            "count": page.paginator.count,
            "counts": [
                {"field": name, "label": missing_label(name), "count": n}
                for name, n in counts.items()
                if n
            ],
            "query": query.urlencode(),
            "export_query": _with(query, export="xlsx"),
            "here": request.get_full_path(),
            "may_import": services.can_create_projects(request.user),
            "owner_names": owner_units_for(request.user).values_list("name", flat=True)
            if changeable
            else (),
        },
    )


def _with(query, **extra):
    query = query.copy()
    for key, value in extra.items():
        query[key] = value
    return query.urlencode()


@login_required
@require_POST
def project_complete(request, pk):
    """Fill a project's missing values from its row of the to-complete list, through the
    project update service (history, version, the record's rules)."""
    project = services.get_project_for(request.user, pk, "change")
    form = CompleteForm(request.POST, instance=project, user=request.user)
    if form.is_valid():
        filled = form.filled()
        if not filled:
            messages.info(request, _("Nothing filled in for %(name)s.") % {"name": project.name})
        else:
            try:
                services.update_project(
                    project,
                    by=request.user,
                    version=form.cleaned_data["version"],
                    reason=gettext_noop("Gaps filled"),
                    **filled,
                )
            except ValidationError as error:
                for message in error.messages:
                    messages.error(request, f"{project.name}: {message}")
            else:
                messages.success(request, _("%(name)s: saved.") % {"name": project.name})
    else:
        for field, errors in form.errors.items():
            label = form.fields[field].label if field in form.fields else ""
            for error in errors:
                messages.error(request, f"{project.name}: {label} {error}".replace("  ", " "))
    target = request.POST.get("next", "")
    if not url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()}):
        target = ""
    return redirect(target or "projects:to_complete")
