"""Bulletin benchmark (通报基准): build the city's bulletin for 1-3月 of the portfolio's last year
(gather the figures, rank, write the HTML, print the PDF) and compare with WeasyPrint printing
the same finished HTML alone, in the same run. Target: ≤ 2× (gathering the figures never costs
more than drawing them).

    python3 -m uv run python bench/bulletin_bench.py                 # 100,000 projects
    python3 -m uv run python bench/bulletin_bench.py --projects 5000 # a quicker look
"""

import argparse
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))


def best_of(runs, function):
    times, result = [], None
    for _ in range(runs):
        started = time.perf_counter()
        result = function()
        times.append(time.perf_counter() - started)
    return min(times), result


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--projects", type=int, default=100_000)
    parser.add_argument("--periods", type=int, default=24)
    parser.add_argument("--runs", type=int, default=3, help="best of this many runs (default 3)")
    args = parser.parse_args()
    from bench.portfolio import build, setup_django

    setup_django(tempfile.mkdtemp(prefix="groundbreak-bulletin-bench-"))
    from django.db import connection

    from groundbreak.accounts.models import User
    from groundbreak.alerts.engine import evaluate
    from groundbreak.alerts.services import ensure_default_rules
    from groundbreak.dispatch.bulletins import render, services
    from groundbreak.dispatch.bulletins.models import Bulletin
    from groundbreak.regions.models import Region
    from groundbreak.reporting.models import ReportingPeriod

    ensure_default_rules()
    built = build(args.projects, args.periods, stdout=sys.stdout)
    started = time.perf_counter()
    evaluate(built.as_of, pin=True)  # the bulletin lists the red warnings and counts the rest
    print(f"warnings evaluated at {built.as_of} in {time.perf_counter() - started:.1f} s")
    year = built.periods[-1].year
    period = ReportingPeriod.objects.get(year=year, last_month=3)
    city = Region.objects.get(code="530400")
    user = User.objects.get(username="bench-city")

    def gather():
        return services.build_data(period, city)

    def bulletin_pdf():
        """Everything a download of a new bulletin does: figures, ranking, HTML, PDF."""
        bulletin = Bulletin(period=period, region=city, title=services.default_title(period, city),
                            created_by=user, data=gather())  # fmt: skip
        html = render.html_for_pdf(bulletin)
        return html, render.write_pdf(html)

    bulletin_pdf()  # warm: fonts, templates, translations
    gather_time, data = best_of(args.runs, gather)
    total, (html, pdf) = best_of(args.runs, bulletin_pdf)
    floor, _pdf = best_of(args.runs, lambda: render.write_pdf(html))
    counties = len(data["counties"])
    print(f"\nportfolio: {built.projects} projects, {built.reports} reports, {args.periods} periods; "
          f"database: {connection.vendor}; bulletin of {period} for {city.name} "
          f"({counties} counties, {len(data['departments'])} departments, {len(data['red'])} red "
          f"warnings listed, {len(pdf):,} bytes)")  # fmt: skip
    print(f"gathering the figures and ranking: {gather_time:.3f} s")
    print(f"the whole bulletin (figures, HTML, PDF): {total:.3f} s")
    print(f"WeasyPrint printing the same finished HTML: {floor:.3f} s")
    print(f"ratio (whole bulletin / WeasyPrint alone): {total / floor:.2f}× (target ≤ 2×)")


if __name__ == "__main__":
    main()
