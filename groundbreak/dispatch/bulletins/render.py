"""The bulletin as people read it: one context built from the stored figures, shown by the draft
page (HTML), printed by WeasyPrint (PDF: A4, page numbers, tables whose header repeats on every
page, charts as SVG images) and written by python-docx (.docx, charts as PNG). Issued bulletins
render from their frozen figures only."""

import io
from decimal import Decimal

from django.template.loader import render_to_string
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _
from django.utils.translation import pgettext

from groundbreak.core.money import format_wan
from groundbreak.dispatch.bulletins import charts, ranking
from groundbreak.dispatch.bulletins.fonts import FAMILY_SLOT, WEB_FAMILY, finish

NUMERALS = "一二三四五六七八九十"
DOCX_TYPE = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


def _d(value):
    return None if value in (None, "") else Decimal(value)


def pct(value):
    value = _d(value)
    return "—" if value is None else f"{value * 100:.1f}%"


def amount(value):
    value = _d(value)
    return "—" if value is None else format_wan(value)


def share(done, due):
    return "—" if not int(due or 0) else f"{done}/{due}"


def rank_label(row):
    if row.get("rank") is None:
        return _("not ranked")
    tied = _("(tied)")
    return f"{row['rank']}{tied}" if row.get("tied") else str(row["rank"])


def last_year(row):
    """The same period last year: "—" where there is nothing to compare with (no reports last
    year is missing data, not a zero)."""
    return "—" if row["growth"] is None else amount(row["last_year"])


def table_rows(rows):
    """The ranking table's cells, formatted."""
    return [
        {"key": r["key"], "cells": [rank_label(r), r["name"], amount(r["plan"]),
                                    amount(r["completed"]), pct(r["completion_rate"]),
                                    last_year(r), pct(r["growth"]),
                                    str(r["new_starts"]), str(r["registered"]),
                                    share(r["problems_on_time"], r["problems_due"]),
                                    share(r["items_on_time"], r["items_due"]),
                                    "—" if r.get("score") in (None, "") else r["score"]]}
        for r in rows
    ]  # fmt: skip


def table_header(unit_label):
    return [_("Rank"), unit_label, _("Plan (10k yuan)"), _("Completed (10k yuan)"),
            _("Completion rate"), _("Same period last year"), _("Growth"), _("New starts"),
            _("Entered statistics"), _("Problems on time"), _("Items closed on time"),
            _("Score")]  # fmt: skip


def summary_text(data):
    s, w = data["summary"], data["summary"]["warnings"]
    where = _("the city") if data["region"]["is_city"] else data["region"]["name"]
    return _(
        "In 1-%(month)s %(year)s the key projects of %(where)s completed %(completed)s (10k "
        "yuan) of investment, %(rate)s of this year's plan of %(plan)s (time progress "
        "%(progress)s), %(growth)s on the same period last year (%(last)s). %(starts)s "
        "projects started, %(registered)s entered the statistics. Live warnings: %(red)s red, "
        "%(orange)s orange, %(yellow)s yellow."
    ) % {
        "month": data["period"]["last_month"], "year": data["period"]["year"], "where": where,
        "completed": amount(s["completed"]), "rate": pct(s["completion_rate"]),
        "plan": amount(s["plan"]), "progress": pct(data["time_progress"]),
        "growth": pct(s["growth"]),
        "last": _("no comparable figure") if s["growth"] is None
        else pgettext("10k yuan", "%(amount)s") % {"amount": amount(s["last_year"])},
        "starts": s["new_starts"], "registered": s["registered"],
        "red": w.get("3", 0), "orange": w.get("2", 0), "yellow": w.get("1", 0),
    }  # fmt: skip


def red_note(data):
    """Under the red list when it is cut short: how many red warnings there are in all."""
    total = data.get("red_total", len(data["red"]))
    if total <= len(data["red"]):
        return ""
    return _(
        "The %(listed)s red warnings of the largest projects are listed; there are %(total)s "
        "red warnings on %(projects)s projects in all (the warnings page lists them)."
    ) % {"listed": len(data["red"]), "total": total, "projects": data.get("red_projects", "")}


def context(bulletin, *, with_charts=True, for_print=False):
    """What every output shows, from the bulletin's stored figures (for print, the charts'
    font is filled in when the whole document is known)."""
    data = bulletin.data
    sections = [_("Overall progress"), _("Ranking of the counties"),
                _("Ranking of the departments in charge"), _("Red warnings"),
                _("Groundbreaking batches"), _("Charts")]  # fmt: skip
    numbered = [f"{NUMERALS[i]}、{title}" for i, title in enumerate(sections)]
    return {
        "bulletin": bulletin,
        "data": data,
        "number": data.get("document_number") or bulletin.document_number or _("(draft)"),
        "summary": summary_text(data),
        "sections": numbered,
        "county_header": table_header(_("County")),
        "county_rows": table_rows(data["counties"]),
        "department_header": table_header(_("Department")),
        "department_rows": table_rows(data["departments"]),
        "formula": ranking.formula_text(data["weights"]),
        "red": data["red"],
        "red_note": red_note(data),
        "batches": [{**b, "investment": amount(b["investment"])} for b in data["batches"]],
        "charts": [
            mark_safe(svg if for_print else svg.replace(FAMILY_SLOT, WEB_FAMILY))
            for svg in charts.charts(data)
        ]
        if with_charts
        else [],
    }


