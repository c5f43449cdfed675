"""The admin shows an import record, its packed preview included, read-only."""

from groundbreak.imports import services
from groundbreak.imports.tests.helpers import HEADER, project_rows, xlsx


def test_the_admin_shows_an_import_with_its_preview(admin_client, hongta_user, hongta):
    record = services.start_import(
        kind="projects",
        region=hongta,
        content=xlsx([HEADER, *project_rows(2)]),
        filename="清单.xlsx",
        by=hongta_user,
    )
    response = admin_client.get(f"/admin/imports/importrecord/{record.pk}/change/")
    assert response.status_code == 200
    page = response.content.decode()
    assert "导入测试项目2" in page and "清单.xlsx" in page
    assert admin_client.get("/admin/imports/importrecord/").status_code == 200
