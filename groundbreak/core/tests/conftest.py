"""A small world for the whole-API tests: every kind of object once in 江川区 (the county the
红塔区 user must not see), with the characters of the root conftest."""

from dataclasses import dataclass
from datetime import date
from decimal import Decimal

import pytest
from django.core.files.base import ContentFile

from groundbreak.imports.models import ImportKind, ImportRecord
from groundbreak.lists import services as lists
from groundbreak.notifications.models import Notification, RobotChannel
from groundbreak.projects.choices import WorkStatusKind
from groundbreak.projects.models import GroundbreakingBatch, WorkStatusEvent
from groundbreak.regions.models import Sector
from groundbreak.reporting import services as reporting
from groundbreak.reporting import statistics
from groundbreak.reporting.models import ReportingPeriod
from groundbreak.reporting.tests.helpers import jpeg


@dataclass
class World:
    project: object
    batch: object
    event: object
    period: object
    report: object
    attachment: object
    figure: object
    record: object
    region: object
    sector: object
    users: dict
    notification: object = None
    channel: object = None
    warning: object = None
    exemption: object = None
    rule: object = None
    target: object = None
    problem: object = None
    measure: object = None
    meeting: object = None
    agenda_line: object = None
    item: object = None
    step: object = None
    cadre: object = None
    appraisal: object = None
    criterion: object = None
    jc_leader: object = None
    jc_department: object = None
    bulletin: object = None
    objection: object = None
    planning_target: object = None
    planning_lock: object = None
    start_weight: object = None
    declaration: object = None
    movement: object = None
    document: object = None


ROLES = ["city", "hongta", "jiangchuan", "dept", "owner", "leader", "auditor"]


@pytest.fixture
def world(
    portfolio,
    city_user,
    hongta_user,
    jiangchuan_user,
    dept_user,
    owner_user,
    leader_user,
    auditor_user,
    jiangchuan,
):
    project = portfolio["jiangchuan"]
    periods = {p.last_month: p for p in ReportingPeriod.periods_for_year(2020)}
    batch = GroundbreakingBatch.objects.create(
        name="江川区2020年第一批集中开工", date=date(2020, 2, 25), region=jiangchuan
    )
    batch.projects.add(project)
    event = WorkStatusEvent.objects.create(
        project=project, kind=WorkStatusKind.SUSPENDED, date=date(2020, 3, 1), reason="epidemic"
    )
    report = reporting.save_report(
        project,
        periods[3],
        by=jiangchuan_user,
        completed_period=Decimal(100),
        completed_ytd=Decimal(100),
        completed_total=Decimal(100),
    )
    attachment = reporting.attach_evidence(
        report, by=jiangchuan_user, kind="photo", content=jpeg(), name="site.jpg"
    )
    report.refresh_from_db()
    figure = statistics.record_statistics_figure(
        project, periods[3], by=jiangchuan_user, completed_ytd=Decimal(90)
    )
    record = ImportRecord.objects.create(
        kind=ImportKind.PROJECTS,
        region=jiangchuan,
        filename="江川.csv",
        sha256="0" * 64,
        file=ContentFile(b"a,b\n", name="jc.csv"),
        created_by=jiangchuan_user,
    )
    warning, exemption = _warning_in_jiangchuan(project, jiangchuan_user)
    users = dict(
        zip(
            ROLES,
            [
                city_user,
                hongta_user,
                jiangchuan_user,
                dept_user,
                owner_user,
                leader_user,
                auditor_user,
            ],
            strict=True,
        )
    )
    target = lists.create_target(
        project,
        by=jiangchuan_user,
        year=2020,
        content="6月底前主体封顶",
        due_date=date(2020, 6, 30),
    )
    problem = lists.raise_problem(
        project, by=jiangchuan_user, category="land", description="用地指标未落实"
    )
    measure = lists.create_measure(
        project, by=jiangchuan_user, content="协调自然资源局", problem=problem
    )
    planning_target, planning_lock, start_weight = _planning_in_jiangchuan(
        jiangchuan, periods[3], city_user, jiangchuan_user
    )
    return World(
        planning_target=planning_target,
        planning_lock=planning_lock,
        start_weight=start_weight,
        target=target,
        problem=problem,
        measure=measure,
        project=project,
        batch=batch,
        event=event,
        period=periods[3],
        report=report,
        attachment=attachment,
        figure=figure,
        record=record,
        region=jiangchuan,
        sector=Sector.objects.get(code="E"),
        users=users,
        # 江川区's user's own notification; a robot channel of 江川区 (city staff manage it).
        notification=Notification.objects.create(
            recipient=jiangchuan_user, subject="江川区项目预警", link="/projects/"
        ),
        channel=RobotChannel.objects.create(
            name="江川区调度群",
            kind="wecom",
            webhook_url="http://127.0.0.1:9/cgi-bin/webhook/send?key=x",
            region=jiangchuan,
            active=False,
        ),
        warning=warning,
        exemption=exemption,
        rule=warning.rule,
        **_dispatch_in_jiangchuan(project, users),
        **_responsibility_in_jiangchuan(project, users),
        **_bulletin_under_review(periods[3], users),
        **_finance_in_jiangchuan(project, jiangchuan_user),
    )


