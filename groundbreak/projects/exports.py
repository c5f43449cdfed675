from django.utils.translation import gettext as _

from groundbreak.core.exports import Column


def project_columns(year):
    """The project list's export layout: one row per project, amounts in 万元, the plan of
    ``year`` (the rows carry it as ``annual_plan``: ``Project.objects.with_plan(year)``). The
    plan year stands in a column and in the plan's header, so that the export imports back
    into the same year."""
    return [
        Column(_("project code"), lambda p: p.code, width=26),
        Column(_("project name"), lambda p: p.name, width=36),
        Column(_("owner unit"), lambda p: p.owner_unit.name if p.owner_unit else "", width=28),
        Column(_("region"), lambda p: p.region.name, width=12),
        Column(_("field"), lambda p: p.get_field_display()),
        Column(_("sector"), lambda p: p.sector.name if p.sector else "", width=18),
        Column(
            _("key-project levels"),
            lambda p: "、".join(k.name for k in p.key_levels.all()),
            width=20,
        ),
        Column(_("stage"), lambda p: p.get_stage_display()),
        Column(_("total investment (万元)"), lambda p: p.total_investment, "money"),
        Column(_("plan year"), lambda p: year, "int", width=8),
        Column(
            _("planned investment %(year)s (万元)") % {"year": year},
            lambda p: p.annual_plan,
            "money",
        ),
        Column(_("planned start"), lambda p: p.planned_start, "date", width=12),
        Column(_("planned completion"), lambda p: p.planned_completion, "date", width=12),
        Column(_("actual start"), lambda p: p.actual_start, "date", width=12),
        Column(_("entered statistics on"), lambda p: p.in_statistics_date, "date", width=12),
        Column(_("leader in charge"), lambda p: str(p.leader_in_charge or ""), width=16),
        Column(_("department in charge"), lambda p: str(p.department_in_charge or ""), width=18),
        Column(_("construction scale and content"), lambda p: p.construction_content, width=40),
        Column(_("contact person"), lambda p: p.contact_person),
        Column(_("contact phone"), lambda p: p.contact_phone),
    ]


TEMPLATE_COLUMNS = [
    # header, width, what the column takes (Excel data validation)
    ("项目代码", 26, None),
    ("项目名称", 36, None),
    ("业主单位", 28, None),
    ("领域", 10, "field"),
    ("行业", 22, "sector"),
    ("项目阶段", 10, "stage"),
    ("总投资（万元）", 14, "money"),
    ("{year}年计划投资（万元）", 14, "money"),
    ("计划开工时间", 13, "date"),
    ("计划竣工时间", 13, "date"),
    ("建设规模及内容", 40, None),
    ("包保市级领导", 14, None),
    ("主管部门", 16, None),
]
TEMPLATE_ROWS = 2000


