"""The pages' scripts are static files that run under the Content-Security-Policy: the project
list folds its filters on a phone, an import's page follows the worker's progress."""

import pytest
from playwright.sync_api import expect

from e2e.helpers import log_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def csp_reports(page):
    reports = []
    page.on(
        "console",
        lambda message: (
            reports.append(message.text) if "Content Security Policy" in message.text else None
        ),
    )
    return reports


def test_the_project_list_folds_its_filters_on_a_phone_without_inline_script(
    live_server, browser, portfolio, hongta_user
):
    context = browser.new_context(viewport={"width": 375, "height": 740})
    page = context.new_page()
    reports = csp_reports(page)
    log_in(page, live_server.url, "hongta")
    page.goto(f"{live_server.url}/projects/")
    expect(page.locator("#filterbox")).not_to_have_attribute("open", "")
    page.goto(f"{live_server.url}/projects/?stage=reserve")
    expect(page.locator("#filterbox")).to_have_attribute("open", "")  # a filter asked: shown
    assert reports == []
    context.close()


def test_an_import_page_follows_the_reading_and_shows_how_it_ended(
    live_server, page, hongta_user, hongta
):
    from groundbreak.imports.models import ImportRecord, ImportStatus

    record = ImportRecord.objects.create(
        kind="projects",
        region=hongta,
        filename="list.xlsx",
        sha256="0" * 64,
        created_by=hongta_user,
        status=ImportStatus.READING,
        progress=10,
    )
    reports = csp_reports(page)
    log_in(page, live_server.url, "hongta")
    page.goto(f"{live_server.url}{record.get_absolute_url()}")
    expect(page.locator("#progress-text")).to_have_text("10%")
    ImportRecord.objects.filter(pk=record.pk).update(progress=60)
    expect(page.locator("#progress-text")).to_have_text("60%")
    ImportRecord.objects.filter(pk=record.pk).update(
        status=ImportStatus.FAILED, progress=100, error="The file could not be read: boom"
    )
    expect(page.get_by_role("alert")).to_contain_text("boom")
    assert reports == []
