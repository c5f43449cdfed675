"""The audit page answers "who changed 红塔区's March figures, and when" with one filter."""

import io
from datetime import timedelta
from decimal import Decimal

import openpyxl
import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext

from groundbreak.audit.forms import ChangeFilterForm
from groundbreak.audit.selectors import ChangeFilter, changes, describe
from groundbreak.reporting import services as reporting
from groundbreak.reporting.models import MonthlyReport, ReportingPeriod

pytestmark = pytest.mark.django_db


@pytest.fixture
def march_figures(portfolio, hongta_user, jiangchuan_user, city_user):
    """红塔区's March report filled, then corrected by the county; 江川区's March report and
    红塔区's April report as the noise the filter must leave out."""
    periods = {p.last_month: p for p in ReportingPeriod.periods_for_year(2020)}
    figures = {"completed_period": Decimal(100), "completed_ytd": Decimal(100),
               "completed_total": Decimal(100)}  # fmt: skip
    project = portfolio["hongta_a"]
    report = reporting.save_report(project, periods[3], by=hongta_user, **figures)
    report = reporting.save_report(
        project, periods[3], by=hongta_user, version=report.version,
        completed_period=Decimal(120), completed_ytd=Decimal(120), completed_total=Decimal(120),
    )  # fmt: skip
    reporting.save_report(portfolio["jiangchuan"], periods[3], by=jiangchuan_user, **figures)
    reporting.save_report(
        project, periods[4], by=hongta_user,
        completed_period=Decimal(100), completed_ytd=Decimal(220), completed_total=Decimal(220),
    )  # fmt: skip
    return report, periods


def the_question(hongta, periods):
    return {"model": "reporting.MonthlyReport", "county": hongta.pk, "period": periods[3].pk}


def test_one_filter_names_who_changed_hongtas_march_figures(
    march_figures, hongta, auditor_user, hongta_user
):
    report, periods = march_figures
    form = ChangeFilterForm(the_question(hongta, periods))
    rows = list(changes(auditor_user, form.filter()))
    assert {row["id"] for row in rows} == {report.pk}
    entries = describe(rows)
    assert [e.who for e in entries] == [hongta_user, hongta_user]
    created, changed = entries[1], entries[0]
    assert created.when <= changed.when <= timezone.now()
    assert (created.kind, changed.kind) == (gettext("Created"), gettext("Changed"))
    amounts = {c.label: (c.old, c.new) for c in changed.changes}
    assert ("100", "120") in amounts.values()
    assert created.changes == []


def test_the_page_shows_the_answer_to_an_auditor(march_figures, hongta, auditor_user):
    report, periods = march_figures
    client = Client()
    client.force_login(auditor_user)
    page = client.get(reverse("audit:change_list"), the_question(hongta, periods))
    assert page.status_code == 200
    assert len(page.context["entries"]) == 2
    html = page.content.decode()
    assert "hongta" in html and "<del>100</del>" in html and "<ins>120</ins>" in html


def test_the_filter_by_who_and_by_day(march_figures, auditor_user, jiangchuan_user):
    by_jiangchuan = list(changes(auditor_user, ChangeFilter(who="jiangchuan")))
    assert by_jiangchuan and {r["history_user_id"] for r in by_jiangchuan} == {jiangchuan_user.pk}
    tomorrow = timezone.localdate() + timedelta(days=1)
    assert list(changes(auditor_user, ChangeFilter(since=tomorrow))) == []
    assert len(list(changes(auditor_user, ChangeFilter(until=tomorrow)))) > 4


def test_every_model_with_history_is_in_the_list(march_figures, auditor_user):
    labels = {row["model"] for row in changes(auditor_user, ChangeFilter())}
    assert {"reporting.MonthlyReport", "projects.Project", "accounts.User"} <= labels


def test_county_and_other_roles_see_nothing(march_figures, hongta_user, owner_user, leader_user):
    for user in (hongta_user, owner_user, leader_user):
        assert list(changes(user, ChangeFilter())) == []
        client = Client()
        client.force_login(user)
        assert client.get(reverse("audit:change_list")).status_code == 403
        assert client.get(reverse("audit:change_export")).status_code == 403
        assert client.get(reverse("audit:login_list")).status_code == 403


def test_the_export_holds_the_filtered_changes(march_figures, hongta, city_user):
    report, periods = march_figures
    client = Client()
    client.force_login(city_user)
    response = client.get(reverse("audit:change_export"), the_question(hongta, periods))
    assert response.status_code == 200
    book = openpyxl.load_workbook(io.BytesIO(b"".join(response.streaming_content)))
    sheet = book.active
    rows = [r for r in sheet.iter_rows(min_row=4, values_only=True) if r[1]]
    assert [r[4] for r in rows] == [str(report.pk), str(report.pk)]
    assert "100 → 120" in rows[0][8]


def test_the_page_reads_in_a_fixed_number_of_queries(
    march_figures, auditor_user, django_assert_max_num_queries, portfolio, hongta_user
):
    client = Client()
    client.force_login(auditor_user)
    client.get(reverse("audit:change_list"))  # sessions, caches
    with django_assert_max_num_queries(40):
        page = client.get(reverse("audit:change_list"))
    assert len(page.context["entries"]) == 50
    assert MonthlyReport.objects.count() == 3
