"""A small portfolio with hand-computed results (see test_scoreboard.py for the figures)."""

from datetime import date, datetime
from decimal import Decimal

import pytest
from django.utils import timezone

from groundbreak.accounts.models import Leader
from groundbreak.alerts.choices import EventKind, Level, WarningStatus
from groundbreak.alerts.models import Rule, Warning, WarningEvent
from groundbreak.dispatch.choices import ItemStatus
from groundbreak.dispatch.models import ItemStep, SupervisionItem
from groundbreak.lists.choices import ProblemStatus
from groundbreak.lists.models import Problem
from groundbreak.reporting.models import ProjectYearSummary


@pytest.fixture
def scored(portfolio, department, leader_person, city_user, hongta):
    """张明 leads 红塔 A and the zone's project, 李华 江川's; the department is in charge of
    红塔 A and 江川, the other department of 红塔 B."""
    a, b, jc, zone = (portfolio[k] for k in ("hongta_a", "hongta_b", "jiangchuan", "zone"))
    li = Leader.objects.create(name="李华", post="副市长")
    jc.leader_in_charge, jc.department_in_charge = li, department
    jc.planned_start = date(2020, 2, 1)  # started 25 February: late
    jc.save()
    zone.leader_in_charge = leader_person
    zone.planned_start = date(2020, 6, 1)  # not started: late
    zone.save()
    a.planned_start = date(2020, 3, 1)  # started 25 February: on time
    a.in_statistics_date = date(2020, 4, 1)
    a.save()
    for project, done in ((a, "1500"), (jc, "200"), (b, "3000")):
        ProjectYearSummary.objects.create(project=project, year=2020, completed_ytd=Decimal(done))
    Problem.objects.create(
        project=a, category="land", description="用地", raised_on=date(2020, 3, 1),
        raised_by=city_user, due_date=date(2020, 5, 1), status=ProblemStatus.CONFIRMED,
        closed_on=date(2020, 4, 20),
    )  # fmt: skip
    Problem.objects.create(
        project=zone, category="funds", description="资金", raised_on=date(2020, 3, 1),
        raised_by=city_user, due_date=date(2020, 6, 1),
    )  # fmt: skip
    Problem.objects.create(
        project=jc, category="funds", description="无时限", raised_on=date(2020, 3, 1),
        raised_by=city_user,
    )  # fmt: skip
    item = SupervisionItem.objects.create(
        decision="6月底前完成", responsible_region=hongta, deadline=date(2020, 6, 30),
        status=ItemStatus.CLOSED, created_by=city_user,
    )  # fmt: skip
    item.projects.add(a)
    ItemStep.objects.create(item=item, action="close", from_status=ItemStatus.REVIEWED,
                            to_status=ItemStatus.CLOSED, on_date=date(2020, 6, 20), by=city_user)  # fmt: skip
    at = timezone.make_aware(datetime(2020, 7, 1, 9))
    warning = Warning.objects.create(
        rule=Rule.objects.first(), project=zone, level=Level.RED, status=WarningStatus.OPEN,
        raised_at=at, changed_at=at, evaluated_on=date(2020, 7, 1),
    )  # fmt: skip
    WarningEvent.objects.create(warning=warning, kind=EventKind.RAISED, from_level=0,
                                to_level=Level.RED, on_date=date(2020, 7, 1), at=at)  # fmt: skip
    return {"zhang": leader_person, "li": li, "a": a, "b": b, "jc": jc, "zone": zone}
