"""The bulletin as PDF and .docx: A4 pages that all carry ink, Chinese drawn as glyphs (not
boxes) with Noto, also on a machine without Debian's CJK fonts, and the .docx with its tables,
East Asian fonts and charts."""

import io
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from docx import Document
from docx.oxml.ns import qn

from groundbreak.dispatch.bulletins import render, services
from groundbreak.dispatch.tests import pdf_checks

pytestmark = pytest.mark.django_db
HERE = Path(__file__).resolve().parent
EMPTY_FONTCONFIG = """<?xml version="1.0"?>
<!DOCTYPE fontconfig SYSTEM "fonts.dtd">
<fontconfig><cachedir>{cache}</cachedir></fontconfig>
"""


@pytest.fixture
def bulletin(march, city_user, regions):
    return services.create_bulletin(march, regions["530400"], by=city_user)


def _check_pdf(pdf, tmp_path, name):
    images = pdf_checks.pages(pdf, scale=1.5)
    for number, image in enumerate(images, 1):
        image.save(tmp_path / f"{name}-{number}.png")
        assert pdf_checks.ink(image) > 0.005, f"page {number} is blank"
    # A4: 595 × 842 points.
    assert abs(images[0].width / images[0].height - 595 / 842) < 0.01
    text = pdf_checks.text(pdf)
    assert "玉溪市" in text and "红塔区" in text and "江川区" in text
    objects = pdf_checks.text_objects(pdf)
    fonts = {
        font for content, font, _b, _s in objects if any("\u4e00" <= c <= "\u9fff" for c in content)
    }
    assert fonts and all("Noto" in font for font in fonts), fonts
    # Boxes (tofu) look alike whatever the character; glyphs differ: different Chinese texts
    # must give different pictures.
    drawn = {content.strip(): (bitmap, size) for content, _f, bitmap, size in objects
             if content.strip() and all("\u4e00" <= c <= "\u9fff" for c in content.strip())}  # fmt: skip
    assert len(drawn) >= 5
    assert len(set(drawn.values())) >= 0.9 * len(drawn)
    return images


def test_the_pdf_draws_chinese_on_every_page(bulletin, tmp_path):
    pdf = render.pdf(bulletin)
    images = _check_pdf(pdf, tmp_path, "system")
    assert len(images) >= 2
    assert f"1 / {len(images)}" in pdf_checks.text(pdf)  # page numbers


def test_the_pdf_draws_chinese_without_debians_fonts(bulletin, tmp_path):
    config = tmp_path / "fonts.conf"
    config.write_text(EMPTY_FONTCONFIG.format(cache=tmp_path / "fc-cache"))
    stored = tmp_path / "bulletin.json"
    stored.write_text(json.dumps({"title": bulletin.title, "data": bulletin.data}), "utf-8")
    out = tmp_path / "bulletin.pdf"
    env = {**os.environ, "FONTCONFIG_FILE": str(config)}
    done = subprocess.run([sys.executable, str(HERE / "render_bulletin_pdf.py"), str(stored), str(out)],
                          env=env, capture_output=True, text=True, timeout=900)  # fmt: skip
    assert done.returncode == 0, done.stderr[-2000:]
    assert "shipped font" in done.stdout
    pdf = out.read_bytes()
    _check_pdf(pdf, tmp_path, "shipped")
    # The title and the section headings are set in the bold cut, not the regular one emboldened.
    fonts = {font for _c, font, _b, _s in pdf_checks.text_objects(pdf)}
    assert any("Bold" in font for font in fonts) and any("Bold" not in font for font in fonts), (
        fonts
    )


def test_the_docx_has_the_same_figures_tables_fonts_and_charts(bulletin):
    content = render.docx(bulletin, pngs=[b""] * 0)
    document = Document(io.BytesIO(content))
    text = "\n".join(p.text for p in document.paragraphs)
    assert bulletin.title in text and render.summary_text(bulletin.data) in text
    counties = document.tables[0]
    header = counties.rows[0]
    assert header._tr.trPr.find(qn("w:tblHeader")) is not None  # repeats on every page
    names = [row.cells[1].text for row in counties.rows[1:]]
    assert "红塔区" in names and "江川区" in names
    run = document.paragraphs[0].runs[0]
    assert run._element.rPr.rFonts.get(qn("w:eastAsia")) == "黑体"
    assert abs(document.sections[0].page_width.cm - 21) < 0.01


def test_the_docx_charts_are_pictures(bulletin):
    from groundbreak.dispatch.bulletins import charts

    pngs = [charts.to_png(svg) for svg in charts.charts(bulletin.data)]
    assert len(pngs) == 2 and all(p.startswith(b"\x89PNG") for p in pngs)
    document = Document(io.BytesIO(render.docx(bulletin, pngs=pngs)))
    assert len(document.inline_shapes) == 2
