"""The default rule kinds (默认预警规则) and how each measures every project at once.

Each ``measure_*`` reads with one or two set-based statements over all projects (or only
``project_ids``) and computes the value per row in Python from what they returned: it never
queries per project. The three rules that read the monthly reports share one raw statement
(``_building_figures``); the sentence and inputs of a measurement are made only when the
evaluator writes its warning (``Measurement(describe=…)``).
"""

from contextlib import contextmanager
from contextvars import ContextVar
from datetime import date
from decimal import ROUND_HALF_UP, Decimal
from functools import partial

from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django.utils.translation import gettext_noop

from groundbreak.alerts import sql
from groundbreak.alerts.choices import Direction
from groundbreak.alerts.registry import Measurement, RuleKind, register
from groundbreak.projects.choices import (
    STARTED_STAGES,
    UNDER_CONSTRUCTION_STAGES,
    Stage,
    WorkStatusKind,
)
from groundbreak.projects.models import Project, WorkStatusEvent
from groundbreak.reporting.models import ReportingPeriod
from groundbreak.reporting.selectors import HANDED_IN

ONE = Decimal("0.1")
HUNDRED = Decimal(100)
ZERO = Decimal(0)
STATISTICS_MINIMUM = Decimal(500)  # 万元: only projects of this size can enter the statistics


def format_amount(value):
    """1,200 / 1,200.5 万元: the sentence's amounts, to the 元 hundred at most."""
    return f"{value.quantize(Decimal('0.01'), rounding=ROUND_HALF_UP).normalize():,f}"


def _pct(value):
    return value.quantize(ONE, rounding=ROUND_HALF_UP)


# What several rules of one evaluation read alike (the periods due, a few projects' dates),
# read once per ``evaluate`` call: it empties this at its start. A context variable, not a
# global: the web server's threads evaluate at the same time.
_READ = ContextVar("alerts_shared_reads", default=None)
FEW = 50  # up to this many projects (the after-write path) the dates are read in one query

PROJECT_FACTS = ("stage", "planned_start", "planned_completion", "actual_start",
                 "actual_completion", "in_statistics_date", "total_investment")  # fmt: skip


@contextmanager
def shared_reads():
    """Within it, what the rules read alike is read once (``evaluate`` opens it)."""
    token = _READ.set({})
    try:
        yield
    finally:
        _READ.reset(token)


def _once(key, read):
    shared = _READ.get()
    if shared is None:
        return read()
    if key not in shared:
        shared[key] = read()
    return shared[key]


def _facts(project_ids):
    """{pk: row} of a few projects' stage and dates (one query), or None for many or all."""
    if project_ids is None or len(project_ids) > FEW:
        return None
    ids = tuple(sorted(project_ids))
    return _once(("facts", ids), lambda: {
        row["pk"]: row for row in Project.objects.order_by().filter(pk__in=ids)
        .values("pk", *PROJECT_FACTS)
    })  # fmt: skip


def months_between(start, end):
    """Whole months from ``start`` to ``end`` (2020-01-15 → 2020-03-14: 1)."""
    months = (end.year - start.year) * 12 + end.month - start.month
    return months - (1 if end.day < start.day else 0)


def _periods():
    """Every reporting period, latest first (eleven a year), read once per evaluation: the
    rules' periods are picked from them here, not read with a query each."""
    return _once(
        ("periods",), lambda: list(ReportingPeriod.objects.order_by("-year", "-last_month"))
    )


def due_period(on_date):
    """The latest period of ``on_date``'s year whose deadline has passed, or None."""
    return next((p for p in _periods() if p.year == on_date.year and p.deadline < on_date), None)


def _year_to(period):
    """The periods of ``period``'s year up to it, latest first."""
    return [p for p in _periods() if p.year == period.year and p.last_month <= period.last_month]


def period_label(period):
    """2020-03, or 2020-01–02: a period named the same in every language."""
    if period.first_month == period.last_month:
        return f"{period.year}-{period.last_month:02d}"
    return f"{period.year}-{period.first_month:02d}–{period.last_month:02d}"


_LINKS = {}


def link(name, *args):
    """reverse(name, args) for many rows: reversed once with placeholders, then filled in."""
    template = _LINKS.get((name, len(args)))
    if template is None:
        marks = [987654321 + i for i in range(len(args))]
        path = reverse(name, args=marks).replace("{", "{{").replace("}", "}}")
        for mark in marks:
            path = path.replace(str(mark), "{}")
        template = _LINKS[(name, len(args))] = path
    return template.format(*args)


