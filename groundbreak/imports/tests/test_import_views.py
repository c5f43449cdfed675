"""Upload → preview page → confirm, in scope; the template and the export import back unchanged."""

import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from python_calamine import CalamineWorkbook

from groundbreak.imports.models import ImportRecord
from groundbreak.imports.tests.helpers import HEADER, project_rows, xlsx
from groundbreak.projects.models import Project


def upload(client, region, content, name="list.xlsx"):
    return client.post(
        reverse("imports:import_list"),
        {"kind": "projects", "region": region.pk, "file": SimpleUploadedFile(name, content)},
    )


def test_upload_shows_a_preview_and_confirm_writes(client, hongta_user, hongta):
    client.force_login(hongta_user)
    response = upload(client, hongta, xlsx([HEADER, *project_rows(2)]))
    record = ImportRecord.objects.get()
    assert response.status_code == 302 and response["Location"] == record.get_absolute_url()
    page = client.get(record.get_absolute_url()).content.decode()
    assert "导入测试项目1" in page and "confirm-form" in page
    assert not Project.objects.exists()
    client.post(reverse("imports:import_confirm", args=[record.pk]))
    assert Project.objects.count() == 2


def test_refused_rows_show_row_column_and_reason_and_offer_no_confirm(client, hongta_user, hongta):
    rows = project_rows(2)
    rows[1][5] = "许多"
    client.force_login(hongta_user)
    upload(client, hongta, xlsx([HEADER, *rows]))
    page = client.get(ImportRecord.objects.get().get_absolute_url()).content.decode()
    assert "许多" in page and "总投资（万元）" in page and 'id="refusals"' in page
    assert "confirm-form" not in page
    client.post(reverse("imports:import_confirm", args=[ImportRecord.objects.get().pk]))
    assert not Project.objects.exists()


def test_county_sees_only_imports_of_its_county(
    client, hongta_user, jiangchuan_user, jiangchuan, city_user
):
    client.force_login(jiangchuan_user)
    upload(client, jiangchuan, xlsx([HEADER, *project_rows(1, region="530403")]))
    record = ImportRecord.objects.get()
    client.force_login(hongta_user)
    for name in ("import_detail", "import_progress", "import_file"):
        assert client.get(reverse(f"imports:{name}", args=[record.pk])).status_code == 404
    assert client.post(reverse("imports:import_confirm", args=[record.pk])).status_code == 404
    assert record.filename not in client.get(reverse("imports:import_list")).content.decode()
    assert not Project.objects.exists()


def test_county_cannot_upload_into_another_county(client, hongta_user, jiangchuan):
    client.force_login(hongta_user)
    response = upload(client, jiangchuan, xlsx([HEADER, *project_rows(1)]))
    assert response.status_code == 200 and "region" in response.context["form"].errors
    assert not ImportRecord.objects.exists()


@pytest.mark.parametrize("role", ["owner_user", "leader_user", "dept_user"])
def test_other_roles_have_no_import_page(client, request, role):
    client.force_login(request.getfixturevalue(role))
    assert client.get(reverse("imports:import_list")).status_code == 403


def test_progress_endpoint_reports_status(client, hongta_user, hongta):
    client.force_login(hongta_user)
    upload(client, hongta, xlsx([HEADER, *project_rows(1)]))
    data = client.get(
        reverse("imports:import_progress", args=[ImportRecord.objects.get().pk])
    ).json()
    assert data == {"status": "previewed", "progress": 100}


def test_the_template_is_prefilled_locked_and_imports_back_unchanged(
    client, hongta_user, portfolio
):
    client.force_login(hongta_user)
    response = client.get(reverse("projects:project_template"))
    content = response.content
    rows = CalamineWorkbook.from_filelike(io.BytesIO(content)).get_sheet_by_index(0).to_python()
    assert "单位：万元" in rows[1][0] and rows[2][:2] == ["项目代码", "项目名称"]
    assert {r[1] for r in rows[3:]} == {portfolio["hongta_a"].name, portfolio["hongta_b"].name}
    import zipfile

    sheet_xml = zipfile.ZipFile(io.BytesIO(content)).read("xl/worksheets/sheet1.xml").decode()
    assert "<sheetProtection" in sheet_xml and "<dataValidations" in sheet_xml
    upload(client, portfolio["hongta_a"].region, content, name="template.xlsx")
    preview = ImportRecord.objects.get().preview
    assert preview["totals"]["unchanged"] == 2 and preview["totals"]["refused"] == 0, preview[
        "refusals"
    ]


@pytest.mark.parametrize("language", ["zh-hans", "en"])
def test_the_export_imports_back_unchanged(client, city_user, portfolio, language):
    client.force_login(city_user)
    client.cookies["django_language"] = language
    exported = client.get(
        reverse("projects:project_list"),
        {"export": "xlsx", "region": portfolio["hongta_a"].region.pk},
    )
    upload(client, portfolio["hongta_a"].region, exported.content, name="export.xlsx")
    preview = ImportRecord.objects.get().preview
    assert preview["totals"]["unchanged"] == 2 and preview["totals"]["refused"] == 0, preview[
        "refusals"
    ]
    assert [c for c in preview["checks"] if not c["ok"]] == []


@pytest.mark.parametrize("owners, folded", [(3, False), (12, True)])
def test_new_owner_units_are_listed_and_a_long_list_is_folded(
    client, hongta_user, hongta, owners, folded
):
    rows = project_rows(owners)
    for i, row in enumerate(rows):
        row[2] = f"玉溪市新业主{i:02d}公司"
    client.force_login(hongta_user)
    upload(client, hongta, xlsx([HEADER, *rows]))
    page = client.get(ImportRecord.objects.get().get_absolute_url()).content.decode()
    assert f"玉溪市新业主{owners - 1:02d}公司" in page
    assert ('<details class="summary" id="new-owners">' in page) is folded
    if folded:
        assert f"将登记{owners}个新业主单位" in page


def test_the_page_shows_at_most_500_refused_rows_and_says_how_many_more(
    client, hongta_user, hongta
):
    """A table of 1.6 M refused rows rendered 160 MB of HTML."""
    rows = project_rows(1200)
    for row in rows:
        row[5] = "许多"
    client.force_login(hongta_user)
    upload(client, hongta, xlsx([HEADER, *rows]))
    record = ImportRecord.objects.get()
    assert len(record.preview["refusals"]) == 1200
    page = client.get(record.get_absolute_url()).content.decode()
    section = page[
        page.index('id="refusals"') : page.index("</section>", page.index('id="refusals"'))
    ]
    assert section.count("<tr>") == 1 + 500  # the header and 500 rows
    assert 'id="more-refusals"' in section and "700" in section


def test_a_refusal_reads_in_the_language_of_whoever_opens_the_import(
    client, hongta_user, city_user, hongta
):
    """The reason is stored with its message id: made in Chinese, it reads in English for an
    English reader (and in Chinese again for a Chinese one)."""
    rows = project_rows(2)
    rows[1][1] = "长" * 201
    client.force_login(hongta_user)
    upload(client, hongta, xlsx([HEADER, *rows]))
    record = ImportRecord.objects.get()
    (refusal,) = record.preview["refusals"]
    assert refusal["reason"] == "项目名称超过200个字符。"
    client.force_login(city_user)
    url = record.get_absolute_url()
    client.post(reverse("set_language"), {"language": "en", "next": url})
    english = client.get(url).content.decode()
    assert "The project name is longer than 200 characters." in english
    client.post(reverse("set_language"), {"language": "zh-hans", "next": url})
    chinese = client.get(url).content.decode()
    assert "项目名称超过200个字符。" in chinese
