"""The report list's export: the rows in the list's order (the user's sort included) and a
title naming the filters that chose them."""

import io
from decimal import Decimal

import openpyxl
from django.urls import reverse

from groundbreak.reporting import services


def reports(make_project, periods, owner_user, figures):
    for name, amount in figures:
        project = make_project("530402", name=name)
        services.save_report(
            project, periods[2], by=owner_user, completed_period=Decimal(amount),
            completed_ytd=Decimal(amount), completed_total=Decimal(amount),
        )  # fmt: skip


def exported(client, query):
    response = client.get(reverse("reporting:report_list") + "?export=xlsx&" + query)
    sheet = openpyxl.load_workbook(io.BytesIO(response.content)).active
    return [list(row) for row in sheet.iter_rows(values_only=True)]


def test_export_follows_the_users_sort_and_names_the_filters(
    client, city_user, make_project, periods, owner_user
):
    reports(make_project, periods, owner_user, [("甲厂房", 300), ("乙厂房", 900), ("丙厂房", 600)])
    client.force_login(city_user)
    query = "period=2020-02&status=draft&sort=-completed_period"
    listed = client.get(reverse("reporting:report_list") + "?" + query).context["table"]
    rows = exported(client, query)
    names = [row[1] for row in rows[3:-1]]
    assert names == [row.record.project.name for row in listed.paginated_rows]
    assert names == ["乙厂房", "丙厂房", "甲厂房"]
    title = rows[0][0]
    assert "草稿" in title and "降序" in title and "2020" in title