def project_link(project_id):
    return link("projects:project_detail", project_id)


# --- investment lag (投资滞后) ----------------------------------------------------------------

HANDED = tuple(str(s) for s in HANDED_IN)
BUILDING = tuple(str(s) for s in UNDER_CONSTRUCTION_STAGES)
STARTED = tuple(str(s) for s in STARTED_STAGES)


def _building_figures(on_date, project_ids):
    """(the periods due, latest first, up to twelve; rows) where a row is (project, actual
    start, this year's plan, the largest 1-N月 figure of this year's reports, what the last
    three periods' reports completed, the periods due handed in as bits: bit i for due[i]) for
    each project under construction in the latest period due. What the three report rules
    read, in one statement: one pass over the reports' index, read once per evaluation."""
    key = ("figures", on_date, None if project_ids is None else tuple(project_ids))
    return _once(key, lambda: _read_building_figures(on_date, project_ids))


def _among(pks, column="m.period_id"):
    """SQL keeping the rows whose ``column`` is one of the period ids ``pks``: a range where
    no other period's id lies between them (a period is usually created after the one before
    it), which SQLite tests per row faster than a list."""
    pks = sorted(int(pk) for pk in pks)
    if not pks:
        return "1 = 0"
    between = {p.pk for p in _periods() if pks[0] <= p.pk <= pks[-1]}
    if between <= set(pks):
        return f"{column} BETWEEN {pks[0]} AND {pks[-1]}"
    return f"{column} IN ({', '.join(map(str, pks))})"


def _bits(due, reading, column="m.period_id"):
    """SQL giving a report of ``due[i]`` the bit ``1 << i`` (0 for another period read): a
    shift where the ids count down from the latest period due, else a CASE over them."""
    pks = [int(p.pk) for p in due]
    if pks == list(range(pks[0], pks[0] - len(pks), -1)):
        shift = f"CAST(1 AS BIGINT) << CAST({pks[0]} - {column} AS INTEGER)"
        if set(reading) <= set(pks):
            return shift
        return f"CASE WHEN {_among(pks, column)} THEN {shift} ELSE 0 END"
    return f"CASE {column} {' '.join(f'WHEN {pk} THEN {1 << i}' for i, pk in enumerate(pks))} ELSE 0 END"


def _read_building_figures(on_date, project_ids):
    due = [p for p in _periods() if p.deadline < on_date][:12]
    if not due:
        return due, []
    latest, period = due[0], due_period(on_date)
    year_to = [p.pk for p in _year_to(period)] if period else []
    window = year_to[:3]
    reading = sorted({*year_to, *(p.pk for p in due)})
    in_projects, ids = sql.only("p.id", project_ids)
    # Project by project along the reports' (project, period) index: one seek and a short
    # range each, grouped in the projects' order (by period, the groups need a sort).
    rows = sql.fetch(
        f"""SELECT p.id, CAST(p.actual_start AS TEXT),
                   MAX(CASE WHEN {_among(year_to)} THEN m.completed_ytd END),
                   SUM(CASE WHEN {_among(window)} THEN m.completed_period END),
                   SUM({_bits(due, reading)})
            FROM projects_project p
            LEFT JOIN reporting_monthlyreport m ON m.project_id = p.id
                 AND m.period_id BETWEEN %s AND %s AND {_among(reading)}
                 AND m.status IN ({sql.placeholders(HANDED)})
            WHERE p.stage IN ({sql.placeholders(BUILDING)}) AND p.actual_start <= %s
            AND (p.actual_completion IS NULL OR p.actual_completion >= %s){in_projects}
            GROUP BY p.id, p.actual_start""",
        [reading[0], reading[-1], *HANDED, *BUILDING, latest.end, latest.start, *ids],
    )  # fmt: skip
    # The plans apart: joined, each project's would cost two lookups of the plans' table.
    in_plans, plan_ids = sql.only("project_id", project_ids)
    plans = dict(sql.fetch(
        f"SELECT project_id, amount FROM projects_annualplan WHERE year = %s{in_plans}",
        [latest.year, *plan_ids],
    ))  # fmt: skip
    days = {}  # a date's text → the date: the projects share a few hundred start dates
    for i, (pk, started, *figures) in enumerate(rows):
        day = days.get(started)
        if day is None:
            day = days[started] = _date(started)
        rows[i] = (pk, day, plans.get(pk), *figures)
    return due, rows


