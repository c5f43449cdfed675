"""The default rule kinds (默认预警规则) and how each measures every project at once.

Each ``measure_*`` reads with a handful of set-based queries (annotations and subqueries over
all projects, or only ``project_ids``) and computes the value per row in Python from what those
queries returned: it never queries per project.
"""

from datetime import date
from decimal import ROUND_HALF_UP, Decimal

from django.db.models import OuterRef, Q, Subquery, Sum
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django.utils.translation import gettext_noop

from groundbreak.alerts.choices import Direction
from groundbreak.alerts.registry import Measurement, RuleKind, register
from groundbreak.projects.choices import (
    STARTED_STAGES,
    UNDER_CONSTRUCTION_STAGES,
    Stage,
    WorkStatusKind,
)
from groundbreak.projects.models import AnnualPlan, Project, WorkStatusEvent
from groundbreak.reporting.models import MonthlyReport, ReportingPeriod
from groundbreak.reporting.selectors import HANDED_IN

ONE = Decimal("0.1")
HUNDRED = Decimal(100)
STATISTICS_MINIMUM = Decimal(500)  # 万元: only projects of this size can enter the statistics


def format_amount(value):
    """1,200 / 1,200.5 万元: the sentence's amounts, to the 元 hundred at most."""
    return f"{value.quantize(Decimal('0.01'), rounding=ROUND_HALF_UP).normalize():,f}"


def _pct(value):
    return value.quantize(ONE, rounding=ROUND_HALF_UP)


def _projects(project_ids):
    projects = Project.objects.all()
    if project_ids is not None:
        projects = projects.filter(pk__in=list(project_ids))
    return projects


def months_between(start, end):
    """Whole months from ``start`` to ``end`` (2020-01-15 → 2020-03-14: 1)."""
    months = (end.year - start.year) * 12 + end.month - start.month
    return months - (1 if end.day < start.day else 0)


def due_period(on_date):
    """The latest period of ``on_date``'s year whose deadline has passed, or None."""
    return (
        ReportingPeriod.objects.filter(year=on_date.year, deadline__lt=on_date)
        .order_by("-last_month")
        .first()
    )


def period_label(period):
    """2020-03, or 2020-01–02: a period named the same in every language."""
    if period.first_month == period.last_month:
        return f"{period.year}-{period.last_month:02d}"
    return f"{period.year}-{period.first_month:02d}–{period.last_month:02d}"


def _plan(year):
    return Subquery(
        AnnualPlan.objects.filter(project=OuterRef("pk"), year=year).values("amount")[:1]
    )


def project_link(project_id):
    return reverse("projects:project_detail", args=[project_id])


def _under_construction(project_ids, period):
    return (
        _projects(project_ids)
        .filter(stage__in=UNDER_CONSTRUCTION_STAGES, actual_start__lte=period.end)
        .filter(Q(actual_completion__isnull=True) | Q(actual_completion__gte=period.start))
    )


# --- investment lag (投资滞后) ----------------------------------------------------------------


def measure_investment_lag(on_date, project_ids=None, rule=None):
    """Points by which the year's completion rate (1-N月 completed ÷ annual plan) lies below
    time progress (N ÷ 12) at the latest period due."""
    period = due_period(on_date)
    if period is None:
        return []
    latest = MonthlyReport.objects.filter(
        project=OuterRef("pk"),
        period__year=period.year,
        period__last_month__lte=period.last_month,
        status__in=HANDED_IN,
    ).order_by("-period__last_month")
    rows = (
        _under_construction(project_ids, period)
        .annotate(plan=_plan(period.year), done=Subquery(latest.values("completed_ytd")[:1]))
        .filter(plan__gt=0)
        .values_list("pk", "plan", "done")
    )
    progress = Decimal(period.last_month) / 12 * HUNDRED
    out = []
    for pk, plan, done in rows:
        done = done or Decimal(0)
        rate = done / plan * HUNDRED
        gap = progress - rate
        out.append(
            Measurement(
                project_id=pk,
                value=_pct(gap),
                params={
                    "month": str(period.last_month),
                    "completed": format_amount(done),
                    "plan": format_amount(plan),
                    "rate": str(_pct(rate)),
                    "progress": str(_pct(progress)),
                    "gap": str(_pct(gap)),
                },
                inputs={
                    "period": period_label(period),
                    "completed_ytd": str(done),
                    "annual_plan": str(plan),
                    "time_progress": str(_pct(progress)),
                },
                link=project_link(pk),
            )  # fmt: skip
        )
    return out


