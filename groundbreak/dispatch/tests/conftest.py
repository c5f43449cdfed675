from datetime import date
from decimal import Decimal as D

import pytest

from groundbreak.alerts.tests.conftest import file_reports, periods, pin  # noqa: F401
from groundbreak.dispatch import services
from groundbreak.dispatch.choices import MeetingKind, ScopeKind
from groundbreak.dispatch.models import Meeting
from groundbreak.lists.models import Problem
from groundbreak.projects.models import GroundbreakingBatch
from groundbreak.reporting.models import MonthlyReport, ReportingPeriod


@pytest.fixture
def meeting(city_user):
    """The city's March 2020 dispatch meeting (月调度会), on 10 April."""

    def make(on=date(2020, 4, 10), scope=ScopeKind.CITY, region=None, title="3月项目调度会"):
        return services.save_meeting(
            Meeting(kind=MeetingKind.MONTHLY, title=title, date=on, chair="张副市长",
                    scope=scope, region=region, attendees="各县区发改局"),
            by=city_user,
        )  # fmt: skip

    return make


@pytest.fixture
def issued_item(city_user, leader_user, jiangchuan, portfolio):
    """An item addressed to 江川区, approved and issued on 10 April, due 30 April."""

    def make(deadline=date(2020, 4, 30), on=date(2020, 4, 10), project=None):
        item = services.draft_item(
            by=city_user, decision="5月底前完成用地报批", deadline=deadline,
            responsible_region=jiangchuan, responsible_person="李局长",
            projects=[project or portfolio["jiangchuan"]],
        )  # fmt: skip
        services.act(item, "approve", by=leader_user, on_date=on)
        return services.act(item, "issue", by=city_user, on_date=on)

    return make


@pytest.fixture
def march(
    portfolio,
    periods,  # noqa: F811
    file_reports,  # noqa: F811
    city_user,
    leader_user,
    jiangchuan_user,
    jiangchuan,
    regions,
):
    """红塔: 900 + 300 of 3000 + 3000 planned, 600 last year, 2 started, 1 entered statistics,
    1 of 1 problem on time; 江川: 80 of 200, 1 started, 0 of 1 problem, 1 of 1 item on time;
    高新区: 0 of 3000 (a draft report does not count)."""
    a, b, jc, zone = (portfolio[k] for k in ("hongta_a", "hongta_b", "jiangchuan", "zone"))
    file_reports(a, {2: 400, 3: 500})
    file_reports(b, {3: 300})
    file_reports(jc, {2: 50, 3: 30})
    file_reports(zone, {3: 999}, status="draft")
    last_year = {p.last_month: p for p in ReportingPeriod.periods_for_year(2019)}
    MonthlyReport.objects.create(project=a, period=last_year[3], completed_period=D(600),
                                 completed_ytd=D(600), completed_total=D(600), status="approved")  # fmt: skip
    a.in_statistics_date = date(2020, 3, 10)
    a.save()
    Problem.objects.create(project=a, category="land", description="用地", raised_on=date(2020, 3, 1),
                           raised_by=city_user, due_date=date(2020, 3, 15), closed_on=date(2020, 3, 10),
                           status="closed")  # fmt: skip
    Problem.objects.create(project=jc, category="land", description="资金", raised_on=date(2020, 3, 1),
                           raised_by=city_user, due_date=date(2020, 3, 20))  # fmt: skip
    item = services.draft_item(by=city_user, decision="3月底前完成入库", deadline=date(2020, 3, 31),
                               responsible_region=jiangchuan, projects=[jc])  # fmt: skip
    services.act(item, "approve", by=leader_user, on_date=date(2020, 3, 2))
    services.act(item, "issue", by=city_user, on_date=date(2020, 3, 2))
    for step, who, on in (("receive", jiangchuan_user, 3), ("start", jiangchuan_user, 3),
                          ("feedback", jiangchuan_user, 20), ("review", city_user, 25),
                          ("close", city_user, 30)):  # fmt: skip
        services.act(item, step, by=who, on_date=date(2020, 3, on), note="已办")
    batch = GroundbreakingBatch.objects.create(name="2020年一季度集中开工", date=date(2020, 3, 18),
                                               region=regions["530402"])  # fmt: skip
    batch.projects.add(a, b)
    return periods[3]