def build_template(region, projects, *, year):
    """A county's project-list template (项目清单模板) for ``year``: its projects pre-filled with
    their plan of that year, the header locked ("2021年计划投资", so the year travels with the
    file), drop-downs and number checks where Excel has them, units stated. It imports back
    unchanged."""
    import io
    from datetime import date

    import xlsxwriter

    from groundbreak.projects.choices import ProjectField, Stage
    from groundbreak.regions.models import Sector

    buffer = io.BytesIO()
    book = xlsxwriter.Workbook(buffer, {"in_memory": True})
    sheet = book.add_worksheet("项目清单")
    locked = book.add_format(
        {"bold": True, "bg_color": "#E8EEF7", "border": 1, "text_wrap": True, "locked": True}
    )
    open_text = book.add_format({"locked": False})
    open_money = book.add_format({"locked": False, "num_format": "#,##0.00"})
    open_date = book.add_format({"locked": False, "num_format": "yyyy-mm-dd"})
    # write_string: a region's name beginning with "=" must not become a formula
    sheet.write_string(
        0, 0, f"{region.name}{year}年重点项目清单", book.add_format({"bold": True, "font_size": 14})
    )
    sheet.write(1, 0, "单位：万元")
    formats = {"money": open_money, "date": open_date}
    choices = {"field": _zh(ProjectField), "stage": _zh(Stage)}
    sectors = [s.name for s in Sector.objects.all()]
    for col, (header, width, kind) in enumerate(TEMPLATE_COLUMNS):
        sheet.write(2, col, header.format(year=year), locked)
        sheet.set_column(col, col, width, formats.get(kind, open_text))
        cells = (3, col, 3 + TEMPLATE_ROWS, col)
        if kind in ("field", "stage"):
            sheet.data_validation(*cells, {"validate": "list", "source": choices[kind]})
        elif kind == "sector":
            sheet.data_validation(*cells, {"validate": "length", "criteria": "<=", "value": 60})
            sheet.write_comment(2, col, "GB/T 4754 门类，如：" + "、".join(sectors[:6]) + "…")
        elif kind == "money":
            sheet.data_validation(
                *cells,
                {
                    "validate": "decimal",
                    "criteria": ">=",
                    "value": 0,
                    "error_message": "请填写以万元为单位的数字",
                },
            )
        elif kind == "date":
            sheet.data_validation(
                *cells, {"validate": "date", "criteria": ">", "value": date(1990, 1, 1)}
            )
    for row, project in enumerate(projects, start=3):
        values = [
            project.code,
            project.name,
            project.owner_unit.name if project.owner_unit else "",
            _zh_label(ProjectField, project.field),
            project.sector.name if project.sector else "",
            _zh_label(Stage, project.stage),
            project.total_investment,
            project.plan_for(year),
            project.planned_start,
            project.planned_completion,
            project.construction_content,
            project.leader_in_charge.name if project.leader_in_charge else "",
            project.department_in_charge.name if project.department_in_charge else "",
        ]
        for col, value in enumerate(values):
            kind = TEMPLATE_COLUMNS[col][2]
            if value is None or value == "":
                continue
            if kind == "money":
                sheet.write_number(row, col, float(value), open_money)
            elif kind == "date":
                sheet.write_datetime(row, col, value, open_date)
            else:
                sheet.write_string(row, col, str(value), open_text)
    sheet.freeze_panes(3, 2)
    # The header is locked so that the template imports back; rows may be added and filled.
    sheet.protect(
        "",
        {
            "insert_rows": True,
            "delete_rows": True,
            "sort": True,
            "autofilter": True,
            "format_columns": True,
        },
    )
    book.close()
    return buffer.getvalue()


def to_complete_columns():
    """The to-complete list's export (待补全): which project, then one column per value a
    project may lack, filled where known. Its headers are the import's, so the filled-in file
    goes back through the project-list import; a blank cell there never erases a value."""
    return [
        Column(_("project code"), lambda p: p.code, width=26),
        Column(_("project name"), lambda p: p.name, width=36),
        Column(_("region"), lambda p: p.region.name, width=12),
        Column(_("still missing"), lambda p: "、".join(map(str, p.missing_labels)), width=30),
        Column(_("owner unit"), lambda p: p.owner_unit.name if p.owner_unit else "", width=28),
        Column(_("field"), lambda p: p.get_field_display() if p.field else ""),
        Column(_("sector"), lambda p: p.sector.name if p.sector else "", width=18),
        Column(_("address"), lambda p: p.address, width=28),
        Column(_("planned start"), lambda p: p.planned_start, "date", width=12),
        Column(_("planned completion"), lambda p: p.planned_completion, "date", width=12),
    ]


def _zh(choices):
    from django.utils import translation

    with translation.override("zh-hans"):
        return [str(label) for label in choices.labels]


def _zh_label(choices, value):
    from django.utils import translation

    if not value:  # missing is kept (a list imported without the column): an empty cell
        return ""
    with translation.override("zh-hans"):
        return str(choices(value).label)