def _planned(on_date, project_ids):
    """(project, actual start, plan, 1-N月 figure, last three periods' figure) of the rows of
    ``_building_figures`` with a plan above 0, the figures as the ORM reads them."""
    key = ("planned", on_date, None if project_ids is None else tuple(project_ids))
    return _once(key, lambda: _read_planned(on_date, project_ids))


def _read_planned(on_date, project_ids):
    # The plan is rounded to its column's cents only for the sentence (``_lag_details``): the
    # rates do not depend on it, and a nightly run measures 100,000 plans to describe a few.
    rows = []
    decimal = sql.decimal
    for pk, started, plan, ytd, recent, _handed in _building_figures(on_date, project_ids)[1]:
        if plan is not None and plan > 0:
            rows.append((pk, started, decimal(plan), decimal(ytd) or ZERO,
                         decimal(recent) or ZERO))  # fmt: skip
    return rows


def measure_investment_lag(on_date, project_ids=None, rule=None):
    """Points by which the year's completion rate (1-N月 completed ÷ annual plan) lies below
    time progress (N ÷ 12) at the latest period due."""
    period = due_period(on_date)
    if period is None:
        return []
    # This year's figure never falls from one period to the next (each period's completion
    # is not negative), so the latest report's figure is the largest.
    progress = Decimal(period.last_month) / 12 * HUNDRED
    return [
        Measurement(pk, _pct(progress - done / plan * HUNDRED),
                    describe=partial(_lag_details, pk, plan, done, period, progress))
        for pk, _started, plan, done, _recent in _planned(on_date, project_ids)
    ]  # fmt: skip


def _lag_details(pk, plan, done, period, progress):
    plan = plan.quantize(sql.CENTS)
    rate = done / plan * HUNDRED
    params = {
        "month": str(period.last_month),
        "completed": format_amount(done),
        "plan": format_amount(plan),
        "rate": str(_pct(rate)),
        "progress": str(_pct(progress)),
        "gap": str(_pct(progress - rate)),
    }
    inputs = {
        "period": period_label(period),
        "completed_ytd": str(done),
        "annual_plan": str(plan),
        "time_progress": str(_pct(progress)),
    }
    return params, inputs, project_link(pk)


# --- recent stall (近期停滞) ------------------------------------------------------------------


def measure_recent_stall(on_date, project_ids=None, rule=None):
    """What the last three periods' reports completed, as a share (%) of what the annual plan
    gives those months: a project ahead in spring and stalled since is caught here."""
    period = due_period(on_date)
    if period is None:
        return []
    window = _year_to(period)[:3]
    first_month = min(p.first_month for p in window)
    since = date(period.year, first_month, 1)
    months = period.last_month - first_month + 1
    labels = [period_label(p) for p in reversed(window)]
    out = []
    for pk, started, plan, _done, completed in _planned(on_date, project_ids):
        if started > since:
            continue
        share = plan * months / 12
        out.append(Measurement(pk, _pct(completed / share * HUNDRED), describe=partial(
            _stall_details, pk, plan, completed, share, months, labels)))  # fmt: skip
    return out


def _stall_details(pk, plan, completed, share, months, labels):
    plan = plan.quantize(sql.CENTS)
    params = {
        "months": str(months),
        "completed": format_amount(completed),
        "share": format_amount(share),
        "ratio": str(_pct(completed / share * HUNDRED)),
    }
    inputs = {"periods": labels, "completed": str(completed), "annual_plan": str(plan)}
    return params, inputs, project_link(pk)


# --- dates passed (开工、入库、竣工逾期) ---------------------------------------------------------


def _rows(project_ids, test, field, where, params):
    """(pk, date or its text) of the projects passing ``test`` — on the read facts for a few
    projects —, else of the SQL condition ``where`` (raw: the ORM's date conversion of
    100,000 rows costs more than the rule; a month count is made once per date)."""
    facts = _facts(project_ids)
    if facts is not None:
        return [(pk, row[field]) for pk, row in facts.items() if test(row)]
    in_projects, ids = sql.only("id", project_ids)
    return sql.fetch(
        f"SELECT id, CAST({field} AS TEXT) FROM {Project._meta.db_table} "
        f"WHERE {where}{in_projects}",
        [*params, *ids],
    )


