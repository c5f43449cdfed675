"""CPU of a county's similar-name index: built for N names, then asked for N close ones.

python3 -m uv run python bench/similar_bench.py [--rows 20000] [--names varied|numbered]
"""

import argparse
import os
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from import_bench import project_names, similar_names  # noqa: E402


def main():
    import django

    os.environ.setdefault("GROUNDBREAK_VAR_DIR", tempfile.mkdtemp(prefix="groundbreak-bench-"))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "groundbreak.settings")
    os.environ.setdefault("DEBUG", "true")  # a developer's settings: no secret key needed
    django.setup()
    from groundbreak.projects.importing import SimilarNames, name_key

    parser = argparse.ArgumentParser()
    parser.add_argument("--rows", type=int, default=20000)
    parser.add_argument("--names", default="varied", choices=["varied", "numbered"])
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--save", help="write the answers to this file (to compare two versions)")
    args = parser.parse_args()
    names = project_names(args.rows, args.names)
    existing = [name_key(name) for name in names]
    new = [name_key(name) for name in similar_names(names)]
    build, search = [], []
    for _run in range(args.runs):
        start = time.process_time()
        index = SimilarNames(existing)
        middle = time.process_time()
        answers = index.close_to_many(new)
        end = time.process_time()
        build.append(middle - start)
        search.append(end - middle)
    print(
        f"{args.names} {args.rows}: index {min(build):.3f} s, search {min(search):.3f} s, "
        f"total {min(b + s for b, s in zip(build, search, strict=True)):.3f} s CPU (best of "
        f"{args.runs}); {sum(map(len, answers))} close names"
    )
    if args.save:
        Path(args.save).write_text(repr(answers))


if __name__ == "__main__":
    main()
