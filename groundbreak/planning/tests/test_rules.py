"""The two county rules at their boundaries: the share of the year's target planned in Q3+Q4
(≥60 % yellow by default), and the reserve below its threshold (<100 % yellow)."""

from datetime import date
from decimal import Decimal

import pytest

from groundbreak.alerts.engine import evaluate
from groundbreak.alerts.models import Warning
from groundbreak.planning import services
from groundbreak.planning.rules import measure_late_quarters, measure_reserve_short
from groundbreak.projects.choices import Stage

D = Decimal
ON = date(2020, 4, 1)


@pytest.mark.parametrize(
    ("q3", "q4", "level"), [("29.99", "30", 0), ("30", "30", 1), ("40", "30", 2), ("50", "30", 3)]
)
def test_late_quarters_rule_at_its_boundaries(q3, q4, level, make_project, hongta):
    anchor = make_project("530402", total="8000", plans={2020: "2000"})
    make_project("530402", total="8000", plans={2020: "1000"})
    q3, q4 = D(q3), D(q4)
    rest = D(100) - q3 - q4
    services.set_target(hongta, 2020, by=None, base_amount=D(10000),
                        quarter_shares=[rest - D(10), D(10), q3, q4])  # fmt: skip
    (m,) = measure_late_quarters(ON)
    assert m.project_id == anchor.pk and m.subject == f"region:{hongta.pk}" and m.value == q3 + q4
    evaluate(ON)
    found = Warning.objects.filter(rule__kind="late_quarters", level__gt=0)
    assert [w.level for w in found] == ([level] if level else [])


@pytest.mark.parametrize(
    ("reserve_total", "level"), [("1000", 0), ("999.9999", 1), ("800", 1), ("799", 2), ("599", 3)]
)
def test_reserve_rule_at_its_boundaries(reserve_total, level, make_project, hongta):
    make_project("530402", total="5000", plans={2020: "100"})  # started: not in the reserve
    make_project("530402", total=reserve_total, plans={}, stage=Stage.RESERVE)
    services.set_reserve_threshold(hongta, 2020, by=None, amount=D(1000))
    (m,) = measure_reserve_short(ON)
    assert m.value == D(reserve_total) / 10
    evaluate(ON)
    found = Warning.objects.filter(rule__kind="reserve_short", level__gt=0)
    assert [w.level for w in found] == ([level] if level else [])
