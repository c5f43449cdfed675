"""The demo's five lists: problems in every state, some raised from March's reports by the
owner, and items overdue on the demo's day."""

from groundbreak.lists.choices import ProblemStatus
from groundbreak.lists.demo import DEMO_DAY
from groundbreak.lists.models import Measure, Problem, Target


def test_the_demo_has_problems_in_every_state_and_overdue_items(demo):
    assert "五张清单" in demo
    states = set(Problem.objects.values_list("status", flat=True))
    assert states == set(ProblemStatus.values)
    raised_from_reports = Problem.objects.filter(report__isnull=False)
    assert raised_from_reports.exists()
    assert set(raised_from_reports.values_list("raised_by__username", flat=True)) == {"owner"}
    assert Target.objects.overdue(DEMO_DAY).exists()
    assert Problem.objects.overdue(DEMO_DAY).exists()
    assert Measure.objects.exists()
    assert Target.objects.closed().exists()  # an achieved milestone
