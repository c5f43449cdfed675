"""A column the import does not understand is shown on the preview; the user says what it means,
the file is read again, and the county's later imports understand it (other counties' do not)."""

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from groundbreak.imports import services
from groundbreak.imports.models import HeaderSynonym, ImportRecord
from groundbreak.imports.tests.helpers import HEADER, project_rows, xlsx
from groundbreak.projects.models import Project

PHONE = "联络手机（备用）"


def table(region_code, start=1):
    rows = [[*row, "13800000000"] for row in project_rows(2, start=start, region=region_code)]
    return xlsx([[*HEADER, PHONE], *rows])


def start(user, region, content):
    return services.start_import(
        kind="projects", region=region, content=content, filename="清单.xlsx", by=user
    )


def test_an_unused_column_mapped_on_the_preview_is_read_and_remembered_for_the_county(
    client, hongta_user, hongta, jiangchuan_user, jiangchuan
):
    record = start(hongta_user, hongta, table(hongta.code))
    assert record.preview["ignored_headers"] == [PHONE]
    client.force_login(hongta_user)
    page = client.get(record.get_absolute_url()).content.decode()
    assert 'id="map-columns-form"' in page and PHONE in page and 'value="contact_phone"' in page

    response = client.post(
        reverse("imports:import_map_columns", args=[record.pk]), {"column_0": "contact_phone"}
    )
    assert response.status_code == 302
    record.refresh_from_db()
    assert record.preview["ignored_headers"] == []
    assert {c["field"]: c["header"] for c in record.preview["columns"]}["contact_phone"] == PHONE
    services.confirm_import(record, by=hongta_user)
    assert set(Project.objects.values_list("contact_phone", flat=True)) == {"13800000000"}
    synonym = HeaderSynonym.objects.get()
    assert (synonym.region, synonym.field, synonym.created_by) == (
        hongta,
        "contact_phone",
        hongta_user,
    )
    assert synonym.history.count() == 1 and synonym.history.get().history_user == hongta_user

    # the county's next list: understood at once
    again = start(hongta_user, hongta, table(hongta.code, start=5))
    assert again.preview["ignored_headers"] == []
    # another county's list: not
    other = start(jiangchuan_user, jiangchuan, table(jiangchuan.code, start=9))
    assert other.preview["ignored_headers"] == [PHONE]


def test_only_an_unused_column_and_a_field_of_the_kind_may_be_mapped(hongta_user, hongta):
    record = start(hongta_user, hongta, table(hongta.code))
    with pytest.raises(ValidationError):
        services.map_columns(record, {"项目名称": "notes"}, by=hongta_user)
    with pytest.raises(ValidationError):
        services.map_columns(record, {PHONE: "completed_total"}, by=hongta_user)
    assert not HeaderSynonym.objects.exists()


def test_another_county_cannot_map_the_columns(client, hongta_user, hongta, jiangchuan_user):
    record = start(hongta_user, hongta, table(hongta.code))
    client.force_login(jiangchuan_user)
    response = client.post(
        reverse("imports:import_map_columns", args=[record.pk]), {"column_0": "contact_phone"}
    )
    assert response.status_code == 404
    assert not HeaderSynonym.objects.exists()
    assert ImportRecord.objects.get().preview["ignored_headers"] == [PHONE]


def test_the_api_maps_columns_as_the_page_does(hongta_user, hongta):
    from rest_framework.test import APIClient

    record = start(hongta_user, hongta, table(hongta.code))
    api = APIClient()
    api.force_authenticate(hongta_user)
    url = f"/api/imports/{record.pk}/columns/"
    refused = api.post(url, {"columns": {PHONE: "completed_total"}}, format="json")
    assert refused.status_code == 400
    answer = api.post(url, {"columns": {PHONE: "contact_phone"}}, format="json")
    assert answer.status_code == 200 and answer.json()["preview"]["ignored_headers"] == []
    assert HeaderSynonym.objects.get().region == hongta
