"""The bulletin's charts, drawn on the server without a browser: SVG written here (the PDF and
the draft page embed it), rasterised to PNG for the .docx by WeasyPrint and PDFium with the
same fonts, so that the Chinese labels are real glyphs in both."""

import io
from decimal import Decimal
from html import escape

from django.utils.translation import gettext as _

from groundbreak.dispatch.bulletins.fonts import FAMILY_SLOT, finish

WIDTH, HEIGHT = 640, 340
LEFT, RIGHT, TOP, BOTTOM = 60, 20, 62, 104
# Named on the drawing itself (an SVG does not inherit the page's font), filled in with the
# document's family list by fonts.finish.
FAMILY = FAMILY_SLOT
BLUE, GREY, RED = "#2f6db5", "#a9b4c2", "#c0392b"


def _num(value):
    return Decimal(value) if value not in (None, "") else None


def _frame(title, body, legend=""):
    return (
        f'<svg xmlns="http://www.w3.org/2000/svg" width="100%" '
        f'viewBox="0 0 {WIDTH} {HEIGHT}" font-size="12" font-family="{FAMILY}" '
        f'class="bulletin-chart">'
        f'<rect width="{WIDTH}" height="{HEIGHT}" fill="#fff"/>'
        f'<text x="{WIDTH / 2}" y="20" text-anchor="middle" font-size="15" '
        f'font-weight="bold">{escape(title)}</text>{body}{legend}</svg>'
    )


def _axis(high, unit):
    """Horizontal grid lines with their values, 0 … high in four steps."""
    plot_h = HEIGHT - TOP - BOTTOM
    parts = []
    for step in range(5):
        value = high * step / 4
        y = HEIGHT - BOTTOM - plot_h * step / 4
        parts.append(f'<line x1="{LEFT}" x2="{WIDTH - RIGHT}" y1="{y:.1f}" y2="{y:.1f}" '
                     f'stroke="#e3e7ec"/><text x="{LEFT - 6}" y="{y + 4:.1f}" '
                     f'text-anchor="end">{value.normalize():f}{unit}</text>')  # fmt: skip
    return "".join(parts)


def _bars(rows, series, high, unit, reference=None):
    """Bars per row (one per series), the row's name under them, an optional reference line."""
    plot_w, plot_h = WIDTH - LEFT - RIGHT, HEIGHT - TOP - BOTTOM
    slot = plot_w / max(len(rows), 1)
    bar = min(28, slot * 0.7 / len(series))
    parts = [_axis(high, unit)]
    for i, row in enumerate(rows):
        x0 = LEFT + slot * i + (slot - bar * len(series)) / 2
        for j, (key, colour) in enumerate(series):
            value = row.get(key)
            if value is None:
                continue
            h = float(max(min(value, high), Decimal(0)) / high) * plot_h if high else 0
            x, y = x0 + bar * j, HEIGHT - BOTTOM - h
            parts.append(f'<rect x="{x:.1f}" y="{y:.1f}" width="{bar:.1f}" height="{h:.1f}" '
                         f'fill="{colour}"/>')  # fmt: skip
        x, y = LEFT + slot * i + slot / 2, HEIGHT - BOTTOM + 14
        parts.append(f'<text x="{x:.1f}" y="{y}" text-anchor="end" '
                     f'transform="rotate(-35 {x:.1f} {y})">{escape(row["name"])}</text>')  # fmt: skip
    if reference is not None and high:
        y = HEIGHT - BOTTOM - float(min(reference, high) / high) * plot_h
        parts.append(f'<line x1="{LEFT}" x2="{WIDTH - RIGHT}" y1="{y:.1f}" y2="{y:.1f}" '
                     f'stroke="{RED}" stroke-dasharray="6 4" stroke-width="1.5"/>')  # fmt: skip
    return "".join(parts)


def _legend(items):
    parts, x = [], LEFT
    for label, colour, dashed in items:
        y = 44
        if dashed:
            parts.append(f'<line x1="{x}" x2="{x + 18}" y1="{y - 4}" y2="{y - 4}" stroke="{colour}" '
                         f'stroke-dasharray="6 4" stroke-width="1.5"/>')  # fmt: skip
        else:
            parts.append(f'<rect x="{x}" y="{y - 10}" width="14" height="10" fill="{colour}"/>')
        parts.append(f'<text x="{x + 22}" y="{y}">{escape(label)}</text>')
        x += 30 + 13 * len(label)
    return "".join(parts)


def _ceiling(value, step):
    """The axis' top: four round steps (1, 2, 2.5 or 5 × 10ⁿ) reaching the value."""
    value = max(Decimal(value), Decimal(step) / 10)
    raw = value / 4
    scale = Decimal(10) ** raw.adjusted()
    for factor in (1, 2, Decimal("2.5"), 5, 10):
        if factor * scale >= raw:
            return 4 * factor * scale
    return value


def completion_chart(data):
    """Completion rate of the year's plan per county, against the time progress."""
    rows = [{"name": r["name"], "rate": _num(r["completion_rate"]) * 100
             if r.get("completion_rate") not in (None, "") else None}
            for r in data["counties"]]  # fmt: skip
    progress = _num(data["time_progress"]) * 100
    high = _ceiling(max([r["rate"] for r in rows if r["rate"] is not None] + [progress]), 20)
    body = _bars(rows, [("rate", BLUE)], high, "%", reference=progress)
    legend = _legend([(_("Completion rate"), BLUE, False), (_("Time progress"), RED, True)])
    return _frame(_("Completion rate of the year's plan by county"), body, legend)


def investment_chart(data):
    """Investment completed in 1-N月 per county, this year and the same period last year (亿元)."""

    def yi(value):
        return _num(value) / 10000 if value not in (None, "") else None

    rows = [{"name": r["name"], "now": yi(r["completed"]), "before": yi(r["last_year"])}
            for r in data["counties"]]  # fmt: skip
    values = [v for r in rows for v in (r["now"], r["before"]) if v is not None]
    high = _ceiling(max(values + [Decimal(1)]), 5)
    body = _bars(rows, [("now", BLUE), ("before", GREY)], high, "")
    legend = _legend([(_("This year (100 million yuan)"), BLUE, False),
                      (_("Same period last year"), GREY, False)])  # fmt: skip
    return _frame(_("Investment completed by county"), body, legend)


def charts(data):
    """The bulletin's charts as SVG text, in order (none without counties)."""
    if not data.get("counties"):
        return []
    return [completion_chart(data), investment_chart(data)]


def to_png(svg, *, scale=2):
    """Rasterise one chart: WeasyPrint draws the SVG (with the bulletin's fonts) on a page of
    its size, PDFium renders that page."""
    import pypdfium2
    from weasyprint import HTML

    html = finish(f"<html lang='zh-CN'><head><style>/*FONT_FACES*/ @page {{ size: {WIDTH}px "
                  f"{HEIGHT}px; margin: 0 }} body {{ margin: 0 }} svg {{ width: {WIDTH}px; "
                  f"height: {HEIGHT}px }}</style></head><body>{svg}"
                  "</body></html>")  # fmt: skip
    pdf = pypdfium2.PdfDocument(HTML(string=html).write_pdf())
    try:
        image = pdf[0].render(scale=scale * 96 / 72).to_pil()
    finally:
        pdf.close()
    buffer = io.BytesIO()
    image.save(buffer, format="PNG")
    return buffer.getvalue()
