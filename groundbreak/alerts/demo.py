"""The demo's warnings (演示预警): the default rules, the demo city evaluated at its own date
(10 April 2020, after the 3月 reports came in, the lists' demo day), an acknowledged warning and an approved
exemption.

The earlier demo steps write through the services, and each write evaluated its project at
today's date (no date was pinned yet): those warnings belong to another year and are dropped
before the city is evaluated at the demo's date, which is pinned for the writes that follow.
"""

from datetime import date

from groundbreak.accounts.models import User
from groundbreak.alerts import services
from groundbreak.alerts.choices import ExemptionReason, Level
from groundbreak.alerts.engine import evaluate
from groundbreak.alerts.models import EvaluationRun, Warning

DEMO_DATE = date(2020, 4, 10)


def present():
    return EvaluationRun.objects.filter(pinned=True, on_date=DEMO_DATE).exists()


def build(demo):
    services.ensure_default_rules()
    Warning.objects.all().delete()
    counts = evaluate(DEMO_DATE, pin=True)
    demo.say(f"Warnings evaluated at {DEMO_DATE}: {counts}")
    city = User.objects.get(username="city")
    _adjust(city)
    evaluate(DEMO_DATE)  # the writes above evaluated their projects already: nothing changes
    jiangchuan = User.objects.get(username="jiangchuan")
    county_warnings = Warning.objects.restrict(jiangchuan, "act").live().order_by("-level", "pk")
    acknowledged = (
        county_warnings.filter(rule__kind="report_missing").first() or county_warnings.first()
    )
    if acknowledged is not None:
        services.acknowledge_warning(
            acknowledged, by=jiangchuan, comment="已约谈业主单位，要求本周内补报并说明原因"
        )
    exempted = (
        county_warnings.filter(rule__kind="work_stopped").first()
        or county_warnings.exclude(pk=getattr(acknowledged, "pk", None)).first()
    )
    if exempted is not None:
        exemption = services.request_exemption(
            exempted, by=jiangchuan, reason=ExemptionReason.FORCE_MAJEURE,
            explanation="新冠肺炎疫情防控期间，按省防控指挥部通知暂停施工",
            until=date(2099, 6, 30), content=b"%PDF-1.4\n% demo notice\n", name="防控通知.pdf",
        )  # fmt: skip
        services.decide_exemption(exemption, by=city, approve=True, until=date(2099, 6, 30),
                                  note="疫情防控属不可抗力，同意豁免")  # fmt: skip
    by_rule_level = {f"{kind} {level}": n for kind, level, n in _counts()}
    return {"counts": {"warnings": Warning.objects.live().count()}, "warnings": by_rule_level}


def _adjust(city):
    """Through the services, so that each write re-evaluates its project at the pinned date:
    three preliminary projects whose planned start has passed (1, 2, 3 months), two stoppages
    (32 and 92 days), a continuing project stalled since January (red) and a new start with no
    report at all (two periods missing)."""
    from decimal import Decimal

    from groundbreak.projects import services as projects
    from groundbreak.projects.choices import Stage, WorkStatusKind
    from groundbreak.projects.models import Project
    from groundbreak.reporting import services as reporting
    from groundbreak.reporting.models import ReportingPeriod

    preliminary = Project.objects.filter(
        stage=Stage.PRELIMINARY, planned_completion__gt=date(2020, 6, 30)
    ).order_by("pk")
    for project, planned in zip(
        preliminary, (date(2020, 3, 1), date(2020, 2, 1), date(2020, 1, 1)), strict=False
    ):
        projects.update_project(project, by=city, version=project.version, planned_start=planned,
                                reason="演示：计划开工日期已过仍未开工")  # fmt: skip
    quiet = Project.objects.filter(
        stage__in=(Stage.NEW_START, Stage.CONTINUING), work_events__isnull=True
    )
    first = quiet.filter(actual_start__lt=date(2019, 12, 1)).order_by("pk").first()
    second = (
        quiet.filter(actual_start__lt=date(2020, 2, 1))
        .exclude(pk=getattr(first, "pk", None))
        .order_by("-pk")
        .first()
    )
    for project, stopped in ((first, date(2020, 1, 2)), (second, date(2020, 3, 2))):
        if project is None:
            continue
        projects.record_work_status(project, by=city, kind=WorkStatusKind.SUSPENDED, date=stopped,
                                    reason="funds", note="资金未到位")  # fmt: skip
    model = Project.objects.filter(stage=Stage.CONTINUING).order_by("pk").first()
    common = {"owner_unit": model.owner_unit, "region": model.region, "sector": model.sector,
              "field": model.field, "total_investment": Decimal(20000)}  # fmt: skip
    stalled = projects.create_project(
        by=city, name="玉溪市物流园区冷链仓储项目", code="2019-530402-59-01-900001",
        stage=Stage.CONTINUING, actual_start=date(2019, 5, 6), planned_start=date(2019, 5, 1),
        planned_completion=date(2021, 12, 31), plans={2020: Decimal(4000)}, **common,
    )  # fmt: skip
    periods = {p.last_month: p for p in ReportingPeriod.objects.filter(year=2020)}
    total = Decimal(3000)
    for month, amount in ((2, Decimal(20)), (3, Decimal(10))):
        ytd = Decimal(30) if month == 3 else Decimal(20)
        total += amount
        report = reporting.save_report(
            stalled, periods[month], by=city, completed_period=amount, completed_ytd=ytd,
            completed_total=total, progress_text="资金缺口较大，仅零星施工",
        )  # fmt: skip
        reporting.submit_report(report, by=city, version=report.version, require_evidence=False)
    projects.create_project(
        by=city, name="玉溪市城区停车场建设项目", code="2020-530402-78-01-900002",
        stage=Stage.NEW_START, actual_start=date(2020, 1, 15), planned_start=date(2020, 1, 15),
        planned_completion=date(2021, 6, 30), plans={2020: Decimal(3000)}, **common,
    )  # fmt: skip


def _counts():
    from django.db.models import Count

    rows = (
        Warning.objects.live()
        .values_list("rule__kind", "level")
        .annotate(n=Count("pk"))
        .order_by("rule__kind", "level")
    )
    return [(kind, Level(level).label, n) for kind, level, n in rows]
