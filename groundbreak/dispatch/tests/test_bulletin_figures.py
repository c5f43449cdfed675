"""The bulletin's figures for 1-3月 2020, checked against the reports, plans, problems and
items of the ``portfolio`` fixture, computed by hand; and the ranking formula."""

import io
from datetime import date
from decimal import Decimal

import pytest
from django.utils import timezone, translation
from docx import Document

from groundbreak.alerts.choices import Level, WarningStatus
from groundbreak.alerts.models import Rule, Warning
from groundbreak.dispatch.bulletins import ranking, render, services

pytestmark = pytest.mark.django_db
D = Decimal


def _row(data, name):
    return next(r for r in data["counties"] if r["name"] == name)


def test_march_figures_match_the_reports(march, city_user, regions):
    bulletin = services.create_bulletin(march, regions["530400"], by=city_user)
    data = bulletin.data
    hongta, jc, zone = _row(data, "红塔区"), _row(data, "江川区"), _row(data, "玉溪高新区")
    assert (D(hongta["plan"]), D(hongta["completed"]), D(hongta["last_year"])) == (6000, 1200, 600)
    assert D(hongta["completion_rate"]) == D("0.2") and D(hongta["growth"]) == D(1)
    assert (hongta["new_starts"], hongta["registered"]) == (2, 1)
    assert (hongta["problems_on_time"], hongta["problems_due"]) == (1, 1)
    assert (D(jc["completed"]), D(jc["completion_rate"]), jc["growth"]) == (80, D("0.4"), None)
    assert (jc["problems_on_time"], jc["problems_due"], jc["items_on_time"], jc["items_due"]) == (
        0, 1, 1, 1)  # fmt: skip
    assert (D(zone["plan"]), D(zone["completed"])) == (3000, 0)  # the draft report is not counted
    summary = data["summary"]
    assert (D(summary["plan"]), D(summary["completed"])) == (9200, 1280)
    assert D(summary["completion_rate"]) == D("0.1391")  # 1280 / 9200
    assert D(summary["growth"]) == D("1.1333")  # (1280 − 600) / 600
    assert (summary["new_starts"], summary["registered"]) == (3, 1)
    assert data["batches"][0]["projects"] == 2 and D(data["batches"][0]["investment"]) == 24000
    assert data["period"]["label"] == "2020年1-3月"


def test_a_county_bulletin_counts_only_that_county(march, city_user, regions):
    data = services.create_bulletin(march, regions["530403"], by=city_user).data
    assert [r["name"] for r in data["counties"]] == ["江川区"]
    assert D(data["summary"]["completed"]) == 80


def test_ranking_by_results_with_ties_ranked_equal():
    weights = {"completion": 30, "growth": 20, "new_starts": 15, "registered": 10,
               "problems": 15, "items": 10}  # fmt: skip
    base = {"growth": None, "new_starts": 0, "registered": 0, "problems_rate": None,
            "items_rate": None}  # fmt: skip
    rows = [{"name": "甲", "completion_rate": D("0.5"), **base},
            {"name": "乙", "completion_rate": D("0.5"), **base},
            {"name": "丙", "completion_rate": D("0.1"), **base},
            {"name": "丁", "completion_rate": None, **{**base, "new_starts": None, "registered": None}}]  # fmt: skip
    ranked = ranking.rank(rows, weights)
    assert [(r["name"], r["rank"], r["tied"]) for r in ranked] == [
        ("甲", 1, True), ("乙", 1, True), ("丙", 3, False), ("丁", None, False)]  # fmt: skip
    # 甲: completion at the top (30 × 1); new starts and 入库 all equal (15 + 10 full points).
    assert ranked[0]["score"] == D("100.00")
    assert ranked[2]["score"] == D("45.45")  # 100 × (0 + 15 + 10) / 55


def test_the_formula_and_its_weights_show_under_each_table(march, city_user, regions):
    services.save_weights(by=city_user, completion=50)
    bulletin = services.create_bulletin(march, regions["530400"], by=city_user)
    assert bulletin.data["weights"]["completion"] == "50.00"
    from groundbreak.dispatch.bulletins.render import context

    assert "50" in context(bulletin, with_charts=False)["formula"]


def test_the_red_list_keeps_the_largest_projects_and_says_how_many_in_all(
    march, city_user, regions, portfolio, settings
):
    at = timezone.now()
    Warning.objects.all().delete()
    for key in ("hongta_a", "jiangchuan", "zone"):
        Warning.objects.create(rule=Rule.objects.first(), project=portfolio[key], level=Level.RED,
                               status=WarningStatus.OPEN, raised_at=at, changed_at=at,
                               evaluated_on=date(2020, 4, 1))  # fmt: skip
    largest = max((portfolio[k] for k in ("hongta_a", "jiangchuan", "zone")),
                  key=lambda p: (p.total_investment, -p.pk))  # fmt: skip
    settings.BULLETIN_RED_LISTED = 1
    bulletin = services.create_bulletin(march, regions["530400"], by=city_user)
    data = bulletin.data
    assert [r["project_id"] for r in data["red"]] == [largest.pk]
    assert (data["red_total"], data["red_projects"]) == (3, 3)
    assert data["summary"]["warnings"]["3"] == 3
    note = render.red_note(data)
    assert "1" in note and "3" in note
    html = render.html_for_pdf(bulletin)
    assert note in html
    text = "\n".join(
        p.text for p in Document(io.BytesIO(render.docx(bulletin, pngs=[]))).paragraphs
    )
    assert note in text
    settings.BULLETIN_RED_LISTED = 100
    bulletin.data = services.build_data(march, regions["530400"])
    assert len(bulletin.data["red"]) == 3 and render.red_note(bulletin.data) == ""


def test_no_reports_last_year_show_as_missing_not_as_zero(march, city_user, regions):
    """江川 handed in no reports for 1-3月 2019: its same-period figure is "—", not 0.00."""
    data = services.create_bulletin(march, regions["530400"], by=city_user).data
    cells = {r["cells"][1]: r["cells"] for r in render.table_rows(data["counties"])}
    assert cells["江川区"][5] == "—" and cells["江川区"][6] == "—"
    assert cells["红塔区"][5] == "600.00"
    county = services.create_bulletin(march, regions["530403"], by=city_user).data
    with translation.override("zh-hans"):
        assert "比上年同期（无可比数据）" in render.summary_text(county)
