"""Reads of responsibility and the scoreboard (考核排名).

The formula (shown under the table): for each leader or department in charge, over the
projects in its charge that the reader may see, six parts, each a share between 0 and 1 of
results in the year, as of its last day (or today, for the running year):

1. completion: Σ completed this year ÷ Σ this year's plan (projects with a plan), at most 1;
2. starts: projects planned to start in the year, by the as-of date, that started no later
   than planned ÷ those planned to start;
3. statistics: this year's new starts with a total ≥ the statistics threshold that entered the
   statistics (入库) by the as-of date ÷ those new starts;
4. problems: problems due in the year that were closed by their due date ÷ problems due;
5. supervision: supervision items on its projects, issued and due in the year, closed by their
   deadline ÷ those due;
6. red warnings: projects without a red warning in the year (exempt ones do not count) ÷ all.

score = 100 × Σ(weight × share) ÷ Σ(weight), over the parts that apply (a part with nothing to
count is left out, not scored zero). Equal scores (to one decimal) share a rank.
Each part is one grouped query, whatever the number of projects.
"""

from dataclasses import dataclass, field
from datetime import date
from decimal import ROUND_HALF_UP, Decimal

from django.conf import settings
from django.db.models import Count, F, OuterRef, Q, Subquery, Sum
from django.utils import timezone

from groundbreak.accounts.models import Department, Leader, Role
from groundbreak.alerts.choices import Level
from groundbreak.alerts.models import Warning, WarningEvent
from groundbreak.dispatch.choices import ItemStatus
from groundbreak.dispatch.models import ItemStep, SupervisionItem
from groundbreak.lists.models import Problem
from groundbreak.projects.models import AnnualPlan, Project
from groundbreak.reporting.models import ProjectYearSummary
from groundbreak.scoreboard.choices import Part, Subject
from groundbreak.scoreboard.models import ScoreWeights

GROUP = {Subject.LEADERS: "leader_in_charge", Subject.DEPARTMENTS: "department_in_charge"}
MODEL = {Subject.LEADERS: Leader, Subject.DEPARTMENTS: Department}
NOT_ISSUED = (ItemStatus.DRAFTED, ItemStatus.APPROVED)
ONE = Decimal(1)


def as_of(year, today=None):
    """The day a year is read on: its last day, or today while it runs."""
    today = today or timezone.localdate()
    return min(date(year, 12, 31), today)


def may_read(user):
    """Owners fill their reports and read nothing else; every other role reads the scoreboard
    over its own scope."""
    return bool(user and user.is_authenticated and user.is_active) and (
        user.is_superuser or user.role != Role.OWNER
    )


def subjects(user, kind):
    """The leaders or departments the user may read: a leader himself, a department itself, the
    others those in charge of a project in their scope."""
    model = MODEL[kind]
    if not may_read(user):
        return model.objects.none()
    if not user.is_superuser and user.role == Role.LEADER:
        return (
            model.objects.filter(pk=user.leader_id)
            if kind == Subject.LEADERS
            else model.objects.none()
        )
    if not user.is_superuser and user.role == Role.DEPARTMENT:
        if kind == Subject.DEPARTMENTS:
            return model.objects.filter(pk=user.department_id)
        return model.objects.none()
    in_scope = Project.objects.restrict(user, "view").filter(**{f"{GROUP[kind]}__isnull": False})
    return model.objects.filter(pk__in=in_scope.values(GROUP[kind]))


def subject_projects(user, kind, subject_ids=None):
    """The projects the scores read: in the reader's scope, in the charge of a subject the
    reader may read (one subject or a few with ``subject_ids``)."""
    group = GROUP[kind]
    allowed = subjects(user, kind)
    if subject_ids is not None:
        allowed = allowed.filter(pk__in=subject_ids)
    return Project.objects.restrict(user, "view").filter(**{f"{group}__in": allowed})


# The rows behind each counted part: (rows, the path from a row to its project, the test of a
# good row). The detail page lists the same rows the grouped counts count.
def starts_rows(projects, year, day):
    return (
        projects.filter(planned_start__year=year, planned_start__lte=day),
        "",
        Q(actual_start__isnull=False, actual_start__lte=F("planned_start")),
    )


def statistics_rows(projects, year, day):
    rows = projects.filter(
        actual_start__year=year,
        actual_start__lte=day,
        total_investment__gte=Decimal(settings.STATISTICS_MIN_TOTAL_INVESTMENT),
    )
    return rows, "", Q(in_statistics_date__isnull=False, in_statistics_date__lte=day)


def problem_rows(projects, year, day):
    rows = Problem.objects.filter(project__in=projects, due_date__year=year, due_date__lte=day)
    return rows, "project__", Q(closed_on__isnull=False, closed_on__lte=F("due_date"))


def supervision_rows(projects, year, day):
    closed_on = ItemStep.objects.filter(item=OuterRef("pk"), action="close").order_by("-on_date")
    rows = (
        SupervisionItem.objects.filter(
            projects__in=projects, deadline__year=year, deadline__lte=day
        )
        .exclude(status__in=NOT_ISSUED)
        .annotate(closed_on=Subquery(closed_on.values("on_date")[:1]))
    )
    good = Q(status=ItemStatus.CLOSED, closed_on__isnull=False, closed_on__lte=F("deadline"))
    return rows, "projects__", good


def red_events(projects, year, day):
    return WarningEvent.objects.filter(
        warning__project__in=projects,
        to_level=Level.RED,
        on_date__year=year,
        on_date__lte=day,
        exempt=False,
    )


