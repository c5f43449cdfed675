"""The 三督 lists, each at the boundaries of its rule, with why and the last decision."""

from datetime import date

import pytest

from groundbreak.alerts.engine import evaluate
from groundbreak.dispatch.selectors import (
    LAGGING,
    START_OVERDUE,
    UNREGISTERED,
    sandu_list,
    scoped_projects,
)
from groundbreak.projects.choices import Stage
from groundbreak.projects.models import Project

pytestmark = pytest.mark.django_db
ON = date(2020, 4, 10)


def names(rows):
    return [r.project.name for r in rows]


def test_lagging_is_below_time_progress_not_at_it(make_project, file_reports):
    """3月 due: time progress 25 %. Plan 10,000: 2,500 is on time (not listed), 2,499 behind."""
    on_time = make_project(name="按进度", total="40000", plans={2020: 10000})
    behind = make_project(name="滞后", total="40000", plans={2020: 10000})
    file_reports(on_time, {2: 0, 3: 2500})
    file_reports(behind, {2: 0, 3: 2499})
    rows = sandu_list(LAGGING, Project.objects.all(), ON)
    assert names(rows) == ["滞后"]
    assert "25.0" in rows[0].figures and "2,499" in rows[0].figures


def test_lagging_says_the_warning_sentence_where_there_is_one(make_project, file_reports):
    project = make_project(name="滞后", total="40000", plans={2020: 10000})
    file_reports(project, {2: 0, 3: 1200})
    evaluate(ON)
    (row,) = sandu_list(LAGGING, Project.objects.all(), ON)
    assert row.why.startswith("1-3月完成 1,200万元") and row.why != row.figures


def test_unregistered_counts_days_and_spares_registered_and_small(make_project):
    make_project(name="未入库", actual_start=date(2020, 3, 1))
    make_project(name="已入库", actual_start=date(2020, 3, 1), in_statistics_date=date(2020, 4, 1))
    make_project(name="后入库", actual_start=date(2020, 3, 1), in_statistics_date=date(2020, 4, 11))
    make_project(name="太小", actual_start=date(2020, 3, 1), total="499")
    make_project(name="今天开工", actual_start=ON)
    make_project(name="明天开工", actual_start=date(2020, 4, 11))
    rows = sandu_list(UNREGISTERED, Project.objects.all(), ON)
    assert names(rows) == ["未入库", "后入库", "今天开工"]
    assert [r.days for r in rows] == [40, 40, 0]


def test_start_overdue_from_the_day_after_the_planned_start(make_project):
    make_project(name="昨天应开工", stage=Stage.PRELIMINARY, planned_start=date(2020, 4, 9))
    make_project(name="今天应开工", stage=Stage.PRELIMINARY, planned_start=ON)
    make_project(name="储备逾期", stage=Stage.RESERVE, planned_start=date(2020, 3, 1))
    make_project(name="已开工", planned_start=date(2020, 3, 1))
    rows = sandu_list(START_OVERDUE, Project.objects.all(), ON)
    assert names(rows) == ["储备逾期", "昨天应开工"]
    assert rows[1].days == 1


def test_last_decision_is_the_latest_item_on_the_project(portfolio, issued_item):
    project = portfolio["jiangchuan"]
    project.in_statistics_date = None
    project.save()
    issued_item(deadline=date(2020, 4, 20))
    latest = issued_item(deadline=date(2020, 5, 20))
    (row,) = sandu_list(UNREGISTERED, Project.objects.filter(pk=project.pk), ON)
    assert row.last_decision == latest


def test_a_county_sees_its_own(portfolio, hongta_user, jiangchuan_user):
    hongta = names(sandu_list(UNREGISTERED, scoped_projects(hongta_user), ON))
    jiangchuan = names(sandu_list(UNREGISTERED, scoped_projects(jiangchuan_user), ON))
    assert "江川星云湖保护治理" in jiangchuan and "江川星云湖保护治理" not in hongta
    assert "玉溪大河综合治理工程" in hongta and "玉溪大河综合治理工程" not in jiangchuan
