"""The lists' part of the demo (演示数据): targets for several projects of the demo city, problems
in every state (some raised by the owner from its March 2020 report), measures, some overdue
on the demo's day (10 April 2020, after March's reports)."""

from datetime import date

from groundbreak.accounts.models import User
from groundbreak.lists import services
from groundbreak.lists.models import Measure, Problem, Target
from groundbreak.projects.models import Project
from groundbreak.reporting.models import MonthlyReport

DEMO_DAY = date(2020, 4, 10)
YEAR = 2020
TARGETS = (  # (content, due, achieved on)
    ("一季度完成投资占年度计划25%", date(2020, 3, 31), date(2020, 3, 31)),
    ("6月底前主体封顶", date(2020, 6, 30), None),
    ("3月底前完成施工图审查", date(2020, 3, 31), None),  # overdue
    ("年底前完成年度投资计划", date(2020, 12, 31), None),
)
PROBLEMS = (  # (category, description, level, unit, due, steps)
    ("utilities", "施工用电未接入，需协调供电部门增容", "county", "区供电局", date(2020, 4, 30), 0),
    (
        "land",
        "用地指标未落实，影响二期开工",
        "city_department",
        "市自然资源和规划局",
        date(2020, 3, 31),
        1,
    ),
    ("funds", "地方配套资金缺口约2000万元", "city_leader", "市财政局", date(2020, 5, 31), 2),
    ("environment", "环评批复待省生态环境厅审批", "province", "市生态环境局", date(2020, 3, 20), 3),
    ("labour", "疫情期间外地务工人员返岗不足", "county", "区人社局", date(2020, 3, 15), 4),
)
# 0 raised, 1 accepted, 2 in hand, 3 resolved (awaiting the raiser), 4 confirmed


def build(demo):
    city = User.objects.get(username="city")
    owner = User.objects.get(username="owner")
    county = User.objects.get(username="hongta")
    owners_projects = list(
        Project.objects.filter(owner_unit_id=owner.owner_unit_id).order_by("pk")[:3]
    )
    projects = owners_projects + list(
        Project.objects.exclude(pk__in=[p.pk for p in owners_projects])
        .filter(stage__in=("new_start", "continuing"))
        .order_by("pk")[:3]
    )
    targets = measures = 0
    for index, project in enumerate(projects):
        for content, due, achieved in TARGETS[: 2 + index % 3]:
            target = services.create_target(project, by=city, year=YEAR, content=content,
                                            due_date=due, achieved_on=achieved,
                                            responsible_unit=str(project.owner_unit))  # fmt: skip
            targets += 1
            if achieved is None:
                services.create_measure(project, by=city, content=f"倒排工期：{content}",
                                        target=target, due_date=due,
                                        responsible_unit=str(project.owner_unit))  # fmt: skip
                measures += 1
    problems = []
    for index, (category, text, level, unit, due, steps) in enumerate(PROBLEMS):
        project = owners_projects[index % len(owners_projects)] if owners_projects else projects[0]
        report = MonthlyReport.objects.filter(project=project, period__year=YEAR,
                                              period__last_month=3).first()  # fmt: skip
        problem = services.raise_problem(
            project, by=owner, report=report, raised_on=date(2020, 3, 20), category=category,
            description=text, solving_level=level, responsible_unit=unit, due_date=due,
        )  # fmt: skip
        handler = county if project.region.code.startswith("530402") else city
        if steps >= 1:
            problem = services.accept_problem(problem, by=handler, version=problem.version)
        if steps >= 2:
            problem = services.start_problem(problem, by=handler, version=problem.version)
            services.create_measure(project, by=handler, content=f"专题协调：{text[:20]}",
                                    problem=problem, due_date=due, responsible_unit=unit)  # fmt: skip
            measures += 1
        if steps >= 3:
            problem = services.resolve_problem(problem, by=handler, version=problem.version,
                                               resolution="已召开专题协调会，明确办理时限")  # fmt: skip
        if steps >= 4:
            problem = services.confirm_problem(problem, by=owner, version=problem.version)
        problems.append(problem)
    # The 2020 moments of the steps (the services stamped the load day).
    Problem.objects.filter(resolved_on__isnull=False).update(resolved_on=date(2020, 4, 1))
    Problem.objects.filter(closed_on__isnull=False).update(closed_on=date(2020, 4, 3))
    overdue = sum(m.objects.overdue(DEMO_DAY).count() for m in (Target, Problem, Measure))
    demo.say(f"五张清单: 目标 {targets} 项, 问题 {len(problems)} 项, 措施 {measures} 项, "
             f"至2020-04-10逾期 {overdue} 项")  # fmt: skip
    return {"counts": {"targets": targets, "problems": len(problems), "measures": measures,
                       "overdue_on_demo_day": overdue}}  # fmt: skip
