"""Answers the API and the pages give on ordinary (and wrong) input: no 500, the field named,
the same region code in and out, another county's ids read as unknown, times in +08:00."""

from io import StringIO

import pytest
from django.core.management import call_command
from django.test import Client

from groundbreak.core.tests.api_matrix import api_schema
from groundbreak.core.tests.test_permission_matrix import client_for
from groundbreak.projects.models import GroundbreakingBatch, Project


@pytest.fixture
def city(world):
    return client_for(world, "city", token=True)


def test_batch_figures_answer_with_project_ids(world, city):
    answer = city.get(f"/api/batches/{world.batch.pk}/figures/")
    assert answer.status_code == 200
    figures = answer.json()
    assert figures["projects"] == [world.project.pk] and figures["count"] == 1
    assert figures["total"] == "800.0000"  # an exact decimal, as every amount


@pytest.mark.parametrize("year", ["0", "-1", "99999", "abc"])
def test_a_year_out_of_range_is_400_naming_the_field(world, city, year):
    answer = city.get("/api/batches/", {"year": year})
    assert answer.status_code == 400 and "year" in answer.json()
    assert city.get("/api/reporting-periods/", {"year": year}).status_code == 400


@pytest.mark.parametrize("day", ["2020-02-30", "2020-13-45", "yesterday"])
def test_a_date_that_is_no_date_is_400_in_the_api_and_a_form_error_on_the_page(world, city, day):
    answer = city.get("/api/resumption/", {"date": day})
    assert answer.status_code == 400 and "date" in answer.json()
    page = Client()
    page.force_login(world.users["city"])
    shown = page.get("/resumption/", {"date": day})
    assert shown.status_code == 400 and b'id="resumption-errors"' in shown.content


def test_resumption_answers_an_object_with_rows_and_total(world, city):
    answer = city.get("/api/resumption/", {"date": "2020-03-15", "group_by": "sector"})
    assert answer.status_code == 200
    assert set(answer.json()) == {"date", "group_by", "rows", "total"}
    assert city.get("/api/resumption/", {"key_level": "nope"}).status_code == 400


def test_the_template_with_a_project_without_field_and_a_bad_region(world):
    Project.objects.filter(pk=world.project.pk).update(field="")
    page = Client()
    page.force_login(world.users["jiangchuan"])
    assert page.get("/projects/template/").status_code == 200
    assert page.get("/projects/template/", {"region": "530403"}).status_code == 200
    for bad in ({"region": "abc"}, {"region": "530402"}, {"year": "0"}):
        answer = page.get("/projects/template/", bad)
        assert answer.status_code == 400 and next(iter(bad)).encode() in answer.content


def test_region_filters_take_the_code_the_answers_show(world, city):
    projects = city.get("/api/projects/", {"region": "530403"}).json()["results"]
    assert [p["id"] for p in projects] == [world.project.pk]
    assert projects[0]["region"] == "530403"
    for url in ("/api/reports/", "/api/statistics-figures/", "/api/batches/"):
        rows = city.get(url, {"region": "530403"}).json()["results"]
        assert len(rows) == 1 and rows[0]["region"] == "530403", url
    # the city's code keeps everything below it; the id still works for older links
    assert city.get("/api/projects/", {"region": "530400"}).json()["count"] == 4
    assert city.get("/api/projects/", {"region": world.region.pk}).json()["count"] == 1
    assert "region" in city.get("/api/projects/", {"region": "abc"}).json()


def test_another_countys_id_reads_as_unknown_in_every_id_filter(world):
    hongta = client_for(world, "hongta", token=True)
    filters = {
        "/api/work-status/": {"project": world.project.pk},
        "/api/reports/": {"project": world.project.pk},
        "/api/statistics-figures/": {"project": world.project.pk},
    }
    for url, query in filters.items():
        unknown = hongta.get(url, dict.fromkeys(query, 999999))
        other = hongta.get(url, query)
        assert (other.status_code, other.json()) == (400, unknown.json()), url


def test_evidence_urls_work_with_the_token_that_fetched_them(world):
    token = client_for(world, "jiangchuan", token=True)
    photo = token.get(f"/api/reports/{world.report.pk}/attachments/").json()[0]
    for url in (photo["file_url"], photo["thumbnail_url"]):
        served = token.get(url)
        assert served.status_code == 200
        assert b"".join(served.streaming_content)[:2] == b"\xff\xd8"
    assert client_for(world, "hongta", token=True).get(photo["file_url"]).status_code == 404


