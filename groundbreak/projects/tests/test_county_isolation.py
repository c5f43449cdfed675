"""A county user sees and changes only its own county — on every page and every endpoint."""

from datetime import date

import pytest
from django.urls import reverse
from rest_framework.test import APIClient

from groundbreak.projects import services
from groundbreak.projects.choices import Stage, WorkStatusKind
from groundbreak.projects.models import GroundbreakingBatch


@pytest.fixture
def jiangchuan_world(make_project, regions, jiangchuan_user):
    """A 江川区 project under construction with a stoppage, and a 江川区 batch."""
    project = make_project(
        "530403", name="江川区秘密项目", stage=Stage.CONTINUING, actual_start=date(2019, 4, 1)
    )
    services.record_work_status(
        project,
        by=jiangchuan_user,
        kind=WorkStatusKind.SUSPENDED,
        date=date(2020, 1, 20),
        reason="funds",
    )
    batch = services.save_batch(
        GroundbreakingBatch(name="江川区秘密开工", date=date(2020, 3, 2), region=regions["530403"]),
        by=jiangchuan_user,
        projects=[project],
    )
    return project, batch, project.work_events.get()


OBJECT_PAGES = [
    ("get", "projects:project_detail", "project", 404),
    ("get", "projects:project_edit", "project", 404),
    ("post", "projects:project_edit", "project", 404),
    ("post", "projects:project_change_stage", "project", 404),
    ("post", "projects:project_enter_statistics", "project", 404),
    ("post", "projects:project_record_work_status", "project", 404),
    ("get", "projects:batch_detail", "batch", 404),
    ("get", "projects:batch_edit", "batch", 404),
    ("post", "projects:batch_edit", "batch", 404),
]


@pytest.mark.parametrize("method, url_name, target, status", OBJECT_PAGES)
def test_object_pages_of_another_county_are_404(
    client, jiangchuan_world, hongta_user, method, url_name, target, status
):
    project, batch, _event = jiangchuan_world
    obj = project if target == "project" else batch
    client.force_login(hongta_user)
    response = getattr(client, method)(
        reverse(url_name, args=[obj.pk]), {"name": "x", "date": "2020-05-01"}
    )
    assert response.status_code == status
    project.refresh_from_db()
    batch.refresh_from_db()
    assert (project.name, project.version, batch.name, batch.version) == (
        "江川区秘密项目",
        1,
        "江川区秘密开工",
        1,
    )


@pytest.mark.parametrize(
    "url",
    [
        "/projects/",
        "/projects/?export=xlsx",
        "/projects/?q=江川",
        "/batches/",
        "/resumption/?date=2020-02-01",
        "/overview/",
        "/projects/add/",
        "/batches/add/",
    ],
)
def test_list_pages_and_exports_never_show_another_county(
    client, jiangchuan_world, hongta_user, url
):
    client.force_login(hongta_user)
    response = client.get(url)
    assert response.status_code == 200
    body = (
        response.content.decode(errors="ignore")
        if not url.endswith("xlsx")
        else _xlsx_text(response.content)
    )
    assert "江川区秘密" not in body


def _xlsx_text(content):
    import io

    from python_calamine import CalamineWorkbook

    rows = CalamineWorkbook.from_filelike(io.BytesIO(content)).get_sheet_by_index(0).to_python()
    return " ".join(str(cell) for row in rows for cell in row)


@pytest.mark.parametrize(
    "method, url, status",
    [
        ("get", "/api/projects/{project}/", 404),
        ("patch", "/api/projects/{project}/", 404),
        ("put", "/api/projects/{project}/", 404),
        ("post", "/api/projects/{project}/transition/", 404),
        ("post", "/api/projects/{project}/enter-statistics/", 404),
        ("get", "/api/projects/{project}/history/", 404),
        ("get", "/api/batches/{batch}/", 404),
        ("patch", "/api/batches/{batch}/", 404),
        ("get", "/api/batches/{batch}/figures/", 404),
        ("get", "/api/work-status/{event}/", 404),
    ],
)
def test_api_objects_of_another_county_are_404(jiangchuan_world, hongta_user, method, url, status):
    project, batch, event = jiangchuan_world
    client = APIClient()
    client.force_authenticate(hongta_user)
    target = url.format(project=project.pk, batch=batch.pk, event=event.pk)
    response = getattr(client, method)(
        target, {"name": "x", "version": 1, "date": "2020-05-01"}, format="json"
    )
    assert response.status_code == status
    project.refresh_from_db()
    assert (project.name, project.version) == ("江川区秘密项目", 1)


@pytest.mark.parametrize(
    "url",
    ["/api/projects/", "/api/batches/", "/api/work-status/", "/api/resumption/?date=2020-02-01"],
)
def test_api_lists_never_show_another_county(jiangchuan_world, hongta_user, url):
    project, _batch, _event = jiangchuan_world
    client = APIClient()
    client.force_authenticate(hongta_user)
    response = client.get(url)
    assert response.status_code == 200
    assert "江川区秘密" not in response.content.decode()
    assert f'"project":{project.pk}' not in response.content.decode().replace(" ", "")


def test_county_cannot_add_another_countys_project_to_a_batch_through_the_api(
    jiangchuan_world, hongta_user, regions
):
    project, _batch, _event = jiangchuan_world
    client = APIClient()
    client.force_authenticate(hongta_user)
    payload = {
        "name": "红塔开工",
        "date": "2020-03-13",
        "region": "530402",
        "projects": [project.pk],
    }
    response = client.post("/api/batches/", payload, format="json")
    assert response.status_code == 400
    assert not GroundbreakingBatch.objects.filter(name="红塔开工").exists()
