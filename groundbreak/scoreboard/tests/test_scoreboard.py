"""The scoreboard against figures computed by hand on the small portfolio of conftest.py.

张明 (红塔 A, zone): completion 1500 / 6000 = 0.25; starts 1 of 2; statistics 1 of 1;
problems 1 of 2; supervision 1 of 1; without red 1 of 2.
score = 40×0.25 + 15×0.5 + 15×1 + 10×0.5 + 10×1 + 10×0.5 = 52.5 (weights sum to 100).
李华 (江川): completion 200 / 200 = 1; starts 0 of 1; statistics 0 of 1 (800 万元 ≥ 500);
problems and supervision: nothing to count; without red 1 of 1.
score = (40×1 + 15×0 + 15×0 + 10×1) ÷ (40 + 15 + 15 + 10) × 100 = 62.5.
"""

from decimal import Decimal

import pytest

from groundbreak.scoreboard import selectors, services
from groundbreak.scoreboard.choices import Part, Subject
from groundbreak.scoreboard.models import ScoreWeights

pytestmark = pytest.mark.django_db


def _by_name(rows):
    return {row.subject.name: row for row in rows}


def test_leaders_scores_match_the_hand_computed_figures(scored, city_user):
    rows = selectors.scoreboard(city_user, Subject.LEADERS, 2020)
    assert [r.subject.name for r in rows] == ["李华", "张明"]
    li, zhang = rows
    assert (li.score, li.rank, li.tied) == (Decimal("62.5"), 1, False)
    assert (zhang.score, zhang.rank) == (Decimal("52.5"), 2)
    assert zhang.parts[Part.COMPLETION].value == Decimal("0.25")
    assert (zhang.parts[Part.STARTS].good, zhang.parts[Part.STARTS].counted) == (1, 2)
    assert zhang.parts[Part.STATISTICS].value == 1
    assert zhang.parts[Part.PROBLEMS].value == Decimal("0.5")
    assert zhang.parts[Part.SUPERVISION].value == 1
    assert zhang.parts[Part.RED_WARNINGS].value == Decimal("0.5")
    assert li.parts[Part.PROBLEMS].value is None  # a problem without due date is not counted
    assert li.parts[Part.SUPERVISION].value is None
    assert zhang.projects == 2 and li.projects == 1


def test_departments_scores_match_the_hand_computed_figures(scored, city_user):
    """市工业和信息化局 (红塔 A, 江川): completion 1700 / 3200 = 0.5313; starts ½; statistics ½;
    problems 1/1; supervision 1/1; no red: 40×0.5313 + 7.5 + 7.5 + 10 + 10 + 10 = 66.3.
    市交通运输局 (红塔 B): completion 1, statistics 0/1, no red 1/1, starts not counted (no
    planned start): (40 + 0 + 10) ÷ 65 × 100 = 76.9."""
    rows = _by_name(selectors.scoreboard(city_user, Subject.DEPARTMENTS, 2020))
    industry, transport = rows["市工业和信息化局"], rows["市交通运输局"]
    assert industry.parts[Part.COMPLETION].value == Decimal("0.5313")
    assert industry.score == Decimal("66.3")
    assert transport.score == Decimal("76.9")
    assert (transport.rank, industry.rank) == (1, 2)


def test_weights_of_a_year_change_its_ranking_and_no_other_year(scored, city_user):
    services.set_score_weights(2020, by=city_user, completion=100, starts=0, statistics=0,
                               problems=0, supervision=0, red_warnings=0)  # fmt: skip
    rows = _by_name(selectors.scoreboard(city_user, Subject.LEADERS, 2020))
    assert rows["张明"].score == Decimal("25.0") and rows["李华"].score == Decimal("100.0")
    services.set_score_weights(2021, by=city_user, completion=0, starts=100, statistics=0,
                               problems=0, supervision=0, red_warnings=0)  # fmt: skip
    rows = _by_name(selectors.scoreboard(city_user, Subject.LEADERS, 2020))
    assert rows["张明"].score == Decimal("25.0")
    weights = ScoreWeights.objects.get(year=2020)
    assert weights.history.first().history_user == city_user


def test_a_later_years_figures_leave_the_year_alone(scored, city_user):
    """2021's summary and plan of 红塔 A do not move 2020's completion."""
    from groundbreak.projects.models import AnnualPlan
    from groundbreak.reporting.models import ProjectYearSummary

    AnnualPlan.objects.create(project=scored["a"], year=2021, amount=Decimal(100))
    ProjectYearSummary.objects.create(project=scored["a"], year=2021, completed_ytd=Decimal(100))
    rows = _by_name(selectors.scoreboard(city_user, Subject.LEADERS, 2020))
    assert rows["张明"].parts[Part.COMPLETION].value == Decimal("0.25")
    rows = _by_name(selectors.scoreboard(city_user, Subject.LEADERS, 2021))
    assert rows["张明"].parts[Part.COMPLETION].value == 1


def test_equal_scores_share_a_rank_and_are_marked_tied():
    rows = [selectors.Row(subject=name, score=Decimal(score))
            for name, score in (("甲", "80.0"), ("乙", "90.0"), ("丙", "80.0"), ("丁", "70.0"))]  # fmt: skip
    rows.append(selectors.Row(subject="戊"))
    ranked = selectors.rank(rows)
    assert [(r.subject, r.rank, r.tied) for r in ranked] == [
        ("乙", 1, False), ("丙", 2, True), ("甲", 2, True), ("丁", 4, False), ("戊", None, False),
    ]  # fmt: skip


def test_a_county_scores_only_its_county(scored, jiangchuan_user):
    """江川区 sees 李华 and the department on 江川's project alone: the department's score is
    read from that one project (completion 1, starts 0, statistics 0, no red 1 → 62.5)."""
    assert [
        r.subject.name for r in selectors.scoreboard(jiangchuan_user, Subject.LEADERS, 2020)
    ] == ["李华"]
    rows = selectors.scoreboard(jiangchuan_user, Subject.DEPARTMENTS, 2020)
    assert [(r.subject.name, r.projects, r.score) for r in rows] == [
        ("市工业和信息化局", 1, Decimal("62.5"))
    ]


def test_a_leader_reads_himself_and_a_department_itself(scored, leader_user, dept_user):
    assert [r.subject.name for r in selectors.scoreboard(leader_user, Subject.LEADERS, 2020)] == [
        "张明"
    ]
    assert selectors.scoreboard(leader_user, Subject.DEPARTMENTS, 2020) == []
    assert [r.subject.name for r in selectors.scoreboard(dept_user, Subject.DEPARTMENTS, 2020)] == [
        "市工业和信息化局"
    ]
    assert selectors.scoreboard(dept_user, Subject.LEADERS, 2020) == []


def test_the_board_is_a_fixed_number_of_queries(scored, city_user, django_assert_max_num_queries):
    with django_assert_max_num_queries(12):
        selectors.scoreboard(city_user, Subject.LEADERS, 2020)
