"""The demo's monthly reports: 2020年1-2月 and 2020年3月 for every project started by then.

Every report goes through the reporting services (``save_report``, ``attach_evidence``,
``submit_report``, ``approve_report`` …), so each has its history and every project its year
summary. The figures come from the project itself: this period's investment is a share of the
year's plan drawn from a generator seeded with the project's code, the investment before 2020 a
share of what the plan leaves of the total, and the physical progress (形象进度), workers and
site photo follow from how much of the total is done.

What a reviewer should find in the demo:

* 1-2月: all handed in (two late); the county approved most and the city locked those.
* 3月: most approved; some awaiting review; three returned with a reason; three missing; five
  late; one "无变化" (a project stopped for want of funds); one locked and then corrected by the
  city with a reason; one site photo taken in February, which the review page flags.
* The statistics bureau's figures for the projects in the statistics: mostly close to the
  owner's, two per period diverging by more than 10 % (one explained, one not).

The services stamp ``timezone.now()`` (2026 when the demo is loaded); the submission and review
times are set to their 2020 moments at the end with one bulk update, since "on time" and
"late" are read from ``submitted_at``.
"""

import io
import random
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from decimal import ROUND_HALF_UP, Decimal

from django.conf import settings
from django.utils import timezone
from PIL import ExifTags, Image, ImageDraw, ImageFont

from groundbreak.accounts.models import User
from groundbreak.projects.choices import ProjectField, StoppageReason, WorkStatusKind
from groundbreak.projects.models import Project, WorkStatusEvent
from groundbreak.reporting.choices import ReportStatus
from groundbreak.reporting.models import (
    AttachmentKind,
    DivergenceReason,
    MonthlyReport,
    ReportingPeriod,
    reporting_projects,
)
from groundbreak.reporting.selectors import due_projects
from groundbreak.reporting.services import (
    approve_report,
    attach_evidence,
    correct_report,
    lock_report,
    report_no_change,
    return_report,
    save_report,
    submit_report,
)
from groundbreak.reporting.statistics import explain_divergence, record_statistics_figure

YEAR = 2020
SEED = "groundbreak-demo-2020-reports"

RETURN_REASONS = [
    "开工不足一个月，本月完成投资与形象进度不匹配，请核实后重新报送",
    "本月完成投资较上期增幅较大，请补充说明资金支付情况",
    "施工人数与现场核查情况不符，请核实后重新报送",
]
CORRECTION_REASON = "经市发改委现场核实，3月完成投资含预付材料款，按形象进度更正（业主单位已确认）"
LATE_DAYS_MARCH = [
    date(2020, 3, 26),
    date(2020, 3, 27),
    date(2020, 3, 30),
    date(2020, 3, 31),
    date(2020, 4, 2),
]
LATE_DAYS_JAN_FEB = [date(2020, 2, 27), date(2020, 3, 2)]
PHONES = [
    ("HUAWEI", "Mate 20 Pro"),
    ("HUAWEI", "P30"),
    ("Xiaomi", "MI 9"),
    ("OPPO", "Reno"),
    ("vivo", "X27"),
    ("Apple", "iPhone XR"),
]

STOPPED_BECAUSE = {
    StoppageReason.FUNDS: "因建设资金未到位",
    StoppageReason.LAND: "因用地手续未办结",
    StoppageReason.LABOUR: "因用工不足",
    StoppageReason.EPIDEMIC: "因疫情防控",
    StoppageReason.SPRING_FESTIVAL: "因春节放假",
}
PROBLEMS = [
    "受疫情影响，部分外省务工人员尚未返岗，用工缺口约{n}人",
    "受疫情影响，钢材、水泥等建材供应和运输受限",
    "建设资金缺口约{x}万元，已申报2020年地方政府专项债券",
    "项目用地报批手续尚在办理中，影响后续施工",
    "林地使用手续尚在办理中",
    "施工用电接入尚未完成，临时用柴油发电",
    "征地拆迁尚有{n}户未签订协议",
]

