"""The planning pages: the accounts of a year with drill-down, what would close the gap, the
quarterly balance, the reserve and pipeline, targets, weights, figures and locks. City staff and
county bureaus keep them, city leaders and auditors read them; departments and owners get 403
(the accounts are a region's, not a project's: their projects' part is on the project pages)."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from groundbreak.planning import pipeline, selectors, services
from groundbreak.planning.choices import DEFAULT_PATTERN, WeightKey
from groundbreak.planning.forms import FigureForm, TargetForm, ThresholdForm
from groundbreak.planning.models import (
    AccountLock,
    InvestmentTarget,
    RegionFigure,
    may_use_planning,
    planning_region_ids,
)
from groundbreak.projects.models import Project
from groundbreak.regions.models import Region
from groundbreak.reporting.models import ReportingPeriod


def _guard(request):
    if not may_use_planning(request.user):
        raise PermissionDenied(_("The accounts are kept by the city and the counties."))


def _year(request):
    """The year asked for (404 outside 1990–2100), else the latest with targets, else this year."""
    text = request.GET.get("year") or request.POST.get("year") or ""
    if not text:
        latest = InvestmentTarget.objects.order_by("-year").values_list("year", flat=True).first()
        return latest or timezone.localdate().year
    if not text.isdigit() or not 1990 <= int(text) <= 2100:
        raise Http404
    return int(text)


def _period(request, year):
    month = request.GET.get("month")
    if month and month.isdigit() and len(month) <= 2:
        return selectors.period_of(year, int(month))
    return selectors.latest_period(year)


def _region(request, default=False):
    """The region asked for (404 outside the user's scope); with ``default``, a page opened
    without one shows the user's county, or the city."""
    ids = planning_region_ids(request.user, "view")
    if default and not (request.GET.get("region") or request.POST.get("region")):
        region = request.user.region if request.user.role == "county" else None
        region = region or Region.objects.filter(parent__isnull=True).order_by("pk").first()
        if region is None:
            raise Http404
        return region
    try:
        region = Region.objects.get(
            pk=int(request.GET.get("region") or request.POST.get("region") or 0)
        )
    except (ValueError, OverflowError, Region.DoesNotExist):
        raise Http404 from None
    if ids != "all" and region.pk not in ids:
        raise Http404
    return region


@login_required
def accounts_page(request):
    """The three accounts per region (city first) with the gap and the projection."""
    _guard(request)
    year = _year(request)
    period = _period(request, year)
    lines = selectors.accounts(user=request.user, year=year, period=period)
    locks = {}
    if period:
        for lock in (
            AccountLock.objects.restrict(request.user)
            .held()
            .filter(period=period)
            .select_related("locked_by")
        ):
            locks.setdefault(lock.region_id, []).append(lock)
    for line in lines:
        line.locks = locks.get(line.region.pk, [])
        line.may_lock = line.region.parent_id is not None and services.level_of(request.user) in {
            "city", "county"} and request.user.role != "auditor" and not any(
            lk.level == services.level_of(request.user) for lk in line.locks)  # fmt: skip
    periods = ReportingPeriod.objects.filter(year=year).order_by("last_month")
    return render(request, "planning/accounts.html", {
        "year": year, "period": period, "periods": periods, "lines": lines,
        "pattern": DEFAULT_PATTERN, "may_enter": planning_region_ids(request.user, "change") is not None,
    })  # fmt: skip


@login_required
def account_projects(request):
    """The projects behind one line of the accounts (drill-down)."""
    _guard(request)
    year = _year(request)
    region = _region(request, default=True)
    account = request.GET.get("account") or "stock"
    if account not in ("stock", "increment", "actual"):
        raise Http404
    rows = selectors.line_projects(user=request.user, year=year, region=region, account=account,
                                   period=_period(request, year))  # fmt: skip
    titles = {"stock": _("Stock account"), "increment": _("Increment account"), "actual": _("Completed this year")}  # fmt: skip
    return render(request, "planning/account_projects.html", {
        "year": year, "region": region, "account": account, "title": titles[account], "rows": rows,
        "total": sum((p.counted for p in rows), selectors.ZERO),
        "can_mark": account == "increment" and planning_region_ids(request.user, "change") is not None,
    })  # fmt: skip


@login_required
@require_POST
def readiness(request, pk):
    """Mark a project in preparation as having all its approvals (要件齐备), or not: its start
    weight in the increment account follows."""
    _guard(request)
    project = get_object_or_404(Project.objects.restrict(request.user, "view"), pk=pk)
    complete = request.POST.get("approvals_complete") == "1"
    try:
        services.set_readiness(project, by=request.user, approvals_complete=complete)
        messages.success(request, _("%(project)s: all approvals obtained.") % {"project": project}
                         if complete else _("%(project)s: approvals not complete.") % {"project": project})  # fmt: skip
    except PermissionDenied as error:
        messages.error(request, str(error))
    back = request.POST.get("next") or ""
    if not url_has_allowed_host_and_scheme(back, {request.get_host()}, request.is_secure()):
        back = reverse("planning:accounts")
    return redirect(back)


@login_required
def close_gap(request):
    """The projects in preparation whose earlier start would close a region's gap."""
    _guard(request)
    year = _year(request)
    region = _region(request, default=True)
    period = _period(request, year)
    line = next((ln for ln in selectors.accounts(user=request.user, year=year, period=period)
                 if ln.region == region), None)  # fmt: skip
    gap = line.gap if line else None
    rows, total = selectors.closing_projects(user=request.user, year=year, region=region, gap=gap, period=period)  # fmt: skip
    return render(request, "planning/close_gap.html", {
        "year": year, "region": region, "line": line, "gap": gap, "rows": rows, "total": total,
        "covered": gap is not None and total >= gap,
    })  # fmt: skip


@login_required
def quarterly(request):
    _guard(request)
    year = _year(request)
    return render(request, "planning/quarterly.html",
                  {"year": year, "rows": selectors.quarterly(user=request.user, year=year)})  # fmt: skip


@login_required
def reserve(request):
    """The reserve against its threshold per region (the city sets the thresholds here), the
    pipeline's flow and stage ageing."""
    _guard(request)
    year = _year(request)
    is_city = services.level_of(request.user) == "city" and request.user.role != "auditor"
    form = ThresholdForm(request.POST or None, regions=selectors.visible_regions(request.user)) if is_city else None  # fmt: skip
    if request.method == "POST":
        if form is None:
            raise PermissionDenied(_("Only city staff may do this."))
        if form.is_valid():
            services.set_reserve_threshold(form.cleaned_data["region"], year, by=request.user,
                                           amount=form.cleaned_data["amount"])  # fmt: skip
            messages.success(request, _("Threshold saved."))
            return redirect(f"{request.path}?year={year}")
    on = min(timezone.localdate(), selectors.date(year, 12, 31))
    return render(request, "planning/reserve.html", {
        "year": year, "form": form, "reserves": pipeline.reserves(user=request.user, year=year),
        "flow": pipeline.flow(user=request.user, year=year),
        "ageing": pipeline.stage_ageing(user=request.user, on_date=on),
    })  # fmt: skip


@login_required
def targets(request):
    """The targets of a year: the city sets them, a county sees its own; the counties' sum
    against the city's, the difference shown."""
    _guard(request)
    year = _year(request)
    regions = selectors.visible_regions(request.user)
    is_city = services.level_of(request.user) == "city" and request.user.role != "auditor"
    form = TargetForm(request.POST or None, regions=regions) if is_city else None
    if request.method == "POST":
        if form is None:
            raise PermissionDenied
        if form.is_valid():
            try:
                services.set_target(form.cleaned_data["region"], year, by=request.user,
                                    base_amount=form.cleaned_data["base_amount"],
                                    growth_rate=form.cleaned_data["growth_rate"],
                                    quarter_shares=form.quarter_shares(),
                                    version=_current_version(form.cleaned_data["region"], year))  # fmt: skip
                messages.success(request, _("Target saved."))
                return redirect(f"{request.path}?year={year}")
            except ValidationError as error:
                form.add_error(None, error)
    rows = {
        t.region_id: t for t in InvestmentTarget.objects.restrict(request.user).filter(year=year)
    }
    lines = [(r, rows.get(r.pk)) for r in regions]
    counties = [t for r, t in lines if t is not None and r.parent_id is not None]
    city_target = next((t for r, t in lines if t is not None and r.parent_id is None), None)
    county_sum = sum((t.amount for t in counties), selectors.ZERO)
    difference = (county_sum - city_target.amount) if city_target and counties else None
    return render(request, "planning/targets.html", {
        "year": year, "lines": lines, "form": form, "county_sum": county_sum,
        "city_target": city_target, "difference": difference,
    })  # fmt: skip


def _current_version(region, year):
    return (
        InvestmentTarget.objects.filter(region=region, year=year)
        .values_list("version", flat=True)
        .first()
    )


@login_required
def weights(request):
    """The start-likelihood table: everyone who uses the accounts reads it, the city edits it."""
    _guard(request)
    if request.method == "POST":
        try:
            services.set_start_weight(request.POST.get("key", ""), by=request.user,
                                      weight=selectors.Decimal(request.POST.get("weight") or "x"))  # fmt: skip
            messages.success(request, _("Weight saved."))
        except (ValidationError, ArithmeticError) as error:
            messages.error(request, "; ".join(getattr(error, "messages", [str(error)])))
        return redirect("planning:weights")
    from groundbreak.planning.models import StartWeight

    table = selectors.weights()
    history = StartWeight.history.select_related("history_user").order_by("-history_date")[:20]
    return render(request, "planning/weights.html", {
        "rows": [(key, label, table[key]) for key, label in WeightKey.choices],
        "may_edit": services.level_of(request.user) == "city" and request.user.role != "auditor",
        "history": history,
    })  # fmt: skip


@login_required
@require_POST
def figure_save(request):
    """Enter a county's other investment and last year's figure for a period."""
    _guard(request)
    region = _region(request)
    period = get_object_or_404(ReportingPeriod, pk=request.POST.get("period") or 0)
    form = FigureForm(request.POST)
    if form.is_valid():
        values = {
            k: v for k, v in form.cleaned_data.items() if k != "correction_reason" and v is not None
        }
        current = RegionFigure.objects.filter(region=region, period=period).values_list("version", flat=True).first()  # fmt: skip
        try:
            services.save_region_figure(region, period, by=request.user, version=current,
                                        correction_reason=form.cleaned_data["correction_reason"], **values)  # fmt: skip
            messages.success(request, _("Figures saved."))
        except (ValidationError, PermissionDenied) as error:
            messages.error(request, " ".join(getattr(error, "messages", None) or [str(error)]))
    else:
        messages.error(request, _("Check the figures."))
    return redirect(f"{selectors_url()}?year={period.year}&month={period.last_month}")


def selectors_url():
    from django.urls import reverse

    return reverse("planning:accounts")


@login_required
@require_POST
def lock(request):
    _guard(request)
    region = _region(request)
    period = get_object_or_404(ReportingPeriod, pk=request.POST.get("period") or 0)
    try:
        services.lock_accounts(region, period, by=request.user)
        messages.success(request, _("Accounts locked."))
    except (ValidationError, PermissionDenied) as error:
        messages.error(request, " ".join(getattr(error, "messages", None) or [str(error)]))
    return redirect(f"{selectors_url()}?year={period.year}&month={period.last_month}")


@login_required
@require_POST
def unlock(request, pk):
    _guard(request)
    held = get_object_or_404(AccountLock.objects.restrict(request.user), pk=pk)
    try:
        services.unlock_accounts(held, by=request.user)
        messages.success(request, _("Lock lifted."))
    except (ValidationError, PermissionDenied) as error:
        messages.error(request, " ".join(getattr(error, "messages", None) or [str(error)]))
    return redirect(f"{selectors_url()}?year={held.period.year}&month={held.period.last_month}")
