"""The finance pages: declarations (list, new, one with its readiness, documents, declare and
outcome), the channels' checklists with what each project lacks, the funding gaps per county
and sector (.xlsx for a 政银企 matchmaking meeting) and the use of funds. Everyone reads within
their projects' scope; city staff and county bureaus write."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from groundbreak.core.exports import Column, xlsx_response
from groundbreak.finance import selectors, services
from groundbreak.finance.choices import DeclarationStatus
from groundbreak.finance.forms import (
    ChecklistForm,
    DeclarationForm,
    DeclareForm,
    DocumentForm,
    MovementForm,
    OutcomeForm,
)
from groundbreak.finance.models import (
    Channel,
    Declaration,
    ProjectDocument,
    is_city,
    may_write_finance,
)
from groundbreak.projects.models import Project
from groundbreak.regions.models import Region, Sector


def _errors(request, error):
    for message in getattr(error, "messages", None) or [str(error)]:
        messages.error(request, message)


def _int(request, name):
    text = request.GET.get(name) or ""
    if not text:
        return None
    if not text.isdigit() or len(text) > 9:
        raise Http404
    return int(text)


def _year(request):
    year = _int(request, "year")
    if year is None:
        latest = Declaration.objects.order_by("-year").values_list("year", flat=True).first()
        return latest or timezone.localdate().year
    if not 1990 <= year <= 2100:
        raise Http404
    return year


def _pick(model, request, name):
    pk = _int(request, name)
    return get_object_or_404(model, pk=pk) if pk is not None else None


@login_required
def declaration_list(request):
    year = _year(request)
    channel = _pick(Channel, request, "channel")
    region = _pick(Region, request, "region")
    status = request.GET.get("status") or ""
    rows = Declaration.objects.restrict(request.user).filter(year=year)
    if channel:
        rows = rows.filter(channel=channel)
    if region:
        rows = rows.filter(project__region_id__in=region.descendant_ids())
    counts = selectors.declaration_counts(rows)
    if status in DeclarationStatus.values:
        rows = rows.filter(status=status)
    rows = selectors.with_readiness(list(rows.select_related("project__region", "channel")))
    return render(request, "finance/declaration_list.html", {
        "year": year, "rows": rows, "channels": Channel.objects.all(), "channel": channel,
        "regions": Region.objects.filter(parent__isnull=False), "region": region, "status": status,
        "statuses": DeclarationStatus.choices,
        "counts": [(label, counts.get(value, 0)) for value, label in DeclarationStatus.choices],
        "not_ready": sum(1 for d in rows if d.missing), "may_write": may_write_finance(request.user),
    })  # fmt: skip


@login_required
def declaration_create(request):
    if not may_write_finance(request.user):
        raise PermissionDenied(_("Only city staff and county bureaus prepare declarations."))
    projects = Project.objects.restrict(request.user, "change").order_by(
        "region__sort_order", "name"
    )
    form = DeclarationForm(request.POST or None, projects=projects,
                           initial={"year": timezone.localdate().year})  # fmt: skip
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            declaration = services.create_declaration(
                data["project"], data["channel"], by=request.user, year=data["year"],
                batch=data["batch"], amount_asked=data["amount_asked"], note=data["note"],
            )  # fmt: skip
            messages.success(request, _("Declaration prepared."))
            return redirect(declaration)
        except (ValidationError, PermissionDenied) as error:
            form.add_error(None, error)
    return render(request, "finance/declaration_form.html", {"form": form})


def _visible(request, pk):
    return get_object_or_404(
        Declaration.objects.restrict(request.user).select_related("project__region", "channel"),
        pk=pk,
    )


@login_required
def declaration_detail(request, pk):
    declaration = _visible(request, pk)
    selectors.with_readiness([declaration])
    required = list(declaration.channel.required_documents.all())
    documents = ProjectDocument.objects.filter(project=declaration.project).select_related("kind")
    may_write = may_write_finance(request.user) and Project.objects.restrict(
        request.user, "change").filter(pk=declaration.project_id).exists()  # fmt: skip
    return render(request, "finance/declaration_detail.html", {
        "d": declaration, "required": [(k, k not in declaration.missing) for k in required],
        "documents": documents, "may_write": may_write, "is_city": is_city(request.user),
        "declare_form": DeclareForm(), "outcome_form": OutcomeForm(), "document_form": DocumentForm(),
        "history": declaration.history.select_related("history_user").order_by("-history_date")[:20],
    })  # fmt: skip


@login_required
@require_POST
def declaration_declare(request, pk):
    declaration = _visible(request, pk)
    form = DeclareForm(request.POST)
    if form.is_valid():
        try:
            services.declare(declaration, by=request.user,
                             declared_on=form.cleaned_data["declared_on"],
                             override_reason=form.cleaned_data["override_reason"])  # fmt: skip
            messages.success(request, _("Declared."))
        except (ValidationError, PermissionDenied) as error:
            _errors(request, error)
    else:
        messages.error(request, _("Check the form."))
    return redirect(declaration)


@login_required
@require_POST
def declaration_outcome(request, pk):
    declaration = _visible(request, pk)
    form = OutcomeForm(request.POST)
    if form.is_valid():
        try:
            services.record_outcome(declaration, by=request.user, **form.cleaned_data)
            messages.success(request, _("Outcome recorded."))
        except (ValidationError, PermissionDenied) as error:
            _errors(request, error)
    else:
        messages.error(request, _("Check the form."))
    return redirect(declaration)


@login_required
@require_POST
def document_upload(request, project_pk):
    project = get_object_or_404(Project.objects.restrict(request.user), pk=project_pk)
    form = DocumentForm(request.POST, request.FILES)
    if form.is_valid():
        upload = form.cleaned_data["file"]
        try:
            services.upload_document(project, form.cleaned_data["kind"], by=request.user,
                                     content=upload, name=upload.name)  # fmt: skip
            messages.success(request, _("Document kept."))
        except (ValidationError, PermissionDenied) as error:
            _errors(request, error)
    else:
        messages.error(request, _("Choose the document and its file."))
    back = request.POST.get("next") or ""
    return redirect(back if back.startswith("/finance/") else "finance:declaration_list")


@login_required
def document_file(request, pk):
    """A document is served only to those who may see its project, always as a download."""
    document = get_object_or_404(ProjectDocument.objects.restrict(request.user), pk=pk)
    response = FileResponse(document.file.open("rb"), as_attachment=True,
                            filename=document.original_name or None)  # fmt: skip
    response["X-Content-Type-Options"] = "nosniff"
    return response


@login_required
def readiness(request):
    """Per channel its checklist and, for the projects declared or being prepared to it this
    year, what each lacks; city staff edit the checklist."""
    year = _year(request)
    channel = _pick(Channel, request, "channel") or Channel.objects.first()
    if channel is None:
        raise Http404
    form = None
    if is_city(request.user):
        form = ChecklistForm(request.POST or None,
                             initial={"required": channel.required_documents.all()})  # fmt: skip
        if request.method == "POST" and form.is_valid():
            services.set_required_documents(channel, by=request.user, kinds=form.cleaned_data["required"])  # fmt: skip
            messages.success(request, _("Checklist saved."))
            return redirect(f"{request.path}?channel={channel.pk}&year={year}")
    elif request.method == "POST":
        raise PermissionDenied(_("Only city staff edit the checklists."))
    rows = Declaration.objects.restrict(request.user).filter(year=year, channel=channel)
    rows = selectors.with_readiness(list(rows.select_related("project__region", "channel")))
    return render(request, "finance/readiness.html", {
        "year": year, "channel": channel, "channels": Channel.objects.all(), "form": form,
        "required": channel.required_documents.all(), "rows": rows,
        "lacking": [d for d in rows if d.missing],
        "history": channel.history.select_related("history_user").order_by("-history_date")[:10],
    })  # fmt: skip


def _gap_rows(request):
    year = _year(request)
    region = _pick(Region, request, "region")
    sector = _pick(Sector, request, "sector")
    rows = selectors.funding_gaps(user=request.user, year=year, region=region, sector=sector,
                                  only_gaps=request.GET.get("all") != "1")  # fmt: skip
    return year, region, sector, rows


@login_required
def gaps(request):
    year, region, sector, rows = _gap_rows(request)
    return render(request, "finance/gaps.html", {
        "year": year, "rows": rows, "region": region, "sector": sector,
        "regions": Region.objects.filter(parent__isnull=False), "sectors": Sector.objects.all(),
        "by_region": selectors.gap_totals(rows, "region"),
        "by_sector": selectors.gap_totals(rows, "sector"),
        "query": request.GET.urlencode(),
    })  # fmt: skip


@login_required
def gaps_export(request):
    year, region, sector, rows = _gap_rows(request)
    columns = [
        Column(_("county"), lambda p: p.region.name, width=10),
        Column(_("sector"), lambda p: p.sector.name if p.sector else "", width=16),
        Column(_("project code"), lambda p: p.code, width=24),
        Column(_("project"), lambda p: p.name, width=30),
        Column(_("total investment"), lambda p: p.total_investment, "money"),
        Column(_("secured sources"), lambda p: p.secured, "money"),
        Column(_("funding gap"), lambda p: p.gap, "money"),
        Column(_("plan of the year"), lambda p: p.annual_plan, "money"),
        Column(_("received this year"), lambda p: p.in_hand, "money"),
        Column(_("gap this year"), lambda p: p.year_gap, "money"),
        Column(_("contact person"), lambda p: p.contact_person, width=10),
        Column(_("contact phone"), lambda p: p.contact_phone, width=14),
    ]
    words = ", ".join(str(x) for x in (region, sector) if x)
    return xlsx_response(_("Funding gaps %(year)s") % {"year": year}, columns, rows,
                         f"funding-gaps-{year}", filters=words)  # fmt: skip


@login_required
def funds(request):
    year = _year(request)
    form = MovementForm(request.POST or None) if may_write_finance(request.user) else None
    if request.method == "POST":
        if form is None:
            raise PermissionDenied(_("Only city staff and county bureaus record funds."))
        if form.is_valid():
            data = dict(form.cleaned_data)
            try:
                project = services.project_by_code(data.pop("project_code"), by=request.user)
                services.record_movement(project, by=request.user, **data)
                messages.success(request, _("Recorded."))
                return redirect(f"{request.path}?year={year}")
            except (ValidationError, PermissionDenied) as error:
                form.add_error(None, error)
    on = min(timezone.localdate(), selectors.date(year, 12, 31))
    return render(request, "finance/funds.html", {
        "year": year, "rows": selectors.fund_use(user=request.user, year=year, on_date=on),
        "form": form, "on": on,
    })  # fmt: skip
