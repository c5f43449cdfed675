"""The scoreboard as an .xlsx: the ranked table, then the formula and the year's weights."""

import io

import xlsxwriter
from django.http import HttpResponse
from django.utils.translation import gettext as _

from groundbreak.scoreboard.choices import Part


def scoreboard_xlsx(title, rows, weights, formula_lines, filename):
    buffer = io.BytesIO()
    book = xlsxwriter.Workbook(buffer, {"in_memory": True})
    sheet = book.add_worksheet(_("Scoreboard")[:31])
    bold = book.add_format({"bold": True})
    header = book.add_format({"bold": True, "bg_color": "#E8EEF7", "border": 1, "text_wrap": True})
    percent = book.add_format({"num_format": "0.0%"})
    score = book.add_format({"num_format": "0.0"})
    sheet.write_string(0, 0, title, book.add_format({"bold": True, "font_size": 14}))
    headers = [_("Rank"), _("Tied"), _("Name"), _("Projects"),
               *[str(label) for label in Part.labels], _("Score")]  # fmt: skip
    for col, text in enumerate(headers):
        sheet.write_string(2, col, text, header)
    sheet.set_column(2, 2, 28)
    sheet.set_column(4, 9, 14)
    for line, row in enumerate(rows, start=3):
        if row.rank is not None:
            sheet.write_number(line, 0, row.rank)
        sheet.write_string(line, 1, _("tied") if row.tied else "")
        sheet.write_string(line, 2, str(row.subject))
        sheet.write_number(line, 3, row.projects)
        for col, part in enumerate(Part.values, start=4):
            value = row.parts[part].value
            if value is None:
                sheet.write_string(line, col, "—")
            else:
                sheet.write_number(line, col, float(value), percent)
        if row.score is not None:
            sheet.write_number(line, 10, float(row.score), score)
    line = len(rows) + 4
    sheet.write_string(line, 0, _("Formula"), bold)
    for offset, text in enumerate(formula_lines, start=1):
        sheet.write_string(line + offset, 0, text)
    line += len(formula_lines) + 2
    sheet.write_string(line, 0, _("Weights"), bold)
    for offset, (label, value) in enumerate(weights, start=1):
        sheet.write_string(line + offset, 0, str(label))
        sheet.write_number(line + offset, 1, value)
    sheet.freeze_panes(3, 0)
    book.close()
    response = HttpResponse(
        buffer.getvalue(),
        content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    )
    response["Content-Disposition"] = f'attachment; filename="{filename}.xlsx"'
    return response
