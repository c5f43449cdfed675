"""The pages: a county's 三督 export holds only its own projects; a county user sees the items
addressed to it, and the agenda page lets city staff edit it."""

import io
from datetime import date

import openpyxl
import pytest
from django.urls import reverse

from groundbreak.dispatch.choices import Section

pytestmark = pytest.mark.django_db


def _rows(response):
    book = openpyxl.load_workbook(io.BytesIO(response.content))
    return [r[0] for r in book.active.iter_rows(min_row=4, values_only=True)]


def test_a_county_exports_its_own_list(client, portfolio, hongta_user, city_user):
    url = reverse("dispatch:sandu_export", args=["unregistered"]) + "?on=2020-04-10"
    client.force_login(hongta_user)
    names = _rows(client.get(url))
    assert "玉溪大河综合治理工程" in names and "江川星云湖保护治理" not in names
    client.force_login(city_user)
    assert "江川星云湖保护治理" in _rows(client.get(url))


def test_city_staff_edit_the_agenda_through_plain_forms(client, portfolio, city_user, meeting):
    m = meeting()
    client.force_login(city_user)
    client.post(reverse("dispatch:meeting_generate", args=[m.pk]))
    client.post(reverse("dispatch:line_add", args=[m.pk]), {"text": "研究二季度集中开工"})
    added = m.lines.get(section=Section.ADDED)
    client.post(reverse("dispatch:line_action", args=[added.pk, "up"]))
    added.refresh_from_db()
    assert added.position == m.lines.count() - 1
    page = client.get(reverse("dispatch:meeting_detail", args=[m.pk])).content.decode()
    assert "研究二季度集中开工" in page
    response = client.post(reverse("dispatch:decision_add", args=[m.pk]), {
        "decision": "4月底前入库", "deadline": "2020-04-30",
        "responsible_region": portfolio["jiangchuan"].region_id, "agenda_line": added.pk,
    })  # fmt: skip
    assert response.status_code == 302
    assert m.items.get().agenda_line == added


def test_a_county_acts_on_its_item_and_is_refused_naming_who_may(
    client, issued_item, jiangchuan_user
):
    item = issued_item(deadline=date(2020, 4, 30))
    client.force_login(jiangchuan_user)
    client.post(reverse("dispatch:item_action", args=[item.pk, "receive"]), {"note": ""})
    item.refresh_from_db()
    assert item.status == "received"
    response = client.post(reverse("dispatch:item_action", args=[item.pk, "close"]))
    assert response.status_code == 403
    assert "市发改委工作人员" in response.content.decode()
