"""Preview, decide, confirm: all or nothing, idempotent, scoped, never stale."""

from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.test import Client

from groundbreak.accounts.models import OwnerUnit
from groundbreak.imports import services
from groundbreak.imports.models import ImportStatus
from groundbreak.imports.tests.helpers import HEADER, project_rows, xlsx
from groundbreak.projects import services as project_services
from groundbreak.projects.models import Project


def start(content, user, region, name="红塔区项目清单.xlsx"):
    return services.start_import(
        kind="projects", region=region, content=content, filename=name, by=user
    )


def import_now(rows, user, region, name="清单.xlsx"):
    """The console's import of a list of ``rows`` under the test header."""
    return services.import_now(
        kind="projects", region=region, content=xlsx([HEADER, *rows]), filename=name, by=user
    )


def test_preview_writes_nothing_and_confirm_writes_everything_with_history(hongta_user, hongta):
    record = start(xlsx([HEADER, *project_rows(3)]), hongta_user, hongta)
    assert record.status == ImportStatus.PREVIEWED
    totals = record.preview["totals"]
    assert (totals["create"], totals["total_investment"], totals["annual_plan"]) == (
        3,
        "6000.0000",
        "600.0000",
    )
    assert not Project.objects.filter(name__startswith="导入测试项目").exists()
    services.confirm_import(record, by=hongta_user)
    projects = Project.objects.filter(name__startswith="导入测试项目").order_by("name")
    assert [p.total_investment for p in projects] == [Decimal(1000), Decimal(2000), Decimal(3000)]
    first = projects[0]
    assert (first.stage, first.region.code, first.owner_unit.name) == (
        "preliminary",
        "530402",
        "玉溪市导入测试公司",
    )
    record_history = first.history.get()
    assert (record_history.history_user, record_history.history_change_reason) == (
        hongta_user,
        f"Import #{record.pk} 红塔区项目清单.xlsx",
    )
    assert first.transitions.get().to_stage == "preliminary"
    assert first.owner_unit.history.get().history_user == hongta_user
    record.refresh_from_db()
    assert (record.status, record.result["created"], record.applied_by) == (
        ImportStatus.APPLIED,
        3,
        hongta_user,
    )


def test_the_same_file_twice_changes_nothing_the_second_time(hongta_user, hongta):
    content = xlsx([HEADER, *project_rows(3)])
    services.confirm_import(start(content, hongta_user, hongta), by=hongta_user)
    history_before = Project.history.count()
    again = start(content, hongta_user, hongta)
    assert again.preview["totals"]["unchanged"] == 3
    services.confirm_import(again, by=hongta_user)
    assert Project.history.count() == history_before
    assert Project.objects.filter(name__startswith="导入测试项目").count() == 3


def test_changed_values_show_old_and_new_and_land_in_history(hongta_user, hongta):
    services.confirm_import(
        start(xlsx([HEADER, *project_rows(2)]), hongta_user, hongta), by=hongta_user
    )
    rows = project_rows(2)
    rows[1][5] = "0.3亿"
    record = start(xlsx([HEADER, *rows]), hongta_user, hongta)
    changed = [r for r in record.preview["rows"] if r["action"] == "update"]
    assert [(c["field"], c["old"], c["new"]) for c in changed[0]["changes"]] == [
        ("total_investment", "2000.0000", "3000.0000")
    ]
    services.confirm_import(record, by=hongta_user)
    project = Project.objects.get(name="导入测试项目2")
    assert project.total_investment == Decimal(3000) and project.version == 2
    assert project.history.first().history_change_reason.startswith(f"Import #{record.pk}")


def test_a_bad_row_refuses_the_whole_file_and_writes_nothing(hongta_user, hongta):
    rows = project_rows(3)
    rows[1][5] = "很多"
    record = start(xlsx([HEADER, *rows]), hongta_user, hongta)
    assert record.status == ImportStatus.REFUSED
    assert record.preview["refusals"] == [
        {
            "row": 3,
            "column": "总投资（万元）",
            "field": "total_investment",
            "reason": record.preview["refusals"][0]["reason"],
            "reason_id": {
                "id": '"%(value)s" is not an amount: write a number such as 1500, 1,500.5 or 1.5亿.',
                "params": {"value": "很多"},
            },
        }
    ]
    assert "很多" in record.preview["refusals"][0]["reason"]
    with pytest.raises(ValidationError):
        services.confirm_import(record, by=hongta_user)
    assert not Project.objects.filter(name__startswith="导入测试项目").exists()


