"""Pages of dispatch: the 三督 lists (with .xlsx), meetings with their agenda (.docx) and
minutes, supervision items with their steps and their printable 督办单."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from groundbreak.core.filters import id_or_none
from groundbreak.core.views import add_service_errors
from groundbreak.dispatch import documents, rules, selectors, services
from groundbreak.dispatch.choices import Action
from groundbreak.dispatch.forms import DecisionForm, LineForm, MeetingForm, MinutesForm, StepForm
from groundbreak.dispatch.models import AgendaLine, ItemStep, Meeting, SupervisionItem
from groundbreak.regions.models import Region


def _date(request):
    from datetime import date

    try:
        return date.fromisoformat(request.GET.get("on", ""))
    except ValueError:
        return selectors.default_date()


def _region(request):
    pk = id_or_none(request.GET.get("region"))
    if pk:
        return Region.objects.filter(pk=pk).first()
    return None


def _sandu(request, name):
    if name not in selectors.LISTS:
        raise Http404
    on_date, region = _date(request), _region(request)
    projects = selectors.scoped_projects(request.user, region=region)
    return on_date, region, selectors.sandu_list(name, projects, on_date)


@login_required
def sandu_list(request, name):
    """One of the 三督 lists, for the city or one county, on a date."""
    on_date, region, rows = _sandu(request, name)
    return render(request, "dispatch/sandu.html", {
        "name": name, "title": selectors.LISTS[name], "lists": selectors.LISTS, "rows": rows,
        "on_date": on_date, "region": region,
        "counties": selectors.county_choices(request.user),
    })  # fmt: skip


@login_required
def sandu_export(request, name):
    on_date, region, rows = _sandu(request, name)
    title = str(selectors.LISTS[name]) + (f"（{region}）" if region else "")
    return documents.sandu_xlsx(name, title, rows, on_date)


# --- meetings -------------------------------------------------------------------------------


def _meeting(user, pk, action="view"):
    meeting = get_object_or_404(Meeting.objects.restrict(user, "view"), pk=pk)
    if action != "view" and not rules.may_draft(user):
        raise PermissionDenied(_("Only city staff may change meetings."))
    return meeting


@login_required
def meeting_list(request):
    meetings = Meeting.objects.restrict(request.user).select_related("region", "sector")
    return render(request, "dispatch/meeting_list.html", {
        "meetings": meetings, "may_hold": rules.may_draft(request.user),
        "lists": selectors.LISTS,
    })  # fmt: skip


@login_required
def meeting_create(request):
    if not rules.may_draft(request.user):
        raise PermissionDenied(_("Only city staff may hold meetings."))
    form = MeetingForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            meeting = services.save_meeting(
                form.save(commit=False), by=request.user, projects=form.cleaned_data["projects"]
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            services.generate_agenda(meeting, by=request.user)
            return redirect(meeting)
    return render(request, "dispatch/meeting_form.html", {"form": form})


@login_required
def meeting_detail(request, pk):
    meeting = _meeting(request.user, pk)
    may_edit = rules.may_draft(request.user)
    return render(request, "dispatch/meeting_detail.html", {
        "meeting": meeting,
        "lines": meeting.lines.select_related("project").order_by("position", "pk"),
        "items": meeting.items.select_related("responsible_region", "responsible_department"),
        "may_edit": may_edit,
        "line_form": LineForm() if may_edit else None,
        "minutes_form": MinutesForm(initial={"minutes": meeting.minutes}) if may_edit else None,
        "decision_form": DecisionForm(meeting=meeting) if may_edit else None,
    })  # fmt: skip


def _done(request, error=None, ok=""):
    if error is not None:
        for message in getattr(error, "messages", [str(error)]):
            messages.error(request, message)
    elif ok:
        messages.success(request, ok)


@login_required
@require_POST
def meeting_generate(request, pk):
    meeting = _meeting(request.user, pk, "change")
    services.generate_agenda(meeting, by=request.user)
    _done(request, ok=_("Agenda generated."))
    return redirect(meeting)


@login_required
@require_POST
def line_add(request, pk):
    meeting = _meeting(request.user, pk, "change")
    form = LineForm(request.POST)
    try:
        if not form.is_valid():
            raise ValidationError(_("Write the line."))
        services.add_line(meeting, by=request.user, text=form.cleaned_data["text"])
    except ValidationError as error:
        _done(request, error)
    return redirect(meeting)


LINE_ACTIONS = ("up", "down", "drop", "restore")


@login_required
@require_POST
def line_action(request, pk, action):
    line = get_object_or_404(
        AgendaLine.objects.filter(meeting__in=Meeting.objects.restrict(request.user)), pk=pk
    )
    if action not in LINE_ACTIONS:
        raise Http404
    _meeting(request.user, line.meeting_id, "change")
    if action in ("up", "down"):
        services.move_line(line, by=request.user, up=action == "up")
    else:
        services.drop_line(line, by=request.user, dropped=action == "drop")
    return redirect(line.meeting)


@login_required
@require_POST
def meeting_minutes(request, pk):
    meeting = _meeting(request.user, pk, "change")
    form = MinutesForm(request.POST)
    if form.is_valid():
        services.save_minutes(meeting, by=request.user, minutes=form.cleaned_data["minutes"])
        _done(request, ok=_("Minutes saved."))
    return redirect(meeting)


@login_required
@require_POST
def decision_add(request, pk):
    meeting = _meeting(request.user, pk, "change")
    form = DecisionForm(request.POST, meeting=meeting)
    try:
        if not form.is_valid():
            raise ValidationError([f"{k}: {' '.join(v)}" for k, v in form.errors.items()])
        services.record_decision(meeting, by=request.user, **form.cleaned_data)
    except ValidationError as error:
        _done(request, error)
    else:
        _done(request, ok=_("Decision recorded as a drafted supervision item."))
    return redirect(meeting)


@login_required
def meeting_docx(request, pk):
    meeting = _meeting(request.user, pk)
    response = HttpResponse(documents.agenda_docx(meeting), content_type=documents.DOCX_TYPE)
    response["Content-Disposition"] = f'attachment; filename="agenda-{meeting.date}.docx"'
    return response


# --- supervision items ----------------------------------------------------------------------


def _item(user, pk):
    return get_object_or_404(
        SupervisionItem.objects.restrict(user, "view").select_related(
            "meeting", "responsible_region", "responsible_department"
        ),
        pk=pk,
    )


@login_required
def item_list(request):
    items = SupervisionItem.objects.restrict(request.user).select_related(
        "responsible_region", "responsible_department", "meeting"
    )
    status = request.GET.get("status")
    if status:
        items = items.filter(status=status)
    return render(request, "dispatch/item_list.html", {
        "items": items, "on_date": selectors.default_date(), "lists": selectors.LISTS,
    })  # fmt: skip


@login_required
def item_detail(request, pk):
    item = _item(request.user, pk)
    actions = [(a, Action(a).label) for a in rules.allowed_actions(request.user, item)]
    return render(request, "dispatch/item_detail.html", {
        "item": item, "steps": item.steps.select_related("by"), "actions": actions,
        "form": StepForm() if actions else None, "on_date": selectors.default_date(),
        "fields": documents.item_fields(item),
    })  # fmt: skip


@login_required
@require_POST
def item_action(request, pk, action):
    item = _item(request.user, pk)
    if action not in rules.STEPS:
        raise Http404
    found = rules.refusal(request.user, item, action)
    if found is not None and found.kind != rules.Kind.INVALID:
        raise found.exception()
    form = StepForm(request.POST, request.FILES)
    try:
        if not form.is_valid():
            raise ValidationError([f"{k}: {' '.join(v)}" for k, v in form.errors.items()])
        upload = form.cleaned_data["evidence"]
        services.act(item, action, by=request.user, note=form.cleaned_data["note"],
                     evidence=upload.read() if upload else None,
                     evidence_name=upload.name if upload else "")  # fmt: skip
    except (ValidationError, PermissionDenied) as error:
        _done(request, error)
    else:
        _done(request, ok=_("Done: %(action)s.") % {"action": Action(action).label})
    return redirect(item)


@login_required
def item_print(request, pk):
    item = _item(request.user, pk)
    return render(request, "dispatch/item_print.html", {
        "item": item, "fields": documents.item_fields(item),
    })  # fmt: skip


@login_required
def item_docx(request, pk):
    item = _item(request.user, pk)
    response = HttpResponse(documents.item_docx(item), content_type=documents.DOCX_TYPE)
    response["Content-Disposition"] = f'attachment; filename="supervision-{item.pk}.docx"'
    return response


@login_required
def step_evidence(request, pk):
    step = get_object_or_404(
        ItemStep.objects.filter(item__in=SupervisionItem.objects.restrict(request.user, "view")),
        pk=pk,
    )
    if not step.evidence:
        raise Http404
    return FileResponse(step.evidence.open("rb"), as_attachment=True,
                        filename=step.evidence_name or "evidence")  # fmt: skip
