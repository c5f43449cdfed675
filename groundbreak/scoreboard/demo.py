"""The demo's responsibility and scoreboard (演示包保与考核): service cadres for the key projects
of 红塔区 and 江川区 (one relieved and replaced in March), and the city's 2020 weights, which put
more on investment completion than the defaults."""

from datetime import date

from django.db.models import Sum

from groundbreak.accounts.models import User
from groundbreak.projects.models import Project
from groundbreak.regions.models import Region
from groundbreak.scoreboard import services
from groundbreak.scoreboard.choices import Subject
from groundbreak.scoreboard.models import ScoreWeights, ServiceCadre
from groundbreak.scoreboard.selectors import scoreboard

CADRES = [
    ("杨晓明", "红塔区发展和改革局 副局长", "0877-2012301"),
    ("王丽华", "红塔区自然资源局 科长", "0877-2012302"),
    ("陈建国", "红塔区住房和城乡建设局 副局长", "0877-2012303"),
    ("赵敏", "江川区发展和改革局 副局长", "0877-8012301"),
    ("孙志刚", "江川区工业和信息化局 科长", "0877-8012302"),
]


def present():
    return ScoreWeights.objects.filter(year=2020).exists()


def build(demo):
    city = User.objects.get(username="city")
    counties = {
        "530402": User.objects.get(username="hongta"),
        "530403": User.objects.get(username="jiangchuan"),
    }
    # The largest key projects of each county, by this year's plan: those that get a cadre.
    assigned = 0
    people = iter(CADRES)
    for code, user in counties.items():
        region = Region.objects.get(code=code)
        projects = (
            Project.objects.filter(region=region, plans__year=2020)
            .annotate(plan=Sum("plans__amount"))
            .order_by("-plan", "pk")[: 3 if code == "530402" else 2]
        )
        for project in projects:
            name, unit, phone = next(people)
            services.assign_service_cadre(
                project, by=user, name=name, unit=unit, phone=phone, since=date(2020, 2, 10)
            )
            assigned += 1
    # One cadre went back to his bureau in March; his successor took over the project.
    first = ServiceCadre.objects.order_by("pk").first()
    services.assign_service_cadre(
        first.project, by=city, name="刘海涛", unit="红塔区发展和改革局 科长",
        phone="0877-2012309", since=date(2020, 3, 16),
    )  # fmt: skip
    services.set_score_weights(
        2020, by=city, completion=45, starts=15, statistics=15, problems=10, supervision=10,
        red_warnings=5,
    )  # fmt: skip
    ranked = scoreboard(city, Subject.LEADERS, 2020)
    demo.say(f"Scoreboard: {assigned + 1} service cadres, {len(ranked)} leaders ranked for 2020.")
    return {"counts": {"service_cadres": assigned + 1}}