def test_a_failure_while_writing_rolls_everything_back(hongta_user, hongta, monkeypatch):
    from groundbreak.projects import importing

    record = start(xlsx([HEADER, *project_rows(3)]), hongta_user, hongta)

    def broken(*args, **kwargs):
        raise RuntimeError("disk full")

    monkeypatch.setattr("groundbreak.projects.bulk.insert_projects", broken)
    with pytest.raises(RuntimeError):
        services.confirm_import(record, by=hongta_user)
    assert not Project.objects.filter(name__startswith="导入测试项目").exists()
    assert not importing.OwnerUnit.objects.filter(name="玉溪市导入测试公司").exists()
    record.refresh_from_db()
    assert record.status == ImportStatus.PREVIEWED


def test_county_cannot_import_into_another_county(hongta_user, jiangchuan):
    with pytest.raises(PermissionDenied):
        start(xlsx([HEADER, *project_rows(1)]), hongta_user, jiangchuan)


@pytest.mark.parametrize("role", ["dept_user", "owner_user", "leader_user", "auditor_user"])
def test_only_city_and_county_import(request, role, hongta):
    with pytest.raises(PermissionDenied):
        start(xlsx([HEADER, *project_rows(1)]), request.getfixturevalue(role), hongta)


def test_a_row_naming_another_county_or_its_project_code_is_refused(
    hongta_user, hongta, make_project
):
    other = make_project("530403", name="江川区的项目")
    header = [*HEADER, "县市区"]
    rows = [
        [*project_rows(1)[0], "江川区"],
        [other.code, "别名", "某公司", "基础设施", "前期", 10, 1, None, "红塔区"],
    ]
    record = start(xlsx([header, *rows]), hongta_user, hongta)
    reasons = {r["row"]: r["field"] for r in record.preview["refusals"]}
    assert reasons == {2: "region", 3: "code"}
    assert "江川区的项目" not in str(record.preview)


def test_close_names_ask_for_a_choice_and_the_choice_decides(hongta_user, hongta, make_project):
    existing = make_project("530402", name="红塔区玉兴路道路改造工程", code="", stage="reserve")
    rows = [["", "红塔区玉兴路道路改造工程（一期）", "某公司", "基础设施", "储备", 500, 100, None]]
    record = start(xlsx([HEADER, *rows]), hongta_user, hongta)
    # Nothing is refused: the import waits for the user to say which project the name is.
    assert record.status == ImportStatus.CHOOSING
    page = Client()
    page.force_login(hongta_user)
    badge = page.get(record.get_absolute_url()).content.decode()
    badge = badge[badge.index('id="import-status"') :].split("</span>")[0]
    assert "待确认匹配" in badge and "未通过" not in badge
    with pytest.raises(ValidationError, match="哪个项目|which project"):
        services.confirm_import(record, by=hongta_user)
    assert record.preview["rows"][0]["candidates"] == [{"id": existing.pk, "name": existing.name}]
    record = services.preview_import(record, decisions={2: str(existing.pk)})
    assert (
        record.status == ImportStatus.PREVIEWED and record.preview["rows"][0]["action"] == "update"
    )
    record = services.preview_import(record, decisions={2: "new"})
    assert record.preview["rows"][0]["action"] == "create"
    services.confirm_import(record, by=hongta_user)
    assert Project.objects.filter(name__startswith="红塔区玉兴路").count() == 2


