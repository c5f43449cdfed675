"""The scoreboard's pages: the ranking with its formula and weights, the .xlsx, the per-person
page explaining the score, the weights city staff set; each reader within its scope."""

import io

import pytest
from django.urls import reverse
from python_calamine import CalamineWorkbook

from groundbreak.scoreboard.models import ScoreWeights

pytestmark = pytest.mark.django_db


def test_the_board_shows_the_ranking_the_formula_and_the_weights(scored, client, city_user):
    client.force_login(city_user)
    page = client.get(reverse("scoreboard:board"), {"year": 2020}).content.decode()
    assert page.index("李华") < page.index("张明")
    assert "62.5" in page and "52.5" in page
    assert 'id="formula"' in page and 'id="weights-table"' in page


def test_the_export_holds_the_same_ranking(scored, client, city_user):
    client.force_login(city_user)
    answer = client.get(reverse("scoreboard:board"), {"year": 2020, "export": "xlsx"})
    book = CalamineWorkbook.from_filelike(io.BytesIO(answer.content))
    rows = book.get_sheet_by_index(0).to_python()
    ranked = [(r[0], r[2], r[10]) for r in rows[3:5]]
    assert ranked == [(1.0, "李华（副市长）", 62.5), (2.0, "张明（副市长）", 52.5)]


def test_the_persons_page_explains_each_part_with_the_rows_behind_it(scored, client, city_user):
    client.force_login(city_user)
    zhang = scored["zhang"]
    url = reverse("scoreboard:subject_detail", args=["leaders", zhang.pk])
    page = client.get(url, {"year": 2020}).content.decode()
    assert 'id="score-value">52.5<' in page
    for name in ("玉溪大河综合治理工程", "高新区生物医药产业园"):
        assert name in page
    assert 'id="part-completion"' in page and 'id="rows-supervision"' in page
    assert "6月底前完成" in page  # the supervision item behind the part, linked


def test_a_county_cannot_open_another_countys_leader(scored, client, jiangchuan_user):
    client.force_login(jiangchuan_user)
    url = reverse("scoreboard:subject_detail", args=["leaders", scored["zhang"].pk])
    assert client.get(url).status_code == 404
    page = client.get(reverse("scoreboard:board")).content.decode()
    assert "张明" not in page


def test_an_owner_reads_no_scoreboard(scored, client, owner_user):
    client.force_login(owner_user)
    assert client.get(reverse("scoreboard:board")).status_code == 403
    assert client.get("/api/scoreboard/").status_code == 403


def test_city_staff_set_the_weights_and_others_may_not(scored, client, city_user, hongta_user):
    data = {"completion": 50, "starts": 10, "statistics": 10, "problems": 10,
            "supervision": 10, "red_warnings": 10}  # fmt: skip
    client.force_login(hongta_user)
    url = reverse("scoreboard:weights") + "?year=2020"
    assert client.post(url, data).status_code == 403
    client.force_login(city_user)
    assert client.post(url, data).status_code == 302
    assert ScoreWeights.objects.get(year=2020).completion == 50
    page = client.get(url).content.decode()
    assert 'id="history"' in page


def test_the_api_ranks_like_the_page(scored, client, city_user):
    client.force_login(city_user)
    rows = client.get("/api/scoreboard/", {"kind": "leaders", "year": 2020}).json()
    assert [(r["name"], r["rank"], r["score"]) for r in rows] == [
        ("李华", 1, "62.5"), ("张明", 2, "52.5")
    ]  # fmt: skip
    assert client.get("/api/scoreboard/", {"year": "x"}).status_code == 400
