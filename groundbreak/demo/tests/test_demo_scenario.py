"""The demo scenario against the figures of the Yuxi 2020 article, read back from the database.

The demo is loaded once for the module (``manage.py load_demo`` inside a transaction that is
rolled back at the end), each test runs in its own savepoint on top of it.
"""

from collections import Counter
from datetime import date
from decimal import Decimal
from io import StringIO

import pytest
from django.core.exceptions import ValidationError
from django.core.management import call_command
from django.db.models import Count, Sum
from django.http import HttpRequest

from groundbreak.accounts.models import Department, Leader, OwnerUnit, Role, User
from groundbreak.projects.choices import (
    STARTED_STAGES,
    UNDER_CONSTRUCTION_STAGES,
    Stage,
    WorkStatusKind,
)
from groundbreak.projects.models import (
    GroundbreakingBatch,
    Project,
    StageTransition,
    WorkStatusEvent,
)
from groundbreak.projects.selectors import batch_figures, resumption_rates, under_construction_on
from groundbreak.projects.services import mark_in_statistics
from groundbreak.projects.validators import PROJECT_CODE_RE
from groundbreak.regions.models import Region

THREE_HUNDRED = "province-three-hundred-industry"
COUNTY_AND_ZONE_CODES = {
    "530402",
    "530403",
    "530481",
    "530423",
    "530424",
    "530425",
    "530426",
    "530427",
    "530428",
    "530400GX",
}
ACCOUNTS = ["city", "hongta", "jiangchuan", "dept", "owner", "leader", "auditor"]


@pytest.fixture
def city_user(demo):
    return User.objects.get(username="city")


def city_batch():
    return GroundbreakingBatch.objects.get(date=date(2020, 2, 25), region__code="530400")


def hongta_batch():
    return GroundbreakingBatch.objects.get(date=date(2020, 3, 13), region__code="530402")


def exact_sum(values):
    return sum(values, Decimal(0))


def has_at_most_two_places(amount):
    return amount * 100 == (amount * 100).to_integral_value()


pytestmark = pytest.mark.django_db


def test_city_batch_of_25_february_has_120_projects_163_5_yi_and_85_4_yi_this_year(demo, city_user):
    batch = city_batch()
    projects = batch.projects.with_plan(2020)
    assert projects.count() == 120
    totals = projects.aggregate(total=Sum("total_investment"))
    assert totals["total"] == Decimal("1635000")
    assert exact_sum(p.total_investment for p in projects) == Decimal("1635000")
    assert exact_sum(p.annual_plan for p in projects) == Decimal("854000")
    # What the batch page shows, through the selector it uses.
    figures = batch_figures(batch, city_user)
    assert (figures["count"], figures["total"], figures["plan"]) == (
        120,
        Decimal("1635000"),
        Decimal("854000"),
    )
    assert figures["in_statistics"] and figures["not_in_statistics"]
    assert not figures["not_started"]


def test_city_batch_projects_started_that_day_in_every_county_and_field(demo):
    projects = list(city_batch().projects.select_related("region").with_plan(2020))
    assert {p.stage for p in projects} == {Stage.NEW_START}
    assert {p.actual_start for p in projects} == {date(2020, 2, 25)}
    assert {p.field for p in projects} == {"infrastructure", "social", "industry"}
    assert {p.region.code for p in projects} == COUNTY_AND_ZONE_CODES
    for project in projects:
        assert list(project.plans.values_list("year", flat=True)) == [2020]
        assert Decimal(0) < project.annual_plan <= project.total_investment
        assert Decimal(300) <= project.total_investment <= Decimal(500000)
        assert has_at_most_two_places(project.total_investment)
        assert has_at_most_two_places(project.annual_plan)
        assert PROJECT_CODE_RE.match(project.code)


def test_hongta_share_of_the_city_batch_is_9_projects_for_15_7_yi(demo):
    share = city_batch().projects.filter(region__code="530402")
    figures = share.aggregate(count=Count("pk"), total=Sum("total_investment"))
    assert figures == {"count": 9, "total": Decimal("157000")}


