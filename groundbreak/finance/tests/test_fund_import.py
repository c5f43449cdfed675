"""The fund ledger (资金到位/支出台账) imports as fund movements joined by project code: a county
bureau imports its own projects' money, refused rows name the row, re-importing doubles
nothing."""

import io
from datetime import date
from decimal import Decimal

import openpyxl
import pytest
from django.core.exceptions import PermissionDenied

from groundbreak.finance.models import FundMovement
from groundbreak.imports.models import ImportStatus
from groundbreak.imports.services import import_now, start_import

D = Decimal


def ledger(
    rows, header=("项目代码", "项目名称", "日期", "类型", "金额（万元）", "资金渠道", "备注")
):
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.append(["江川区2020年重点项目资金到位及支出台账"])
    sheet.append(list(header))
    for row in rows:
        sheet.append(list(row))
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def upload(content, user, region):
    return import_now(kind="fund_movements", region=region, content=content,
                      filename="资金台账.xlsx", by=user)  # fmt: skip


@pytest.fixture
def projects(make_project):
    return make_project("530403"), make_project("530403"), make_project("530402")


def good_rows(a, b):
    return [
        (a.code, a.name, date(2020, 3, 13), "到位", 1000, "专项债券", "第一批"),
        (a.code, a.name, "2020-04-01", "支出", "300", "专项债券", ""),
        (b.code, b.name, "2020年5月20日", "拨付到位", "0.05亿元", "省级补助资金", ""),
        (b.code, b.name, date(2020, 6, 1), "支付", 20.5, None, None),
    ]


def totals(project):
    rows = FundMovement.objects.filter(project=project)
    return {kind: sum((m.amount for m in rows if m.kind == kind), D(0)) for kind in ("received", "paid")}  # fmt: skip


def test_a_county_imports_its_ledger_with_history(projects, jiangchuan_user, jiangchuan, bond):
    a, b, _c = projects
    record = upload(ledger(good_rows(a, b)), jiangchuan_user, jiangchuan)
    assert record.status == ImportStatus.APPLIED, record.preview
    assert record.result == {"created": 4, "unchanged": 0}
    assert totals(a) == {"received": D(1000), "paid": D(300)}
    assert totals(b) == {"received": D(500), "paid": D("20.5")}
    first = FundMovement.objects.get(project=a, kind="received")
    assert (first.date, first.channel, first.note) == (date(2020, 3, 13), bond, "第一批")
    history = FundMovement.history.filter(id=first.pk).get()
    assert history.history_user == jiangchuan_user and "资金台账" in history.history_change_reason
    # The unknown channel is kept as a warning, the movement recorded without one.
    row = next(r for r in record.preview["rows"] if r["row"] == 5)
    assert len(row["warnings"]) == 1 and "省级补助资金" in row["warnings"][0]
    assert FundMovement.objects.get(project=b, kind="received").channel is None


def test_reimporting_the_same_ledger_doubles_nothing(projects, jiangchuan_user, jiangchuan):
    a, b, _c = projects
    content = ledger(good_rows(a, b))
    upload(content, jiangchuan_user, jiangchuan)
    again = upload(content, jiangchuan_user, jiangchuan)
    assert again.status == ImportStatus.APPLIED, again.preview
    assert [r["action"] for r in again.preview["rows"]] == ["unchanged"] * 4
    assert again.result == {"created": 0, "unchanged": 4}
    assert FundMovement.objects.count() == 4 and totals(a) == {"received": D(1000), "paid": D(300)}
    # A ledger with one more row adds only that row.
    more = ledger([*good_rows(a, b), (a.code, a.name, "2020-07-01", "支出", 100, "", "")])
    third = upload(more, jiangchuan_user, jiangchuan)
    assert third.result == {"created": 1, "unchanged": 4}
    assert totals(a)["paid"] == D(400)


