"""A county sees and writes only its own county's declarations, documents and funds, on the
pages and over the API; the declare step over the API refuses a missing document and takes the
city's override; money is recorded by project code."""

from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from rest_framework.test import APIClient

from groundbreak.finance import services
from groundbreak.finance.models import Declaration, FundMovement

D = Decimal


@pytest.fixture
def two(make_project, bond, city_user, pdf, kinds):
    jc = make_project("530403", name="江川水库")
    ht = make_project("530402", name="红塔管网")
    out = {}
    for key, project in (("jc", jc), ("ht", ht)):
        out[key] = services.create_declaration(project, bond, by=city_user, year=2020, batch="一",
                                               amount_asked=D(500))  # fmt: skip
    doc = services.upload_document(
        jc, kinds["feasibility"], by=city_user, content=pdf, name="可研.pdf"
    )
    out["doc"] = doc
    return out


def api(user):
    client = APIClient()
    client.force_authenticate(user)
    return client


def test_county_pages_show_only_its_own(client, two, hongta_user):
    client.force_login(hongta_user)
    page = client.get("/finance/?year=2020").content.decode()
    assert "红塔管网" in page and "江川水库" not in page
    assert client.get(f"/finance/declarations/{two['jc'].pk}/").status_code == 404
    assert client.get(f"/finance/documents/{two['doc'].pk}/").status_code == 404
    answer = client.post(f"/finance/declarations/{two['jc'].pk}/declare/", {})
    assert answer.status_code == 404
    answer = client.post(f"/finance/projects/{two['jc'].project_id}/documents/",
                         {"kind": two["doc"].kind_id, "file": SimpleUploadedFile("a.pdf", b"%PDF")})  # fmt: skip
    assert answer.status_code == 404


def test_upload_and_declare_through_the_pages(client, two, jiangchuan_user, kinds):
    client.force_login(jiangchuan_user)
    declaration = two["jc"]
    for code in ("land", "environment", "balance", "legal"):
        client.post(f"/finance/projects/{declaration.project_id}/documents/",
                    {"kind": kinds[code].pk, "file": SimpleUploadedFile(f"{code}.pdf", b"%PDF-1.4"),
                     "next": declaration.get_absolute_url()})  # fmt: skip
    page = client.get(declaration.get_absolute_url()).content.decode()
    assert "✗" not in page
    client.post(f"/finance/declarations/{declaration.pk}/declare/", {"declared_on": "2020-03-18"})
    declaration.refresh_from_db()
    assert declaration.status == "declared" and str(declaration.declared_on) == "2020-03-18"
    assert client.get(f"/finance/documents/{two['doc'].pk}/").status_code == 200


def test_api_declare_refuses_a_missing_document_then_takes_the_citys_override(
    two, jiangchuan_user, city_user
):
    pk = two["jc"].pk
    answer = api(jiangchuan_user).post(
        f"/api/finance-declarations/{pk}/declare/", {}, format="json"
    )
    assert answer.status_code == 400 and "用地预审" in str(answer.json())
    answer = api(jiangchuan_user).post(f"/api/finance-declarations/{pk}/declare/",
                                       {"override_reason": "急"}, format="json")  # fmt: skip
    assert answer.status_code == 403
    answer = api(city_user).post(f"/api/finance-declarations/{pk}/declare/",
                                 {"override_reason": "承诺补齐"}, format="json")  # fmt: skip
    assert answer.status_code == 200 and answer.json()["status"] == "declared"
    assert len(answer.json()["missing_documents"]) == 4


def test_api_lists_and_isolates(two, hongta_user):
    client = api(hongta_user)
    listed = client.get("/api/finance-declarations/?year=2020").json()["results"]
    assert [d["project_name"] for d in listed] == ["红塔管网"]
    assert client.get(f"/api/finance-declarations/{two['jc'].pk}/").status_code == 404
    gaps = client.get("/api/finance-gaps/?year=2020").json()["results"]
    assert [g["name"] for g in gaps] == ["红塔管网"]


def test_money_is_recorded_by_project_code_within_scope(two, hongta_user, bond):
    client = api(hongta_user)
    ht, jc = two["ht"].project, two["jc"].project
    body = {"kind": "received", "date": "2020-04-02", "amount": "300", "channel": bond.pk}
    answer = client.post(
        "/api/finance-movements/", {**body, "project_code": jc.code}, format="json"
    )
    assert answer.status_code == 400 and jc.code in str(answer.json())
    answer = client.post(
        "/api/finance-movements/", {**body, "project_code": ht.code}, format="json"
    )
    assert answer.status_code == 201 and answer.json()["project"] == ht.pk
    assert list(FundMovement.objects.values_list("project_id", "amount")) == [(ht.pk, D(300))]
    assert Declaration.objects.count() == 2
