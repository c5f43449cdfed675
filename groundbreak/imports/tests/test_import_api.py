"""Imports through the REST API: upload (preview), decide, confirm by id."""

from django.core.files.uploadedfile import SimpleUploadedFile
from rest_framework.test import APIClient

from groundbreak.imports.tests.helpers import HEADER, project_rows, xlsx
from groundbreak.projects.models import Project


def api(user):
    client = APIClient()
    client.force_authenticate(user)
    return client


def post_file(client, region_code, content):
    return client.post(
        "/api/imports/",
        {
            "kind": "projects",
            "region": region_code,
            "file": SimpleUploadedFile("list.xlsx", content),
        },
        format="multipart",
    )


def test_upload_preview_then_confirm_by_id(hongta_user, hongta):
    client = api(hongta_user)
    response = post_file(client, "530402", xlsx([HEADER, *project_rows(2)]))
    assert response.status_code == 201
    body = response.json()
    assert body["status"] == "previewed" and body["preview"]["totals"]["create"] == 2
    assert not Project.objects.exists()
    confirmed = client.post(f"/api/imports/{body['id']}/confirm/")
    assert confirmed.status_code == 200 and confirmed.json()["result"]["created"] == 2
    assert client.post(f"/api/imports/{body['id']}/confirm/").status_code == 400


def test_refused_preview_cannot_be_confirmed(hongta_user, hongta):
    rows = project_rows(1)
    rows[0][5] = "x"
    client = api(hongta_user)
    body = post_file(client, "530402", xlsx([HEADER, *rows])).json()
    assert body["status"] == "refused" and body["preview"]["refusals"][0]["row"] == 2
    assert client.post(f"/api/imports/{body['id']}/confirm/").status_code == 400
    assert not Project.objects.exists()


def test_decide_picks_the_project_for_a_close_name(hongta_user, hongta, make_project):
    existing = make_project(
        "530402",
        name="红塔区玉兴路道路改造工程",
        code="",
        stage="reserve",
        total="500",
        plans=None,
    )
    rows = [["", "红塔区玉兴路道路改造工程(一期)", "某公司", "基础设施", "储备", 600, None, None]]
    client = api(hongta_user)
    body = post_file(client, "530402", xlsx([HEADER, *rows])).json()
    assert body["preview"]["rows"][0]["candidates"][0]["id"] == existing.pk
    decided = client.post(
        f"/api/imports/{body['id']}/decide/", {"decisions": {"2": str(existing.pk)}}, format="json"
    )
    assert decided.json()["status"] == "previewed"
    client.post(f"/api/imports/{body['id']}/confirm/")
    existing.refresh_from_db()
    assert existing.total_investment == 600


def test_another_countys_import_is_404_and_upload_there_is_403(
    hongta_user, jiangchuan_user, jiangchuan
):
    body = post_file(
        api(jiangchuan_user), "530403", xlsx([HEADER, *project_rows(1, region="530403")])
    ).json()
    client = api(hongta_user)
    assert client.get(f"/api/imports/{body['id']}/").status_code == 404
    assert client.post(f"/api/imports/{body['id']}/confirm/").status_code == 404
    assert post_file(client, "530403", xlsx([HEADER, *project_rows(1)])).status_code == 403
    assert client.get("/api/imports/").json()["count"] == 0


def test_the_list_leaves_the_previews_out_and_one_import_has_its_preview(hongta_user, hongta):
    client = api(hongta_user)
    created = post_file(client, "530402", xlsx([HEADER, *project_rows(2)])).json()
    listed = client.get("/api/imports/").json()["results"]
    assert [r["id"] for r in listed] == [created["id"]]
    assert "preview" not in listed[0] and listed[0]["status"] == "previewed"
    one = client.get(f"/api/imports/{created['id']}/").json()
    assert [r["name"] for r in one["preview"]["rows"]] == ["导入测试项目1", "导入测试项目2"]