def test_another_countys_code_and_a_bad_amount_are_refused(projects, jiangchuan_user, jiangchuan):
    a, b, c = projects
    rows = [
        *good_rows(a, b),
        (c.code, c.name, "2020-03-01", "到位", 100, "", ""),  # row 7: 红塔区's project
        (a.code, a.name, "2020-03-02", "到位", "一些", "", ""),  # row 8: not an amount
        (a.code, a.name, "2020-03-03", "支出", -5, "", ""),  # row 9: negative
        (a.code, a.name, "2020-13-45", "到位", 10, "", ""),  # row 10: not a date
        (a.code, a.name, None, "到位", 10, "", ""),  # row 11: no date
    ]
    record = upload(ledger(rows), jiangchuan_user, jiangchuan)
    assert record.status == ImportStatus.REFUSED
    refusals = {r["row"]: r for r in record.preview["refusals"]}
    assert sorted(refusals) == [7, 8, 9, 10, 11]
    assert refusals[7]["field"] == "code" and c.code in refusals[7]["reason"]
    assert refusals[8]["field"] == "amount" and "一些" in refusals[8]["reason"]
    assert refusals[9]["field"] == "amount" and "Row 9" in refusals[9]["reason"]
    assert refusals[10]["field"] == "date" and refusals[11]["field"] == "date"
    assert "Row 11" in refusals[11]["reason"]
    assert not FundMovement.objects.exists()  # all or nothing


def test_two_amount_columns_give_the_kind(projects, city_user, regions):
    a, _b, c = projects
    header = (
        "统一项目代码",
        "项目名称",
        "到位日期",
        "到位金额(万元)",
        "支出金额(万元)",
        "资金来源",
    )
    rows = [(a.code, a.name, "2020-03-01", 200, None, "中央预算内投资"),
            (c.code, c.name, "2020-03-02", None, 80, "")]  # fmt: skip
    record = upload(ledger(rows, header=header), city_user, regions["530400"])
    assert record.status == ImportStatus.APPLIED, record.preview
    assert totals(a) == {"received": D(200), "paid": D(0)}
    assert totals(c) == {"received": D(0), "paid": D(80)}
    assert FundMovement.objects.get(project=a).channel.code == "central_budget"


def test_a_department_may_not_import_funds(projects, dept_user, regions):
    a, b, _c = projects
    with pytest.raises(PermissionDenied):
        upload(ledger(good_rows(a, b)), dept_user, regions["530400"])
    assert not FundMovement.objects.exists()


def test_the_preview_page_and_the_funds_page_link(client, projects, jiangchuan_user, jiangchuan):
    a, b, _c = projects
    client.force_login(jiangchuan_user)
    page = client.get("/finance/funds/").content.decode()
    assert "/imports/?kind=fund_movements" in page
    assert (
        'value="fund_movements" selected'
        in client.get("/imports/?kind=fund_movements").content.decode()
    )
    record = start_import(kind="fund_movements", region=jiangchuan, content=ledger(good_rows(a, b)),
                          filename="资金台账.xlsx", by=jiangchuan_user)  # fmt: skip
    assert record.status == ImportStatus.PREVIEWED, record.preview
    assert client.get(f"/imports/{record.pk}/").status_code == 200
    assert not FundMovement.objects.exists()


@pytest.mark.parametrize(
    "content",
    [
        b"PK\x03\x04" + b"\x00" * 200,  # a zip header and nothing behind it
        "项目代码,日期\n".encode() + b"\xff\xfe\x00" * 500,  # a CSV in no encoding
        b"",
    ],
    ids=["truncated-xlsx", "binary-csv", "empty"],
)
def test_a_broken_ledger_is_refused_with_a_reason_and_writes_nothing(
    content, jiangchuan_user, jiangchuan
):
    from django.core.exceptions import ValidationError

    try:
        record = upload(content, jiangchuan_user, jiangchuan)
    except ValidationError as error:  # refused before any record is kept (the empty file)
        assert " ".join(error.messages)
    else:
        assert record.status in (ImportStatus.FAILED, ImportStatus.REFUSED)
        assert record.error or record.preview.get("refusals")
    assert not FundMovement.objects.exists()
