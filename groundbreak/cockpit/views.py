"""Pages of the cockpit: the user's own (city, county, or the projects in its charge), a county's,
the map's boundaries, and a short page saying how the figures are made."""

from django.contrib.auth.decorators import login_required
from django.db.models import Count
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.views.decorators.cache import cache_control

from groundbreak.accounts.models import Role
from groundbreak.cockpit.boundaries import city_geojson
from groundbreak.cockpit.charts import charts_for
from groundbreak.cockpit.selectors import Scope, account_of, as_of, figures, rows_for
from groundbreak.projects.models import GroundbreakingBatch, Project
from groundbreak.regions.models import Region, RegionKind

LAGGING_SHOWN = 10
POINTS_SHOWN = 500


def _regions():
    """{id: region} and the county (or zone) each region counts under, from one query."""
    regions = {r.pk: r for r in Region.objects.all()}

    def county_of(pk):
        region = regions.get(pk)
        while region is not None and region.kind not in (RegionKind.COUNTY, RegionKind.ZONE):
            region = regions.get(region.parent_id)
        return region.pk if region is not None else pk

    return regions, county_of


def _descendants(region, regions):
    ids, frontier = {region.pk}, [region.pk]
    while frontier:
        frontier = [r.pk for r in regions.values() if r.parent_id in frontier]
        ids.update(frontier)
    return frozenset(ids)


def _scope(user, region, regions, mine=False):
    projects = Project.objects.restrict(user, "view")
    if mine and user.role == Role.LEADER and user.leader_id:
        # 包保项目: the leader's own projects, a filter of the city they read.
        return Scope(projects.filter(leader_in_charge_id=user.leader_id), None, None, whole=False)
    if user.sees_whole_city:
        ids = _descendants(region, regions) if region else None
        return Scope(projects, region, ids, whole=True)
    if user.role == Role.COUNTY and user.region_id:
        own = _descendants(regions[user.region_id], regions)
        region = region or regions[user.region_id]
        if region.pk not in own:
            raise Http404
        ids = _descendants(region, regions)
        return Scope(projects.filter(region_id__in=ids), region, ids, whole=True)
    if region is not None:
        projects = projects.filter(region_id__in=_descendants(region, regions))
    return Scope(projects, region, None, whole=False)


def _city(regions):
    return next(
        (r for r in sorted(regions.values(), key=lambda r: r.code) if r.kind == RegionKind.CITY),
        None,
    )


def _page(request, region=None):
    user = request.user
    regions, county_of = _regions()
    mine = region is None and request.GET.get("mine") == "1"
    scope = _scope(user, region, regions, mine=mine)
    on_date, year, period = as_of()
    data, computed_at = rows_for(scope, year, period)
    numbers = figures(data, year=year, period=period, county_of=county_of)
    city = _city(regions)
    place = scope.region or city
    account = account_of(data, place if scope.whole else None)
    from groundbreak.alerts.models import Rule, Warning
    from groundbreak.dispatch.models import SupervisionItem

    # A whole-city or county scope is its regions: no need to repeat the projects' scope rule.
    warnings = (Warning.objects if scope.whole else Warning.objects.restrict(user, "view")).live()
    items = SupervisionItem.objects.restrict(user, "view").open()
    batches = GroundbreakingBatch.objects.restrict(user, "view").filter(
        date__year=year, date__lte=on_date
    )
    points = scope.projects.filter(latitude__isnull=False)
    if scope.region_ids is not None:
        warnings = warnings.filter(project__region_id__in=scope.region_ids)
        items = items.filter(responsible_region_id__in=scope.region_ids)
        batches = batches.filter(region_id__in=scope.region_ids)
    elif not scope.whole:
        warnings = warnings.filter(project__in=scope.projects)
    lag_rules = list(Rule.objects.filter(kind="investment_lag").values_list("pk", flat=True))
    lagging = list(
        warnings.filter(rule_id__in=lag_rules, level__gt=0)
        .select_related("project__region")
        .order_by("-level", "-value", "pk")[:LAGGING_SHOWN]
    )
    context = {
        "scope": scope,
        "place": place,
        "city": city,
        "year": year,
        "period": period,
        "on_date": on_date,
        "computed_at": computed_at,
        "n": numbers,
        "account": account,
        "target": account["target"],
        "gap": account["gap"],
        "growth": account["growth"] if account["growth"] is not None else numbers["growth"],
        "planning_query": _planning_query(user, year, period, place) if scope.whole else None,
        "lagging": lagging,
        "batches": list(batches.annotate(n=Count("projects")).order_by("-date")[:5]),
        "items": list(items.select_related("responsible_region").order_by("deadline")[:8]),
        "items_count": items.count(),
        "screen": request.GET.get("display") == "screen",
        "mine": mine and not scope.whole,
        "leads": user.role == Role.LEADER and bool(user.leader_id),
    }
    context["charts"] = charts_for(
        context,
        regions=regions,
        points=list(points.order_by().values("pk", "name", "latitude", "longitude")[:POINTS_SHOWN]),
    )
    return render(request, "cockpit/cockpit.html", context)


def _planning_query(user, year, period, place):
    """The accounts pages' filters for this page's region, where the user may open them."""
    from groundbreak.planning.models import may_use_planning

    if place is None or not may_use_planning(user):
        return None
    month = f"&month={period.last_month}" if period else ""
    return f"?year={year}{month}&region={place.pk}"


@login_required
def cockpit(request):
    """The user's own cockpit: the city (for city staff and leaders; ``?mine=1`` gives a leader
    the projects in its charge), the county bureau's county, the department's projects."""
    return _page(request)


@login_required
def region_cockpit(request, code):
    """One county's (or zone's) cockpit, within what the user may see."""
    region = get_object_or_404(Region, code=code, kind__in=(RegionKind.COUNTY, RegionKind.ZONE))
    return _page(request, region)


@login_required
@cache_control(private=True, max_age=86400)
def map_data(request, code):
    """The city's county boundaries (GeoJSON), from the package installed with the project."""
    city = get_object_or_404(Region, code=code, kind=RegionKind.CITY)
    return HttpResponse(city_geojson(city), content_type="application/geo+json")


@login_required
def about(request):
    """How the cockpit's figures are made (and the floor the benchmark compares against)."""
    return render(request, "cockpit/about.html")