def _bulletin_under_review(period, users):
    """The city's bulletin of 1-3月 2020 shown to the counties, and 江川区's objection to it."""
    from groundbreak.dispatch.bulletins import services as bulletins
    from groundbreak.regions.models import Region

    city = Region.objects.get(code="530400")
    bulletin = bulletins.create_bulletin(period, city, by=users["city"])
    bulletin = bulletins.open_review(bulletin, by=users["city"], on_date=date(2020, 4, 5))
    key = str(users["jiangchuan"].region_id)
    objection = bulletins.raise_objection(bulletin, by=users["jiangchuan"], table="counties",
                                          row_key=key, column="completed", reason="漏计补报数")  # fmt: skip
    return {"bulletin": bulletin, "objection": objection}


def _warning_in_jiangchuan(project, by):
    """江川区's project evaluated on 1 April 2020 (started 25 February, not in the statistics:
    yellow), with an exemption asked for with evidence."""
    from groundbreak.alerts.engine import evaluate
    from groundbreak.alerts.models import Exemption, Warning

    evaluate(date(2020, 4, 1))
    warning = Warning.objects.get(project=project, rule__kind="not_in_statistics")
    exemption = Exemption.objects.create(
        warning=warning, reason="policy_change", explanation="统计口径调整", until=date(2099, 1, 1),
        requested_by=by, evidence=ContentFile(b"%PDF-1.4 evidence", name="notice.pdf"),
        evidence_name="notice.pdf",
    )  # fmt: skip
    return warning, exemption


def _dispatch_in_jiangchuan(project, users):
    """江川区's dispatch meeting with its agenda; an item addressed to 江川区, issued; another
    one with feedback and its evidence."""
    from groundbreak.dispatch import services as dispatch
    from groundbreak.dispatch.models import Meeting

    meeting = dispatch.save_meeting(
        Meeting(kind="monthly", title="江川区3月调度会", date=date(2020, 4, 10), scope="county",
                region=project.region, chair="江川区副区长"),
        by=users["city"],
    )  # fmt: skip
    dispatch.generate_agenda(meeting, by=users["city"])
    line = meeting.lines.first()
    items = []
    for text in ("4月底前完成入库", "5月底前完成用地报批"):
        item = dispatch.record_decision(
            meeting, by=users["city"], decision=text, deadline=date(2020, 4, 30),
            responsible_region=project.region, agenda_line=line, projects=[project],
        )  # fmt: skip
        dispatch.act(item, "approve", by=users["leader"])
        items.append(dispatch.act(item, "issue", by=users["city"]))
    done = items[1]
    dispatch.act(done, "receive", by=users["jiangchuan"])
    dispatch.act(done, "start", by=users["jiangchuan"])
    dispatch.act(done, "feedback", by=users["jiangchuan"], note="已报批", evidence=jpeg(),
                 evidence_name="批复.jpg")  # fmt: skip
    step = done.steps.get(action="feedback")
    return {"meeting": meeting, "agenda_line": line, "item": items[0], "step": step}


def _responsibility_in_jiangchuan(project, users):
    """江川区's project gets a leader and a department of its own (not the test users'), a
    service cadre and an ex-ante appraisal."""
    from groundbreak.accounts.models import Department, Leader
    from groundbreak.appraisal import services as appraisal
    from groundbreak.appraisal.models import Criterion
    from groundbreak.projects.models import Project
    from groundbreak.scoreboard import services as scoreboard

    leader = Leader.objects.create(name="江川包保领导", post="副市长")
    department = Department.objects.create(name="市水利局")
    Project.objects.filter(pk=project.pk).update(
        leader_in_charge=leader, department_in_charge=department
    )
    project.refresh_from_db()
    cadre = scoreboard.assign_service_cadre(
        project, by=users["jiangchuan"], name="李服务", unit="江川区发改局", since=date(2020, 3, 1)
    )
    criterion = Criterion.objects.filter(kind="ex_ante").first()
    found = appraisal.record_appraisal(
        project, by=users["city"], kind="ex_ante", date=date(2020, 3, 10), appraiser="市发改委",
        conclusion="passed", scores={criterion.pk: 80},
    )  # fmt: skip
    return {"cadre": cadre, "appraisal": found, "criterion": criterion, "jc_leader": leader,
            "jc_department": department}  # fmt: skip


def _planning_in_jiangchuan(jiangchuan, period, city_user, jiangchuan_user):
    """江川区's 2020 target (a 2019 base of 100亿元), its accounts for March locked by the
    county, and a row of the start weights."""
    from groundbreak.planning import services as planning
    from groundbreak.planning.models import StartWeight

    target = planning.set_target(jiangchuan, 2020, by=city_user, base_amount=Decimal(1000000))
    lock = planning.lock_accounts(jiangchuan, period, by=jiangchuan_user)
    return target, lock, StartWeight.objects.get(key="reserve")


def _finance_in_jiangchuan(project, by):
    """江川区's special-bond declaration being prepared (its 可研批复 kept, other documents
    missing) and a bond receipt."""
    from groundbreak.finance import services as finance
    from groundbreak.finance.models import Channel, DocumentKind

    bond = Channel.objects.get(code="special_bond")
    declaration = finance.create_declaration(project, bond, by=by, year=2020,
                                             batch="2020年第一批", amount_asked=Decimal(300))  # fmt: skip
    document = finance.upload_document(project, DocumentKind.objects.get(code="feasibility"),
                                       by=by, content=b"%PDF-1.4 ok", name="可研批复.pdf")  # fmt: skip
    movement = finance.record_movement(project, by=by, kind="received", date=date(2020, 3, 1),
                                       amount=Decimal(200), channel=bond)  # fmt: skip
    return {"declaration": declaration, "movement": movement, "document": document}