def test_an_edit_after_the_preview_makes_the_confirmation_refuse(hongta_user, city_user, hongta):
    services.confirm_import(
        start(xlsx([HEADER, *project_rows(1)]), hongta_user, hongta), by=hongta_user
    )
    rows = project_rows(1)
    rows[0][5] = 9999
    record = start(xlsx([HEADER, *rows]), hongta_user, hongta)
    project = Project.objects.get(name="导入测试项目1")
    project_services.update_project(
        project, by=city_user, version=project.version, contact_person="别人"
    )
    with pytest.raises(ValidationError) as error:
        services.confirm_import(record, by=hongta_user)
    assert "preview" in str(error.value).lower() or "预览" in str(error.value)
    project.refresh_from_db()
    assert project.total_investment == Decimal(1000)


def test_an_applied_import_cannot_be_applied_again(hongta_user, hongta):
    record = start(xlsx([HEADER, *project_rows(1)]), hongta_user, hongta)
    services.confirm_import(record, by=hongta_user)
    with pytest.raises(ValidationError):
        services.confirm_import(record, by=hongta_user)


def test_the_original_file_is_kept_with_the_record(hongta_user, hongta):
    content = xlsx([HEADER, *project_rows(2)])
    record = start(content, hongta_user, hongta)
    with record.file.open("rb") as handle:
        assert handle.read() == content
    assert record.sha256 == record.digest(content) and record.created_by == hongta_user


@pytest.mark.parametrize(
    "name, content", [("list.pdf", b"%PDF"), ("empty.xlsx", b""), ("broken.xlsx", b"not a zip")]
)
def test_files_that_are_not_spreadsheets_get_a_clear_answer(hongta_user, hongta, name, content):
    try:
        record = start(content, hongta_user, hongta, name=name)
    except ValidationError as error:
        assert error.messages
    else:
        assert record.status == ImportStatus.FAILED and name in record.error


def test_one_new_owner_unit_however_its_name_is_spaced(hongta_user, hongta):
    from groundbreak.accounts.models import OwnerUnit

    rows = project_rows(2)
    rows[0][2], rows[1][2] = "玉溪市新开公司", "玉溪市 新开公司"
    record = start(xlsx([HEADER, *rows]), hongta_user, hongta)
    assert record.preview["totals"]["new_owner_units"] == ["玉溪市新开公司"]
    services.confirm_import(record, by=hongta_user)
    owner = OwnerUnit.objects.get(name="玉溪市新开公司")
    assert owner.projects.count() == 2


def test_a_header_synonym_added_by_an_administrator_is_understood(hongta_user, hongta):
    from groundbreak.imports.models import HeaderSynonym

    header = ["项目代码", "项目名称", "业主单位", "领域", "项目阶段", "资金盘子（亿元）"]
    rows = [[*project_rows(1)[0][:5], 0.5]]
    refused = start(xlsx([header, *rows]), hongta_user, hongta)
    assert refused.status == ImportStatus.REFUSED  # 资金盘子 means nothing yet: no total
    HeaderSynonym.objects.create(text="资金 盘子", field="total_investment")
    record = start(xlsx([header, *rows]), hongta_user, hongta)
    assert record.status == ImportStatus.PREVIEWED
    assert record.preview["totals"]["total_investment"] == "5000.0000"


def test_a_crash_while_reading_in_the_background_marks_the_import_failed(
    hongta_user, hongta, monkeypatch
):
    def crash(*args, **kwargs):
        raise RuntimeError("out of memory")

    # The job runs at once (immediate backend): no worker retries it, so it gives up at once.
    monkeypatch.setattr(services, "preview_import", crash)
    record = start(xlsx([HEADER, *project_rows(1)]), hongta_user, hongta)
    record.refresh_from_db()
    assert record.status == ImportStatus.FAILED and "out of memory" in record.error


def test_an_instructions_sheet_before_the_table_is_passed_over(hongta_user, hongta):
    import io

    import xlsxwriter

    buffer = io.BytesIO()
    book = xlsxwriter.Workbook(buffer, {"in_memory": True})
    notes = book.add_worksheet("填表说明")
    notes.write(0, 0, "填表说明：金额单位为万元，请勿修改表头。")
    table = book.add_worksheet("项目清单")
    for r, row in enumerate([HEADER, *project_rows(2)]):
        table.write_row(r, 0, row)
    book.close()
    record = start(buffer.getvalue(), hongta_user, hongta)
    assert record.status == ImportStatus.PREVIEWED and record.preview["totals"]["create"] == 2


