"""The summary table by county (one row per county, a 合计 row, in 亿元) imports as the counties'
figures for the period, checked against the projects' own sums."""

from decimal import Decimal

from groundbreak.imports.models import ImportStatus
from groundbreak.imports.services import import_now
from groundbreak.planning.models import RegionFigure
from groundbreak.reporting.models import ReportingPeriod

TABLE = """玉溪市2020年1-3月重点项目推进情况汇总表
单位：亿元
县市区,项目个数,年度计划,1-3月完成,完成率
红塔区,2,0.1,0.05,50%
江川区,1,0.02,0.01,50%
合计,3,0.12,0.06,50%
"""


def upload(content, user, city):
    period = ReportingPeriod.periods_for_year(2020)[1]  # 3月
    return import_now(kind="region_summary", region=city, content=content.encode("utf-8"),
                      filename="汇总.csv", by=user, options={"period": period.pk}), period  # fmt: skip


def test_summary_table_in_yi_becomes_the_counties_figures(
    regions, city_user, make_project, hongta, jiangchuan
):
    make_project("530402", total="4000", plans={2020: "1000"})
    record, period = upload(TABLE, city_user, regions["530400"])
    assert record.status == ImportStatus.APPLIED, record.preview
    figure = RegionFigure.objects.get(region=hongta, period=period)
    assert figure.completed_ytd == Decimal(500) and figure.annual_plan == Decimal(1000)
    assert figure.project_count == 2 and figure.imported_by == record
    assert RegionFigure.objects.get(region=jiangchuan, period=period).completed_ytd == Decimal(100)
    # 红塔区's projects plan 1,000 (as the table) and completed nothing: a warning, not a refusal.
    hongta_row = next(r for r in record.preview["rows"] if r["name"] == "红塔区")
    assert len(hongta_row["warnings"]) == 1 and "500" in hongta_row["warnings"][0]


def test_a_wrong_total_row_is_refused_and_its_page_says_why(client, regions, city_user):
    record, _period = upload(
        TABLE.replace("合计,3,0.12,0.06", "合计,3,0.12,0.07"), city_user, regions["530400"]
    )
    assert record.status == ImportStatus.REFUSED
    assert [r["field"] for r in record.preview["refusals"]] == ["completed_ytd"]
    assert not RegionFigure.objects.exists()
    client.force_login(city_user)
    page = client.get(f"/imports/{record.pk}/")
    assert page.status_code == 200
    assert page.context["refusals"][0]["reason"] == record.preview["refusals"][0]["reason"]
    assert "700" in page.context["refusals"][0]["reason"]  # the 合计's stated 0.07亿 = 700万


def test_a_county_cannot_import_another_countys_figures(regions, hongta_user):
    record, _period = upload(
        TABLE.replace("合计,3,0.12,0.06,50%\n", ""), hongta_user, regions["530402"]
    )
    assert record.status == ImportStatus.REFUSED
    assert not RegionFigure.objects.exists()


def test_the_upload_page_offers_the_summary_table_and_shows_its_preview(client, regions, city_user):
    from groundbreak.imports.services import start_import

    client.force_login(city_user)
    assert "region_summary" in client.get("/imports/").content.decode()
    period = ReportingPeriod.periods_for_year(2020)[1]
    record = start_import(kind="region_summary", region=regions["530400"], content=TABLE.encode(),
                          filename="汇总.csv", by=city_user, options={"period": period.pk})  # fmt: skip
    assert record.status == ImportStatus.PREVIEWED
    assert client.get(f"/imports/{record.pk}/").status_code == 200