# Its writes' warnings are evaluated once, at the end of the step (see demo/builder.py): the
# alerts step drops them anyway and evaluates the city at the demo's date.
GATHER_PROJECT_CHANGES = True


def _rng(*parts):
    return random.Random("|".join([SEED, *map(str, parts)]))


def _step(amount):
    """Whole 万元 for amounts that are whole (as the demo's plans and totals are), else 0.01."""
    return Decimal(1) if amount == amount.to_integral_value() else Decimal("0.01")


def _share(amount, share):
    step = _step(amount)
    units = (amount * Decimal(str(share)) / step).quantize(Decimal(1), rounding=ROUND_HALF_UP)
    return max(units, Decimal(1)) * step


def _moment(day, hour, minute):
    return timezone.make_aware(datetime.combine(day, time(hour, minute)))


# --------------------------------------------------------------------------- what is built
def works_kind(project):
    """What the site looks like, for the physical-progress text: read from the project's name."""
    name = project.name
    for keys, kind in (
        (("引水",), "tunnel"),
        (("高速公路",), "highway"),
        (("公路", "道路", "集镇基础设施"), "road"),
        (("管网", "供水", "管廊", "天然气", "海绵城市"), "pipe"),
        (("水库",), "reservoir"),
        (("河道",), "river"),
        (("光伏",), "solar"),
        (("输变电",), "power"),
        (("5G",), "telecom"),
        (("土地开发整理", "农业产业园", "花卉", "养殖"), "land"),
    ):
        if any(key in name for key in keys):
            return kind
    return "factory" if project.field == ProjectField.INDUSTRY else "building"


@dataclass
class Site:
    """What stays the same about a project's site from one month to the next."""

    kind: str
    top: int  # floors of its main building
    scale: int  # km of road or pipe, bridges, towers … at full size
    problem: str
    photo_offset: tuple


def site_of(project):
    rng = _rng(project.code or project.name, "site")
    problem = rng.choice(PROBLEMS).format(
        n=rng.randint(2, 12) * 5, x=int(project.total_investment * Decimal("0.08"))
    )
    return Site(
        kind=works_kind(project),
        top=rng.randint(5, 18),
        scale=rng.randint(8, 60),
        problem=problem,
        photo_offset=(rng.randint(-1500, 1500), rng.randint(-1500, 1500)),
    )


def progress_text(site, progress, *, started_on=None, period=None, finishing=False):
    """形象进度 for a site whose works are ``progress`` (0–1) done at the end of the period."""
    if started_on is not None and period.start <= started_on <= period.end:
        return f"{started_on.month}月{started_on.day}日开工，施工队伍已进场，开展场地平整及临时设施搭建"
    if finishing:
        return "主体工程已完工，进行设备安装调试及竣工验收准备"
    done = max(1, min(99, round(progress * 100)))
    foundations = max(20, min(95, round(progress / 0.08 * 100)))  # share of the foundations
    scale = site.scale
    if site.kind == "building":
        floors = max(1, min(site.top, round(progress * site.top * 1.3)))
        if floors >= site.top:
            return "主体结构已封顶，进行砌体、机电安装及装饰装修施工"
        if progress < 0.08:
            return f"基础施工完成{foundations}%，地下室底板施工"
        return f"主体结构施工至第{floors}层，同步开展砌体施工"
    if site.kind == "factory":
        if progress < 0.08:
            return f"完成场地平整，厂房基础施工完成{foundations}%"
        if progress < 0.6:
            return f"厂房钢结构吊装完成{min(100, round(progress * 160))}%，配套用房主体施工"
        return "厂房主体完工，生产设备陆续进场安装"
    if site.kind == "highway":
        return (
            f"路基土石方累计完成{done}%，桥梁桩基完成{round(progress * scale * 12)}根，"
            f"隧道累计掘进{round(progress * scale * 90)}米"
        )
    if site.kind == "tunnel":
        return f"输水隧洞累计掘进{round(progress * scale * 400)}米，完成衬砌{round(progress * scale * 260)}米"
    if site.kind == "road":
        return f"路基土石方完成{done}%，完成路面基层{round(progress * scale / 4, 1)}公里"
    if site.kind == "pipe":
        return f"累计铺设管网{round(progress * scale, 1)}公里，泵站土建施工完成{done}%"
    if site.kind == "reservoir":
        return f"坝体填筑至高程{1600 + round(progress * 40)}米，溢洪道开挖完成{done}%"
    if site.kind == "river":
        return f"完成堤防护岸{round(progress * scale / 3, 1)}公里，截污管网施工"
    if site.kind == "solar":
        return f"光伏支架基础完成{done}%，组件安装{round(progress * scale)}兆瓦"
    if site.kind == "power":
        return f"变电站土建施工完成{done}%，组立铁塔{round(progress * scale * 2)}基"
    if site.kind == "telecom":
        return f"累计建成5G基站{max(1, round(progress * scale * 5))}座"
    return f"完成土地平整{round(progress * scale * 60)}亩，灌溉沟渠及田间道路施工"


