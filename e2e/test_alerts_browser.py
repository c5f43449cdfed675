"""A county user follows a red light: from the warnings list to the project page, and on to the
problem that needs acting on."""

import re
from datetime import date

import pytest
from django.utils import timezone
from playwright.sync_api import expect

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_county_user_goes_from_a_red_light_to_the_project_and_its_problem(
    live_server, page, portfolio, jiangchuan_user
):
    from groundbreak.alerts.engine import evaluate
    from groundbreak.alerts.models import EvaluationRun
    from groundbreak.alerts.services import ensure_default_rules
    from groundbreak.lists import services as lists

    ensure_default_rules()  # a transactional test starts from an emptied database
    on = date(2020, 5, 1)
    EvaluationRun.objects.create(on_date=on, pinned=True, started_at=timezone.now())
    project = portfolio["jiangchuan"]
    problem = lists.raise_problem(project, by=jiangchuan_user, category="land",
                                  description="用地指标未落实", due_date=date(2020, 3, 20))  # fmt: skip
    evaluate(on)

    page.goto(f"{live_server.url}/warnings/?level=3")
    expect(page).to_have_url(re.compile(r"/login/"))
    page.fill("#id_username", "jiangchuan")
    page.fill("#id_password", "secret-pass-123")
    page.click("button[type=submit].primary")

    table = page.locator("#warning-table")
    expect(table).to_contain_text("用地指标未落实")
    expect(table).not_to_contain_text(portfolio["hongta_a"].name)  # another county
    red = table.locator("tr[data-level='3']").filter(has_text="用地指标未落实")
    red.locator("a.project-link").click()
    expect(page.locator("h1").first).to_have_text(project.name)
    panel = page.locator("#warnings-panel")
    expect(panel).to_contain_text("已逾期 42 天")
    panel.get_by_role("link", name="问题、措施或目标逾期").click()
    page.click("#act-link")
    expect(page).to_have_url(re.compile(rf"/lists/problems/{problem.pk}/$"))
    expect(page.locator("body")).to_contain_text("用地指标未落实")
