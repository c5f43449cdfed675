"""The demo's responsibility, scoreboard and appraisals (loaded once for the module)."""

import pytest

from groundbreak.accounts.models import User
from groundbreak.appraisal.models import Appraisal
from groundbreak.scoreboard.choices import Subject
from groundbreak.scoreboard.models import ScoreWeights, ServiceCadre
from groundbreak.scoreboard.selectors import scoreboard


@pytest.mark.django_db
def test_the_demo_has_cadres_weights_a_ranking_and_appraisals(demo):
    assert ServiceCadre.objects.count() == 6
    assert ServiceCadre.objects.filter(until__isnull=False).count() == 1
    assert ScoreWeights.objects.get(year=2020).completion == 45
    city = User.objects.get(username="city")
    rows = scoreboard(city, Subject.LEADERS, 2020)
    assert len(rows) >= 3 and rows[0].rank == 1 and rows[0].score is not None
    leader = User.objects.get(username="leader")
    assert [r.subject.pk for r in scoreboard(leader, Subject.LEADERS, 2020)] == [leader.leader_id]
    assert set(Appraisal.objects.values_list("kind", flat=True)) == {"ex_ante", "mid_term",
                                                                     "ex_post"}  # fmt: skip
