"""The meeting pack's agenda and the 督办单 as .docx (python-docx), and the 三督 lists as .xlsx.
Chinese runs name their East Asian font (w:eastAsia), or Word falls back to a Western one."""

import io

from django.utils.translation import gettext as _
from docx import Document
from docx.oxml.ns import qn
from docx.shared import Pt

from groundbreak.core.exports import Column, xlsx_response
from groundbreak.dispatch.choices import Section

FONT = "宋体"
HEADING_FONT = "黑体"
DOCX_TYPE = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


def _run(paragraph, text, *, size=12, bold=False, font=FONT):
    run = paragraph.add_run(text)
    run.font.name = font
    run.font.size = Pt(size)
    run.bold = bold
    run._element.get_or_add_rPr().get_or_add_rFonts().set(qn("w:eastAsia"), font)
    return run


def _new_document():
    document = Document()
    normal = document.styles["Normal"]
    normal.font.name = FONT
    normal.element.get_or_add_rPr().get_or_add_rFonts().set(qn("w:eastAsia"), FONT)
    return document


def _bytes(document):
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def agenda_docx(meeting):
    """The agenda: title, date, chair, attendees, then the kept lines by section, numbered."""
    document = _new_document()
    title = document.add_paragraph()
    _run(title, meeting.title, size=18, bold=True, font=HEADING_FONT)
    for label, value in (
        (_("Date"), meeting.date.isoformat()),
        (_("Chair"), meeting.chair),
        (_("Scope"), scope_label(meeting)),
        (_("Attendees"), meeting.attendees),
    ):
        if value:
            _run(document.add_paragraph(), f"{label}：{value}")
    _run(document.add_paragraph(), _("Agenda"), size=15, bold=True, font=HEADING_FONT)
    lines = meeting.lines.filter(dropped=False).order_by("position", "pk")
    section = None
    number = 0
    for line in lines:
        if line.section != section:
            section = line.section
            _run(document.add_paragraph(), str(Section(section).label), size=13, bold=True,
                 font=HEADING_FONT)  # fmt: skip
        number += 1
        _run(document.add_paragraph(), f"{number}. {line.text}")
    if meeting.minutes:
        _run(document.add_paragraph(), _("Minutes"), size=15, bold=True, font=HEADING_FONT)
        for text in meeting.minutes.splitlines():
            _run(document.add_paragraph(), text)
    return _bytes(document)


def scope_label(meeting):
    return str(meeting.region or meeting.sector or meeting.get_scope_display())


def item_docx(item):
    """The 督办单 (supervision notice): number, decision, unit, deadline, linked projects."""
    document = _new_document()
    _run(document.add_paragraph(), _("Supervision notice"), size=20, bold=True,
         font=HEADING_FONT)  # fmt: skip
    _run(document.add_paragraph(), item.document_number or _("(draft)"), size=14)
    for label, value in item_fields(item):
        _run(document.add_paragraph(), f"{label}：{value}")
    return _bytes(document)


def item_fields(item):
    return [
        (_("Decision"), item.decision),
        (_("Responsible unit"), str(item.responsible_unit)),
        (_("Responsible person"), item.responsible_person),
        (_("Co-operating units"), item.cooperating_units),
        (_("Deadline"), item.deadline.isoformat()),
        (_("Projects"), "、".join(p.name for p in item.projects.all())),
        (_("Meeting"), str(item.meeting) if item.meeting_id else ""),
    ]


def sandu_xlsx(name, title, rows, on_date):
    columns = [
        Column(_("Project"), lambda r: r.project.name, width=36),
        Column(_("County"), lambda r: str(r.project.region), width=12),
        Column(_("Days"), lambda r: r.days, kind="int", width=8),
        Column(_("Why it is on the list"), lambda r: r.why, width=60),
        Column(_("Figures"), lambda r: r.figures, width=50),
        Column(
            _("Last decision"),
            lambda r: str(r.last_decision.decision) if r.last_decision else "",
            width=40,
        ),
        Column(
            _("Its status"),
            lambda r: r.last_decision.get_status_display() if r.last_decision else "",
            width=12,
        ),
    ]
    return xlsx_response(f"{title} {on_date.isoformat()}", columns, rows, f"sandu-{name}")