@dataclass
class Figures:
    """One project's report for one period, as the filler would type it."""

    completed_period: Decimal
    completed_ytd: Decimal
    completed_total: Decimal
    progress_text: str
    workers_on_site: int
    work_resumed: bool = False
    resumed_on: date | None = None
    problems: str = ""
    over_plan_reason: str = ""
    floors: int = 0  # for the photo

    def as_fields(self):
        names = (
            "completed_period",
            "completed_ytd",
            "completed_total",
            "progress_text",
            "workers_on_site",
            "work_resumed",
            "resumed_on",
            "problems",
            "over_plan_reason",
        )
        return {name: getattr(self, name) for name in names}


@dataclass
class Situation:
    """The project's work status in early 2020, from its work-status events."""

    resumed_on: date | None = None
    workers: int | None = None
    stopped_on: date | None = None  # and not back at work
    reason: str = ""

    @property
    def still_stopped(self):
        return self.stopped_on is not None and self.resumed_on is None


def situations(projects):
    found = {project.pk: Situation() for project in projects}
    events = WorkStatusEvent.objects.filter(project__in=projects, date__year=YEAR).order_by(
        "date", "pk"
    )
    for event in events:
        situation = found[event.project_id]
        if event.kind == WorkStatusKind.SUSPENDED:
            situation.stopped_on, situation.resumed_on = event.date, None
            situation.reason = event.reason
        else:
            situation.resumed_on, situation.workers = event.date, event.workers_on_site
    return found


