"""Spreadsheet export: any filtered list to a formatted .xlsx (units stated, totals row, frozen header)."""

import io
from dataclasses import dataclass
from decimal import Decimal

import xlsxwriter
import xlsxwriter.utility
from django import forms
from django.http import HttpResponse
from django.utils import timezone
from django.utils.translation import gettext as _
from django_tables2 import RequestConfig


@dataclass
class Column:
    header: str
    value: object  # a function of the row
    kind: str = "text"  # text | money | date | int
    width: int = 14


def build_xlsx(title, columns, rows, *, filters=""):
    """Return the bytes of a workbook: a title line (naming the ``filters`` that chose the rows),
    a unit line, a header, the rows, a totals row."""
    buffer = io.BytesIO()
    book = xlsxwriter.Workbook(buffer, {"in_memory": True, "remove_timezone": True})
    sheet = book.add_worksheet(title[:31])
    if filters:
        title = _("%(title)s (%(filters)s)") % {"title": title, "filters": filters}
    bold = book.add_format({"bold": True})
    header = book.add_format({"bold": True, "bg_color": "#E8EEF7", "border": 1, "text_wrap": True})
    formats = {
        "money": book.add_format({"num_format": "#,##0.00"}),
        "date": book.add_format({"num_format": "yyyy-mm-dd"}),
        "int": book.add_format({"num_format": "0"}),
        "text": None,
    }
    total_money = book.add_format({"bold": True, "num_format": "#,##0.00", "top": 1})
    # write_string, never write(): write() turns a text beginning with "=" into a formula.
    sheet.write_string(0, 0, title, book.add_format({"bold": True, "font_size": 14}))
    sheet.write(1, 0, _("Unit: 万元"))
    for col, column in enumerate(columns):
        sheet.write_string(2, col, column.header, header)
        sheet.set_column(col, col, column.width)
    totals = [Decimal(0) if c.kind == "money" else None for c in columns]
    count = 0
    for count, row in enumerate(rows, start=1):
        for col, column in enumerate(columns):
            value = column.value(row)
            if value is None or value == "":
                sheet.write_blank(2 + count, col, None)
            elif column.kind == "money":
                totals[col] += value
                sheet.write_number(2 + count, col, float(value), formats["money"])
            elif column.kind == "date":
                sheet.write_datetime(2 + count, col, value, formats["date"])
            elif column.kind == "int":
                sheet.write_number(2 + count, col, value, formats["int"])
            else:
                sheet.write_string(2 + count, col, str(value))
    last = 3 + count
    sheet.write(last, 0, _("Total (%(count)s projects)") % {"count": count}, bold)
    for col, total in enumerate(totals):
        if total is not None:
            cells = xlsxwriter.utility.xl_range(3, col, last - 1, col)
            # SUBTOTAL(9, …) sums only the rows an autofilter leaves visible.
            sheet.write_formula(last, col, f"=SUBTOTAL(9,{cells})", total_money, float(total))
    sheet.freeze_panes(3, 0)
    sheet.autofilter(2, 0, max(last - 1, 2), len(columns) - 1)
    book.close()
    return buffer.getvalue()


def xlsx_response(title, columns, rows, filename_stem, *, filters=""):
    content = build_xlsx(title, columns, rows, filters=filters)
    response = HttpResponse(
        content, content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    )
    stamp = timezone.localtime().strftime("%Y%m%d-%H%M")
    response["Content-Disposition"] = f'attachment; filename="{filename_stem}-{stamp}.xlsx"'
    return response


def rows_as_listed(table, request):
    """Every row of a list page's table in the order the page shows it: the table's default
    order or the sort the user clicked (``?sort=``), without paging, so that an export reads
    as the screen does."""
    RequestConfig(request, paginate=False).configure(table)
    rows = table.data.data
    if hasattr(rows, "order_by"):
        # The primary key settles ties, on the page and in the export alike.
        rows = rows.order_by(*(rows.query.order_by or rows.model._meta.ordering), "pk")
    return rows


def describe_filters(filterset, table=None):
    """The filters a list was made with, in words: "阶段：新开工、续建；区域：红塔区", and the
    sort the user chose. Empty when nothing narrows the list."""
    form = filterset.form
    if not form.is_valid():
        return ""
    parts = []
    for name, field in form.fields.items():
        value = form.cleaned_data.get(name)
        if value in (None, "", []) or isinstance(field.widget, forms.HiddenInput):
            continue
        values = value if isinstance(value, (list, tuple)) else [value]
        choices = dict(getattr(field, "choices", ()) or ())
        shown = "、".join(str(choices.get(v, v)) if isinstance(v, str) else str(v) for v in values)
        parts.append(_("%(filter)s: %(value)s") % {"filter": field.label, "value": shown})
    chosen = [str(order) for order in table.order_by or ()] if table is not None else []
    if chosen and chosen != list(table._meta.order_by or ()):
        for order in table.order_by:
            words = (
                _("sorted by %(column)s, descending")
                if order.is_descending
                else _("sorted by %(column)s")
            )
            parts.append(words % {"column": table.columns[order.bare].verbose_name})
    return _("; ").join(parts)
