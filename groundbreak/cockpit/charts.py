"""The cockpit's charts as data: each chart's series and, for every bar, slice or point, the URL
of the filtered list that makes it up. The static cockpit.js draws them with ECharts; the
template lists the same links beside each chart (for phones, print and keyboards)."""

from urllib.parse import urlencode

from django.urls import reverse
from django.utils.translation import gettext as _

from groundbreak.alerts.choices import Level
from groundbreak.projects.choices import ProjectField
from groundbreak.regions.models import RegionKind, Sector

STARTED = ["new_start", "continuing", "completed", "in_production"]


def url(name, *args, **params):
    query = urlencode({k: v for k, v in params.items() if v not in (None, "")}, doseq=True)
    return reverse(name, args=args) + (f"?{query}" if query else "")


def _num(value):
    return float(value) if value is not None else None  # ECharts reads numbers; display only


def _yi(value):
    """万元 → 亿元, two places, for chart labels."""
    return round(float(value) / 10000, 2)


def funnel_links(context):
    code = context["scope"].region.code if context["scope"].region else None
    year = context["year"]
    stages = {
        "reserve": {"stage": "reserve"},
        "preliminary": {"stage": "preliminary"},
        "started": {"stage": STARTED},
        "in_statistics": {"stage": STARTED, "in_statistics": "yes"},
        "completed": {"stage": ["completed", "in_production"]},
    }
    labels = {
        "reserve": _("Reserve"),
        "preliminary": _("Preliminary work"),
        "started": _("Started"),
        "in_statistics": _("In the statistics"),
        "completed": _("Completed"),
    }
    n = context["n"]["funnel"]
    return [
        {
            "key": key,
            "label": labels[key],
            "value": n[key]["n"],
            "amount": _yi(n[key]["total"]),
            "url": url("projects:project_list", region=code, year=year, **params),
        }
        for key, params in stages.items()
    ]


def charts_for(context, *, regions, points):
    n, year, period = context["n"], context["year"], context["period"]
    scope = context["scope"]
    code = scope.region.code if scope.region else None
    counties = sorted(
        (r for r in regions.values() if r.kind in (RegionKind.COUNTY, RegionKind.ZONE)),
        key=lambda r: (r.sort_order, r.code),
    )
    if scope.region is not None:
        counties = [r for r in counties if r.pk == scope.region.pk]
    month_label = _("%(month)s月")
    months = list(range(1, 13))
    curve = []
    for y in (year - 1, year):
        done = n["curve"].get(y, {})
        plan = n["year_plans"].get(y) or 0
        curve.append({
            "name": _("Completed %(year)s") % {"year": y},
            "kind": "done", "year": y,
            "data": [_yi(done[m]) if m in done else None for m in months],
            "urls": [url("reporting:report_list", period=f"{y}-{m:02d}", region=code)
                     if m in done else None for m in months],
        })  # fmt: skip
        curve.append({
            "name": _("Plan %(year)s (time progress)") % {"year": y},
            "kind": "plan", "year": y,
            # No plan for the year (often last year's) is missing data: no line, not a zero one.
            "data": [_yi(plan * m / 12) if plan else None for m in months],
            "urls": [url("projects:project_list", region=code, year=y) for _m in months],
        })  # fmt: skip
    county_rows = []
    for region in counties:
        row = n["by_county"].get(region.pk, {"plan": 0, "done": 0, "n": 0})
        lights = n["warnings"].get(region.pk, {})
        county_rows.append({
            "code": region.code, "name": region.label, "id": region.pk,
            "plan": _yi(row["plan"]), "done": _yi(row["done"]),
            "rate": _num(row["done"] * 100 / row["plan"]) if row["plan"] else None,
            "warnings": {str(lv): lights.get(lv, 0) for lv in (1, 2, 3)},
            "url": url("projects:project_list", region=region.code, year=year),
            "lagging_url": url("dispatch:sandu_list", "lagging", region=region.pk,
                               on=context["on_date"].isoformat()),
            "warning_urls": {str(lv): url("alerts:warning_list", region=region.code, level=lv)
                             for lv in (1, 2, 3)},
            "cockpit_url": reverse("cockpit:region", args=[region.code]),
        })  # fmt: skip
    for row in county_rows:
        row["rate"] = round(row["rate"], 1) if row["rate"] is not None else None
    sectors = {s.pk: s for s in Sector.objects.all()}
    sector_rows = sorted(
        (
            {"name": sectors[pk].label if pk in sectors else _("No sector"),
             "plan": _yi(v["plan"]), "done": _yi(v["done"]), "n": v["n"],
             "rate": round(float(v["done"] * 100 / v["plan"]), 1) if v["plan"] else None,
             "url": url("projects:project_list", region=code, year=year, sector=pk)
             if pk in sectors else url("projects:project_list", region=code, year=year,
                                       missing="sector")}
            for pk, v in n["by_sector"].items()
        ),
        key=lambda r: -r["plan"],
    )[:12]  # fmt: skip
    fields = dict(ProjectField.choices)
    field_rows = [
        {"name": str(fields.get(key, _("No field"))), "plan": _yi(v["plan"]),
         "done": _yi(v["done"]), "n": v["n"],
         "rate": round(float(v["done"] * 100 / v["plan"]), 1) if v["plan"] else None,
         "url": url("projects:project_list", region=code, year=year, field=key)
         if key else url("projects:project_list", region=code, year=year, missing="field")}
        for key, v in sorted(n["by_field"].items(), key=lambda kv: kv[0] or "~")
    ]  # fmt: skip
    levels = [(lv, str(Level(lv).label)) for lv in (1, 2, 3)]
    city = context["city"]
    return {
        "curve": {
            "months": [month_label % {"month": m} for m in months],
            "series": curve,
            "unit": _("亿元"),
        },
        "county": {"rows": county_rows, "unit": "%"},
        "sector": {"rows": sector_rows},
        "field": {"rows": field_rows},
        "funnel": {"rows": funnel_links(context)},
        "warnings": {"rows": county_rows, "levels": levels},
        "map": {
            "city": city.code if city else "",
            "geo_url": reverse("cockpit:map_data", args=[city.code]) if city else "",
            "rows": county_rows,
            "points": [
                {
                    "name": p["name"],
                    "value": [float(p["longitude"]), float(p["latitude"])],
                    "url": reverse("projects:project_detail", args=[p["pk"]]),
                }
                for p in points
            ],
            "labels": {
                "rate": _("Completion rate (%)"),
                "warnings": _("Live warnings"),
                "projects": _("Projects"),
            },
        },  # fmt: skip
        "period": period.pk if period else None,
    }
