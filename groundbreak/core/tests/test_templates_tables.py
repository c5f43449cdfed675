"""Every table of a page scrolls inside its own box on a phone: a table of amounts (a subtotal
check's 182,482,407.00 in two columns) is wider than 375 px, and unwrapped it pushed the whole
page sideways. Print templates (paper, PDF) are laid out for their page instead."""

import re
from pathlib import Path

import groundbreak

ROOT = Path(groundbreak.__file__).parent
TABLE = re.compile(r"<table\b")
WRAPPED = re.compile(r'<div class="tablewrap[^"]*"[^>]*>\s*$')


def test_every_table_of_a_page_sits_in_a_tablewrap():
    unwrapped = []
    for path in sorted(ROOT.glob("**/templates/**/*.html")):
        if path.name.endswith("_print.html"):
            continue
        text = path.read_text(encoding="utf-8")
        for match in TABLE.finditer(text):
            if not WRAPPED.search(text[: match.start()]):
                line = text.count("\n", 0, match.start()) + 1
                unwrapped.append(f"{path.relative_to(ROOT)}:{line}")
    assert not unwrapped, unwrapped
