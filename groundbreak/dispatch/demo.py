"""The demo's dispatch (演示调度): 玉溪市 holds its February meeting on 10 March 2020 (one item
closed after being sent back once, one left in hand and overdue), then its March dispatch meeting
on 10 April 2020, the demo's day: the 三督 lists, the generated agenda (the overdue item back on
it, with its warning), the minutes and their decisions (one issued to 江川区, one awaiting the
leader)."""

from datetime import date

from groundbreak.accounts.models import User
from groundbreak.alerts.engine import evaluate
from groundbreak.dispatch import services
from groundbreak.dispatch.choices import MeetingKind, ScopeKind
from groundbreak.dispatch.models import Meeting
from groundbreak.dispatch.selectors import LAGGING, LISTS, START_OVERDUE, UNREGISTERED, sandu_list
from groundbreak.projects.models import Project
from groundbreak.regions.models import Region

DEMO_DATE = date(2020, 4, 10)
FEBRUARY = date(2020, 3, 10)
ATTENDEES = (
    "市发改委、市自然资源规划局、市住房城乡建设局、市生态环境局、市统计局；各县（市、区）发改局"
)
EVIDENCE = b"%PDF-1.4\n% demo: approval of the land use\n"


def present():
    return Meeting.objects.filter(date=DEMO_DATE, kind=MeetingKind.MONTHLY).exists()


def _meeting(city, on, title):
    return services.save_meeting(
        Meeting(kind=MeetingKind.MONTHLY, title=title, date=on, chair="市人民政府分管副市长",
                scope=ScopeKind.CITY, attendees=ATTENDEES),
        by=city,
    )  # fmt: skip


def build(demo):
    city, leader = User.objects.get(username="city"), User.objects.get(username="leader")
    jc_user, ht_user = User.objects.get(username="jiangchuan"), User.objects.get(username="hongta")
    jiangchuan, hongta = Region.objects.get(code="530403"), Region.objects.get(code="530402")
    jc_project = Project.objects.filter(region=jiangchuan).order_by("pk").first()
    ht_project = Project.objects.filter(region=hongta).order_by("pk").first()

    # February's meeting (held 10 March) and its two decisions.
    february = _meeting(city, FEBRUARY, "玉溪市2020年2月重点项目调度会")
    services.generate_agenda(february, by=city)
    services.save_minutes(
        february,
        by=city,
        minutes="会议听取了各县（市、区）复工复产情况汇报，研究了用地、资金等问题。",
    )
    closed = services.record_decision(
        february, by=city, decision="3月底前完成项目用地预审并报送批复文件",
        deadline=date(2020, 3, 31), responsible_region=hongta, responsible_person="红塔区发改局局长",
        cooperating_units="市自然资源规划局", projects=[ht_project] if ht_project else [],
    )  # fmt: skip
    overdue = services.record_decision(
        february, by=city, decision="3月底前完成统计入库手续",
        deadline=date(2020, 3, 31), responsible_region=jiangchuan,
        responsible_person="江川区发改局局长", cooperating_units="市统计局",
        projects=[jc_project] if jc_project else [],
    )  # fmt: skip
    for item in (closed, overdue):
        services.act(item, "approve", by=leader, on_date=date(2020, 3, 11))
        services.act(item, "issue", by=city, on_date=date(2020, 3, 12))
    services.act(closed, "receive", by=ht_user, on_date=date(2020, 3, 13))
    services.act(closed, "start", by=ht_user, on_date=date(2020, 3, 13))
    services.act(
        closed, "feedback", by=ht_user, on_date=date(2020, 3, 28), note="已上报用地预审材料"
    )
    services.act(closed, "send_back", by=city, on_date=date(2020, 3, 30),
                 note="未附自然资源部门的预审意见")  # fmt: skip
    services.act(closed, "feedback", by=ht_user, on_date=date(2020, 4, 3),
                 note="已取得用地预审意见，附批复文件", evidence=EVIDENCE,
                 evidence_name="用地预审意见.pdf")  # fmt: skip
    services.act(closed, "review", by=city, on_date=date(2020, 4, 7), note="材料齐全")
    services.act(closed, "close", by=city, on_date=date(2020, 4, 8))
    services.act(overdue, "receive", by=jc_user, on_date=date(2020, 3, 13))
    services.act(overdue, "start", by=jc_user, on_date=date(2020, 3, 16), note="已与统计局对接")

    # The overdue item is warned (10 days on the demo's day) ...
    evaluate(DEMO_DATE, project_ids=[jc_project.pk] if jc_project else [])

    # ... and back on the agenda of the March meeting, held on the demo's day.
    march = _meeting(city, DEMO_DATE, "玉溪市2020年3月重点项目调度会")
    services.generate_agenda(march, by=city)
    services.add_line(march, by=city, text="研究部署二季度集中开工活动")
    services.save_minutes(march, by=city, minutes=(
        "一、各县（市、区）要对照“三督”清单，逐项目落实责任人和完成时限。\n"
        "二、投资进度滞后的在建项目，由行业主管部门牵头会商。\n"
        "三、上次会议督办事项未办结的，由市发改委继续督办。"
    ))  # fmt: skip
    lines = {line.section: line for line in march.lines.order_by("-position")}
    issued = services.record_decision(
        march, by=city, decision="4月底前完成新开工项目入库", deadline=date(2020, 4, 30),
        responsible_region=jiangchuan, responsible_person="江川区发改局局长",
        agenda_line=lines.get("unregistered"),
    )  # fmt: skip
    services.act(issued, "approve", by=leader, on_date=DEMO_DATE)
    services.act(issued, "issue", by=city, on_date=DEMO_DATE)
    services.record_decision(
        march, by=city, decision="5月15日前协调解决项目建设资金缺口", deadline=date(2020, 5, 15),
        responsible_region=hongta, responsible_person="红塔区发改局局长",
        agenda_line=lines.get("lagging"),
    )  # fmt: skip
    bulletins = _bulletins(city, jc_user, jiangchuan)
    sizes = {str(LISTS[n]): len(sandu_list(n, Project.objects.all(), DEMO_DATE))
             for n in (LAGGING, UNREGISTERED, START_OVERDUE)}  # fmt: skip
    demo.say(f"Dispatch: meetings on {FEBRUARY} and {DEMO_DATE}; 三督 lists {sizes}")
    return {"counts": {"meetings": 2, "supervision items": 4,
                       "agenda lines": march.lines.count(), "bulletins": bulletins}}  # fmt: skip


