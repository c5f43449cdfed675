"""The generated agenda: which items come in, staff's edits, carried-over open items, overdue
items warned and back on the next meeting's agenda, the .docx."""

import io
from datetime import date

import pytest
from docx import Document

from groundbreak.alerts.engine import evaluate
from groundbreak.alerts.models import Warning
from groundbreak.dispatch import services
from groundbreak.dispatch.choices import ScopeKind, Section
from groundbreak.dispatch.documents import agenda_docx, item_docx
from groundbreak.dispatch.overdue import CODE
from groundbreak.lists import services as lists
from groundbreak.notifications.models import Notification
from groundbreak.projects.choices import Stage

pytestmark = pytest.mark.django_db


def sections(meeting):
    return [(line.section, line.text) for line in meeting.lines.order_by("position")]


def texts(meeting, section):
    return [t for s, t in sections(meeting) if s == section]


def test_escalated_and_overdue_problems_come_in_a_county_one_in_time_does_not(
    portfolio, city_user, jiangchuan_user, meeting
):
    project = portfolio["jiangchuan"]
    lists.raise_problem(project, by=jiangchuan_user, category="land", description="省级用地审批",
                        solving_level="province")  # fmt: skip
    lists.raise_problem(project, by=jiangchuan_user, category="funds", description="县级资金逾期",
                        due_date=date(2020, 4, 9))  # fmt: skip
    lists.raise_problem(project, by=jiangchuan_user, category="labour", description="县级按期",
                        due_date=date(2020, 4, 10))  # fmt: skip
    m = meeting()
    services.generate_agenda(m, by=city_user)
    problems = texts(m, Section.PROBLEM)
    assert len(problems) == 2
    assert any("省级用地审批" in t for t in problems)
    assert any("县级资金逾期" in t and "逾期1天" in t for t in problems)


def test_red_and_orange_warnings_not_yellow(make_project, city_user, meeting):
    make_project(name="三月未开工", stage=Stage.PRELIMINARY, planned_start=date(2020, 1, 1))
    make_project(name="一月未开工", stage=Stage.PRELIMINARY, planned_start=date(2020, 3, 1))
    evaluate(date(2020, 4, 10))
    m = meeting()
    services.generate_agenda(m, by=city_user)
    warnings = texts(m, Section.WARNING)
    assert any("三月未开工" in t for t in warnings)
    assert not any("一月未开工" in t for t in warnings)  # yellow: on the 三督 list only
    assert any("一月未开工" in t for t in texts(m, Section.START_OVERDUE))


def test_a_county_meeting_holds_only_its_county(portfolio, city_user, jiangchuan, meeting):
    m = meeting(scope=ScopeKind.COUNTY, region=jiangchuan, title="江川区调度会")
    services.generate_agenda(m, by=city_user)
    assert all("红塔" not in t and "玉溪大河" not in t for _s, t in sections(m))
    assert any("江川星云湖" in t for t in texts(m, Section.UNREGISTERED))


def test_staff_reorder_drop_add_and_regenerating_keeps_their_lines(portfolio, city_user, meeting):
    m = meeting()
    services.generate_agenda(m, by=city_user)
    first, second = m.lines.order_by("position")[:2]
    services.move_line(second, by=city_user, up=True)
    assert list(m.lines.order_by("position")[:2]) == [second, first]
    services.drop_line(first, by=city_user)
    added = services.add_line(m, by=city_user, text="研究下月集中开工安排")
    content = agenda_docx(m)
    paragraphs = [p.text for p in Document(io.BytesIO(content)).paragraphs]
    assert any("研究下月集中开工安排" in p for p in paragraphs)
    assert not any(first.text in p for p in paragraphs)
    services.generate_agenda(m, by=city_user)
    assert m.lines.order_by("position").last() == added


def test_docx_opens_and_names_the_east_asian_font(portfolio, city_user, meeting, issued_item):
    m = meeting()
    services.generate_agenda(m, by=city_user)
    document = Document(io.BytesIO(agenda_docx(m)))
    assert document.paragraphs[0].text == "3月项目调度会"
    assert any("议程" == p.text for p in document.paragraphs)
    run = document.paragraphs[0].runs[0]
    assert (
        run._element.rPr.rFonts.get(
            "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}eastAsia"
        )
        == "黑体"
    )
    notice = Document(io.BytesIO(item_docx(issued_item())))
    assert any("玉发改督〔2020〕1号" in p.text for p in notice.paragraphs)
    assert any("5月底前完成用地报批" in p.text for p in notice.paragraphs)


def test_decision_links_minutes_line_and_projects(portfolio, city_user, jiangchuan, meeting):
    m = meeting()
    services.generate_agenda(m, by=city_user)
    line = m.lines.filter(project=portfolio["jiangchuan"]).first()
    item = services.record_decision(m, by=city_user, decision="4月底前入库", deadline=date(2020, 4, 30),
                                    responsible_region=jiangchuan, agenda_line=line)  # fmt: skip
    assert item.meeting == m and item.agenda_line == line
    assert list(item.projects.all()) == [portfolio["jiangchuan"]]


def test_overdue_item_is_warned_in_the_digest_and_back_on_the_next_agenda(
    portfolio, city_user, jiangchuan_user, meeting, issued_item, pin
):
    march = meeting()
    item = issued_item(deadline=date(2020, 4, 30))
    item.meeting = march
    item.save()
    services.act(item, "receive", by=jiangchuan_user, on_date=date(2020, 4, 11))
    evaluate(date(2020, 4, 30))  # due that day: not late
    assert not Warning.objects.filter(rule__kind=CODE).exists()
    evaluate(date(2020, 5, 10))  # 10 days: orange
    warning = Warning.objects.get(rule__kind=CODE, project=portfolio["jiangchuan"])
    assert warning.level == 2 and "10" in warning.why and item.document_number in warning.why
    told = Notification.objects.filter(recipient=jiangchuan_user, link=warning.get_absolute_url())
    assert told.get().urgent is False  # orange: the daily digest
    april = meeting(on=date(2020, 5, 10), title="4月项目调度会")
    services.generate_agenda(april, by=city_user)
    carried = april.lines.get(section=Section.OPEN_ITEM)
    assert carried.item == item and "逾期10天" in carried.text
    assert april.lines.filter(section=Section.WARNING, warning=warning).exists()
    # Closed, it clears its warning at once and is carried over no more.
    pin(date(2020, 5, 12))
    services.act(item, "start", by=jiangchuan_user)
    services.act(item, "feedback", by=jiangchuan_user, note="已入库")
    services.act(item, "review", by=city_user)
    services.act(item, "close", by=city_user)
    warning.refresh_from_db()
    assert warning.status == "cleared"
    assert not services.carried_over_items(april).exists()