def test_a_project_registered_since_the_preview_under_a_row_s_name_stops_the_confirmation(
    hongta_user, hongta, make_project
):
    rows = [["", "红塔区新来的项目", "某公司", "基础设施", "储备", 500, 100, None]]
    record = start(xlsx([HEADER, *project_rows(2), *rows]), hongta_user, hongta)
    assert record.status == ImportStatus.PREVIEWED
    make_project("530402", name="红塔区新来的项目", code="", stage="reserve")
    with pytest.raises(ValidationError) as error:
        services.confirm_import(record, by=hongta_user)
    assert "4" in str(error.value) and "2, " not in str(error.value)
    assert not Project.objects.filter(name__startswith="导入测试项目").exists()


def test_the_confirmation_compares_what_the_rows_do_not_the_language_of_the_messages(
    hongta_user, hongta
):
    from django.utils import translation

    rows = project_rows(2)
    rows[0][4] = "续建"  # a started project without a start date: warned, in the user's language
    with translation.override("zh-hans"):
        record = start(xlsx([HEADER, *rows]), hongta_user, hongta)
    assert (
        record.preview["rows"][0]["warnings"] and "开工" in record.preview["rows"][0]["warnings"][0]
    )
    with translation.override("en"):
        record = services.confirm_import(record, by=hongta_user)
    assert record.status == ImportStatus.APPLIED
    assert Project.objects.filter(name__startswith="导入测试项目").count() == 2


def test_an_owner_unit_registered_since_the_preview_stops_the_confirmation(hongta_user, hongta):
    record = start(xlsx([HEADER, *project_rows(2)]), hongta_user, hongta)
    assert record.preview["totals"]["new_owner_units"] == ["玉溪市导入测试公司"]
    OwnerUnit.objects.create(name="玉溪市导入测试公司")
    with pytest.raises(ValidationError):
        services.confirm_import(record, by=hongta_user)
    assert not Project.objects.filter(name__startswith="导入测试项目").exists()


def test_import_now_writes_a_clean_file_at_once_and_keeps_the_record(hongta_user, hongta):
    record = import_now(project_rows(3), hongta_user, hongta)
    assert record.status == ImportStatus.APPLIED and record.result["created"] == 3
    assert record.preview["totals"]["create"] == 3 and record.applied_by == hongta_user
    project = Project.objects.get(name="导入测试项目2")
    assert project.history.first().history_change_reason == f"Import #{record.pk} 清单.xlsx"


def test_import_now_writes_nothing_when_a_row_is_refused(hongta_user, hongta):
    rows = project_rows(3)
    rows[2][5] = "很多"
    record = import_now(rows, hongta_user, hongta)
    assert record.status == ImportStatus.REFUSED
    assert [r["row"] for r in record.preview["refusals"]] == [4]
    assert not Project.objects.filter(name__startswith="导入测试项目").exists()


def test_a_section_numbered_in_the_first_column_is_a_section_not_a_project():
    """Published lists number their sections in the 序号 column ("一", "二") with the label in
    the name column and no amounts: a section, not a project without a total."""
    from groundbreak.imports.reader import read_grids
    from groundbreak.imports.table import first_table

    rows = [
        ["序号", "项目名称", "总投资", "2021年计划投资"],
        ["一", "产业发展类", "", ""],
        [1, "标准厂房三期", "23500", "8000"],
        ["二", "社会民生类", None, None],
        [2, "老旧小区改造", "5000", "5000"],
        ["三", "", "800", ""],  # amounts: a row, whatever its number
    ]
    table = first_table(read_grids(xlsx(rows), "清单.xlsx"))
    data = [(r.cells["name"], r.section) for r in table.rows if r.kind == "data"]
    assert data == [("标准厂房三期", "一、产业发展类"), ("老旧小区改造", "二、社会民生类"),
                    ("", "二、社会民生类")]  # fmt: skip


