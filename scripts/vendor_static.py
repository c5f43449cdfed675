"""Copy the front-end files Groundbreak serves itself from node_modules into the static folder.

Run after `npm ci` (the versions come from package-lock.json). The copies are committed, so that
the README's two commands need no npm; CI runs this script and fails if the committed copies
differ from what the lockfile gives. A government intranet is often closed: nothing is fetched at
run time.
"""

import json
import re
import shutil
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
MODULES = ROOT / "node_modules"
VENDOR = ROOT / "groundbreak" / "core" / "static" / "vendor"

# (package, files to copy as they are: source inside the package -> target inside VENDOR)
PLAIN = {
    "echarts": {
        "dist/echarts.min.js": "echarts/echarts.min.js",
        "LICENSE": "echarts/LICENSE",
        "NOTICE": "echarts/NOTICE",
    },
    "@fontsource/noto-sans-sc": {"LICENSE": "noto-sans-sc/LICENSE"},
}
# The weights the pages and the printed bulletin use; woff2 only (every browser we support and
# WeasyPrint read it), which keeps the committed fonts near 7 MB instead of 74 MB.
FONT_WEIGHTS = (400, 700)
FONT_PACKAGE = "@fontsource/noto-sans-sc"
WOFF_FALLBACK = re.compile(r",\s*url\(([^)]*)\.woff\)\s*format\('woff'\)")


def _version(package):
    return json.loads((MODULES / package / "package.json").read_text(encoding="utf-8"))["version"]


def _fonts(out):
    package = MODULES / FONT_PACKAGE
    css = []
    for weight in FONT_WEIGHTS:
        text = (package / f"{weight}.css").read_text(encoding="utf-8")
        text = WOFF_FALLBACK.sub("", text)
        css.append(text)
        for url in re.findall(r"url\(\./files/([^)]+\.woff2)\)", text):
            target = out / "noto-sans-sc" / "files" / url
            target.parent.mkdir(parents=True, exist_ok=True)
            shutil.copyfile(package / "files" / url, target)
    (out / "noto-sans-sc" / "noto-sans-sc.css").write_text("\n".join(css), encoding="utf-8")


def main():
    if not MODULES.is_dir():
        sys.exit("node_modules is missing: run `npm ci` first")
    if VENDOR.exists():
        shutil.rmtree(VENDOR)
    for package, files in PLAIN.items():
        for source, target in files.items():
            path = VENDOR / target
            path.parent.mkdir(parents=True, exist_ok=True)
            shutil.copyfile(MODULES / package / source, path)
    _fonts(VENDOR)
    versions = {package: _version(package) for package in sorted(PLAIN)}
    (VENDOR / "VERSIONS.json").write_text(
        json.dumps(versions, indent=2, sort_keys=True) + "\n", encoding="utf-8"
    )
    print(
        f"copied into {VENDOR.relative_to(ROOT)}: "
        + ", ".join(f"{k} {v}" for k, v in versions.items())
    )


if __name__ == "__main__":
    main()
