"""The demo's targets and accounts (演示三本账): 玉溪市's 2020 target of +10 % over an invented
2019 base (1,000亿元; the counties' bases add up to 990亿元, the rest being the city's own and
provincial projects), quarter splits (江川区 pushes 65 % into Q3+Q4 and is warned), investment
outside the project list for 1-2月 and 3月, reserve thresholds (the article's 1,000亿元 for the
city), some preliminary projects with all approvals, and 江川区's 1-2月 accounts locked by the
county."""

from decimal import Decimal

from groundbreak.accounts.models import User
from groundbreak.planning import selectors, services
from groundbreak.planning.models import InvestmentTarget, RegionFigure
from groundbreak.projects.choices import Stage
from groundbreak.projects.models import Project
from groundbreak.regions.models import Region

YEAR = 2020
YI = Decimal(10000)  # 万元 in one 亿元
# 2019 fixed-asset investment (亿元), invented; quarter split of the 2020 target (%).
BASES = {
    "530400": (1000, (20, 25, 27, 28)),
    "530402": (300, (20, 25, 27, 28)),
    "530403": (85, (15, 20, 30, 35)),
    "530481": (95, (20, 25, 27, 28)),
    "530423": (80, (20, 25, 27, 28)),
    "530424": (60, (20, 25, 27, 28)),
    "530425": (65, (20, 25, 27, 28)),
    "530426": (60, (20, 25, 27, 28)),
    "530427": (110, (20, 25, 27, 28)),
    "530428": (55, (20, 25, 27, 28)),
    "530400GX": (80, (22, 25, 26, 27)),
}
# 1-N月 real estate and other investment (亿元), for 1-2月 and 3月.
OTHER = {
    "530402": {2: (9, 3), 3: (18, 6)},
    "530403": {2: (2, 1), 3: (4, 2)},
    "530400GX": {2: (1, 1), 3: (2, 2)},
}
# Growth over the same period of 2019 (%), from which the invented 2019 figure is set: the
# epidemic spring leaves some counties behind.
GROWTH = {"530402": 8, "530403": -6, "530400GX": 12, "530481": -15, "530427": -22}
THRESHOLDS = {"530400": 1000, "530402": 300, "530403": 100, "530400GX": 80}


def present():
    return InvestmentTarget.objects.filter(year=YEAR, region__code="530400").exists()


def build(demo):
    city = User.objects.get(username="city")
    jiangchuan = User.objects.get(username="jiangchuan")
    regions = {r.code: r for r in Region.objects.filter(code__in=BASES)}
    for code, (base, shares) in BASES.items():
        services.set_target(regions[code], YEAR, by=city, base_amount=Decimal(base) * YI,
                            growth_rate=Decimal(10), quarter_shares=[Decimal(s) for s in shares])  # fmt: skip
    periods = {m: selectors.period_of(YEAR, m) for m in (2, 3)}
    for code, by_month in OTHER.items():
        for month, (estate, other) in by_month.items():
            services.save_region_figure(regions[code], periods[month], by=city,
                                        real_estate_ytd=Decimal(estate) * YI, other_ytd=Decimal(other) * YI)  # fmt: skip
    for period in periods.values():
        for line in selectors.accounts(user=city, year=YEAR, period=period):
            if line.region.parent_id is None or not line.ytd:
                continue
            growth = Decimal(100 + GROWTH.get(line.region.code, 5)) / 100
            current = RegionFigure.objects.filter(region=line.region, period=period).first()
            services.save_region_figure(line.region, period, by=city, version=current and current.version,
                                        last_year_ytd=(line.ytd / growth).quantize(YI))  # fmt: skip
    for code, amount in THRESHOLDS.items():
        services.set_reserve_threshold(regions[code], YEAR, by=city, amount=Decimal(amount) * YI)
    ready = Project.objects.filter(stage=Stage.PRELIMINARY).order_by("-total_investment")[:4]
    for project in ready:
        services.set_readiness(project, by=city, approvals_complete=True)
    services.lock_accounts(regions["530403"], periods[2], by=jiangchuan)

    from groundbreak.alerts.engine import evaluate, evaluation_date

    evaluate(evaluation_date())  # the county rules now have targets and thresholds to read
    lines = selectors.accounts(user=city, year=YEAR, period=periods[3])
    summary = {
        line.region.name: {"target": str(line.target_amount), "ytd": str(line.ytd),
                           "stock": str(line.stock), "increment": str(line.increment),
                           "gap": str(line.gap)}
        for line in lines if line.region.code in ("530400", *OTHER)
    }  # fmt: skip
    demo.say(f"Planning: targets for {len(BASES)} regions, accounts up to {periods[3]}")
    return {"accounts": summary}
