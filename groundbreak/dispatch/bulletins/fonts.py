"""The Chinese font of the PDF and the charts. Debian's fonts-noto-cjk where fontconfig finds
it (fast, and complete); otherwise the Noto Sans SC files shipped with the app
(core/static/vendor/noto-sans-sc: woff2 split by unicode-range, regular and bold). Those are converted once to
TrueType into var/fonts (WeasyPrint would decode every woff2 file on every render: ~1 s each),
and only the subsets holding the document's characters are declared, so that a render loads a
few files instead of a hundred."""

import os
import re
import shutil
import subprocess
import threading
from functools import lru_cache
from pathlib import Path

from django.conf import settings

SYSTEM_FAMILY = "Noto Sans CJK SC"
SHIPPED_FAMILY = "GB Noto Sans SC"  # + the subset's number: one family per file (see _truetype)
FAMILY_SLOT = "__BULLETIN_FONT_FAMILY__"  # stands for the family list until the text is known
WEB_FAMILY = "'Noto Sans SC', 'Noto Sans CJK SC', sans-serif"
VENDOR = Path(__file__).resolve().parents[2] / "core" / "static" / "vendor" / "noto-sans-sc"
FACE = re.compile(r"@font-face\s*{(.*?)}", re.S)
_lock = threading.Lock()


@lru_cache(maxsize=8)
def _system_has_cjk(fontconfig_file):
    if not shutil.which("fc-list"):
        return False
    try:
        found = subprocess.run(["fc-list", f"{SYSTEM_FAMILY}:lang=zh-cn", "family"],
                               capture_output=True, text=True, timeout=20)  # fmt: skip
    except (OSError, subprocess.SubprocessError):
        return False
    return SYSTEM_FAMILY in found.stdout


def system_has_cjk():
    """Whether fontconfig (as WeasyPrint will see it) has Debian's Noto Sans CJK SC."""
    return _system_has_cjk(os.environ.get("FONTCONFIG_FILE", ""))


@lru_cache(maxsize=1)
def _faces():
    """The shipped regular faces: (file name, set of (low, high) code point ranges)."""
    css = (VENDOR / "noto-sans-sc.css").read_text()
    faces = []
    for body in FACE.findall(css):
        if "font-weight: 400" not in body:
            continue
        src = re.search(r"url\(\./files/([^)]+\.woff2)\)", body)
        ranges = re.search(r"unicode-range:\s*([^;]+);", body)
        if not src or not ranges:
            continue
        spans = []
        for part in ranges.group(1).split(","):
            part = part.strip().removeprefix("U+").removeprefix("u+")
            low, _sep, high = part.partition("-")
            spans.append((int(low, 16), int(high or low, 16)))
        faces.append((src.group(1), spans))
    return faces


@lru_cache(maxsize=1)
def _owners():
    """{code point: the shipped file that holds it}."""
    owner = {}
    for name, spans in _faces():
        for low, high in spans:
            for point in range(low, high + 1):
                owner.setdefault(point, name)
    return owner


def _cache_dir():
    path = Path(settings.VAR_DIR) / "fonts" / "noto-sans-sc"
    path.mkdir(parents=True, exist_ok=True)
    return path


def _truetype(name):
    """The TrueType copy of a shipped woff2 subset, converted at first use. Each subset is
    declared as a family of its own: WeasyPrint embeds the fonts of one family as one PDF font,
    and the subsets' glyph numbers then collide (an s drawn as 市)."""
    target = _cache_dir() / name.replace(".woff2", ".ttf")
    if not target.exists():
        from fontTools.ttLib import TTFont

        with _lock:
            if not target.exists():
                font = TTFont(VENDOR / "files" / name)
                font.flavor = None
                partial = target.with_suffix(".part")
                font.save(partial)
                partial.replace(target)
    return target


def font_css(text):
    """The @font-face rules the text needs (none when the system has the font) and the
    font-family list to use."""
    if system_has_cjk():
        return "", f"'{SYSTEM_FAMILY}', sans-serif"
    owner = _owners()
    needed = {owner[ord(c)] for c in set(text) if ord(c) in owner}
    rules, families = [], []
    for number, (name, spans) in enumerate(_faces()):
        if name not in needed:
            continue
        ranges = ",".join(f"U+{low:x}-{high:x}" for low, high in spans)
        families.append(f"'{SHIPPED_FAMILY} {number}'")
        for weight, file in ((400, name), (700, name.replace("-400-", "-700-"))):
            if weight == 700 and (file == name or not (VENDOR / "files" / file).exists()):
                continue  # no bold cut shipped: WeasyPrint emboldens the regular one
            rules.append(
                f"@font-face {{ font-family: {families[-1]}; font-weight: {weight}; "
                f"src: url('{_truetype(file).as_uri()}') format('truetype'); "
                f"unicode-range: {ranges}; }}"
            )
    return "\n".join(rules), ", ".join([*families, "sans-serif"])


def finish(html):
    """The HTML with its font family list (and the @font-face rules it needs) filled in."""
    faces, family = font_css(html.replace(FAMILY_SLOT, ""))
    return html.replace(FAMILY_SLOT, family).replace("/*FONT_FACES*/", faces)