def red_rows(projects, year, day):
    red = red_events(projects, year, day).values("warning__project")
    return projects, "", ~Q(pk__in=red)


COUNTED = {
    Part.STARTS: starts_rows,
    Part.STATISTICS: statistics_rows,
    Part.PROBLEMS: problem_rows,
    Part.SUPERVISION: supervision_rows,
    Part.RED_WARNINGS: red_rows,
}


@dataclass
class Share:
    """One part of one subject's score: good ÷ counted (money for completion)."""

    good: Decimal = Decimal(0)
    counted: Decimal = Decimal(0)

    @property
    def value(self):
        if not self.counted:
            return None
        share = min(Decimal(self.good) / Decimal(self.counted), ONE)
        return share.quantize(Decimal("0.0001"), rounding=ROUND_HALF_UP)


@dataclass
class Row:
    subject: object
    projects: int = 0
    parts: dict = field(default_factory=dict)
    score: Decimal | None = None
    rank: int | None = None
    tied: bool = False

    @property
    def rate(self):
        """The plain completion rate (may pass 100 %), as lists show it."""
        share = self.parts.get(Part.COMPLETION)
        if not share or not share.counted:
            return None
        return (share.good / share.counted).quantize(Decimal("0.0001"))


def _grouped(rows, path, good, group):
    key = f"{path}{group}"
    distinct = path == "projects__"  # an item on two projects of one subject counts once
    counts = (
        rows.filter(**{f"{key}__isnull": False})
        .order_by()
        .values(subject=F(key))
        .annotate(
            counted=Count("pk", distinct=distinct), good=Count("pk", filter=good, distinct=distinct)
        )
    )
    return {c["subject"]: Share(Decimal(c["good"]), Decimal(c["counted"])) for c in counts}


def shares(projects, kind, year, day):
    """{part: {subject id: Share}}: each part in one grouped query."""
    group = GROUP[kind]
    plans = (
        AnnualPlan.objects.filter(project__in=projects, year=year)
        .order_by()
        .values(subject=F(f"project__{group}"))
        .annotate(total=Sum("amount"))
    )
    done = (
        ProjectYearSummary.objects.filter(
            project__in=projects, year=year, project__plans__year=year
        )
        .order_by()
        .values(subject=F(f"project__{group}"))
        .annotate(total=Sum("completed_ytd"))
    )
    done = {d["subject"]: d["total"] for d in done}
    result = {
        Part.COMPLETION: {
            p["subject"]: Share(done.get(p["subject"]) or Decimal(0), p["total"]) for p in plans
        }
    }
    for part, rows_of in COUNTED.items():
        rows, path, good = rows_of(projects, year, day)
        result[part] = _grouped(rows, path, good, group)
    return result


def score_of(parts, weights):
    weighted = [(weights[p], s.value) for p, s in parts.items() if s.value is not None]
    total_weight = sum(w for w, _v in weighted)
    if not total_weight:
        return None
    score = Decimal(100) * sum(w * v for w, v in weighted) / total_weight
    return score.quantize(Decimal("0.1"), rounding=ROUND_HALF_UP)


def rank(rows):
    """Highest score first; equal scores share a rank (1, 1, 3) and are marked tied; rows without
    a score come last, unranked."""
    scored = sorted(
        (r for r in rows if r.score is not None), key=lambda r: (-r.score, str(r.subject))
    )
    counts = {}
    for row in scored:
        counts[row.score] = counts.get(row.score, 0) + 1
    position = 0
    previous = None
    for index, row in enumerate(scored, start=1):
        if row.score != previous:
            position, previous = index, row.score
        row.rank = position
        row.tied = counts[row.score] > 1
    unscored = sorted((r for r in rows if r.score is None), key=lambda r: str(r.subject))
    return scored + unscored


def scoreboard(user, kind, year, *, today=None, subject_ids=None):
    """The ranked rows of the leaders or departments the user may read, for ``year``."""
    day = as_of(year, today)
    weights = ScoreWeights.for_year(year).as_dict()
    projects = subject_projects(user, kind, subject_ids)
    group = GROUP[kind]
    counts = {c[group]: c["n"] for c in projects.order_by().values(group).annotate(n=Count("pk"))}
    by_part = shares(projects, kind, year, day)
    model = MODEL[kind]
    rows = []
    for subject in model.objects.filter(pk__in=counts):
        parts = {part: by_part[part].get(subject.pk, Share()) for part in Part.values}
        row = Row(subject=subject, projects=counts[subject.pk], parts=parts)
        row.score = score_of(parts, weights)
        rows.append(row)
    return rank(rows)


def project_rows(projects, year, day):
    """Each project with its year's figures, for the responsibility pages: stage, plan,
    completed this year, rate, live warnings (highest level) and the current service cadre."""
    summary = ProjectYearSummary.objects.filter(project=OuterRef("pk"), year=year)
    live = Warning.objects.filter(project=OuterRef("pk")).live().exclude(exempt_until__gte=day)
    return (
        projects.with_plan(year)
        .annotate(
            completed=Subquery(summary.values("completed_ytd")[:1]),
            warning_level=Subquery(live.order_by("-level").values("level")[:1]),
            warning_count=Subquery(
                live.order_by().values("project").annotate(n=Count("pk")).values("n")[:1]
            ),
        )
        .select_related("region", "leader_in_charge", "department_in_charge")
        .prefetch_related("service_cadres")
        .order_by("region__sort_order", "name")
    )