def test_a_project_edited_between_planning_and_writing_is_not_overwritten(
    hongta_user, city_user, hongta
):
    from groundbreak.imports.reader import read_grids
    from groundbreak.imports.table import first_table
    from groundbreak.projects import importing

    import_now(project_rows(1), hongta_user, hongta, "a.xlsx")
    rows = project_rows(1)
    rows[0][5] = 5000
    table = first_table(read_grids(xlsx([HEADER, *rows]), "b.xlsx"))
    plan = importing.plan_project_import(table, region=hongta, by=hongta_user)
    assert plan.rows[0].action == "update"
    project = Project.objects.get(name="导入测试项目1")
    project_services.update_project(
        project, by=city_user, version=project.version, contact_person="别人"
    )
    with pytest.raises(ValidationError):
        importing.apply_project_import(plan, by=hongta_user, reason="test")
    project.refresh_from_db()
    assert project.total_investment == Decimal(1000) and project.contact_person == "别人"


def test_the_confirmation_reads_and_plans_before_its_transaction(hongta_user, hongta, monkeypatch):
    """Reading and planning a large file inside the transaction held SQLite's write lock for
    all of it: every other write waited and then failed."""
    from django.db import connection

    record = start(xlsx([HEADER, *project_rows(3)]), hongta_user, hongta)
    depth = len(connection.atomic_blocks)
    seen = []
    original = services.read_plan

    def spy(*args, **kwargs):
        seen.append(len(connection.atomic_blocks))
        return original(*args, **kwargs)

    monkeypatch.setattr(services, "read_plan", spy)
    services.confirm_import(record, by=hongta_user)
    assert seen == [depth]
    assert Project.objects.filter(name__startswith="导入测试项目").count() == 3


@pytest.mark.parametrize("what", ["project", "owner unit"])
def test_a_name_registered_between_planning_and_writing_stops_the_confirmation(
    hongta_user, hongta, make_project, monkeypatch, what
):
    """Planned outside the transaction: what was registered meanwhile is checked inside it."""
    record = start(xlsx([HEADER, *project_rows(2)]), hongta_user, hongta)
    original = services._plan

    def plan_then_register(*args, **kwargs):
        result = original(*args, **kwargs)
        if what == "project":
            make_project("530402", name="导入测试项目2", code="", stage="reserve")
        else:
            OwnerUnit.objects.create(name="玉溪市导入测试公司")
        return result

    monkeypatch.setattr(services, "_plan", plan_then_register)
    with pytest.raises(ValidationError):
        services.confirm_import(record, by=hongta_user)
    assert not Project.objects.filter(name="导入测试项目1").exists()
    record.refresh_from_db()
    assert record.status == ImportStatus.PREVIEWED


def test_a_preview_made_again_between_planning_and_writing_stops_the_confirmation(
    hongta_user, hongta, monkeypatch
):
    from groundbreak.imports.models import ImportRecord

    record = start(xlsx([HEADER, *project_rows(2)]), hongta_user, hongta)
    original = services._plan

    def plan_then_preview_again(*args, **kwargs):
        result = original(*args, **kwargs)
        monkeypatch.setattr(services, "_plan", original)
        again = services.preview_import(ImportRecord.objects.get(pk=record.pk))
        assert again.status == ImportStatus.PREVIEWED
        return result

    monkeypatch.setattr(services, "_plan", plan_then_preview_again)
    with pytest.raises(ValidationError, match="previewed again|重新预览"):
        services.confirm_import(record, by=hongta_user)
    assert not Project.objects.filter(name__startswith="导入测试项目").exists()


def test_the_projects_in_scope_are_read_while_the_child_reads_the_file(
    hongta_user, hongta, monkeypatch
):
    """The engine asks the kind for what it reads of the database after the child process has
    started on the file and before the first rows are taken from it, and the plan uses that."""
    import dataclasses

    from groundbreak.imports import reader, registry
    from groundbreak.projects.importing import lookups

    events = []
    start_child, receive = reader._start_child, reader._receive
    monkeypatch.setattr(
        reader, "_start_child", lambda content: events.append("child") or start_child(content)
    )
    monkeypatch.setattr(reader, "_receive", lambda stream: events.append("rows") or receive(stream))
    built = lookups._Lookups.__init__
    monkeypatch.setattr(
        lookups._Lookups,
        "__init__",
        lambda self, *args: events.append("lookups") or built(self, *args),
    )
    handler = registry.handler_for("projects")
    monkeypatch.setitem(
        registry._kinds,
        "projects",
        dataclasses.replace(
            handler,
            prepare=lambda **kwargs: events.append("prepare") or handler.prepare(**kwargs),
        ),
    )
    record = import_now(project_rows(3), hongta_user, hongta)
    assert record.status == ImportStatus.APPLIED
    assert events[:4] == ["child", "prepare", "lookups", "rows"]
    assert events.count("lookups") == 1  # the plan built none of its own