def plan_figures(project, periods, situation):
    """The project's figures for each period it reports in: {period: Figures}."""
    rng = _rng(project.code or project.name, "figures")
    site = site_of(project)
    plan, total = project.plan_for(YEAR), project.total_investment
    started_before = project.actual_start.year < YEAR
    finishing = project.actual_completion is not None
    if started_before:
        share = rng.uniform(0.9, 0.97) if finishing else rng.uniform(0.3, 0.8)
        prior = _share(total - plan, share) if total > plan else Decimal(0)
    else:
        prior = Decimal(0)
    base_workers = situation.workers or max(20, min(600, int(plan / 40) // 10 * 10))
    figures, ytd, cumulative = {}, Decimal(0), prior
    for period in periods:
        if project.actual_start > period.end:
            continue
        new_in_period = project.actual_start >= period.start
        if situation.still_stopped and period.last_month >= 3:
            share = 0  # the "无变化" report carries the last one forward
        elif situation.still_stopped or new_in_period:
            share = rng.uniform(0.02, 0.06) if situation.still_stopped else rng.uniform(0.03, 0.08)
        elif period.last_month == 2:
            late_back = situation.resumed_on is None or situation.resumed_on > period.end
            share = rng.uniform(0.02, 0.05) if late_back else rng.uniform(0.08, 0.15)
        else:
            share = rng.uniform(0.06, 0.12)
        amount = _share(plan, share) if share else Decimal(0)
        ytd += amount
        cumulative += amount
        progress = float(cumulative / total) if total else 0.0
        if period.last_month == 2:
            workers = base_workers if not situation.still_stopped else 0
        else:
            workers = 0 if situation.still_stopped else int(base_workers * rng.uniform(1.1, 1.5))
        if new_in_period:
            workers = max(15, workers // 3)
        resumed = situation.resumed_on is not None and situation.resumed_on <= period.end
        text = progress_text(
            site,
            progress,
            started_on=project.actual_start,
            period=period,
            finishing=finishing and period.last_month >= 3,
        )
        stopped_because = STOPPED_BECAUSE.get(situation.reason, "")
        if situation.still_stopped:
            stopped_on = situation.stopped_on
            text += f"；{stopped_on.month}月{stopped_on.day}日起{stopped_because}暂停施工"
        problems = ""
        if situation.still_stopped:
            problems = f"{stopped_because}，已暂停施工，请求协调解决"
        elif resumed and situation.resumed_on >= date(YEAR, 3, 1) and period.last_month == 3:
            back = situation.resumed_on
            problems = f"受疫情影响，外省务工人员返岗滞后，{back.month}月{back.day}日才复工"
        elif rng.random() < (0.35 if period.last_month == 2 else 0.2):
            problems = site.problem
        floors = 0
        if site.kind in ("building", "factory") and not new_in_period:
            floors = max(1, min(site.top, round(progress * site.top * 1.3)))
        reasons = []
        if plan is not None and ytd > plan:
            reasons.append("年度计划调整前已签订合同，完成投资超过年度计划")
        if cumulative > total:
            reasons.append("总投资调整正在报批")
        figures[period] = Figures(
            completed_period=amount,
            completed_ytd=ytd,
            completed_total=cumulative,
            progress_text=text,
            workers_on_site=workers,
            work_resumed=resumed,
            resumed_on=situation.resumed_on if resumed else None,
            problems=problems,
            over_plan_reason="；".join(reasons),
            floors=floors,
        )
    return figures


# --------------------------------------------------------------------------- site photos
_FONT = None


def _font():
    global _FONT
    if _FONT is None:
        try:
            _FONT = ImageFont.load_default(size=15)
        except (TypeError, ImportError):  # pragma: no cover - Pillow without FreeType
            _FONT = ImageFont.load_default()
    return _FONT


def _dms(value):
    """Degrees, minutes and seconds (to the hundredth) as a camera writes them in EXIF."""
    value = abs(float(value))
    degrees = int(value)
    minutes = int((value - degrees) * 60)
    seconds = round((value - degrees - minutes / 60) * 3600, 2)
    return (float(degrees), float(minutes), seconds)


def write_gps(exif, latitude, longitude):
    """Put a place into a photo's EXIF GPS block, as a phone does."""
    gps = exif.get_ifd(ExifTags.IFD.GPSInfo)
    gps[ExifTags.GPS.GPSLatitudeRef] = "N" if latitude >= 0 else "S"
    gps[ExifTags.GPS.GPSLatitude] = _dms(latitude)
    gps[ExifTags.GPS.GPSLongitudeRef] = "E" if longitude >= 0 else "W"
    gps[ExifTags.GPS.GPSLongitude] = _dms(longitude)


def site_photo(*, taken_at, latitude=None, longitude=None, floors=3, seed=""):
    """A small JPEG of a building site, drawn in code, with the camera's date (EXIF
    DateTimeOriginal, local time) and, if given, the place (GPS)."""
    rng = random.Random(f"{SEED}|photo|{seed}")
    width, height = 480, 360
    image = Image.new("RGB", (width, height))
    draw = ImageDraw.Draw(image)
    horizon = rng.randint(180, 220)
    for band in range(12):  # the sky, lighter towards the horizon
        shade = 150 + band * 7
        top = band * horizon // 12
        draw.rectangle((0, top, width, (band + 1) * horizon // 12), fill=(shade - 60, shade, 235))
    hill = (
        [(0, horizon)]
        + [(x, horizon - rng.randint(10, 45)) for x in range(0, width + 60, 60)]
        + [(width, horizon)]
    )
    draw.polygon(hill, fill=(96, 128, 88))
    draw.rectangle((0, horizon, width, height), fill=(158, 120, 82))  # red earth of Yunnan
    for _ in range(5):  # heaps of earth and gravel
        x, w = rng.randint(0, width), rng.randint(40, 110)
        draw.ellipse((x - w, horizon + 30, x + w, horizon + 90), fill=(135, 100, 70))
    left = rng.randint(150, 250)
    storey = 18
    for level in range(max(0, floors)):  # a concrete frame, one slab per floor
        y = horizon + 60 - (level + 1) * storey
        draw.rectangle((left, y, left + 150, y + 4), fill=(190, 190, 185))
        for column in range(6):
            x = left + column * 29
            draw.rectangle((x, y, x + 5, y + storey), fill=(175, 175, 170))
    mast = left - 30
    top = max(20, horizon + 60 - max(floors, 3) * storey - 60)
    draw.rectangle((mast, top, mast + 6, horizon + 60), fill=(230, 180, 30))  # tower crane
    draw.line((mast - 60, top + 6, mast + 200, top + 6), fill=(230, 180, 30), width=5)
    draw.line((mast + 150, top + 6, mast + 150, top + 70), fill=(60, 60, 60), width=1)
    draw.rectangle((20, height - 60, 90, height - 30), fill=(240, 200, 40))  # an excavator
    draw.line((90, height - 50, 130, height - 90), fill=(240, 200, 40), width=6)
    draw.text(
        (width - 150, height - 26),
        taken_at.strftime("%Y-%m-%d %H:%M"),
        font=_font(),
        fill=(255, 170, 0),
    )

    exif = Image.Exif()
    make, model = rng.choice(PHONES)
    stamp = taken_at.strftime("%Y:%m:%d %H:%M:%S")
    exif[ExifTags.Base.Make], exif[ExifTags.Base.Model] = make, model
    exif[ExifTags.Base.DateTime] = stamp
    exif.get_ifd(ExifTags.IFD.Exif)[ExifTags.Base.DateTimeOriginal] = stamp
    if latitude is not None and longitude is not None:
        write_gps(exif, latitude, longitude)
    out = io.BytesIO()
    image.save(out, "JPEG", quality=70, exif=exif)
    return out.getvalue()


# --------------------------------------------------------------------------- the build
@dataclass
class Plan:
    """What happens to one project's report in one period."""

    project: Project
    figures: Figures
    status: str = ReportStatus.APPROVED
    lock: bool = False
    late: bool = False
    missing: bool = False
    no_change: bool = False
    corrected: bool = False
    return_reason: str = ""
    photo_outside_period: bool = False
    report: MonthlyReport | None = field(default=None, repr=False)


class ReportBuilder:
    def __init__(self, say=None):
        self.say = say or (lambda message: None)
        users = {
            u.username: u
            for u in User.objects.filter(username__in=["city", "hongta", "jiangchuan", "owner"])
        }
        self.city = users["city"]
        self.owner = users.get("owner")
        self.counties = [users[name] for name in ("hongta", "jiangchuan") if name in users]
        self.fills = {
            user.pk: set(reporting_projects(user, "fill").values_list("pk", flat=True))
            for user in [self.owner, *self.counties]
            if user is not None
        }
        self.stamps = {}  # report pk -> (submitted_at, reviewed_at)
        self.evidence_threshold = Decimal(settings.REPORT_EVIDENCE_THRESHOLD)

    def filler(self, project):
        """The owner account for its unit's projects, the county's account for the others in
        its county; the system (no account) where the demo has no account for the county."""
        for user in [self.owner, *self.counties]:
            if user is not None and project.pk in self.fills[user.pk]:
                return user
        return None

    def reviewer(self, project):
        for user in self.counties:
            if project.pk in self.fills[user.pk]:
                return user
        return self.city

    # ------------------------------------------------------------------ plans
    def plans(self, periods):
        jan_feb, march = periods
        due = {
            period: list(
                due_projects(period, user=self.city)
                .select_related("region", "owner_unit")
                .prefetch_related("plans")
                .order_by("name")
            )
            for period in periods
        }
        projects = list({p.pk: p for period in periods for p in due[period]}.values())
        status = situations(projects)
        figures = {p.pk: plan_figures(p, periods, status[p.pk]) for p in projects}
        plans = {
            period: {p.pk: Plan(p, figures[p.pk][period]) for p in due[period]}
            for period in periods
        }
        self.mark_jan_feb(plans[jan_feb])
        self.mark_march(plans[march], status, jan_feb)
        return plans

    def mark_jan_feb(self, plans):
        rng = _rng("jan-feb")
        rows = list(plans.values())
        for plan in rows:
            plan.lock = True
        waiting = rng.sample(rows, 4)  # the county has not got to them yet
        for plan in waiting:
            plan.status, plan.lock = ReportStatus.SUBMITTED, False
        approved = [plan for plan in rows if plan.status == ReportStatus.APPROVED]
        for plan in rng.sample(approved, 3):  # approved, not locked yet
            plan.lock = False
        for plan in rng.sample(approved, len(LATE_DAYS_JAN_FEB)):
            plan.late = True

    def mark_march(self, plans, status, jan_feb):
        rng = _rng("march")
        rows = list(plans.values())
        free = [plan for plan in rows if not self._is_owners(plan.project)]

        def take(candidates, count=1):
            candidates = sorted(candidates, key=lambda p: p.project.name)
            chosen = rng.sample(candidates, min(count, len(candidates)))
            for plan in chosen:
                free.remove(plan)
            return chosen

        # 无变化: a project in the statistics still stopped for want of funds.
        stopped = [
            p
            for p in free
            if status[p.project.pk].still_stopped
            and p.project.actual_start < jan_feb.start
            and p.project.in_statistics_date is not None
        ]
        for plan in take(stopped):
            plan.no_change, plan.status = True, ReportStatus.APPROVED
        # The owner account's projects: one returned, the newest awaiting review, the rest
        # approved, so that its 4月 form opens pre-filled from approved figures.
        owned = sorted(
            (p for p in rows if self._is_owners(p.project)),
            key=lambda p: (p.project.actual_start, p.project.name),
        )
        if len(owned) >= 3:
            owned[-1].status, owned[-1].return_reason = ReportStatus.RETURNED, RETURN_REASONS[0]
        if len(owned) >= 4:
            owned[-2].status = ReportStatus.SUBMITTED
        # A photo taken in February on a 红塔区 report awaiting the county's review.
        hongta = self.counties[0] if self.counties else None
        big = [p for p in free if p.figures.completed_period > self.evidence_threshold]
        in_hongta = [p for p in big if hongta and p.project.pk in self.fills[hongta.pk]]
        for plan in take(in_hongta or big):
            plan.status, plan.photo_outside_period = ReportStatus.SUBMITTED, True
        # Locked, then corrected by the city: a city-level project.
        city_level = [p for p in free if p.project.region.code == "530400"]
        for plan in take(city_level or free):
            plan.status, plan.lock, plan.corrected = ReportStatus.APPROVED, True, True
        # Returned, so that three (with the owner's) wait for their filler.
        returned = 3 - sum(p.status == ReportStatus.RETURNED for p in rows)
        county_rows = [p for p in free if self.filler(p.project) is not None]
        for index, plan in enumerate(take(county_rows, min(1, returned))):
            plan.status, plan.return_reason = ReportStatus.RETURNED, RETURN_REASONS[1 + index]
        returned = 3 - sum(p.status == ReportStatus.RETURNED for p in rows)
        for index, plan in enumerate(take(free, returned)):
            plan.status, plan.return_reason = ReportStatus.RETURNED, RETURN_REASONS[-1 - index]
        # Missing: three projects not in the statistics yet (so the only 入库 project with
        # nothing completed in 3月 is the 无变化 one).
        outside = [
            p
            for p in free
            if not p.project.in_statistics_date or p.project.in_statistics_date > date(YEAR, 3, 31)
        ]
        for plan in take(outside, 3):
            plan.missing = True
        # Awaiting review, and late.
        for plan in take(free, 12):
            plan.status = ReportStatus.SUBMITTED
        handed_in = [
            p
            for p in rows
            if not p.missing
            and p.status != ReportStatus.RETURNED
            and not p.corrected
            and not p.photo_outside_period
        ]
        for plan in rng.sample(
            sorted(handed_in, key=lambda p: p.project.name), len(LATE_DAYS_MARCH)
        ):
            plan.late = True

    def _is_owners(self, project):
        return self.owner is not None and project.pk in self.fills[self.owner.pk]

    # ------------------------------------------------------------------ writing
    def submission_day(self, plan, period, rng, late_days):
        if plan.late:
            return late_days.pop(0)
        first = max(period.deadline - timedelta(days=8), plan.project.actual_start)
        return first + timedelta(days=rng.randint(0, (period.deadline - first).days))

    def file(self, plan, period, late_days):
        project, figures = plan.project, plan.figures
        rng = _rng(project.code or project.name, period.last_month, "file")
        by, reviewer = self.filler(project), self.reviewer(project)
        day = self.submission_day(plan, period, rng, late_days)
        if plan.no_change:
            report = report_no_change(project, period, by=by)
        else:
            report = save_report(project, period, by=by, **figures.as_fields())
            if figures.completed_period > self.evidence_threshold:
                self.photo(report, plan, period, day, by, rng)
            report = submit_report(report, by=by, version=report.version)
        submitted_at = _moment(day, rng.randint(12, 18), rng.randint(0, 59))  # photos: mornings
        reviewed_at = None
        review_day = day + timedelta(days=rng.randint(1, 3))
        if plan.status == ReportStatus.RETURNED:
            report = return_report(
                report, by=reviewer, version=report.version, reason=plan.return_reason
            )
            reviewed_at = _moment(review_day, rng.randint(9, 17), rng.randint(0, 59))
        elif plan.status == ReportStatus.APPROVED:
            report = approve_report(report, by=reviewer, version=report.version)
            reviewed_at = _moment(review_day, rng.randint(9, 17), rng.randint(0, 59))
        if plan.lock:
            report = lock_report(report, by=self.city, version=report.version)
            reviewed_at = _moment(period.deadline + timedelta(days=12), 10, rng.randint(0, 59))
        if plan.corrected:
            corrected = _share(figures.completed_period, "0.8")
            cut = figures.completed_period - corrected
            report = correct_report(
                report,
                by=self.city,
                version=report.version,
                reason=CORRECTION_REASON,
                completed_period=corrected,
                completed_ytd=figures.completed_ytd - cut,
                completed_total=figures.completed_total - cut,
            )
        plan.report = report
        self.stamps[report.pk] = (submitted_at, reviewed_at)
        return report

    def photo(self, report, plan, period, submitted_on, by, rng):
        project = plan.project
        if plan.photo_outside_period:
            day = period.start - timedelta(days=rng.randint(10, 20))  # last month's photo
        else:
            last = min(submitted_on, period.end)
            first = max(period.start, project.actual_start, last - timedelta(days=12))
            day = first + timedelta(days=rng.randint(0, max(0, (last - first).days)))
        taken_at = datetime.combine(
            day, time(rng.randint(8, 11), rng.randint(0, 59), rng.randint(0, 59))
        )
        latitude = longitude = None
        if project.latitude is not None and project.longitude is not None:
            north, east = site_of(project).photo_offset
            latitude = project.latitude + Decimal(north).scaleb(-6)
            longitude = project.longitude + Decimal(east).scaleb(-6)
        content = site_photo(
            taken_at=taken_at,
            latitude=latitude,
            longitude=longitude,
            floors=plan.figures.floors,
            seed=f"{project.code or project.name}-{period}",
        )
        attach_evidence(
            report,
            by=by,
            kind=AttachmentKind.PHOTO,
            content=content,
            name=f"IMG_{taken_at:%Y%m%d_%H%M%S}.jpg",
        )

    def set_times(self):
        """The 2020 moments of submission and review (the services stamped the load time)."""
        reports = [
            MonthlyReport(pk=pk, submitted_at=submitted_at, reviewed_at=reviewed_at)
            for pk, (submitted_at, reviewed_at) in self.stamps.items()
        ]
        MonthlyReport.objects.bulk_update(reports, ["submitted_at", "reviewed_at"], batch_size=200)

    # ------------------------------------------------------------------ statistics
    def statistics(self, period, plans):
        """The bureau's year-to-date figures for the projects in the statistics by the end of
        the period: close to the owner's, two diverging (one explained, one not)."""
        rng = _rng("statistics", period.last_month)
        reports = {
            r.project_id: r
            for r in MonthlyReport.objects.filter(period=period).exclude(status=ReportStatus.DRAFT)
        }
        projects = Project.objects.filter(
            in_statistics_date__lte=period.end, pk__in=[*plans]
        ).order_by("name")
        rows = []
        for project in projects:
            report = reports.get(project.pk)
            owner_ytd = report.completed_ytd if report else plans[project.pk].figures.completed_ytd
            rows.append((project, owner_ytd))
        candidates = [
            row
            for row in rows
            if row[1] > self.evidence_threshold and not plans[row[0].pk].no_change
        ]
        diverging = rng.sample(candidates, 2)
        explained = diverging[0]
        figures = []
        for project, owner_ytd in rows:
            if (project, owner_ytd) in diverging:
                share = rng.uniform(0.62, 0.82)  # payments lag the works
            elif owner_ytd == 0:
                share = 0
            else:
                share = rng.uniform(0.96, 1.03)
            amount = _share(owner_ytd, share) if share else Decimal(0)
            figure = record_statistics_figure(project, period, by=self.city, completed_ytd=amount)
            if (project, owner_ytd) == explained:
                figure = explain_divergence(
                    figure,
                    by=self.city,
                    version=figure.version,
                    reason=DivergenceReason.PAYMENT_LAG,
                    reason_text="工程款按合同节点支付，财务支出滞后于形象进度",
                )
            figures.append(figure)
        return figures

    # ------------------------------------------------------------------ all of it
    def build(self):
        periods = ReportingPeriod.periods_for_year(YEAR)
        jan_feb, march = periods[0], periods[1]
        plans = self.plans([jan_feb, march])
        for period, late_days in ((jan_feb, LATE_DAYS_JAN_FEB), (march, LATE_DAYS_MARCH)):
            late_days = list(late_days)
            for plan in plans[period].values():
                if not plan.missing:
                    self.file(plan, period, late_days)
        self.set_times()
        statistics = sum(len(self.statistics(p, plans[p])) for p in (jan_feb, march))
        summary = {
            str(period): {
                "due": len(plans[period]),
                **{
                    str(label): MonthlyReport.objects.filter(period=period, status=value).count()
                    for value, label in ReportStatus.choices
                },
                "missing": sum(plan.missing for plan in plans[period].values()),
            }
            for period in (jan_feb, march)
        }
        self.say(f"月报: {summary}; 统计局数据 {statistics} 条")
        return {"periods": summary, "statistics_figures": statistics}


def build(demo):
    """The reporting step of the demo: reports for 2020年1-2月 and 3月 for the demo's started
    projects (after the projects step has made them and the accounts)."""
    result = ReportBuilder(demo.say).build()
    return {
        "counts": {
            "reports": MonthlyReport.objects.count(),
            "statistics_figures": result["statistics_figures"],
        },
        "reports": result["periods"],
    }
