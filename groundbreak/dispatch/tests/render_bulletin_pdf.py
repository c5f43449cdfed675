"""Render a bulletin's PDF from its stored figures in a process of its own (fontconfig reads its
configuration once per process): ``python render_bulletin_pdf.py figures.json out.pdf``. The
test runs it with FONTCONFIG_FILE naming an empty configuration, as on a machine without
Debian's fonts-noto-cjk."""

import json
import os
import sys

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "groundbreak.settings")
os.environ.setdefault("DEBUG", "true")

import django  # noqa: E402

django.setup()

from groundbreak.dispatch.bulletins import render  # noqa: E402
from groundbreak.dispatch.bulletins.fonts import system_has_cjk  # noqa: E402
from groundbreak.dispatch.bulletins.models import Bulletin  # noqa: E402

stored = json.loads(open(sys.argv[1], encoding="utf-8").read())
bulletin = Bulletin(title=stored["title"], data=stored["data"])
with open(sys.argv[2], "wb") as out:
    out.write(render.pdf(bulletin))
print("system font" if system_has_cjk() else "shipped font")