def _bulletins(city, jc_user, jiangchuan):
    """The city's bulletin of 1-3月 2020, shown to the counties on 3 April, objected to by
    江川区, answered and issued on the 6th (玉发改通报〔2020〕1号); and 江川区's own bulletin
    of 1-3月, a draft under review with an objection not yet answered."""
    from groundbreak.dispatch.bulletins import services as bulletins
    from groundbreak.reporting.models import ReportingPeriod

    period = ReportingPeriod.objects.get(year=2020, last_month=3)
    city_region = Region.objects.get(code="530400")
    issued = bulletins.create_bulletin(period, city_region, by=city, on_date=date(2020, 4, 3))
    issued = bulletins.open_review(issued, by=city, on_date=date(2020, 4, 3))
    objection = bulletins.raise_objection(
        issued, by=jc_user, table="counties", row_key=str(jiangchuan.pk), column="new_starts",
        reason="星云湖治理项目3月已开工，请核实新开工个数",
    )  # fmt: skip
    bulletins.answer_objection(
        objection, by=city, answer="已核实：该项目开工日期为2月，按1-3月累计口径已计入"
    )
    bulletins.issue_bulletin(issued, by=city, on_date=date(2020, 4, 6))
    draft = bulletins.create_bulletin(period, jiangchuan, by=city, on_date=DEMO_DATE)
    draft = bulletins.open_review(draft, by=city, on_date=DEMO_DATE)
    bulletins.raise_objection(
        draft, by=jc_user, table="summary", row_key=str(jiangchuan.pk), column="completed",
        reason="3月有一个项目补报投资未计入，请按更正后的月报重新汇总",
    )  # fmt: skip
    return 2
