"""The summary table by region (分县区汇总表) through the import engine: one row per county
(县市区 · 项目个数 · 年度计划 · 1-N月完成 · 完成率), a 合计 row, often in 亿元. Each row becomes
that county's figures for the period (a ``RegionFigure``), checked against its projects' own
sums where both exist (a warning naming the difference, not a refusal); a 合计 that is not the
sum of the rows, an unknown county or one outside the importer's scope is refused."""

from dataclasses import dataclass, field
from decimal import Decimal

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from groundbreak.core.money import AmountError, format_amount, parse_amount

KIND = "region_summary"
FIELDS = ("project_count", "annual_plan", "completed_ytd")
SYNONYMS = {
    "县市区": "name", "县区": "name", "县(市、区)": "name", "县(市区)": "name", "地区": "name",
    "区域": "name", "单位名称": "name", "项目个数": "project_count", "项目数": "project_count",
    "项目数量": "project_count",
}  # fmt: skip


@dataclass
class SummaryPlan:
    table: object
    region: object
    period: object
    rows: list = field(default_factory=list)  # dicts: row, region, figures, warnings
    refusals: list = field(default_factory=list)


def _amount(cells, name, column):
    value = cells.get(name)
    if value in (None, ""):
        return None
    return parse_amount(value, unit=column.unit)


def plan_summary_import(table, *, region, by, decisions=None, on_progress=None, options=None):
    from groundbreak.planning.models import planning_region_ids
    from groundbreak.planning.selectors import annotated_projects
    from groundbreak.regions.models import Region
    from groundbreak.reporting.importing_period import period_of

    period = period_of(options)
    plan = SummaryPlan(table=table, region=region, period=period)
    scope = planning_region_ids(by, "change") if by is not None else "all"
    inside = region.descendant_ids()
    regions = {r.name: r for r in Region.objects.filter(pk__in=inside)}
    data = [r for r in table.rows if r.kind == "data"]
    for check in table.checks:
        if check.stated != check.computed:
            plan.refusals.append({"row": check.number, "column": check.label, "field": check.field,
                                  "reason": _("%(label)s states %(stated)s 万元, the rows add up to %(computed)s 万元.") % {
                                      "label": check.label, "stated": format_amount(check.stated),
                                      "computed": format_amount(check.computed)}})  # fmt: skip
    matched = {}
    for row in data:
        name = str(row.cells.get("name") or "").strip()
        target = regions.get(name)
        if target is None:
            plan.refusals.append({"row": row.number, "column": "name", "field": "name",
                                  "reason": _("%(name)s is not a county of %(region)s.") % {"name": name, "region": region}})  # fmt: skip
            continue
        if scope != "all" and (scope is None or target.pk not in scope):
            plan.refusals.append({"row": row.number, "column": "name", "field": "name",
                                  "reason": _("You may not import the figures of %(name)s.") % {"name": name}})  # fmt: skip
            continue
        figures = {}
        try:
            for name_ in ("annual_plan", "completed_ytd"):
                if name_ in table.columns:
                    figures[name_] = _amount(row.cells, name_, table.columns[name_])
        except AmountError as error:
            plan.refusals.append(
                {"row": row.number, "column": name_, "field": name_, "reason": str(error)}
            )
            continue
        count = str(row.cells.get("project_count") or "").strip()
        if count:
            try:
                figures["project_count"] = int(Decimal(count))
            except ArithmeticError:
                plan.refusals.append({"row": row.number, "column": "project_count", "field": "project_count",
                                      "reason": _("The number of projects is not a whole number.")})  # fmt: skip
                continue
        matched[target.pk] = (row.number, target, figures)
    # The projects' own sums, one grouped query for all the table's counties.
    sums = {}
    if matched:
        from django.db.models import Count

        from groundbreak.core.db import MoneySum

        rows = (
            annotated_projects(period.year, period)
            .filter(region_id__in=list(matched))
            .values("region_id")
            .annotate(
                n=Count("pk", filter=~_no_plan()), plan_sum=MoneySum("plan"), done=MoneySum("done")
            )
            .order_by()
        )
        sums = {r["region_id"]: r for r in rows}
    for pk, (number, target, figures) in sorted(matched.items(), key=lambda kv: kv[1][0]):
        warnings = []
        own = sums.get(pk)
        if own is not None:
            for name_, key, label in (("completed_ytd", "done", _("completed this year")),
                                      ("annual_plan", "plan_sum", _("annual plan"))):  # fmt: skip
                stated = figures.get(name_)
                if stated is not None and stated != own[key]:
                    warnings.append(_("%(what)s: the table says %(table)s 万元, the projects add up to %(projects)s 万元 (%(diff)s 万元 apart).") % {  # fmt: skip
                        "what": label, "table": format_amount(stated), "projects": format_amount(own[key]),
                        "diff": format_amount(stated - own[key])})  # fmt: skip
        plan.rows.append(
            {"row": number, "region": target, "figures": figures, "warnings": warnings}
        )
    return plan


def _no_plan():
    from django.db.models import Q

    return Q(plan=0)


def to_preview(plan):
    rows = [
        {"row": r["row"], "action": "update", "name": r["region"].name, "region": r["region"].pk,
         **{k: (str(v) if v is not None else None) for k, v in r["figures"].items()},
         "warnings": r["warnings"], "changes": [], "candidates": []}
        for r in plan.rows
    ]  # fmt: skip
    return {
        "rows": rows,
        "refusals": plan.refusals,
        "totals": {
            "rows": len(rows),
            "refused": len(plan.refusals),
            "choose": 0,
            "warnings": sum(len(r["warnings"]) for r in rows),
        },  # fmt: skip
        "unit": plan.table.unit,
        "ignored_headers": list(plan.table.ignored_headers),
        "period": plan.period.pk,
    }


def apply(plan, preview, *, by, reason, record=None):
    from groundbreak.planning.services import save_region_figure

    for row in plan.rows:
        values = {k: v for k, v in row["figures"].items() if v is not None}
        save_region_figure(row["region"], plan.period, by=by, source=record, **values)
    return {"updated": len(plan.rows)}


def register_kind():
    from groundbreak.imports.registry import ImportKindHandler, register
    from groundbreak.reporting.importing_period import clean_options

    register(ImportKindHandler(
        name=KIND, plan=plan_summary_import, to_preview=to_preview, apply=apply,
        label=gettext_lazy("Summary table by county"), compared=("region", *FIELDS), applied_message=gettext_lazy("Imported: %(updated)s counties' figures."),
        options=("period",), clean_options=clean_options, synonyms=SYNONYMS,
        fields=lambda: (("project_count", _("number of projects")),),
    ))  # fmt: skip
