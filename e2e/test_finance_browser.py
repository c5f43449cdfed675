"""A county bureau opens its special-bond declaration, is refused while the 法律意见书 is
missing, uploads it and declares; the funding gaps page fits a phone's width."""

import re
from decimal import Decimal

import pytest
from playwright.sync_api import expect

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_county_completes_the_documents_and_declares(
    live_server, page, make_project, jiangchuan_user
):
    from groundbreak.finance import services
    from groundbreak.finance.models import Channel, DocumentKind

    bond = Channel.objects.get(code="special_bond")
    project = make_project("530403", name="江川区污水管网", total="6000")
    for kind in bond.required_documents.exclude(code="legal"):
        services.upload_document(
            project, kind, by=jiangchuan_user, content=b"%PDF-1.4", name=f"{kind.code}.pdf"
        )
    declaration = services.create_declaration(project, bond, by=jiangchuan_user, year=2020,
                                              batch="2020年第一批", amount_asked=Decimal(1800))  # fmt: skip

    page.set_viewport_size({"width": 1440, "height": 900})
    page.goto(f"{live_server.url}/finance/?year=2020")
    page.fill("#id_username", "jiangchuan")
    page.fill("#id_password", "secret-pass-123")
    page.click("button[type=submit].primary")
    expect(page.locator("#declarations")).to_contain_text("法律意见书")
    page.get_by_role("link", name="江川区污水管网").click()
    expect(page).to_have_url(re.compile(rf"/finance/declarations/{declaration.pk}/$"))
    page.locator("#declare button[type=submit]").click()
    expect(page.locator("body")).to_contain_text("法律意见书")
    expect(page.locator("#declaration-status")).to_have_text("准备中")

    legal = DocumentKind.objects.get(code="legal")
    page.select_option("#upload-document select[name=kind]", str(legal.pk))
    page.set_input_files("#upload-document input[type=file]", files=[
        {"name": "法律意见书.pdf", "mimeType": "application/pdf", "buffer": b"%PDF-1.4 legal"}])  # fmt: skip
    page.locator("#upload-document button[type=submit]").click()
    expect(page.locator("#readiness .lacks")).to_have_count(0)
    page.locator("#declare button[type=submit]").click()
    expect(page.locator("#declaration-status")).to_have_text("已申报")

    page.set_viewport_size({"width": 375, "height": 800})
    page.goto(f"{live_server.url}/finance/gaps/?year=2020")
    expect(page.locator("#gaps")).to_contain_text("江川区污水管网")
    assert page.evaluate("document.documentElement.scrollWidth") <= 375 + 1