def test_hongta_batch_of_13_march_has_16_projects_for_30_86_yi(demo):
    batch = hongta_batch()
    assert batch.location == "红塔工业园区"
    projects = list(batch.projects.select_related("region").with_plan(2020))
    assert len(projects) == 16
    assert exact_sum(p.total_investment for p in projects) == Decimal("308600")
    assert batch.projects.aggregate(total=Sum("total_investment"))["total"] == Decimal("308600")
    assert {p.field for p in projects} == {"infrastructure", "social", "industry"}
    assert {p.region.code for p in projects} == {"530402"}
    assert {p.stage for p in projects} == {Stage.NEW_START}
    assert {p.actual_start for p in projects} == {date(2020, 3, 13)}
    assert all(p.annual_plan <= p.total_investment for p in projects)
    # No project is in both batches.
    assert not batch.projects.filter(batches=city_batch()).exists()


def test_43_major_industrial_projects_all_back_at_work_by_end_of_february(demo, city_user):
    majors = Project.objects.filter(key_levels__code=THREE_HUNDRED).distinct()
    assert majors.count() == 43
    assert set(majors.values_list("field", flat=True)) == {"industry"}
    assert set(majors.values_list("stage", flat=True)) == {Stage.CONTINUING}
    assert {p.actual_start.year for p in majors} <= {2018, 2019}
    sectors = Counter(majors.values_list("sector__code", flat=True))
    assert sectors["C"] > 43 // 2
    for project in majors:
        events = list(project.work_events.order_by("date", "pk"))
        assert [e.kind for e in events] == [WorkStatusKind.SUSPENDED, WorkStatusKind.RESUMED]
        stop, resume = events
        assert date(2020, 1, 1) <= stop.date <= date(2020, 1, 31)
        assert stop.reason in ("spring_festival", "epidemic")
        assert date(2020, 2, 3) <= resume.date <= date(2020, 2, 29)
        assert resume.workers_on_site > 0

    _rows, total = resumption_rates(city_user, date(2020, 2, 29), key_level=THREE_HUNDRED)
    assert total.under_construction == 43
    assert total.stopped == 43
    assert total.resumed == 43
    assert total.still_suspended == 0
    assert total.rate == 100


def test_major_industrial_projects_were_not_all_at_work_at_end_of_january(demo, city_user):
    _rows, total = resumption_rates(city_user, date(2020, 1, 31), key_level=THREE_HUNDRED)
    assert total.under_construction == 43
    assert total.still_suspended > 0
    assert total.rate < 100


def test_no_other_project_is_on_the_provincial_industrial_list(demo):
    on_list = Project.objects.filter(key_levels__code=THREE_HUNDRED)
    assert not on_list.exclude(field="industry").exists()
    assert not on_list.exclude(stage=Stage.CONTINUING).exists()


def test_six_highways_under_construction(demo, city_user):
    highways = Project.objects.filter(sector__code="G", name__contains="高速公路")
    assert highways.count() == 6
    assert highways.filter(stage__in=UNDER_CONSTRUCTION_STAGES).count() == 6
    assert under_construction_on(highways, date(2020, 2, 29)).count() == 6
    assert set(highways.values_list("department_in_charge__name", flat=True)) == {"市交通运输局"}
    for road in highways:
        assert road.field == "infrastructure"
        assert 2017 <= road.actual_start.year <= 2019
        assert Decimal(800000) <= road.total_investment <= Decimal(2000000)
    resumed = WorkStatusEvent.objects.filter(
        project__in=highways, kind=WorkStatusKind.RESUMED, date__month=2, date__year=2020
    )
    assert resumed.exists()
    _rows, total = resumption_rates(city_user, date(2020, 2, 29), field="infrastructure")
    assert total.under_construction > 6