def test_project_history_times_are_in_the_citys_time_zone(world, city):
    entries = city.get(f"/api/projects/{world.project.pk}/history/").json()
    assert isinstance(entries, list) and entries
    assert all(entry["when"].endswith("+08:00") for entry in entries)


def test_the_schema_says_what_the_answers_are():
    schema = api_schema()
    paths, components = schema["paths"], schema["components"]["schemas"]
    for path in ("/api/projects/{id}/history/", "/api/reports/{id}/history/"):
        answer = paths[path]["get"]["responses"]["200"]["content"]["application/json"]["schema"]
        assert answer["type"] == "array", path  # not paginated
    resumption = paths["/api/resumption/"]["get"]["responses"]["200"]["content"]
    assert resumption["application/json"]["schema"]["$ref"].endswith("/Resumption")
    assert {p["name"] for p in paths["/api/projects/"]["get"]["parameters"]} >= {"q", "region"}
    nullable = {
        "Region": "parent",
        "StageTransition": "recorded_by",
        "MonthlyReport": "filled_by",
        "Attachment": "uploaded_by",
        "ImportRecord": "applied_by",
    }
    for component, field in nullable.items():
        assert components[component]["properties"][field].get("nullable"), component
    assert components["MonthlyReport"]["properties"]["reviewed_by"].get("nullable")
    figure = components["StatisticsFigure"]["properties"]
    for field in ("difference", "owner_ytd"):
        assert (figure[field]["type"], figure[field]["format"]) == ("string", "decimal")
    reasons = [ref["$ref"].rsplit("/", 1)[1] for ref in figure["reason"]["oneOf"]]
    assert "BlankEnum" in reasons
    for item in paths.values():
        for method, operation in item.items():
            assert {"400", "401", "403", "404"} <= set(operation["responses"]), method
            if method in ("post", "put", "patch"):
                assert "409" in operation["responses"]


def test_a_restore_through_loaddata_records_no_history(world, tmp_path):
    dump = tmp_path / "projects.json"
    call_command("dumpdata", "projects", output=str(dump), stdout=StringIO())
    counts = lambda: (  # noqa: E731
        Project.history.count(),
        GroundbreakingBatch.history.count(),
    )
    before = counts()
    GroundbreakingBatch.projects.through.objects.all().delete()  # as a fresh database has none
    Project.key_levels.through.objects.all().delete()
    call_command("loaddata", str(dump), stdout=StringIO())
    assert counts() == before
    assert list(world.batch.projects.all()) == [world.project]


QUERY_NAMES = [
    "year", "date", "region", "period", "project", "page", "per_page", "sort", "status", "late",
    "stage", "field", "sector", "key_level", "group_by", "in_statistics", "leader_in_charge",
    "department_in_charge", "q", "export", "show", "kind", "diverging", "limit", "offset",
    "ordering", "format",
]  # fmt: skip
BAD_VALUES = ["0", "-1", "99999999999999999999", "2020-02-30", "2020-13-45", "abc", "%00", ""]


def test_no_page_or_list_answers_500_to_a_wrong_query_value(world):
    """Every page (GET) and every API list, the query parameters we read, wrong values."""
    from groundbreak.core.tests.test_permission_matrix import PAGES, page_url

    page = Client(raise_request_exception=False)
    page.force_login(world.users["city"])
    api = client_for(world, "city", token=True)
    api.raise_request_exception = False
    urls = [page_url(name, world) for name, statuses in PAGES.items() if statuses[0] == 200]
    lists = [path for path in api_schema()["paths"] if "{" not in path]
    crashed = []
    for url in urls + lists:
        client = api if url in lists else page
        for value in BAD_VALUES:  # every parameter at once: each is read on its own
            status = client.get(url, dict.fromkeys(QUERY_NAMES, value)).status_code
            if status >= 500:
                crashed.append((url, value, status))
    assert crashed == []


def test_an_import_does_not_say_a_taken_code_is_outside_the_users_scope(world):
    from django.core.files.uploadedfile import SimpleUploadedFile

    from groundbreak.imports.tests.helpers import HEADER, project_rows, xlsx

    (taken,) = project_rows(1, region="530403")
    taken[0] = world.project.code  # 江川区's project, which 红塔区 may not see
    answer = client_for(world, "hongta", token=True).post(
        "/api/imports/",
        {
            "kind": "projects",
            "region": "530402",
            "file": SimpleUploadedFile("l.xlsx", xlsx([HEADER, taken])),
        },
        format="multipart",
    )
    (refusal,) = answer.json()["preview"]["refusals"]
    assert refusal["field"] == "code"
    assert refusal["reason"] == f"项目代码 {taken[0]} 不能在此登记：该代码已被使用。"