def html_for_pdf(bulletin, ctx=None):
    """The finished HTML WeasyPrint prints (fonts declared for exactly its characters)."""
    ctx = ctx or context(bulletin, for_print=True)
    return finish(render_to_string("dispatch/bulletin_pdf.html", {
        **ctx, "font_faces": mark_safe("/*FONT_FACES*/"), "font_family": FAMILY_SLOT,
    }))  # fmt: skip


def write_pdf(html):
    from weasyprint import HTML

    return HTML(string=html).write_pdf()


def pdf(bulletin):
    return write_pdf(html_for_pdf(bulletin))


# --- .docx -----------------------------------------------------------------------------------

FONT, HEADING_FONT = "宋体", "黑体"


def _run(paragraph, text, *, size=12, bold=False, font=FONT):
    from docx.oxml.ns import qn
    from docx.shared import Pt

    run = paragraph.add_run(text)
    run.font.name = font
    run.font.size = Pt(size)
    run.bold = bold
    run._element.get_or_add_rPr().get_or_add_rFonts().set(qn("w:eastAsia"), font)
    return run


def _page_number(paragraph):
    """A PAGE field in the footer: Word fills in the page number."""
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn

    run = paragraph.add_run()
    for kind, text in (("begin", None), (None, "PAGE"), ("end", None)):
        if kind:
            element = OxmlElement("w:fldChar")
            element.set(qn("w:fldCharType"), kind)
        else:
            element = OxmlElement("w:instrText")
            element.set(qn("xml:space"), "preserve")
            element.text = text
        run._r.append(element)


def _table(document, header, rows, size=9):
    from docx.oxml import OxmlElement

    table = document.add_table(rows=1, cols=len(header))
    table.style = "Table Grid"
    head = table.rows[0]
    # The header row repeats on every page the table runs over.
    head._tr.get_or_add_trPr().append(OxmlElement("w:tblHeader"))
    for cell, text in zip(head.cells, header, strict=True):
        _run(cell.paragraphs[0], str(text), size=size, bold=True, font=HEADING_FONT)
    for row in rows:
        cells = table.add_row().cells
        for cell, text in zip(cells, row, strict=True):
            _run(cell.paragraphs[0], str(text), size=size)
    return table


def docx(bulletin, ctx=None, *, pngs=None):
    """The bulletin as .docx, for officials to edit before circulation."""
    from docx import Document
    from docx.enum.section import WD_ORIENT
    from docx.enum.text import WD_ALIGN_PARAGRAPH
    from docx.oxml.ns import qn
    from docx.shared import Cm

    ctx = ctx or context(bulletin)
    document = Document()
    section = document.sections[0]
    section.orientation = WD_ORIENT.PORTRAIT
    section.page_width, section.page_height = Cm(21), Cm(29.7)
    for side in ("left_margin", "right_margin"):
        setattr(section, side, Cm(2))
    normal = document.styles["Normal"]
    normal.font.name = FONT
    normal.element.get_or_add_rPr().get_or_add_rFonts().set(qn("w:eastAsia"), FONT)
    footer = section.footer.paragraphs[0]
    footer.alignment = WD_ALIGN_PARAGRAPH.CENTER
    _page_number(footer)

    title = document.add_paragraph()
    title.alignment = WD_ALIGN_PARAGRAPH.CENTER
    _run(title, bulletin.title, size=20, bold=True, font=HEADING_FONT)
    number = document.add_paragraph()
    number.alignment = WD_ALIGN_PARAGRAPH.CENTER
    _run(number, ctx["number"], size=14)
    sections = ctx["sections"]
    _run(document.add_paragraph(), sections[0], size=15, bold=True, font=HEADING_FONT)
    _run(document.add_paragraph(), ctx["summary"])
    for heading, header, rows in ((sections[1], ctx["county_header"], ctx["county_rows"]),
                                  (sections[2], ctx["department_header"], ctx["department_rows"])):  # fmt: skip
        _run(document.add_paragraph(), heading, size=15, bold=True, font=HEADING_FONT)
        _table(document, header, [r["cells"] for r in rows], size=8)
        _run(document.add_paragraph(), ctx["formula"], size=9)
    _run(document.add_paragraph(), sections[3], size=15, bold=True, font=HEADING_FONT)
    _table(document, [_("Project"), _("County"), _("Warning"), _("Leader in charge")],
           [[r["project"], r["county"], f"{r['rule']}：{r['why']}", r["leader"]]
            for r in ctx["red"]] or [["—", "", "", ""]])  # fmt: skip
    if ctx["red_note"]:
        _run(document.add_paragraph(), ctx["red_note"], size=9)
    _run(document.add_paragraph(), sections[4], size=15, bold=True, font=HEADING_FONT)
    _table(document, [_("Batch"), _("Date"), _("Region"), _("Projects"), _("Total investment")],
           [[b["name"], b["date"], b["region"], str(b["projects"]), b["investment"]]
            for b in ctx["batches"]] or [["—", "", "", "", ""]])  # fmt: skip
    _run(document.add_paragraph(), sections[5], size=15, bold=True, font=HEADING_FONT)
    svgs = charts.charts(bulletin.data)
    for png in pngs if pngs is not None else [charts.to_png(svg) for svg in svgs]:
        document.add_picture(io.BytesIO(png), width=Cm(16))
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()
