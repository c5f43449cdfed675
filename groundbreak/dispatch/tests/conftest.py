from datetime import date

import pytest

from groundbreak.alerts.tests.conftest import file_reports, periods, pin  # noqa: F401
from groundbreak.dispatch import services
from groundbreak.dispatch.choices import MeetingKind, ScopeKind
from groundbreak.dispatch.models import Meeting


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