# --- recent stall (近期停滞) ------------------------------------------------------------------


def measure_recent_stall(on_date, project_ids=None, rule=None):
    """What the last three periods' reports completed, as a share (%) of what the annual plan
    gives those months: a project ahead in spring and stalled since is caught here."""
    period = due_period(on_date)
    if period is None:
        return []
    window = list(
        ReportingPeriod.objects.filter(
            year=period.year, last_month__lte=period.last_month
        ).order_by("-last_month")[:3]
    )
    first_month = min(p.first_month for p in window)
    months = period.last_month - first_month + 1
    done = (
        MonthlyReport.objects.filter(
            project=OuterRef("pk"), period__in=[p.pk for p in window], status__in=HANDED_IN
        )
        .order_by()
        .values("project")
        .annotate(total=Sum("completed_period"))
        .values("total")
    )
    rows = (
        _under_construction(project_ids, period)
        .filter(actual_start__lte=date(period.year, first_month, 1))
        .annotate(plan=_plan(period.year), done=Subquery(done[:1]))
        .filter(plan__gt=0)
        .values_list("pk", "plan", "done")
    )
    out = []
    for pk, plan, completed in rows:
        completed = completed or Decimal(0)
        share = plan * months / 12
        ratio = completed / share * HUNDRED
        out.append(
            Measurement(
                project_id=pk,
                value=_pct(ratio),
                params={
                    "months": str(months),
                    "completed": format_amount(completed),
                    "share": format_amount(share),
                    "ratio": str(_pct(ratio)),
                },
                inputs={
                    "periods": [period_label(p) for p in reversed(window)],
                    "completed": str(completed),
                    "annual_plan": str(plan),
                },
                link=project_link(pk),
            )  # fmt: skip
        )
    return out


# --- dates passed (开工、入库、竣工逾期) ---------------------------------------------------------


def measure_start_overdue(on_date, project_ids=None, rule=None):
    """Whole months since the planned start of a project not yet started."""
    rows = (
        _projects(project_ids)
        .filter(stage__in=(Stage.RESERVE, Stage.PRELIMINARY), planned_start__lt=on_date)
        .values_list("pk", "planned_start")
    )
    return [
        Measurement(
            project_id=pk,
            value=Decimal(months_between(planned, on_date)),
            params={
                "planned": planned.isoformat(),
                "months": str(months_between(planned, on_date)),
            },
            inputs={"planned_start": planned.isoformat(), "on": on_date.isoformat()},
            link=project_link(pk),
        )
        for pk, planned in rows
    ]


def measure_not_in_statistics(on_date, project_ids=None, rule=None):
    """Whole months since the actual start of a started project (≥500万元) not yet 入库."""
    rows = (
        _projects(project_ids)
        .filter(
            stage__in=STARTED_STAGES,
            actual_start__lt=on_date,
            in_statistics_date__isnull=True,
            total_investment__gte=STATISTICS_MINIMUM,
        )
        .values_list("pk", "actual_start")
    )
    return [
        Measurement(
            project_id=pk,
            value=Decimal(months_between(started, on_date)),
            params={
                "started": started.isoformat(),
                "months": str(months_between(started, on_date)),
            },
            inputs={"actual_start": started.isoformat(), "on": on_date.isoformat()},
            link=project_link(pk),
        )
        for pk, started in rows
    ]