def test_water_diversion_back_at_work_on_10_february(demo, city_user):
    project = Project.objects.get(name="滇中引水工程玉溪段")
    assert project.field == "infrastructure"
    assert project.sector.code == "N"
    assert project.stage == Stage.CONTINUING
    assert project.actual_start.year == 2018
    stop, resume = project.work_events.order_by("date", "pk")
    assert stop.kind == WorkStatusKind.SUSPENDED and stop.reason == "spring_festival"
    assert stop.date.year == 2020 and stop.date.month == 1
    assert resume.kind == WorkStatusKind.RESUMED and resume.date == date(2020, 2, 10)

    def suspended_on(day):
        _rows, total = resumption_rates(city_user, day)
        return project in total.suspended_projects

    assert suspended_on(date(2020, 2, 9))
    assert not suspended_on(date(2020, 2, 10))


def test_every_stage_of_the_pipeline_is_present(demo):
    stages = Counter(Project.objects.values_list("stage", flat=True))
    assert set(stages) == set(Stage.values)
    assert stages[Stage.RESERVE] >= 20 and stages[Stage.PRELIMINARY] >= 15
    assert not Project.objects.filter(stage=Stage.RESERVE).exclude(code="").exists()
    assert not Project.objects.exclude(stage=Stage.RESERVE).filter(code="").exists()
    for project in Project.objects.filter(stage__in=[Stage.COMPLETED, Stage.IN_PRODUCTION]):
        assert project.actual_completion is not None
        steps = list(project.transitions.values_list("to_stage", flat=True))
        assert steps[:2] == [Stage.CONTINUING, Stage.COMPLETED]


def test_every_region_has_a_project(demo):
    regions = Region.objects.all()
    assert {r.code for r in regions} == COUNTY_AND_ZONE_CODES | {"530400"}
    for region in regions:
        assert region.projects.exists(), region.name


def test_project_codes_are_unique_and_well_formed(demo):
    codes = list(Project.objects.exclude(code="").values_list("code", flat=True))
    assert len(codes) == len(set(codes))
    known = set(Region.objects.values_list("code", flat=True))
    for code in codes:
        match = PROJECT_CODE_RE.match(code)
        assert match and match["region"] in known


def test_statistics_entries_follow_the_rule_and_one_small_project_shows_the_refusal(demo):
    entered = Project.objects.filter(in_statistics_date__isnull=False)
    assert not entered.exclude(stage__in=STARTED_STAGES).exists()
    assert not entered.filter(total_investment__lt=500).exists()
    assert entered.count() > Project.objects.started().count() // 2
    small = Project.objects.started().filter(total_investment__lt=500)
    assert small.exists()
    assert not small.filter(batches__isnull=False).exists()
    project = small.first()
    assert project.in_statistics_date is None
    with pytest.raises(ValidationError):
        mark_in_statistics(project, by=None, date=date(2020, 6, 1))


def test_every_project_has_its_history_and_timeline(demo):
    for project in Project.objects.all():
        assert project.history.exists()
        assert StageTransition.objects.filter(project=project).exists()
    assert Project.history.filter(history_type="+").count() == Project.objects.count()


def test_each_project_was_created_once_in_its_history(demo):
    """One "created" row per project: its key-project levels belong to that row, not to a
    second "changed" row recorded right after it."""
    created = Project.history.filter(history_change_reason="Created")
    assert created.count() == Project.objects.count()
    with_levels = Project.objects.filter(key_levels__isnull=False).distinct()
    assert with_levels.exists()
    for project in with_levels[:20]:
        first = project.history.order_by("history_id").first()
        assert set(first.key_levels.values_list("keyprojectlevel", flat=True)) == set(
            project.key_levels.values_list("pk", flat=True)
        )


def test_people_and_responsibilities(demo):
    assert 8 <= Department.objects.count()
    assert 6 <= Leader.objects.count() <= 8
    assert 60 <= OwnerUnit.objects.count() <= 100
    key = Project.objects.filter(key_levels__isnull=False).distinct()
    assert not key.filter(leader_in_charge__isnull=True).exists()
    assert Project.objects.filter(leader_in_charge__isnull=False).count() >= 50
    assert Project.objects.filter(department_in_charge__isnull=False).count() >= 200