def test_a_project_registered_while_the_file_is_read_stops_the_write(
    hongta_user, hongta, make_project, monkeypatch
):
    """The county's projects are read before the table: a project registered after that, under
    the name of a row, is not in the plan, and the write finds it (the newest ids were taken
    before the projects were read)."""
    import dataclasses

    from groundbreak.imports import registry

    record = start(xlsx([HEADER, *project_rows(2)]), hongta_user, hongta)
    handler = registry.handler_for("projects")

    def prepare_then_register(**kwargs):
        prepared = handler.prepare(**kwargs)
        make_project("530402", name="导入测试项目2", code="", stage="reserve")
        return prepared

    monkeypatch.setitem(
        registry._kinds, "projects", dataclasses.replace(handler, prepare=prepare_then_register)
    )
    with pytest.raises(ValidationError):
        services.confirm_import(record, by=hongta_user)
    assert not Project.objects.filter(name="导入测试项目1").exists()


def test_sections_that_state_their_totals_are_sections_and_their_totals_are_checked():
    """Published lists often carry each section's totals on its row ("一、基础设施类（3个）"
    with the section's 总投资), sub-sections too ("（一）交通"), merged across the label
    columns or not: sections, never projects, and each total is checked against the rows it
    heads, up to the next section of its level or above."""
    import io

    import xlsxwriter

    from groundbreak.imports.reader import read_grids
    from groundbreak.imports.table import first_table

    buffer = io.BytesIO()
    book = xlsxwriter.Workbook(buffer, {"in_memory": True})
    sheet = book.add_worksheet()
    sheet.write_row(0, 0, ["序号", "项目名称", "总投资（万元）", "2021年计划投资（万元）"])
    sheet.merge_range(1, 0, 1, 1, "一、基础设施类（3个）")
    sheet.write_row(1, 2, [600, 60])
    sheet.write_row(2, 1, ["（一）交通", 100, 10])
    sheet.write_row(3, 0, [1, "甲道路", 100, 10])
    sheet.write_row(4, 1, ["（二）水利", 500, 50])
    sheet.write_row(5, 0, [2, "乙水库", 200, 20])
    sheet.write_row(6, 0, [3, "丙水厂", 300, 30])
    sheet.write_row(7, 0, ["二", "社会事业类（1个）", 70, 7])  # states 70: the row says 50
    sheet.write_row(8, 0, [4, "丁学校", 50, 5])
    sheet.write_row(9, 0, ["三", "", 800, ""])  # a bare "三" with amounts: a row without a name
    sheet.write_row(10, 0, ["合计", "", 1450, 145])
    book.close()
    with read_grids(buffer.getvalue(), "清单.xlsx") as grids:
        table = first_table(grids)
    data = [(r.cells["name"], r.section) for r in table.data_rows]
    assert data == [
        ("甲道路", "（一）交通"),
        ("乙水库", "（二）水利"),
        ("丙水厂", "（二）水利"),
        ("丁学校", "二、社会事业类（1个）"),
        ("", "二、社会事业类（1个）"),
    ]
    checks = {(c.number, c.field): (c.stated, c.computed) for c in table.checks}
    assert checks[(2, "total_investment")] == (600, 600)
    assert checks[(3, "total_investment")] == (100, 100)
    assert checks[(5, "annual_plan")] == (50, 50)
    assert checks[(8, "total_investment")] == (70, 850)  # its rows, the bare "三" included
    assert checks[(11, "total_investment")] == (1450, 1450)
    assert len(table.checks) == 10
