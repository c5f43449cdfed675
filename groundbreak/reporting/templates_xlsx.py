"""The monthly-report template of a county and period (月报模板): its reporting projects
pre-filled (code, name, this year's plan), the header locked, number checks where Excel has
them, units stated (万元). Filled in and handed back, it imports with no edit to its header."""

import io

import xlsxwriter

from groundbreak.reporting.models import reporting_projects
from groundbreak.reporting.selectors import due_projects

TEMPLATE_ROWS = 2000
# How to count, as a note on the figure headers (the sheet is the counties', in Chinese).
NOTES = {
    "period": "本期完成投资：报告期内完成的投资额（万元）。与“1-N月”只填其一时，系统按上期累计推算另一项。",
    "ytd": "1-N月完成投资 = 上期1-(N-1)月完成投资 + 本期完成投资（万元）。",
    "total": "开工以来累计完成 = 上期开工以来累计完成 + 本期完成投资（万元）；不填时按上期月报推算。",
    "progress": "本期末的形象进度，如：主体结构完成60%。",
}


def template_projects(region, period, user):
    """The projects of the region that owe a report for the period and that the user may fill,
    each with ``annual_plan``: its plan of the period's year."""
    return (
        due_projects(period, user=user)
        .filter(pk__in=reporting_projects(user, "fill").values("pk"))
        .filter(region_id__in=region.descendant_ids())
        .with_plan(period.year)
        .order_by("region__sort_order", "name")
    )


def template_columns(period):
    """(header, width, kind) of the template for the period: a 1-2月 period has one figure
    column for the period and the year, which are the same months."""
    n = period.last_month
    columns = [
        ("项目代码", 26, "locked"),
        ("项目名称", 36, "locked"),
        (f"{period.year}年计划投资（万元）", 14, "plan"),
    ]
    if period.first_month == period.last_month:
        columns.append((f"{n}月完成投资（万元）", 14, "period"))
    columns += [
        (f"1-{n}月完成投资（万元）", 14, "ytd"),
        ("开工以来累计完成（万元）", 16, "total"),
        ("形象进度", 40, "progress"),
    ]
    return columns


def report_template_xlsx(region, period, user):
    """The bytes of the template workbook."""
    buffer = io.BytesIO()
    book = xlsxwriter.Workbook(buffer, {"in_memory": True})
    sheet = book.add_worksheet("月报")
    header = book.add_format(
        {"bold": True, "bg_color": "#E8EEF7", "border": 1, "text_wrap": True, "locked": True}
    )
    fixed_text = book.add_format({"locked": True, "bg_color": "#F4F4F4"})
    fixed_money = book.add_format({"locked": True, "bg_color": "#F4F4F4", "num_format": "#,##0.00"})
    open_money = book.add_format({"locked": False, "num_format": "#,##0.00"})
    open_text = book.add_format({"locked": False, "text_wrap": True})
    # write_string: a region's name beginning with "=" must not become a formula
    sheet.write_string(
        0,
        0,
        f"{region.name}{period}重点项目投资完成情况月报",
        book.add_format({"bold": True, "font_size": 14}),
    )
    sheet.write(1, 0, "单位：万元")
    columns = template_columns(period)
    for col, (text, width, kind) in enumerate(columns):
        sheet.write(2, col, text, header)
        if kind in NOTES:
            sheet.write_comment(2, col, NOTES[kind], {"x_scale": 2, "y_scale": 1.5})
        cell_format = {"locked": fixed_text, "plan": fixed_money, "progress": open_text}.get(
            kind, open_money
        )
        sheet.set_column(col, col, width, cell_format)
        cells = (3, col, 3 + TEMPLATE_ROWS, col)
        if kind in ("period", "ytd", "total"):
            sheet.data_validation(
                *cells,
                {
                    "validate": "decimal",
                    "criteria": ">=",
                    "value": 0,
                    "error_title": "完成投资",
                    "error_message": "请填写以万元为单位、不小于0的数字",
                },
            )
        elif kind == "progress":
            sheet.data_validation(*cells, {"validate": "length", "criteria": "<=", "value": 2000})
    for row, project in enumerate(template_projects(region, period, user), start=3):
        sheet.write_string(row, 0, project.code or "", fixed_text)
        sheet.write_string(row, 1, project.name, fixed_text)
        if project.annual_plan is not None:
            sheet.write_number(row, 2, float(project.annual_plan), fixed_money)
    sheet.freeze_panes(3, 2)
    # The header and the projects are locked so that the template imports back; the figures
    # and the progress are open.
    sheet.protect("", {"sort": True, "autofilter": True, "format_columns": True})
    book.close()
    return buffer.getvalue()
