"""The bulletin's pages: city staff draft one for a period and a region and see it in Chinese;
a county objects on the page to its own rows only and sees only its own objections; the ranking
weights page saves and keeps the history."""

from datetime import date

import pytest
from django.urls import reverse

from groundbreak.dispatch.bulletins import services
from groundbreak.dispatch.bulletins.models import Bulletin, Objection, RankingFormula

pytestmark = pytest.mark.django_db


def test_city_drafts_a_bulletin_and_a_county_objects_to_its_own_row(
    client, march, regions, city_user, jiangchuan_user, hongta_user
):
    client.force_login(city_user)
    answer = client.post(reverse("dispatch:bulletin_create"),
                         {"period": march.pk, "region": regions["530400"].pk, "title": ""})  # fmt: skip
    bulletin = Bulletin.objects.get()
    assert answer.status_code == 302 and answer["Location"] == bulletin.get_absolute_url()
    page = client.get(bulletin.get_absolute_url()).content.decode()
    assert "玉溪市2020年1-3月重点项目投资情况通报" in page and "排名办法" in page
    services.open_review(bulletin, by=city_user, on_date=date(2020, 4, 5))
    jiangchuan_row = f"counties:{regions['530403'].pk}"
    hongta_row = f"counties:{regions['530402'].pk}"
    client.force_login(jiangchuan_user)
    form = client.get(bulletin.get_absolute_url()).context["objection_form"]
    rows = [value for value, _label in form.fields["row"].choices]
    assert jiangchuan_row in rows and hongta_row not in rows
    client.post(reverse("dispatch:bulletin_object", args=[bulletin.pk]),
                {"row": hongta_row, "column": "completed", "reason": "红塔数据有误"})  # fmt: skip
    client.post(reverse("dispatch:bulletin_object", args=[bulletin.pk]),
                {"row": jiangchuan_row, "column": "completed", "reason": "漏计补报"})  # fmt: skip
    assert list(Objection.objects.values_list("region__name", "reason")) == [("江川区", "漏计补报")]
    client.force_login(hongta_user)
    assert client.get(bulletin.get_absolute_url()).context["objections"] == []
    answer = client.post(reverse("dispatch:bulletin_action", args=[bulletin.pk, "issue"]))
    assert answer.status_code == 403 and "市级掌握" in answer.content.decode()


def test_city_staff_set_the_weights_and_others_only_read_them(client, city_user, hongta_user):
    client.force_login(hongta_user)
    assert client.get(reverse("dispatch:ranking_formula")).context["form"] is None
    assert client.post(reverse("dispatch:ranking_formula"), {"completion": "90"}).status_code == 403
    client.force_login(city_user)
    values = {"completion": "40", "growth": "20", "new_starts": "10", "registered": "10",
              "problems": "10", "items": "10"}  # fmt: skip
    assert client.post(reverse("dispatch:ranking_formula"), values).status_code == 302
    formula = RankingFormula.current()
    assert formula.completion == 40 and formula.history.count() >= 1
    assert formula.history.first().history_user == city_user