def measure_completion_overdue(on_date, project_ids=None, rule=None):
    """Whole months since the planned completion of a project not yet completed."""
    rows = (
        _projects(project_ids)
        .exclude(stage__in=(Stage.COMPLETED, Stage.IN_PRODUCTION))
        .filter(planned_completion__lt=on_date, actual_completion__isnull=True)
        .values_list("pk", "planned_completion")
    )
    return [
        Measurement(
            project_id=pk,
            value=Decimal(months_between(planned, on_date)),
            params={
                "planned": planned.isoformat(),
                "months": str(months_between(planned, on_date)),
            },
            inputs={"planned_completion": planned.isoformat(), "on": on_date.isoformat()},
            link=project_link(pk),
        )
        for pk, planned in rows
    ]


# --- reports missing (连续未报) ----------------------------------------------------------------


def measure_report_missing(on_date, project_ids=None, rule=None):
    """How many periods in a row, back from the latest one due, a project under construction
    has handed in no report for after the deadline."""
    due = list(
        ReportingPeriod.objects.filter(deadline__lt=on_date).order_by("-year", "-last_month")[:12]
    )
    if not due:
        return []
    latest = due[0]
    projects = dict(_under_construction(project_ids, latest).values_list("pk", "actual_start"))
    if not projects:
        return []
    handed = set(
        MonthlyReport.objects.filter(period__in=[p.pk for p in due], status__in=HANDED_IN)
        .filter(project__in=_under_construction(project_ids, latest).values("pk"))
        .values_list("project_id", "period_id")
    )
    out = []
    for pk, started in projects.items():
        missing = []
        for period in due:
            if started > period.end or (pk, period.pk) in handed:
                break
            missing.append(period)
        out.append(
            Measurement(
                project_id=pk,
                value=Decimal(len(missing)),
                params={
                    "count": str(len(missing)),
                    "periods": ", ".join(period_label(p) for p in missing) or "—",
                    "deadline": latest.deadline.isoformat(),
                },
                inputs={
                    "missing": [period_label(p) for p in missing],
                    "latest_due": period_label(latest),
                },
                link=reverse(
                    "reporting:fill_report", kwargs={"project_pk": pk, "period_pk": latest.pk}
                ),
            )  # fmt: skip
        )
    return out


# --- work stopped (停工未复工) ----------------------------------------------------------------


def measure_work_stopped(on_date, project_ids=None, rule=None):
    """Days since a project's work stopped, where the last work event is a stoppage."""
    last = WorkStatusEvent.objects.filter(project=OuterRef("pk"), date__lte=on_date).order_by(
        "-date", "-pk"
    )
    rows = (
        _projects(project_ids)
        .annotate(
            last_kind=Subquery(last.values("kind")[:1]),
            last_date=Subquery(last.values("date")[:1]),
        )
        .filter(last_kind=WorkStatusKind.SUSPENDED)
        .values_list("pk", "last_date")
    )
    return [
        Measurement(
            project_id=pk,
            value=Decimal((on_date - stopped).days),
            params={"stopped": stopped.isoformat(), "days": str((on_date - stopped).days)},
            inputs={"suspended_on": stopped.isoformat(), "on": on_date.isoformat()},
            link=project_link(pk),
        )
        for pk, stopped in rows
    ]


# --- list items overdue (清单事项逾期) ------------------------------------------------------------


def measure_item_overdue(on_date, project_ids=None, rule=None):
    """Days past the due date of each open target milestone, problem and measure (one subject
    per item: ``problem:12``), read from the lists' ``overdue(on_date)``."""
    from groundbreak.lists.models import Measure, Problem, Target

    out = []
    for model, name, text, url in (
        (Problem, "problem", "description", "lists:problem_detail"),
        (Measure, "measure", "content", "lists:measure_edit"),
        (Target, "target", "content", "lists:target_edit"),
    ):
        items = model.objects.overdue(on_date)
        if project_ids is not None:
            items = items.filter(project_id__in=list(project_ids))
        for pk, project_id, due, label in items.values_list("pk", "project_id", "due_date", text):
            days = (on_date - due).days
            out.append(
                Measurement(
                    project_id=project_id,
                    subject=f"{name}:{pk}",
                    value=Decimal(days),
                    params={
                        "item": ITEM_NAMES[name],
                        "text": label[:60],
                        "due": due.isoformat(),
                        "days": str(days),
                    },
                    inputs={
                        "item": f"{name}:{pk}",
                        "due_date": due.isoformat(),
                        "on": on_date.isoformat(),
                    },
                    link=reverse(url, args=[pk]),
                )  # fmt: skip
            )
    return out


