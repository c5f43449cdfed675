"""Appraisals: scored on the kind's scorecard, the weighted total kept with the weights as they
were, corrected with history, recorded only by city staff or the department in charge, and
shown on the project page to whoever sees the project."""

from datetime import date
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from groundbreak.appraisal import services
from groundbreak.appraisal.models import Appraisal, Criterion

pytestmark = pytest.mark.django_db


def _record(project, by, scores):
    criteria = list(Criterion.objects.filter(kind="ex_ante", active=True))
    return services.record_appraisal(
        project, by=by, kind="ex_ante", date=date(2020, 3, 5), appraiser="市发改委评估组",
        conclusion="passed", scores={c.pk: s for c, s in zip(criteria, scores, strict=False)},
    )  # fmt: skip


def test_the_score_is_the_weighted_mean_of_the_scored_criteria(portfolio, city_user):
    """Default ex-ante weights 25, 25, 20, 20, 10; the last left blank:
    (25×90 + 25×80 + 20×70 + 20×60) ÷ 90 = 76.1."""
    appraisal = _record(portfolio["hongta_a"], city_user, [90, 80, 70, 60, None])
    assert appraisal.score == Decimal("76.1")
    assert appraisal.lines.count() == 5
    assert appraisal.lines.filter(score__isnull=True).count() == 1


def test_a_changed_scorecard_leaves_a_past_appraisal_as_scored(portfolio, city_user):
    appraisal = _record(portfolio["hongta_a"], city_user, [90, 80, 70, 60, 50])
    first = Criterion.objects.filter(kind="ex_ante").first()
    services.update_criterion(first, by=city_user, version=first.version, weight=90)
    appraisal.refresh_from_db()
    assert appraisal.lines.get(criterion=first).weight == 25
    assert appraisal.score == Decimal("73.5")


def test_a_score_out_of_range_is_refused_naming_the_criterion(portfolio, city_user):
    with pytest.raises(ValidationError) as error:
        _record(portfolio["hongta_a"], city_user, [120])
    assert "项目必要性与政策符合性" in str(error.value)
    assert not Appraisal.objects.exists()


def test_a_correction_is_kept_in_the_history(portfolio, city_user):
    appraisal = _record(portfolio["hongta_a"], city_user, [90, 80, 70, 60, 50])
    services.update_appraisal(appraisal, by=city_user, version=appraisal.version,
                              conclusion="excellent")  # fmt: skip
    last = appraisal.history.first()
    assert last.conclusion == "excellent" and last.history_user == city_user
    assert appraisal.history.filter(conclusion="passed").exists()


@pytest.mark.parametrize("who", ["hongta_user", "jiangchuan_user", "owner_user", "leader_user",
                                 "auditor_user"])  # fmt: skip
def test_only_the_city_and_the_department_in_charge_appraise(portfolio, who, request):
    with pytest.raises(PermissionDenied):
        _record(portfolio["hongta_a"], request.getfixturevalue(who), [90])


def test_the_department_in_charge_appraises_its_project_not_another(portfolio, dept_user):
    assert _record(portfolio["hongta_a"], dept_user, [80]).score == Decimal("80.0")
    with pytest.raises(PermissionDenied):
        _record(portfolio["hongta_b"], dept_user, [80])


def test_only_city_staff_keep_the_scorecards(dept_user):
    with pytest.raises(PermissionDenied):
        services.create_criterion("ex_post", by=dept_user, name="甲", weight=10)


def test_the_project_page_shows_its_appraisals_and_another_county_sees_none(
    portfolio, city_user, hongta_user, jiangchuan_user, client
):
    appraisal = _record(portfolio["hongta_a"], city_user, [90, 80, 70, 60, 50])
    client.force_login(hongta_user)
    page = client.get(portfolio["hongta_a"].get_absolute_url()).content.decode()
    assert 'id="appraisals"' in page and appraisal.get_absolute_url() in page
    client.force_login(jiangchuan_user)
    assert client.get(appraisal.get_absolute_url()).status_code == 404
    assert "市发改委评估组" not in client.get(reverse("appraisal:appraisal_list")).content.decode()
    assert client.get(f"/api/appraisals/{appraisal.pk}/").status_code == 404


def test_city_staff_appraise_through_the_page(portfolio, city_user, client):
    project = portfolio["hongta_a"]
    criteria = list(Criterion.objects.filter(kind="mid_term", active=True))
    data = {"date": "2020-04-02", "appraiser": "市发改委", "conclusion": "passed", "comment": ""}
    data.update({f"c_{c.pk}": "80" for c in criteria})
    client.force_login(city_user)
    url = reverse("appraisal:appraisal_create", args=[project.pk]) + "?kind=mid_term"
    assert client.post(url, data).status_code == 302
    assert Appraisal.objects.get().score == Decimal("80.0")