def _months_since(rows, on_date, param, field):
    """A measurement per (project id, date) of ``rows``: the whole months from that date to
    ``on_date``, the date shown as ``param`` in the sentence and as ``field`` in the inputs."""
    months = {}  # date or its text → (date, months): thousands of projects share a date
    out = []
    for pk, since in rows:
        known = months.get(since)
        if known is None:
            day = _date(since)
            known = months[since] = (day, Decimal(months_between(day, on_date)))
        out.append(Measurement(pk, known[1], describe=partial(
            _since_details, pk, known[0], on_date, param, field)))  # fmt: skip
    return out


def _since_details(pk, since, on_date, param, field):
    months = str(months_between(since, on_date))
    params = {param: since.isoformat(), "months": months}
    return params, {field: since.isoformat(), "on": on_date.isoformat()}, project_link(pk)


def measure_start_overdue(on_date, project_ids=None, rule=None):
    """Whole months since the planned start of a project not yet started."""
    rows = _rows(
        project_ids,
        lambda r: (
            r["stage"] in (Stage.RESERVE, Stage.PRELIMINARY)
            and r["planned_start"] is not None
            and r["planned_start"] < on_date
        ),
        "planned_start",
        "stage IN (%s, %s) AND planned_start < %s",
        [str(Stage.RESERVE), str(Stage.PRELIMINARY), on_date],
    )
    return _months_since(rows, on_date, "planned", "planned_start")


def measure_not_in_statistics(on_date, project_ids=None, rule=None):
    """Whole months since the actual start of a started project (≥500万元) not yet 入库."""
    rows = _rows(
        project_ids,
        lambda r: r["stage"] in STARTED_STAGES
        and r["actual_start"] is not None and r["actual_start"] < on_date
        and r["in_statistics_date"] is None
        and r["total_investment"] is not None and r["total_investment"] >= STATISTICS_MINIMUM,
        "actual_start",
        f"stage IN ({sql.placeholders(STARTED)}) AND actual_start < %s "
        "AND in_statistics_date IS NULL AND total_investment >= %s",
        [*STARTED, on_date, STATISTICS_MINIMUM],
    )  # fmt: skip
    return _months_since(rows, on_date, "started", "actual_start")


def measure_completion_overdue(on_date, project_ids=None, rule=None):
    """Whole months since the planned completion of a project not yet completed."""
    rows = _rows(
        project_ids,
        lambda r: r["stage"] not in (Stage.COMPLETED, Stage.IN_PRODUCTION)
        and r["planned_completion"] is not None and r["planned_completion"] < on_date
        and r["actual_completion"] is None,
        "planned_completion",
        "stage NOT IN (%s, %s) AND planned_completion < %s AND actual_completion IS NULL",
        [str(Stage.COMPLETED), str(Stage.IN_PRODUCTION), on_date],
    )  # fmt: skip
    return _months_since(rows, on_date, "planned", "planned_completion")


# --- reports missing (连续未报) ----------------------------------------------------------------


def measure_report_missing(on_date, project_ids=None, rule=None):
    """How many periods in a row, back from the latest one due, a project under construction
    has handed in no report for after the deadline."""
    due, rows = _building_figures(on_date, project_ids)
    if not due:
        return []
    latest = due[0]
    ends = [p.end for p in due]
    out = []
    for pk, started, _plan, _ytd, _recent, handed in rows:
        handed = int(handed or 0)
        count = 0
        for i, end in enumerate(ends):
            if started > end or handed >> i & 1:
                break
            count += 1
        out.append(Measurement(pk, Decimal(count), describe=partial(
            _missing_details, pk, due[:count], latest)))  # fmt: skip
    return out


def _missing_details(pk, missing, latest):
    params = {
        "count": str(len(missing)),
        "periods": ", ".join(period_label(p) for p in missing) or "—",
        "deadline": latest.deadline.isoformat(),
    }
    inputs = {"missing": [period_label(p) for p in missing], "latest_due": period_label(latest)}
    return params, inputs, link("reporting:fill_report", pk, latest.pk)


def _date(value):
    """A date column read raw: a date (PostgreSQL, SQLite's declared type) or its text."""
    return value if isinstance(value, date) or value is None else date.fromisoformat(value[:10])


# --- work stopped (停工未复工) ----------------------------------------------------------------