def test_demo_accounts_are_anchored_to_their_scope(demo):
    users = {u.username: u for u in User.objects.filter(username__in=ACCOUNTS)}
    assert set(users) == set(ACCOUNTS)
    assert users["city"].role == Role.CITY
    assert users["city"].is_staff and users["city"].is_superuser
    assert users["hongta"].region.code == "530402"
    assert users["jiangchuan"].region.code == "530403"
    assert users["dept"].department.projects.count() >= 10
    owned = Project.objects.filter(owner_unit=users["owner"].owner_unit)
    assert owned.count() >= 2 and owned.filter(region__code="530402").exists()
    assert users["leader"].leader.projects.count() >= 5
    assert users["auditor"].role == Role.AUDITOR
    for user in users.values():
        user.full_clean()
        assert user.first_name


@pytest.mark.parametrize("username", ACCOUNTS)
def test_demo_account_logs_in(demo, client, username):
    # The login throttle (django-axes) needs the request a real login has.
    assert client.login(request=HttpRequest(), username=username, password="groundbreak")


def test_city_account_opens_the_admin(demo, client):
    client.login(request=HttpRequest(), username="city", password="groundbreak")
    assert client.get("/admin/").status_code == 200


def _counts():
    models = [
        Region,
        Department,
        Leader,
        OwnerUnit,
        User,
        Project,
        GroundbreakingBatch,
        StageTransition,
        WorkStatusEvent,
    ]
    counts = {model.__name__: model.objects.count() for model in models}
    counts["HistoricalProject"] = Project.history.count()
    counts["HistoricalRegion"] = Region.history.count()
    counts["batch members"] = GroundbreakingBatch.projects.through.objects.count()
    return counts


def test_load_demo_twice_changes_nothing(demo):
    assert "Demo loaded" in demo
    before = _counts()
    out = StringIO()
    call_command("load_demo", stdout=out)
    assert "already" in out.getvalue()
    assert _counts() == before
    assert before["Project"] > 200


def test_build_demo_refuses_a_database_with_projects(demo):
    from groundbreak.demo.builder import build_demo

    count = Project.objects.count()
    with pytest.raises(RuntimeError, match="projects"):
        build_demo()
    assert Project.objects.count() == count


def test_a_few_county_projects_came_without_owner_and_wait_to_be_completed(demo):
    from groundbreak.alerts.demo import PROJECT_CODES as ALERTS_PROJECTS

    # the projects step's own; the warnings step adds two of its own to show its rules
    waiting = Project.objects.incomplete().exclude(code__in=ALERTS_PROJECTS)
    by_region = {code: waiting.filter(region__code=code).count() for code in ("530402", "530403")}
    assert by_region == {"530402": 3, "530403": 2}
    assert waiting.count() == 5  # every other demo project is complete
    assert all(p.missing_fields[0] == "owner_unit" for p in waiting)
    assert set(waiting.values_list("stage", flat=True)) <= {"reserve", "preliminary"}
    for project in waiting:
        assert project.history.earliest("history_date").owner_unit_id is None


def test_loading_the_demo_again_changes_no_report(demo):
    from groundbreak.reporting.models import (
        MonthlyReport,
        ProjectYearSummary,
        ReportAttachment,
        ReportingPeriod,
        StatisticsFigure,
    )

    def counts():
        return (
            MonthlyReport.objects.count(),
            MonthlyReport.history.count(),
            ReportAttachment.objects.count(),
            StatisticsFigure.objects.count(),
            ReportingPeriod.objects.count(),
            ProjectYearSummary.objects.count(),
        )

    before = counts()
    out = StringIO()
    call_command("load_demo", stdout=out)
    assert "already" in out.getvalue()
    assert counts() == before
