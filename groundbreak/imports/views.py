from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import FileResponse, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from groundbreak.accounts.models import Role
from groundbreak.core.messages import stored_text
from groundbreak.core.views import add_service_errors
from groundbreak.imports import services
from groundbreak.imports.forms import UploadForm
from groundbreak.imports.models import ImportRecord, ImportStatus
from groundbreak.imports.preview import warnings_in_reader_language
from groundbreak.imports.registry import handler_for

SHOWN = 500


def _may_upload(user):
    return user.is_superuser or user.role in (Role.CITY, Role.COUNTY)


@login_required
def import_list(request):
    if not _may_upload(request.user) and not ImportRecord.objects.restrict(request.user).exists():
        raise PermissionDenied(_("Imports are for city and county staff."))
    form = None
    if _may_upload(request.user):
        # ?kind= preselects the kind (a page that offers its own table's upload links here).
        initial = {"kind": request.GET["kind"]} if request.GET.get("kind") else None
        form = UploadForm(
            request.POST or None, request.FILES or None, user=request.user, initial=initial
        )
        if request.method == "POST" and form.is_valid():
            upload = form.cleaned_data["file"]
            try:
                record = services.start_import(
                    kind=form.cleaned_data["kind"],
                    region=form.cleaned_data["region"],
                    content=upload.read(),
                    filename=upload.name,
                    by=request.user,
                    options=form.options(),
                )
            except ValidationError as error:
                add_service_errors(form, error)
            else:
                return redirect(record)
    records = (
        ImportRecord.objects.restrict(request.user)
        .select_related("region", "created_by")
        .defer("preview")[:50]
    )
    period = form.fields.get("period") if form else None
    return render(
        request,
        "imports/import_list.html",
        {
            "form": form,
            "records": records,
            "periods": period.queryset if period else (),
            "current_period": period.initial if period else None,
        },
    )


def _record_for(request, pk):
    return get_object_or_404(
        ImportRecord.objects.restrict(request.user).select_related("region"), pk=pk
    )


@login_required
def import_detail(request, pk):
    record = _record_for(request, pk)
    preview = record.preview or {}
    rows = preview.get("rows", [])
    show = request.GET.get("show", "changes")
    if show == "changes":
        listed = [r for r in rows if r["action"] != "unchanged"]
    else:
        listed = rows
    choose = [r for r in rows if r["action"] == "choose"]
    refusals, checks = preview.get("refusals", []), preview.get("checks", [])
    # A page shows at most SHOWN of each list, and says how many more there are (a table of a
    # million refused rows made a page of 160 MB).
    checks = sorted(checks, key=lambda c: c["ok"])  # the mismatches first
    return render(
        request,
        "imports/import_detail.html",
        {
            "record": record,
            "preview": preview,
            "rows": warnings_in_reader_language(listed[:SHOWN]),
            "more_rows": max(0, len(listed) - SHOWN),
            "refusals": [
                {**r, "reason": stored_text(r["reason"], r.get("reason_id"))}
                for r in refusals[:SHOWN]
            ],
            "more_refusals": max(0, len(refusals) - SHOWN),
            "choose": choose[:SHOWN],
            "more_choose": max(0, len(choose) - SHOWN),
            "checks": checks[:SHOWN],
            "more_checks": max(0, len(checks) - SHOWN),
            "show": show,
            "reading": record.status == ImportStatus.READING,
            "may_confirm": record.status == ImportStatus.PREVIEWED
            and services.may_import_into(request.user, record.region),
            "mismatches": [c for c in checks if not c["ok"]],
            **_ignored_columns(request.user, record, preview),
        },
    )


def _ignored_columns(user, record, preview):
    """The columns the preview leaves unused, and the fields the user may say they mean (those
    of the kind that no column fills yet), if the user may import into the region."""
    ignored = list(enumerate(preview.get("ignored_headers") or []))
    may_map = (
        bool(ignored)
        and record.status not in (ImportStatus.APPLIED, ImportStatus.READING, ImportStatus.FAILED)
        and services.may_import_into(user, record.region)
    )
    choices = []
    if may_map:
        used = {column["field"] for column in preview.get("columns", [])}
        choices = [(f, label) for f, label in handler_for(record.kind).fields() if f not in used]
    return {
        "ignored_columns": ignored,
        "may_map": may_map and bool(choices),
        "field_choices": choices,
    }


@login_required
def import_progress(request, pk):
    record = _record_for(request, pk)
    return JsonResponse({"status": record.status, "progress": record.progress})


@login_required
@require_POST
def import_decide(request, pk):
    record = _record_for(request, pk)
    if not services.may_import_into(request.user, record.region):
        raise PermissionDenied
    decisions = {
        key.removeprefix("match_"): value
        for key, value in request.POST.items()
        if key.startswith("match_") and value
    }
    try:
        services.preview_import(record, decisions=decisions)
    except ValidationError as error:
        for message in error.messages:
            messages.error(request, message)
    return redirect(record)


@login_required
@require_POST
def import_map_columns(request, pk):
    """The user says what unused columns mean: kept for the region's imports, previewed again."""
    record = _record_for(request, pk)
    ignored = (record.preview or {}).get("ignored_headers") or []
    mapping = {}
    for key, field in request.POST.items():
        index = key.removeprefix("column_")
        if key.startswith("column_") and index.isdigit() and int(index) < len(ignored) and field:
            mapping[ignored[int(index)]] = field
    try:
        services.map_columns(record, mapping, by=request.user)
    except ValidationError as error:
        for message in error.messages:
            messages.error(request, message)
    else:
        if mapping:
            messages.success(
                request,
                _("The columns are read as chosen, in this and later imports into %(region)s.")
                % {"region": record.region},
            )
    return redirect(record)


@login_required
@require_POST
def import_confirm(request, pk):
    record = _record_for(request, pk)
    try:
        record = services.confirm_import(record, by=request.user)
    except ValidationError as error:
        for message in error.messages:
            messages.error(request, message)
    else:
        message = handler_for(record.kind).applied_message
        messages.success(request, message % record.result)
    return redirect(record)


@login_required
def import_file(request, pk):
    record = _record_for(request, pk)
    return FileResponse(record.file.open("rb"), as_attachment=True, filename=record.filename)
