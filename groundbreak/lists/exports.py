"""The lists in the layout of a government list (政府清单格式): a title row, then 序号, 编号
(the stable id an import back matches on), 项目名称, 内容, 责任单位, 责任人, 完成时限,
进展情况, 状态."""

import io

import xlsxwriter
from django.http import HttpResponse
from django.utils import timezone
from django.utils.translation import gettext as _


def headers():
    return [_("No."), _("ID (do not change)"), _("Project name"), _("Content"),
            _("Responsible unit"), _("Responsible person"), _("Due date"), _("Progress"),
            _("Status")]  # fmt: skip


WIDTHS = (6, 10, 30, 40, 20, 10, 12, 40, 14)


def _content(item):
    return getattr(item, "description", None) or item.content


def _status(item):
    if hasattr(item, "get_status_display"):
        return item.get_status_display()
    if item.is_open:
        return _("open")
    return _("done")


def build_list_xlsx(title, items):
    buffer = io.BytesIO()
    book = xlsxwriter.Workbook(buffer, {"in_memory": True, "remove_timezone": True})
    sheet = book.add_worksheet(title[:31])
    head = book.add_format({"bold": True, "border": 1, "align": "center", "text_wrap": True})
    cell = book.add_format({"border": 1, "text_wrap": True, "valign": "top"})
    day = book.add_format({"border": 1, "num_format": "yyyy-mm-dd", "valign": "top"})
    columns = headers()
    sheet.merge_range(0, 0, 0, len(columns) - 1, title,
                      book.add_format({"bold": True, "font_size": 16, "align": "center"}))  # fmt: skip
    for col, (header, width) in enumerate(zip(columns, WIDTHS, strict=True)):
        sheet.write_string(1, col, header, head)
        sheet.set_column(col, col, width)
    for number, item in enumerate(items, start=1):
        row = number + 1
        sheet.write_number(row, 0, number, cell)
        sheet.write_number(row, 1, item.pk, cell)
        # write_string, never write(): a text beginning with "=" would become a formula.
        for col, value in ((2, item.project.name), (3, _content(item)),
                           (4, item.responsible_unit), (5, item.responsible_person),
                           (7, item.progress_note), (8, _status(item))):  # fmt: skip
            sheet.write_string(row, col, str(value or ""), cell)
        if item.due_date:
            sheet.write_datetime(row, 6, item.due_date, day)
        else:
            sheet.write_blank(row, 6, None, cell)
    book.close()
    return buffer.getvalue()


def xlsx_list(kind, title, items):
    content = build_list_xlsx(title, items.select_related("project"))
    response = HttpResponse(
        content, content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    )
    stamp = timezone.localtime().strftime("%Y%m%d-%H%M")
    response["Content-Disposition"] = f'attachment; filename="{kind}-{stamp}.xlsx"'
    return response