def measure_work_stopped(on_date, project_ids=None, rule=None):
    """Days since a project's work stopped, where the last work event is a stoppage."""
    # The work events are few (a project in fifty stops): read them all, latest first per
    # project, rather than two correlated subqueries per project.
    events = WorkStatusEvent.objects.filter(date__lte=on_date).order_by(
        "project_id", "-date", "-pk"
    )
    if project_ids is not None:
        events = events.filter(project_id__in=list(project_ids))
    last = {}
    for pk, kind, day in events.values_list("project_id", "kind", "date"):
        last.setdefault(pk, (kind, day))
    return [
        Measurement(
            project_id=pk,
            value=Decimal((on_date - stopped).days),
            params={"stopped": stopped.isoformat(), "days": str((on_date - stopped).days)},
            inputs={"suspended_on": stopped.isoformat(), "on": on_date.isoformat()},
            link=project_link(pk),
        )
        for pk, (kind, stopped) in last.items()
        if kind == WorkStatusKind.SUSPENDED
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
        items = model.objects.overdue(on_date).order_by()
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
                    link=link(url, pk),
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
        reads=frozenset({"reporting.MonthlyReport", "projects.AnnualPlan"}),
    ))  # fmt: skip
    register(RuleKind(
        code="recent_stall", order=20, name=_("Stalled in recent periods"),
        message=gettext_noop("In the last %(months)s months completed %(completed)s 万元, %(ratio)s%% of the %(share)s 万元 the annual plan gives those months (below %(threshold)s%%: %(level)s)."),
        measure=measure_recent_stall, thresholds={1: 50, 2: 30, 3: 10}, unit="%",
        direction=Direction.BELOW, margin=Decimal(5),
        reads=frozenset({"reporting.MonthlyReport", "projects.AnnualPlan"}),
    ))  # fmt: skip
    register(RuleKind(
        code="start_overdue", order=30, name=_("Planned start passed, not started"),
        message=gettext_noop("Planned to start on %(planned)s, not started %(months)s months later (≥%(threshold)s: %(level)s)."),
        measure=measure_start_overdue, thresholds={1: 1, 2: 2, 3: 3}, unit=months,
        reads=frozenset(),
    ))  # fmt: skip
    register(RuleKind(
        code="not_in_statistics", order=40, name=_("Started, not in the statistics"),
        message=gettext_noop("Started on %(started)s, not in the statistics %(months)s months later (≥%(threshold)s: %(level)s)."),
        measure=measure_not_in_statistics, thresholds={1: 1, 3: 2}, unit=months,
        reads=frozenset(),
    ))  # fmt: skip
    register(RuleKind(
        code="report_missing", order=50, name=_("Monthly report missing"),
        message=gettext_noop("No report handed in for %(periods)s after the deadline of %(deadline)s: %(count)s periods in a row (≥%(threshold)s: %(level)s)."),
        measure=measure_report_missing, thresholds={1: 1, 2: 2, 3: 3}, unit=_("periods"),
        reads=frozenset({"reporting.MonthlyReport"}),
    ))  # fmt: skip
    register(RuleKind(
        code="item_overdue", order=60, name=_("Problem, measure or target overdue"),
        message=gettext_noop("The %(item)s “%(text)s” was due on %(due)s and is %(days)s days overdue (≥%(threshold)s: %(level)s)."),
        measure=measure_item_overdue, thresholds={1: 1, 2: 15, 3: 30}, unit=_("days"),
        reads=frozenset({"lists.Problem", "lists.Measure", "lists.Target"}),
    ))  # fmt: skip
    register(RuleKind(
        code="completion_overdue", order=70, name=_("Planned completion passed, not completed"),
        message=gettext_noop("Planned to be completed on %(planned)s, not completed %(months)s months later (≥%(threshold)s: %(level)s)."),
        measure=measure_completion_overdue, thresholds={1: 1, 2: 3, 3: 6}, unit=months,
        reads=frozenset(),
    ))  # fmt: skip
    register(RuleKind(
        code="work_stopped", order=80, name=_("Work stopped, not resumed"),
        message=gettext_noop("Work stopped on %(stopped)s and has not resumed for %(days)s days (≥%(threshold)s: %(level)s)."),
        measure=measure_work_stopped, thresholds={1: 30, 2: 60, 3: 90}, unit=_("days"),
        reads=frozenset(),
    ))  # fmt: skip
