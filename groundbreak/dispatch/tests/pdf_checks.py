"""Looking at a PDF as a reader would: its pages as pictures (PDFium), whether each has ink,
the text it holds, the fonts its text is drawn with, and whether two different Chinese words are
drawn differently (boxes — tofu — look alike whatever the character)."""

import ctypes

import pypdfium2
import pypdfium2.raw as raw


def pages(pdf_bytes, scale=1.0):
    document = pypdfium2.PdfDocument(pdf_bytes)
    try:
        return [document[i].render(scale=scale).to_pil().convert("L") for i in range(len(document))]
    finally:
        document.close()


def ink(image):
    """The share of pixels that are not white."""
    histogram = image.histogram()
    return 1 - sum(histogram[245:]) / (image.width * image.height)


def text(pdf_bytes):
    document = pypdfium2.PdfDocument(pdf_bytes)
    try:
        return "".join(document[i].get_textpage().get_text_range() for i in range(len(document)))
    finally:
        document.close()


def _font_name(obj):
    font = raw.FPDFTextObj_GetFont(obj.raw)
    size = raw.FPDFFont_GetBaseFontName(font, None, 0)
    buffer = ctypes.create_string_buffer(size)
    raw.FPDFFont_GetBaseFontName(font, buffer, size)
    return buffer.value.decode("utf-8", "replace")


def text_objects(pdf_bytes):
    """[(text, font name, rendered bitmap as bytes)] of every text object of the first page."""
    document = pypdfium2.PdfDocument(pdf_bytes)
    try:
        page = document[0]
        textpage = page.get_textpage()
        found = []
        for obj in page.get_objects(filter=[raw.FPDF_PAGEOBJ_TEXT]):
            length = raw.FPDFTextObj_GetText(obj.raw, textpage.raw, None, 0)
            buffer = ctypes.create_string_buffer(length)
            pointer = ctypes.cast(buffer, ctypes.POINTER(ctypes.c_ushort))
            raw.FPDFTextObj_GetText(obj.raw, textpage.raw, pointer, length)
            content = buffer.raw.decode("utf-16-le", "replace").rstrip("\x00")
            bitmap = raw.FPDFTextObj_GetRenderedBitmap(document.raw, page.raw, obj.raw, 4)
            image = pypdfium2.PdfBitmap.from_raw(bitmap).to_pil().convert("L")
            found.append((content, _font_name(obj), image.tobytes(), image.size))
        return found
    finally:
        document.close()
