"""The audit trail as a workbook, streamed: rows are read in chunks and written with
xlsxwriter's constant memory mode into a temporary file, so a long trail never sits in memory."""

import tempfile

import xlsxwriter
from django.http import FileResponse
from django.utils import timezone
from django.utils.translation import gettext as _

from groundbreak.audit.selectors import describe

EXPORT_MAX_ROWS = 50_000
CHUNK = 1_000


def _who(person):
    if person is None:
        return _("system")
    name = person.get_full_name()
    return f"{name}（{person.username}）" if name else person.username


def changes_xlsx(rows, *, filters=""):
    """A FileResponse with the changes ``rows`` (the union queryset) holds, at most
    ``EXPORT_MAX_ROWS``; the title says when the list was cut."""
    out = tempfile.TemporaryFile()
    book = xlsxwriter.Workbook(out, {"constant_memory": True, "remove_timezone": True})
    sheet = book.add_worksheet(_("Audit trail")[:31])
    title = _("Audit trail")
    if filters:
        title = _("%(title)s (%(filters)s)") % {"title": title, "filters": filters}
    sheet.write_string(0, 0, title, book.add_format({"bold": True, "font_size": 14}))
    header = book.add_format({"bold": True, "bg_color": "#E8EEF7", "border": 1})
    when = book.add_format({"num_format": "yyyy-mm-dd hh:mm:ss"})
    heads = [
        (_("time"), 19),
        (_("who"), 18),
        (_("action"), 8),
        (_("what"), 14),
        (_("record id"), 9),
        (_("record"), 30),
        (_("project / period / county"), 36),
        (_("reason"), 24),
        (_("changes"), 80),
    ]
    for col, (text, width) in enumerate(heads):
        sheet.set_column(col, col, width)
        sheet.write_string(2, col, text, header)
    line, written, cut = 3, 0, False
    while True:
        chunk = list(rows[written : written + CHUNK])
        if not chunk:
            break
        for entry in describe(chunk):
            sheet.write_datetime(line, 0, timezone.localtime(entry.when), when)
            values = [
                _who(entry.who),
                entry.kind,
                entry.model,
                str(entry.object_id),
                entry.label,
                " · ".join(entry.context),
                entry.reason,
                "；".join(f"{c.label}: {c.old} → {c.new}" for c in entry.changes),
            ]
            for col, value in enumerate(values, start=1):
                # write_string, never write(): a text beginning with "=" would become a formula.
                sheet.write_string(line, col, value)
            line += 1
        written += len(chunk)
        if written >= EXPORT_MAX_ROWS:
            cut = len(rows[written : written + 1]) > 0
            break
    if cut:
        sheet.write_string(
            line,
            0,
            _("Cut at %(rows)s rows: narrow the filters to export the rest.")
            % {"rows": EXPORT_MAX_ROWS},
        )
    # constant_memory writes row by row: the count goes below the rows, not above them.
    sheet.write_string(line + 1, 0, _("%(rows)s changes") % {"rows": written})
    book.close()
    out.seek(0)
    stamp = timezone.localtime().strftime("%Y%m%d-%H%M")
    return FileResponse(
        out,
        as_attachment=True,
        filename=f"audit-{stamp}.xlsx",
        content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    )