ITEM_NAMES = {"problem": "problem", "measure": "measure", "target": "target"}


def register_defaults():
    months = _("months")
    register(RuleKind(
        code="investment_lag", order=10, name=_("Investment behind time progress"),
        message=gettext_noop("Months 1–%(month)s: completed %(completed)s 万元, %(rate)s%% of the annual plan of %(plan)s 万元, %(gap)s points below the time progress of %(progress)s%% (≥%(threshold)s: %(level)s)."),
        measure=measure_investment_lag, thresholds={1: 10, 2: 20, 3: 30}, unit=_("points"),
        margin=Decimal(2), options={"ahead": 105, "behind": 95},
    ))  # fmt: skip
    register(RuleKind(
        code="recent_stall", order=20, name=_("Stalled in recent periods"),
        message=gettext_noop("In the last %(months)s months completed %(completed)s 万元, %(ratio)s%% of the %(share)s 万元 the annual plan gives those months (below %(threshold)s%%: %(level)s)."),
        measure=measure_recent_stall, thresholds={1: 50, 2: 30, 3: 10}, unit="%",
        direction=Direction.BELOW, margin=Decimal(5),
    ))  # fmt: skip
    register(RuleKind(
        code="start_overdue", order=30, name=_("Planned start passed, not started"),
        message=gettext_noop("Planned to start on %(planned)s, not started %(months)s months later (≥%(threshold)s: %(level)s)."),
        measure=measure_start_overdue, thresholds={1: 1, 2: 2, 3: 3}, unit=months,
    ))  # fmt: skip
    register(RuleKind(
        code="not_in_statistics", order=40, name=_("Started, not in the statistics"),
        message=gettext_noop("Started on %(started)s, not in the statistics %(months)s months later (≥%(threshold)s: %(level)s)."),
        measure=measure_not_in_statistics, thresholds={1: 1, 3: 2}, unit=months,
    ))  # fmt: skip
    register(RuleKind(
        code="report_missing", order=50, name=_("Monthly report missing"),
        message=gettext_noop("No report handed in for %(periods)s after the deadline of %(deadline)s: %(count)s periods in a row (≥%(threshold)s: %(level)s)."),
        measure=measure_report_missing, thresholds={1: 1, 2: 2, 3: 3}, unit=_("periods"),
    ))  # fmt: skip
    register(RuleKind(
        code="item_overdue", order=60, name=_("Problem, measure or target overdue"),
        message=gettext_noop("The %(item)s “%(text)s” was due on %(due)s and is %(days)s days overdue (≥%(threshold)s: %(level)s)."),
        measure=measure_item_overdue, thresholds={1: 1, 2: 15, 3: 30}, unit=_("days"),
    ))  # fmt: skip
    register(RuleKind(
        code="completion_overdue", order=70, name=_("Planned completion passed, not completed"),
        message=gettext_noop("Planned to be completed on %(planned)s, not completed %(months)s months later (≥%(threshold)s: %(level)s)."),
        measure=measure_completion_overdue, thresholds={1: 1, 2: 3, 3: 6}, unit=months,
    ))  # fmt: skip
    register(RuleKind(
        code="work_stopped", order=80, name=_("Work stopped, not resumed"),
        message=gettext_noop("Work stopped on %(stopped)s and has not resumed for %(days)s days (≥%(threshold)s: %(level)s)."),
        measure=measure_work_stopped, thresholds={1: 30, 2: 60, 3: 90}, unit=_("days"),
    ))  # fmt: skip
