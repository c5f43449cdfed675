"""The projects' step of the demo (演示数据): Yuxi (玉溪), first quarter of 2020, after the city's
2020 article.

Everything the article states as a figure holds exactly in the data:

* 25 Feb 2020: the city's groundbreaking batch of 120 projects, 163.5亿 total, 85.4亿 planned
  for 2020, in all three fields and every county and the zone; 9 of them in 红塔区 for 15.7亿.
* 13 Mar 2020: 红塔区's own batch of 16 projects in 红塔工业园区, 30.86亿, all three fields.
* 43 major industrial projects (provincial "三个一百"), all stopped in January and all back at
  work by the end of February.
* 6 highways under construction; 滇中引水工程玉溪段 back at work on 10 Feb.

Around them: continuing, completed and in-production projects, a preliminary pool and a
reserve pool, departments and leaders in charge, owner units and one demo account per role.
The data are made through the project services (``by=None``: the system), so every project
has its history and timeline. ``random.Random(2020)`` makes the same demo every time.
"""

import random
from datetime import date, timedelta
from decimal import Decimal
from fractions import Fraction

from groundbreak.accounts.models import Department, Leader, OwnerUnit, Role, User
from groundbreak.projects.choices import (
    ConstructionNature,
    ProjectField,
    Stage,
    StoppageReason,
    WorkStatusKind,
)
from groundbreak.projects.models import (
    GroundbreakingBatch,
    KeyProjectLevel,
    Project,
    WorkStatusEvent,
)
from groundbreak.projects.services import (
    change_stage,
    create_project,
    mark_in_statistics,
    record_work_status,
    save_batch,
)
from groundbreak.regions.models import Region, Sector

PASSWORD = "groundbreak"
DEMO_USERNAMES = ("city", "hongta", "jiangchuan", "dept", "owner", "leader", "auditor")
# Its writes' warnings are evaluated once, at the end of the step (see demo/builder.py): the
# alerts step drops them anyway and evaluates the city at the demo's date.
GATHER_PROJECT_CHANGES = True

CITY = "530400"
HONGTA = "530402"
JIANGCHUAN = "530403"
ZONE = "530400GX"

CITY_BATCH_NAME = "2020年一季度建设项目集中开工"
CITY_BATCH_DATE = date(2020, 2, 25)
HONGTA_BATCH_NAME = "红塔区2020年第一批建设项目集中开工"
HONGTA_BATCH_DATE = date(2020, 3, 13)

CITY_KEY = "city-key"
FOUR_HUNDRED = "province-four-hundred"
THREE_HUNDRED_INDUSTRY = "province-three-hundred-industry"

INFRA, SOCIAL, INDUSTRY = ProjectField.INFRASTRUCTURE, ProjectField.SOCIAL, ProjectField.INDUSTRY

# Region code -> (name used in project names, prefix of its units' names, centre lat/lon, towns)
PLACES = {
    CITY: ("玉溪市", "玉溪市", "24.351800", "102.542700", ["红塔区", "江川区", "澄江市"]),
    HONGTA: (
        "红塔区",
        "玉溪市红塔区",
        "24.354000",
        "102.545000",
        ["玉兴街道", "凤凰街道", "北城街道", "春和街道", "李棋街道", "大营街街道", "研和街道"],
    ),
    JIANGCHUAN: (
        "江川区",
        "玉溪市江川区",
        "24.287000",
        "102.754000",
        ["大街街道", "江城镇", "前卫镇", "九溪镇", "路居镇", "雄关乡", "安化彝族乡"],
    ),
    "530481": (
        "澄江市",
        "澄江市",
        "24.674000",
        "102.908000",
        ["凤麓街道", "龙街街道", "右所镇", "海口镇", "九村镇", "阳宗镇"],
    ),
    "530423": (
        "通海县",
        "通海县",
        "24.112000",
        "102.760000",
        ["秀山街道", "九街街道", "河西镇", "杨广镇", "四街镇", "纳古镇", "里山彝族乡"],
    ),
    "530424": (
        "华宁县",
        "华宁县",
        "24.193000",
        "102.929000",
        ["宁州街道", "盘溪镇", "华溪镇", "青龙镇", "通红甸彝族苗族乡"],
    ),
    "530425": (
        "易门县",
        "易门县",
        "24.671000",
        "102.163000",
        ["龙泉街道", "六街街道", "绿汁镇", "浦贝彝族乡", "铜厂彝族乡", "十街彝族乡"],
    ),
    "530426": (
        "峨山县",
        "峨山彝族自治县",
        "24.169000",
        "102.405000",
        ["双江街道", "小街街道", "化念镇", "甸中镇", "塔甸镇", "富良棚乡"],
    ),
    "530427": (
        "新平县",
        "新平彝族傣族自治县",
        "24.070000",
        "101.990000",
        ["桂山街道", "古城街道", "戛洒镇", "扬武镇", "漠沙镇", "水塘镇"],
    ),
    "530428": (
        "元江县",
        "元江哈尼族彝族傣族自治县",
        "23.597000",
        "101.999000",
        ["澧江街道", "红河街道", "甘庄街道", "因远镇", "曼来镇", "羊街乡"],
    ),
    ZONE: (
        "玉溪高新区",
        "玉溪高新区",
        "24.392000",
        "102.586000",
        ["九龙片区", "研和片区", "龙泉片区"],
    ),
}
COUNTIES = [code for code in PLACES if code not in (CITY, HONGTA)]  # the other eight + the zone
PROJECT_REGIONS = [code for code in PLACES if code != CITY]  # counties and the zone
BRIEF = {  # how a county is written in a company name
    HONGTA: "红塔",
    JIANGCHUAN: "江川",
    "530481": "澄江",
    "530423": "通海",
    "530424": "华宁",
    "530425": "易门",
    "530426": "峨山",
    "530427": "新平",
    "530428": "元江",
    ZONE: "玉溪",
}

DRC = "市发展和改革委员会"
MIIT = "市工业和信息化局"
TRANSPORT = "市交通运输局"
WATER = "市水利局"
HOUSING = "市住房和城乡建设局"
EDUCATION = "市教育体育局"
HEALTH = "市卫生健康委员会"
CULTURE = "市文化和旅游局"
AGRICULTURE = "市农业农村局"
COMMERCE = "市商务局"
DEPARTMENTS = [
    DRC,
    MIIT,
    TRANSPORT,
    WATER,
    HOUSING,
    EDUCATION,
    HEALTH,
    CULTURE,
    AGRICULTURE,
    COMMERCE,
]

# Invented leaders; the department -> leader map is who takes charge of a department's projects.
LEADERS = [
    ("张建华", "市委常委、常务副市长"),
    ("李卫东", "副市长"),
    ("王丽萍", "副市长"),
    ("赵志强", "副市长"),
    ("陈国平", "市委常委、副市长"),
    ("刘春燕", "副市长"),
    ("孙海涛", "市政府党组成员、玉溪高新区党工委书记"),
]
DEPARTMENT_LEADER = {
    DRC: "张建华",
    MIIT: "李卫东",
    COMMERCE: "李卫东",
    TRANSPORT: "赵志强",
    WATER: "赵志强",
    HOUSING: "陈国平",
    EDUCATION: "王丽萍",
    HEALTH: "王丽萍",
    CULTURE: "王丽萍",
    AGRICULTURE: "刘春燕",
}
ZONE_LEADER = "孙海涛"
INDUSTRY_LEADER = "李卫东"  # the demo "leader" account
SENIOR_LEADER = "张建华"

# A template: (name pattern, sector, industry division, department, owner kind, content kind,
# construction nature, median total in 万元, fits the city level and the zone).
# {c}: the place as written in names; {t}/{u}: towns.
INFRA_TEMPLATES = [
    ("{c}城区道路提质改造工程", "G", 48, HOUSING, "cityinvest", "road", "reconstruction", 18000, 1),
    ("{c}{t}至{u}公路改扩建工程", "G", 48, TRANSPORT, "cityinvest", "road", "expansion", 26000, 0),
    (
        "{c}污水处理厂提标改造及配套管网工程",
        "N",
        77,
        HOUSING,
        "cityinvest",
        "pipe",
        "reconstruction",
        12000,
        1,
    ),
    ("{c}城乡供水一体化工程", "D", 46, WATER, "cityinvest", "pipe", "new", 22000, 0),
    ("{c}{t}水库扩建工程", "N", 76, WATER, "cityinvest", "reservoir", "expansion", 16000, 0),
    ("{c}{t}河道综合治理工程", "N", 76, WATER, "cityinvest", "river", "new", 7000, 0),
    ("{c}城市地下综合管廊工程", "N", 78, HOUSING, "cityinvest", "pipe", "new", 38000, 1),
    (
        "{c}城镇老旧小区改造工程",
        "N",
        78,
        HOUSING,
        "cityinvest",
        "generic",
        "reconstruction",
        6000,
        0,
    ),
    ("{c}{t}110千伏输变电工程", "D", 44, DRC, "grid", "power", "new", 8000, 1),
    ("{c}天然气利用工程", "D", 45, DRC, "cityinvest", "pipe", "new", 9000, 1),
    ("{c}5G通信基站建设工程", "I", 63, MIIT, "telecom", "telecom", "new", 5000, 1),
    ("{c}物流园区基础设施建设项目", "G", 59, COMMERCE, "cityinvest", "generic", "new", 28000, 1),
    ("{c}智慧停车场建设项目", "G", 54, HOUSING, "cityinvest", "generic", "new", 4500, 1),
    ("{c}{t}集镇基础设施建设项目", "N", 78, HOUSING, "cityinvest", "road", "new", 5500, 0),
    ("{c}园区道路及配套基础设施工程", "G", 48, MIIT, "cityinvest", "road", "new", 21000, 1),
    ("{c}{t}土地开发整理项目", "N", 78, HOUSING, "cityinvest", "generic", "new", 15000, 1),
]
SOCIAL_TEMPLATES = [
    ("{c}人民医院综合住院楼建设项目", "Q", 84, HEALTH, "hospital", "hospital", "new", 18000, 0),
    (
        "{c}人民医院发热门诊及传染病区改扩建项目",
        "Q",
        84,
        HEALTH,
        "hospital",
        "hospital",
        "expansion",
        3800,
        0,
    ),
    ("{c}中医医院迁建项目", "Q", 84, HEALTH, "cityinvest", "hospital", "relocation", 14000, 0),
    ("{c}疾病预防控制中心业务楼建设项目", "Q", 84, HEALTH, "cityinvest", "generic", "new", 2800, 0),
    ("{c}养老服务中心建设项目", "Q", 85, HEALTH, "cityinvest", "generic", "new", 4600, 1),
    ("{c}第一中学扩建工程", "P", 83, EDUCATION, "school", "school", "expansion", 8500, 0),
    ("{c}第一中学学生宿舍及食堂建设项目", "P", 83, EDUCATION, "school", "school", "new", 3600, 0),
    ("{c}职业高级中学实训基地建设项目", "P", 83, EDUCATION, "cityinvest", "school", "new", 5200, 0),
    ("{c}{t}幼儿园新建项目", "P", 83, EDUCATION, "cityinvest", "school", "new", 1300, 1),
    ("{c}全民健身中心建设项目", "R", 89, EDUCATION, "cityinvest", "generic", "new", 7600, 1),
    ("{c}文化馆图书馆建设项目", "R", 88, CULTURE, "cityinvest", "generic", "new", 5600, 0),
    ("{c}棚户区改造项目", "K", 70, HOUSING, "cityinvest", "housing", "reconstruction", 26000, 1),
    ("{c}公共租赁住房建设项目", "K", 70, HOUSING, "cityinvest", "housing", "new", 7800, 1),
    ("{c}人才公寓建设项目", "K", 70, HOUSING, "cityinvest", "housing", "new", 9600, 1),
    ("{c}{t}中心小学改扩建工程", "P", 83, EDUCATION, "cityinvest", "school", "expansion", 2400, 0),
]
CITY_INFRA_TEMPLATES = [t for t in INFRA_TEMPLATES if t[8]]
ZONE_SOCIAL_TEMPLATES = [t for t in SOCIAL_TEMPLATES if t[8]]

# Industrial businesses: (company name suffix, sector, divisions, department, products).
# {n} becomes a small number. The first group is industry proper (工业); the rest are the
# other industrial-development businesses (agriculture, tourism, commerce).
MANUFACTURING = [
    (
        "生物医药有限公司",
        "C",
        (27,),
        MIIT,
        [
            "中药材精深加工项目",
            "生物医药产业化基地建设项目",
            "原料药及制剂生产线建设项目",
            "医疗器械生产线建设项目",
        ],
    ),
    (
        "新材料科技有限公司",
        "C",
        (30, 39),
        MIIT,
        ["年产{n}万吨新型建材项目", "新型功能材料生产线建设项目", "锂电池正极材料生产线项目"],
    ),
    (
        "食品有限公司",
        "C",
        (13, 14),
        MIIT,
        ["高原特色农产品精深加工项目", "冷链仓储及食品加工项目", "年产{n}万吨果蔬饮料项目"],
    ),
    (
        "装备制造有限公司",
        "C",
        (34, 35),
        MIIT,
        ["智能装备制造基地建设项目", "农机装备生产线技术改造项目"],
    ),
    ("汽车零部件有限公司", "C", (36,), MIIT, ["汽车零部件生产线建设项目", "新能源汽车配套件项目"]),
    ("钢铁有限公司", "C", (31,), MIIT, ["节能环保技术改造项目", "产能置换升级改造项目"]),
    ("电子科技有限公司", "C", (39,), MIIT, ["电子元器件生产线建设项目", "智能终端生产基地项目"]),
    ("化工有限公司", "C", (26,), MIIT, ["精细化工技术改造项目", "年产{n}万吨磷化工产品项目"]),
    (
        "彩印包装有限公司",
        "C",
        (22, 23),
        MIIT,
        ["烟用材料生产线技术改造项目", "绿色印刷包装产业园项目"],
    ),
    ("实业有限公司", "C", (33, 29), MIIT, ["金属制品生产线建设项目", "年产{n}万套塑料制品项目"]),
    ("新能源有限公司", "D", (44,), DRC, ["{n}万千瓦光伏发电项目", "分布式光伏发电项目"]),
]
OTHER_BUSINESSES = [
    (
        "农业开发有限公司",
        "A",
        (1, 3),
        AGRICULTURE,
        ["高原特色花卉产业园项目", "现代农业产业园建设项目", "生猪标准化养殖基地项目"],
    ),
    ("文化旅游开发有限公司", "R", (90,), CULTURE, ["文旅特色小镇建设项目", "旅游度假区建设项目"]),
    ("商贸有限公司", "F", (51, 52), COMMERCE, ["商贸物流中心建设项目", "农产品批发市场建设项目"]),
]
BRANDS = (
    "泰和 华钰 金鼎 鑫源 恒达 瑞丰 汇通 宏泰 兴达 天成 润泽 中禾 康源 远航 嘉禾 宏图 华晟 佳美 "
    "正昌 盛世 昊天 聚能 长兴 永安 新锐 普惠 博众 祥瑞 方圆 云岭 滇润 沃土 清源 海纳 金石 鼎盛 "
    "亿丰 春华 红云 绿洲 通达 龙腾 恒昌 德润 丰源 晨光 锦程 瑞恒"
).split()

CONTENT = {
    "industry": (
        "新建生产厂房及配套用房{a}平方米，购置安装生产设备{n}台（套），建成后年产值约{v}亿元。"
    ),
    "road": "新建（改扩建）道路{k}公里，同步建设排水、照明、绿化及交通安全设施。",
    "pipe": "新建管网{k}公里及泵站、调蓄池等配套设施{n}座。",
    "reservoir": "新建大坝、溢洪道、输水隧洞及灌区配套工程，新增库容{n}万立方米。",
    "river": "综合治理河道{k}公里，建设堤防护岸、截污管网及滨河绿化。",
    "power": "新建变电站1座，主变容量{n}万千伏安，配套架设线路{k}公里。",
    "telecom": "新建5G通信基站{n}座及配套传输线路。",
    "hospital": "新建医疗业务用房{a}平方米，新增床位{n}张，购置医疗设备。",
    "school": "新建教学楼、学生宿舍、食堂等校舍{a}平方米，新增学位{n}个。",
    "housing": "建设住房{n}套、建筑面积{a}平方米及小区配套设施。",
    "generic": "总建筑面积{a}平方米，建设主体工程及室外配套设施。",
}

SURNAMES = "李王张刘陈杨赵黄周吴徐孙马朱胡郭何高罗普段施鲁字毕杞"
GIVEN_NAMES = (
    "建华 志明 丽 敏 红梅 海涛 春燕 国强 永刚 晓东 云 雪梅 文斌 德明 玉兰 家福 俊 涛 静 磊 娟 平 "
    "琼 刚 燕 华 明亮 绍文 兴富 学良 丽华 正伟 春梅 光荣"
).split()


def allocate(total, weights, *, minimum=0, caps=None):
    """Split the integer ``total`` into integers, at least ``minimum`` each and at most
    ``caps[i]``, in proportion to ``weights``; the parts add up to ``total`` exactly."""
    count = len(weights)
    parts = [minimum] * count
    room = [(cap - minimum) if caps else None for cap in (caps or [None] * count)]
    remaining = total - minimum * count
    if remaining < 0 or (caps and remaining > sum(room)):
        raise ValueError("the total cannot be split within the minimum and the caps")
    active = [i for i in range(count) if weights[i] > 0 and (room[i] is None or room[i] > 0)]
    while remaining > 0:
        weight = sum(Fraction(weights[i]) for i in active)
        shares = {i: remaining * Fraction(weights[i]) / weight for i in active}
        full = [i for i in active if room[i] is not None and shares[i] >= room[i]]
        if full:
            for i in full:
                parts[i] += room[i]
                remaining -= room[i]
                room[i] = 0
                active.remove(i)
            continue
        floors = {i: int(shares[i]) for i in active}
        for i in active:
            parts[i] += floors[i]
        remaining -= sum(floors.values())
        for i in sorted(active, key=lambda i: (floors[i] - shares[i], i))[:remaining]:
            parts[i] += 1
        remaining = 0
    return parts


def step_of(total):
    """Amounts are whole 万元 unless the total itself has a fraction (then 0.01万元).

    Whole 万元 also keep database sums exact on SQLite, which adds decimals as floats.
    """
    return Decimal(1) if total == total.to_integral_value() else Decimal("0.01")


def present():
    """Whether the demo has been loaded (its city batch exists)."""
    return GroundbreakingBatch.objects.filter(name=CITY_BATCH_NAME, date=CITY_BATCH_DATE).exists()


class _Builder:
    def __init__(self, stdout):
        self.rng = random.Random(2020)
        self.stdout = stdout
        self.names = set()
        self.serials = self.rng.sample(range(10000, 100000), 600)
        self.projects = []

    def say(self, message):
        if self.stdout is not None:
            self.stdout.write(f"{message}\n")

    # ------------------------------------------------------------------ reference data
    def load_reference(self):
        self.regions = {region.code: region for region in Region.objects.filter(code__in=PLACES)}
        missing = [code for code in PLACES if code not in self.regions]
        if missing:
            raise RuntimeError(
                "The demo needs the Yuxi regions (load groundbreak/regions/data/yuxi.csv first); "
                f"missing: {', '.join(missing)}."
            )
        self.sectors = {sector.code: sector for sector in Sector.objects.all()}
        if not set("ACDFGIKNPQR") <= set(self.sectors):
            raise RuntimeError("The demo needs the GB/T 4754 sectors (migration regions 0002).")
        self.levels = {level.code: level for level in KeyProjectLevel.objects.all()}
        if not {CITY_KEY, FOUR_HUNDRED, THREE_HUNDRED_INDUSTRY} <= set(self.levels):
            raise RuntimeError("The demo needs the key-project levels (migration projects 0002).")

    def person(self):
        return self.rng.choice(SURNAMES) + self.rng.choice(GIVEN_NAMES)

    def phone(self, landline=False):
        if landline:
            return f"0877-{self.rng.randint(2000000, 8999999)}"
        return (
            f"1{self.rng.choice('3589')}{self.rng.randint(0, 9)}{self.rng.randint(0, 99999999):08d}"
        )

    def credit_code(self, region_code, public=False):
        gb = "530402" if region_code == ZONE else region_code
        alphabet = "0123456789ABCDEFGHJKLMNPQRTUWXY"
        tail = "".join(self.rng.choice(alphabet) for _ in range(10))
        return f"{'12' if public else '91'}{gb}{tail}"

    def make_people(self):
        self.departments = {}
        for name in DEPARTMENTS:
            self.departments[name] = Department.objects.create(
                name=name, contact_person=self.person(), contact_phone=self.phone(landline=True)
            )
        self.leaders = {name: Leader.objects.create(name=name, post=post) for name, post in LEADERS}

    def unit(self, name, region_code, *, public=False):
        return OwnerUnit.objects.create(
            name=name,
            credit_code=self.credit_code(region_code, public),
            legal_representative=self.person(),
            contact_person=self.person(),
            contact_phone=self.phone(),
        )

    def make_owners(self):
        """Public owners per county, city-level owners and the industrial companies."""
        self.public_owners = {}
        for code in PROJECT_REGIONS:
            name, prefix = PLACES[code][:2]
            if code == ZONE:
                zone_unit = self.unit("玉溪高新区开发投资有限公司", code)
                self.public_owners[code] = dict.fromkeys(
                    ["cityinvest", "hospital", "school"], zone_unit
                )
                continue
            self.public_owners[code] = {
                "cityinvest": self.unit(f"{prefix}城市建设投资开发有限公司", code),
                "hospital": self.unit(f"{prefix}人民医院", code, public=True),
                "school": self.unit(f"{name}第一中学", code, public=True),
            }
        city = {
            "cityinvest": "玉溪市城市建设投资开发集团有限公司",
            "transport": "玉溪市交通建设投资集团有限公司",
            "water": "玉溪市水务产业投资有限公司",
            "hospital": "玉溪市人民医院",
            "school": "玉溪第一中学",
            "grid": "玉溪电网建设发展有限公司",
            "telecom": "玉溪信息通信网络建设有限公司",
            "tourism": "玉溪市文化旅游投资集团有限公司",
            "diversion": "滇中引水工程玉溪段建设管理处",
            "yuchu": "云南玉楚高速公路投资开发有限公司",
            "huami": "云南华弥高速公路建设发展有限公司",
            "tongjian": "云南通建高速公路投资有限公司",
        }
        public = {"hospital", "school", "diversion"}
        self.city_owners = {
            key: self.unit(name, CITY, public=key in public) for key, name in city.items()
        }
        for code in PROJECT_REGIONS:
            self.public_owners[code]["grid"] = self.city_owners["grid"]
            self.public_owners[code]["telecom"] = self.city_owners["telecom"]
        self.public_owners[CITY] = self.city_owners

        # 44 companies, four or more in every county and the zone; the first three of each
        # place are manufacturers so that every place can carry major industrial projects.
        brands = list(BRANDS)
        self.rng.shuffle(brands)
        places = PROJECT_REGIONS * 4 + [HONGTA, ZONE, HONGTA, "530481"]
        self.companies = {code: [] for code in PROJECT_REGIONS}
        used = set()
        for index, code in enumerate(places):
            if index < len(PROJECT_REGIONS) * 3:
                business = self.rng.choice(MANUFACTURING)
            else:
                business = self.rng.choice(MANUFACTURING + OTHER_BUSINESSES * 2)
            prefix = self.rng.choice(["玉溪", "云南", BRIEF[code], BRIEF[code]])
            brand = brands.pop()
            name = f"{prefix}{brand}{business[0]}"
            while name in used:  # pragma: no cover - brands are unique
                name = f"云南{name}"
            used.add(name)
            owner = self.unit(name, code)
            self.companies[code].append(
                {"unit": owner, "short": f"{prefix}{brand}", "business": business}
            )
        # The owner demo account's company: the first manufacturer in 红塔区.
        self.demo_company = self.companies[HONGTA][0]

    # ------------------------------------------------------------------ helpers
    def town(self, code, exclude=None):
        towns = [t for t in PLACES[code][4] if t != exclude]
        return self.rng.choice(towns)

    def unique_name(self, candidates):
        for name in candidates:
            if name not in self.names:
                self.names.add(name)
                return name
        base = candidates[0]
        suffix = next((s for s in ("项目", "工程") if base.endswith(s)), "")
        stem = base.removesuffix(suffix) if suffix else base
        for number in ("二", "三", "四", "五", "六"):
            name = f"{stem}{number}期{suffix}"
            if name not in self.names:
                self.names.add(name)
                return name
        raise RuntimeError(f"No free project name for {base}")  # pragma: no cover

    def template_name(self, template, code):
        pattern = template[0]
        candidates = []
        for _ in range(4):
            t = self.town(code)
            candidates.append(pattern.format(c=PLACES[code][0], t=t, u=self.town(code, exclude=t)))
        return self.unique_name(candidates)

    def company_name(self, company):
        products = list(company["business"][4])
        self.rng.shuffle(products)
        candidates = [
            company["short"] + product.format(n=self.rng.choice([1, 2, 3, 5, 6, 8, 10, 12, 20, 30]))
            for product in products
        ]
        return self.unique_name(candidates)

    def code(self, year, region_code, division, kind):
        gb = "530402" if region_code == ZONE else region_code
        serial = self.serials.pop()
        check = self.rng.choice("01234567890123456789X")
        return f"{year}-{gb}-{division:02d}-{kind:02d}-{serial:05d}{check}"

    def point(self, code):
        lat, lon = PLACES[code][2:4]
        return (
            Decimal(lat) + Decimal(self.rng.randint(-60000, 60000)).scaleb(-6),
            Decimal(lon) + Decimal(self.rng.randint(-60000, 60000)).scaleb(-6),
        )

    def address(self, code):
        region = self.regions[code]
        return f"{region.name}{self.town(code)}"

    def content(self, kind, total):
        scale = max(1, int(total) // 1000)
        return CONTENT[kind].format(
            a=self.rng.randint(6, 30) * 100 * scale,
            n=self.rng.randint(2, 40) * max(1, scale // 4),
            v=round(self.rng.randint(2, 30) * max(1, scale // 10) / 10, 1),
            k=round(self.rng.randint(12, 150) * max(1, scale // 10) / 10, 1),
        )

    def amount(self, median, *, sigma=0.6, low=500, high=None, step=10):
        value = median * self.rng.lognormvariate(0, sigma)
        value = max(low, value if high is None else min(high, value))
        return Decimal(int(round(value / step)) * step)

    def plan(self, total, low, high):
        """This year's planned investment: between low% and high% of the total."""
        step = step_of(total)
        units = int(total / step) * self.rng.randint(low * 100, high * 100) // 10000
        return units * step

    def funding(self, field, total):
        rng = self.rng
        if field == INDUSTRY:
            weights = {
                "funding_enterprise": rng.randint(40, 80),
                "funding_loans": rng.randint(20, 60),
                "funding_government": rng.choice([0, 0, rng.randint(2, 10)]),
            }
        elif field == INFRA:
            weights = {
                "funding_government": rng.randint(10, 40),
                "funding_bonds": rng.randint(20, 60),
                "funding_loans": rng.choice([0, rng.randint(10, 40)]),
                "funding_other": rng.choice([0, 0, rng.randint(2, 10)]),
            }
        else:
            weights = {
                "funding_government": rng.randint(30, 60),
                "funding_bonds": rng.randint(20, 50),
                "funding_other": rng.choice([0, rng.randint(5, 20)]),
            }
        names = [name for name, weight in weights.items() if weight]
        step = step_of(total)
        parts = allocate(int(total / step), [weights[name] for name in names])
        return {name: part * step for name, part in zip(names, parts, strict=True)}

    def leader(self, department, region_code, total, key_levels):
        if not key_levels and total < 20000:
            return None
        if region_code == ZONE:
            return self.leaders[ZONE_LEADER]
        return self.leaders[DEPARTMENT_LEADER[department]]

    def key_levels(self, field, total):
        levels = []
        if total >= 50000:
            levels.append(CITY_KEY)
        if field != INDUSTRY and total >= 100000:
            levels.append(FOUR_HUNDRED)
        return levels

    def create(self, *, levels=(), **fields):
        project = create_project(by=None, key_levels=[self.levels[c] for c in levels], **fields)
        self.projects.append(project)
        return project

    def spec_from_template(self, template, code):
        """Name, field, sector, department, owner and content from a template for a place."""
        _pattern, sector, division, department, owner_kind, content, nature, median, _zone = (
            template
        )
        field = INFRA if template in INFRA_TEMPLATES else SOCIAL
        return {
            "name": self.template_name(template, code),
            "field": field,
            "sector": sector,
            "division": division,
            "department": department,
            "owner": self.public_owners[code][owner_kind],
            "content_kind": content,
            "nature": nature,
            "median": median,
            "kind": 1,  # government investment: approval (审批)
        }

    def spec_from_company(self, company):
        suffix, sector, divisions, department, _products = company["business"]
        return {
            "name": self.company_name(company),
            "field": INDUSTRY,
            "sector": sector,
            "division": self.rng.choice(divisions),
            "department": department,
            "owner": company["unit"],
            "content_kind": "industry",
            "nature": self.rng.choice(["new", "new", "expansion", "reconstruction"]),
            "median": 15000,
            "kind": 3,  # enterprise investment: filing (备案)
        }

    def spec(self, field, code, *, industrial_only=False):
        if field == INDUSTRY:
            companies = self.companies[code] if code in self.companies else []
            if industrial_only:
                companies = [c for c in companies if c["business"] in MANUFACTURING]
            return self.spec_from_company(self.rng.choice(companies))
        if code == CITY:
            templates = CITY_INFRA_TEMPLATES if field == INFRA else ZONE_SOCIAL_TEMPLATES
        elif code == ZONE:
            templates = CITY_INFRA_TEMPLATES if field == INFRA else ZONE_SOCIAL_TEMPLATES
        else:
            templates = INFRA_TEMPLATES if field == INFRA else SOCIAL_TEMPLATES
        return self.spec_from_template(self.rng.choice(templates), code)

    def fields_for(
        self,
        spec,
        code,
        total,
        *,
        stage,
        year,
        actual_start=None,
        plan=None,
        planned_start=None,
        levels=None,
        with_code=True,
    ):
        levels = self.key_levels(spec["field"], total) if levels is None else levels
        latitude, longitude = self.point(code)
        planned_start = planned_start or actual_start
        values = {
            "name": spec["name"],
            "code": self.code(year, code, spec["division"], spec["kind"]) if with_code else "",
            "owner_unit": spec["owner"],
            "region": self.regions[code],
            "address": self.address(code),
            "latitude": latitude,
            "longitude": longitude,
            "field": spec["field"],
            "sector": self.sectors[spec["sector"]],
            "construction_nature": ConstructionNature(spec["nature"]),
            "construction_content": self.content(spec["content_kind"], total),
            "total_investment": total,
            "plans": {2020: plan} if plan is not None else None,
            "planned_start": planned_start,
            "planned_completion": (
                planned_start + timedelta(days=self.rng.randint(12, 40) * 30)
                if planned_start
                else None
            ),
            "actual_start": actual_start,
            "stage": stage,
            "leader_in_charge": self.leader(spec["department"], code, total, levels),
            "department_in_charge": self.departments[spec["department"]],
            "contact_person": self.person(),
            "contact_phone": self.phone(),
            "levels": levels,
        }
        if stage != Stage.RESERVE:
            values.update(self.funding(spec["field"], total))
        return values

    def registration_day(self):
        """When a reserve or preliminary project entered the system: early 2020, spread out
        without drawing on the random sequence (so every other figure stays as it was)."""
        return date(2020, 1, 2) + timedelta(days=len(self.projects) % 75)

    def random_day(self, start, end):
        return start + timedelta(days=self.rng.randint(0, (end - start).days))

    # ------------------------------------------------------------------ the batches
    def city_batch(self):
        """25 Feb: 120 projects, 163.5亿 total, 85.4亿 this year; 9 in 红塔区 for 15.7亿."""
        rng = self.rng
        places = [HONGTA] * 9
        per_county = allocate(111, [rng.randint(80, 140) for _ in COUNTIES], minimum=8)
        for code, count in zip(COUNTIES, per_county, strict=True):
            places += [code] * count
        fields = [INFRA, SOCIAL, INDUSTRY] + rng.choices(
            [INFRA, SOCIAL, INDUSTRY], [35, 25, 40], k=6
        )
        fields += rng.choices([INFRA, SOCIAL, INDUSTRY], [35, 25, 40], k=111)
        specs = [self.spec(field, code) for code, field in zip(places, fields, strict=True)]
        # A project's weight follows the usual size of its kind (a kindergarten is small).
        weights = [int(spec["median"] * rng.lognormvariate(0, 0.6)) + 1 for spec in specs]
        # Totals in steps of 10万元 (≥ 500万, ≤ 25亿); the two groups add up exactly.
        hongta = allocate(15700, weights[:9], minimum=50, caps=[25000] * 9)
        others = allocate(147800, weights[9:], minimum=50, caps=[25000] * 111)
        totals = [Decimal(part * 10) for part in hongta + others]
        # This year's plan, 85.4亿 in all, never above a project's total.
        plan_weights = [int(total) * rng.randint(30, 80) for total in totals]
        plans = allocate(854000, plan_weights, caps=[int(total) for total in totals])
        projects = []
        for code, spec, total, plan in zip(places, specs, totals, plans, strict=True):
            values = self.fields_for(
                spec,
                code,
                total,
                stage=Stage.NEW_START,
                year=rng.choice([2019, 2020, 2020]),
                actual_start=CITY_BATCH_DATE,
                plan=Decimal(plan),
                planned_start=self.random_day(date(2020, 2, 10), date(2020, 3, 31)),
            )
            projects.append(self.create(**values))
        batch = GroundbreakingBatch(
            name=CITY_BATCH_NAME,
            date=CITY_BATCH_DATE,
            region=self.regions[CITY],
            location="玉溪市主会场（红塔区）及各县市区、玉溪高新区分会场",
            notes="全市2020年一季度建设项目集中开工仪式：120个项目，总投资163.5亿元，"
            "年度计划投资85.4亿元，涵盖基础设施、社会事业、产业发展等重大领域。",
        )
        save_batch(batch, by=None, projects=projects)
        # About two thirds entered the statistics in March; the rest are still being chased.
        for project in rng.sample(projects, 80):
            mark_in_statistics(
                project, by=None, date=self.random_day(date(2020, 3, 2), date(2020, 3, 31))
            )
        self.say(f"集中开工 {CITY_BATCH_DATE}: {len(projects)} 个项目")
        return batch

    def hongta_batch(self):
        """13 Mar, 红塔工业园区: 16 projects, 30.86亿, all three fields."""
        rng = self.rng
        fields = [INFRA, SOCIAL, INDUSTRY, INDUSTRY] + rng.choices(
            [INFRA, SOCIAL, INDUSTRY], [30, 20, 50], k=12
        )
        specs = [self.spec(field, HONGTA) for field in fields[:2]]
        specs.append(self.spec_from_company(self.demo_company))  # the owner demo account's
        specs += [self.spec(field, HONGTA) for field in fields[3:]]
        weights = [int(spec["median"] * rng.lognormvariate(0, 0.6)) + 1 for spec in specs]
        totals = allocate(30860, weights, minimum=50, caps=[12000] * 16)
        projects = []
        for spec, total in zip(specs, totals, strict=True):
            total = Decimal(total * 10)
            values = self.fields_for(
                spec,
                HONGTA,
                total,
                stage=Stage.NEW_START,
                year=2020,
                actual_start=HONGTA_BATCH_DATE,
                plan=self.plan(total, 30, 70),
                planned_start=self.random_day(date(2020, 3, 1), date(2020, 3, 31)),
            )
            if spec["field"] == INDUSTRY:
                park = rng.choice(["研和", "大营街", "春和"])
                values["address"] = f"玉溪市红塔区红塔工业园区{park}片区"
            projects.append(self.create(**values))
        batch = GroundbreakingBatch(
            name=HONGTA_BATCH_NAME,
            date=HONGTA_BATCH_DATE,
            region=self.regions[HONGTA],
            location="红塔工业园区",
            notes="红塔区16个建设项目集中开工，总投资30.86亿元，覆盖基础设施、社会事业、产业发展三大领域。",
        )
        save_batch(batch, by=None, projects=projects)
        for project in rng.sample(projects, 8):
            mark_in_statistics(
                project, by=None, date=self.random_day(date(2020, 4, 1), date(2020, 4, 30))
            )
        self.say(f"集中开工 {HONGTA_BATCH_DATE}: {len(projects)} 个项目")
        return batch

    # ------------------------------------------------------------------ projects under way
    def stop_and_resume(self, project, *, stop, reason, resume=None, workers=None):
        record_work_status(
            project, by=None, kind=WorkStatusKind.SUSPENDED, date=stop, reason=reason
        )
        if resume is not None:
            record_work_status(
                project, by=None, kind=WorkStatusKind.RESUMED, date=resume, workers_on_site=workers
            )

    def major_industrial(self):
        """43 provincial "三个一百" industrial projects: stopped in January, all back by 29 Feb."""
        rng = self.rng
        places = [HONGTA] + [rng.choice(PROJECT_REGIONS) for _ in range(42)]
        for index, code in enumerate(places):
            company = (
                self.demo_company
                if index == 0
                else rng.choice([c for c in self.companies[code] if c["business"] in MANUFACTURING])
            )
            spec = self.spec_from_company(company)
            spec["nature"] = rng.choice(["new", "new", "expansion"])
            total = self.amount(42000, sigma=0.8, low=5000, high=600000)
            start = self.random_day(date(2018, 1, 10), date(2019, 11, 30))
            levels = [THREE_HUNDRED_INDUSTRY] + ([CITY_KEY] if index % 3 == 0 else [])
            values = self.fields_for(
                spec,
                code,
                total,
                stage=Stage.CONTINUING,
                year=start.year - rng.choice([0, 1]),
                actual_start=start,
                plan=self.plan(total, 20, 45),
                levels=levels,
            )
            values["leader_in_charge"] = self.leaders[
                SENIOR_LEADER if total >= 100000 else INDUSTRY_LEADER
            ]
            values["department_in_charge"] = self.departments[MIIT]
            project = self.create(**values)
            mark_in_statistics(project, by=None, date=start + timedelta(days=rng.randint(20, 75)))
            if index % 3 == 1:
                stop, reason = self.random_day(date(2020, 1, 24), date(2020, 1, 31)), "epidemic"
            else:
                stop, reason = (
                    self.random_day(date(2020, 1, 15), date(2020, 1, 23)),
                    "spring_festival",
                )
            # The last ones back are at work on 28–29 February: "截至2月末 … 全部复工".
            resume = (
                date(2020, 2, 29)
                if index == 42
                else self.random_day(date(2020, 2, 3), date(2020, 2, 28))
            )
            self.stop_and_resume(
                project,
                stop=stop,
                reason=StoppageReason(reason),
                resume=resume,
                workers=rng.randint(3, 60) * 10,
            )
        self.say("重大工业项目: 43 个")

    def highways(self):
        """Six highways under construction, 市交通运输局 in charge."""
        roads = [
            (
                "玉溪至楚雄高速公路（玉溪段）",
                "530425",
                "yuchu",
                "1652300",
                date(2017, 11, 28),
                True,
            ),
            ("华宁至弥勒高速公路（玉溪段）", "530424", "huami", "1208700", date(2018, 6, 30), True),
            (
                "通海至建水高速公路（玉溪段）",
                "530423",
                "tongjian",
                "1436000",
                date(2018, 12, 26),
                True,
            ),
            ("玉溪至澄江高速公路", "530481", "transport", "986500", date(2019, 3, 28), False),
            (
                "玉溪至元江高速公路改扩建工程",
                "530428",
                "transport",
                "1873200",
                date(2019, 6, 18),
                True,
            ),
            (
                "玉溪至晋宁高速公路（红塔段）",
                HONGTA,
                "transport",
                "812600",
                date(2017, 9, 15),
                False,
            ),
        ]
        for name, code, owner, total, start, stopped in roads:
            self.names.add(name)
            total = Decimal(total)
            spec = {
                "name": name,
                "field": INFRA,
                "sector": "G",
                "division": 48,
                "department": TRANSPORT,
                "owner": self.city_owners[owner],
                "content_kind": "road",
                "nature": "new" if "改扩建" not in name else "expansion",
                "median": 0,
                "kind": 2,  # approval of a concession (核准)
            }
            values = self.fields_for(
                spec,
                code,
                total,
                stage=Stage.CONTINUING,
                year=start.year - 1,
                actual_start=start,
                plan=self.plan(total, 15, 25),
                levels=[FOUR_HUNDRED, CITY_KEY],
            )
            km = self.rng.randint(40, 120)
            values["construction_content"] = (
                f"全长约{km}公里，双向四车道高速公路标准，设计速度100公里/小时，"
                f"建设桥梁{self.rng.randint(20, 80)}座、隧道{self.rng.randint(3, 15)}座及互通立交。"
            )
            values["leader_in_charge"] = self.leaders["赵志强"]
            project = self.create(**values)
            mark_in_statistics(
                project, by=None, date=start + timedelta(days=self.rng.randint(20, 60))
            )
            if stopped:
                self.stop_and_resume(
                    project,
                    stop=self.random_day(date(2020, 1, 16), date(2020, 1, 22)),
                    reason=StoppageReason.SPRING_FESTIVAL,
                    resume=self.random_day(date(2020, 2, 10), date(2020, 2, 24)),
                    workers=self.rng.randint(30, 150) * 10,
                )
        self.say("在建高速公路: 6 条")

    def water_diversion(self):
        """滇中引水工程玉溪段: stopped for the Spring Festival, back at work on 10 Feb."""
        name = "滇中引水工程玉溪段"
        self.names.add(name)
        total = Decimal("1286400")
        spec = {
            "name": name,
            "field": INFRA,
            "sector": "N",
            "division": 76,
            "department": WATER,
            "owner": self.city_owners["diversion"],
            "content_kind": "river",
            "nature": "new",
            "median": 0,
            "kind": 1,
        }
        values = self.fields_for(
            spec,
            CITY,
            total,
            stage=Stage.CONTINUING,
            year=2017,
            actual_start=date(2018, 3, 28),
            plan=Decimal("168000"),
            levels=[FOUR_HUNDRED, CITY_KEY],
        )
        values["address"] = "玉溪市红塔区、江川区、通海县"
        values["construction_content"] = (
            "建设滇中引水输水总干渠玉溪段隧洞、倒虹吸、渡槽等建筑物及配套工程，进入正洞施工。"
        )
        values["leader_in_charge"] = self.leaders["赵志强"]
        project = self.create(**values)
        mark_in_statistics(project, by=None, date=date(2018, 5, 10))
        self.stop_and_resume(
            project,
            stop=date(2020, 1, 20),
            reason=StoppageReason.SPRING_FESTIVAL,
            resume=date(2020, 2, 10),
            workers=860,
        )
        self.say("滇中引水工程玉溪段: 2020-02-10 复工")

    def other_continuing(self):
        """Other continuing projects; some back in February, some in March, one still stopped."""
        rng = self.rng
        specs = []
        for name, field, sector, division, department, owner, kind, median in [
            (
                "玉溪市人民医院新院区建设项目",
                SOCIAL,
                "Q",
                84,
                HEALTH,
                "hospital",
                "hospital",
                86000,
            ),
            (
                "玉溪市中心城区海绵城市建设项目",
                INFRA,
                "N",
                78,
                HOUSING,
                "cityinvest",
                "pipe",
                64000,
            ),
        ]:
            self.names.add(name)
            specs.append(
                (
                    CITY,
                    {
                        "name": name,
                        "field": field,
                        "sector": sector,
                        "division": division,
                        "department": department,
                        "owner": self.city_owners[owner],
                        "content_kind": kind,
                        "nature": "new",
                        "median": median,
                        "kind": 1,
                    },
                )
            )
        for field in [INFRA] * 4 + [SOCIAL] * 4:
            code = rng.choice(PROJECT_REGIONS)
            specs.append((code, self.spec(field, code)))
        for code in (JIANGCHUAN, "530427"):  # agriculture and tourism, not manufacturing
            companies = [c for c in self.companies[code] if c["business"] not in MANUFACTURING]
            company = (companies or self.companies[code])[0]
            specs.append((code, self.spec_from_company(company)))
        # outcome per project: (suspension reason, resumption date or None)
        outcomes = [
            ("spring_festival", date(2020, 2, 12)),
            ("epidemic", date(2020, 2, 20)),
            (None, None),
            ("spring_festival", date(2020, 3, 5)),
            ("epidemic", date(2020, 2, 26)),
            ("funds", None),
            ("spring_festival", date(2020, 2, 17)),
            (None, None),
            ("epidemic", date(2020, 3, 16)),
            ("spring_festival", date(2020, 2, 21)),
            ("labour", date(2020, 2, 28)),
            (None, None),
        ]
        for index, ((code, spec), (reason, resume)) in enumerate(zip(specs, outcomes, strict=True)):
            total = self.amount(spec["median"], sigma=0.5, low=1000)
            start = self.random_day(date(2018, 3, 1), date(2019, 10, 31))
            values = self.fields_for(
                spec,
                code,
                total,
                stage=Stage.CONTINUING,
                year=start.year,
                actual_start=start,
                plan=self.plan(total, 20, 50),
            )
            project = self.create(**values)
            if index not in (4, 9):  # two have not entered the statistics yet
                mark_in_statistics(
                    project, by=None, date=start + timedelta(days=rng.randint(20, 90))
                )
            if reason:
                self.stop_and_resume(
                    project,
                    stop=self.random_day(date(2020, 1, 14), date(2020, 1, 26)),
                    reason=StoppageReason(reason),
                    resume=resume,
                    workers=rng.randint(2, 30) * 10 if resume else None,
                )

    def finished(self):
        """Continuing projects finished in 2020: three go on into production."""
        rng = self.rng
        plan = [
            (INDUSTRY, date(2020, 4, 28), date(2020, 6, 30)),
            (INDUSTRY, date(2020, 5, 20), date(2020, 7, 15)),
            (INDUSTRY, date(2020, 6, 18), date(2020, 9, 1)),
            (INDUSTRY, date(2020, 6, 30), None),
            (SOCIAL, date(2020, 5, 29), None),
            (INFRA, date(2020, 6, 12), None),
        ]
        for field, completed, producing in plan:
            code = rng.choice(PROJECT_REGIONS)
            spec = self.spec(field, code, industrial_only=True)
            total = self.amount(spec["median"], sigma=0.5, low=2000)
            start = self.random_day(date(2018, 1, 15), date(2018, 12, 20))
            values = self.fields_for(
                spec,
                code,
                total,
                stage=Stage.CONTINUING,
                year=start.year,
                actual_start=start,
                plan=self.plan(total, 10, 30),
            )
            project = self.create(**values)
            mark_in_statistics(project, by=None, date=start + timedelta(days=rng.randint(20, 60)))
            self.stop_and_resume(
                project,
                stop=self.random_day(date(2020, 1, 17), date(2020, 1, 23)),
                reason=StoppageReason.SPRING_FESTIVAL,
                resume=self.random_day(date(2020, 2, 5), date(2020, 2, 25)),
                workers=rng.randint(3, 20) * 10,
            )
            change_stage(
                project, by=None, to_stage=Stage.COMPLETED, date=completed, note="竣工验收"
            )
            if producing:
                change_stage(
                    project, by=None, to_stage=Stage.IN_PRODUCTION, date=producing, note="投产"
                )

    def single_starts(self):
        """Projects that started on their own in spring 2020, one below the statistics threshold."""
        rng = self.rng
        for field in (INFRA, SOCIAL, INDUSTRY, INFRA, SOCIAL):
            code = rng.choice(PROJECT_REGIONS)
            spec = self.spec(field, code)
            total = self.amount(spec["median"], sigma=0.5, low=800)
            start = self.random_day(date(2020, 4, 1), date(2020, 6, 15))
            values = self.fields_for(
                spec,
                code,
                total,
                stage=Stage.NEW_START,
                year=2020,
                actual_start=start,
                plan=self.plan(total, 30, 70),
            )
            project = self.create(**values)
            if rng.random() < 0.6:
                mark_in_statistics(
                    project, by=None, date=start + timedelta(days=rng.randint(10, 40))
                )
        # 386.5万元: below the 500万元 threshold, so it can never enter the statistics.
        name = "江川区路居镇村组道路硬化工程"
        self.names.add(name)
        spec = {
            "name": name,
            "field": INFRA,
            "sector": "G",
            "division": 48,
            "department": TRANSPORT,
            "owner": self.public_owners[JIANGCHUAN]["cityinvest"],
            "content_kind": "road",
            "nature": "reconstruction",
            "median": 0,
            "kind": 1,
        }
        values = self.fields_for(
            spec,
            JIANGCHUAN,
            Decimal("386.50"),
            stage=Stage.NEW_START,
            year=2020,
            actual_start=date(2020, 4, 16),
            plan=Decimal("386.50"),
        )
        values["construction_content"] = "硬化村组道路8.6公里，路面宽4.5米，配套排水边沟。"
        self.create(**values)

    def preliminary(self):
        """20 projects preparing approvals, with their project codes."""
        rng = self.rng
        fields = rng.choices([INFRA, SOCIAL, INDUSTRY], [40, 30, 30], k=19)
        places = [HONGTA] + [rng.choice(PROJECT_REGIONS) for _ in range(18)]
        specs = [(HONGTA, self.spec_from_company(self.demo_company))]
        specs += [
            (code, self.spec(field, code)) for code, field in zip(places, fields, strict=True)
        ]
        for code, spec in specs:
            total = self.amount(spec["median"] * 1.5, sigma=0.7, low=800)
            planned_start = self.random_day(date(2020, 5, 1), date(2021, 6, 30))
            plan = self.plan(total, 10, 30) if planned_start.year == 2020 else None
            values = self.fields_for(
                spec,
                code,
                total,
                stage=Stage.PRELIMINARY,
                year=rng.choice([2019, 2020]),
                plan=plan,
                planned_start=planned_start,
            )
            self.create(stage_since=self.registration_day(), **values)

    def reserve(self):
        """25 reserve projects: the article's big ideas at city level and county projects."""
        rng = self.rng
        city = [
            ("滇中城际铁路玉溪段", INFRA, "G", 48, TRANSPORT, "transport", "3860000"),
            ("玉溪市5G网络全覆盖工程", INFRA, "I", 63, MIIT, "telecom", "186000"),
            (
                "玉溪多式联运物流园及物联网平台建设项目",
                INFRA,
                "G",
                59,
                COMMERCE,
                "transport",
                "420000",
            ),
            ("玉溪市互联互通城市路网工程", INFRA, "G", 48, HOUSING, "cityinvest", "560000"),
            ("玉溪市滇中引水二期配套工程", INFRA, "N", 76, WATER, "water", "680000"),
            ("玉溪市全域旅游基础设施建设项目", INFRA, "N", 78, CULTURE, "tourism", "230000"),
        ]
        specs = []
        for name, field, sector, division, department, owner, total in city:
            self.names.add(name)
            spec = {
                "name": name,
                "field": field,
                "sector": sector,
                "division": division,
                "department": department,
                "owner": self.city_owners[owner],
                "content_kind": "generic",
                "nature": "new",
                "median": 0,
                "kind": 1,
            }
            specs.append((CITY, spec, Decimal(total)))
        for field in rng.choices([INFRA, SOCIAL, INDUSTRY], [45, 25, 30], k=19):
            code = rng.choice(PROJECT_REGIONS)
            spec = self.spec(field, code)
            specs.append((code, spec, self.amount(spec["median"] * 2, sigma=0.8, low=1000)))
        for code, spec, total in specs:
            values = self.fields_for(
                spec,
                code,
                total,
                stage=Stage.RESERVE,
                year=2020,
                planned_start=self.random_day(date(2021, 1, 1), date(2023, 12, 31)),
                levels=[],
                with_code=False,
            )
            values["leader_in_charge"] = None
            if rng.random() < 0.4:
                values["department_in_charge"] = None
            self.create(stage_since=self.registration_day(), **values)

    def from_county_lists(self):
        """A few of 红塔区's and 江川区's projects came in with the county's list, which named
        no owner unit (and for one nothing but name and amounts): they were registered
        without them and wait on the to-complete list (待补全). Chosen without drawing on the
        random sequence, and rewritten in their registration record as well."""
        owner = self.demo_company["unit"]
        for code, count in ((HONGTA, 3), (JIANGCHUAN, 2)):
            waiting = [
                p
                for p in self.projects
                if p.region_id == self.regions[code].pk
                and p.stage in (Stage.RESERVE, Stage.PRELIMINARY)
                and p.owner_unit_id != owner.pk
            ][-count:]
            for index, project in enumerate(waiting):
                gaps = {"owner_unit": None}
                if index == 0:
                    gaps.update(address="", planned_start=None, planned_completion=None)
                Project.objects.filter(pk=project.pk).update(**gaps)
                Project.history.filter(id=project.pk).update(**gaps)
                for name, value in gaps.items():
                    setattr(project, name, value)

    # ------------------------------------------------------------------ accounts
    def accounts(self):
        hongta, jiangchuan = self.regions[HONGTA], self.regions[JIANGCHUAN]
        leader = self.leaders[INDUSTRY_LEADER]
        rows = [
            ("city", "周敏", Role.CITY, {"is_staff": True, "is_superuser": True}),
            ("hongta", "李红梅", Role.COUNTY, {"region": hongta}),
            ("jiangchuan", "杨永刚", Role.COUNTY, {"region": jiangchuan}),
            ("dept", "段晓东", Role.DEPARTMENT, {"department": self.departments[MIIT]}),
            ("owner", "普建明", Role.OWNER, {"owner_unit": self.demo_company["unit"]}),
            ("leader", leader.name, Role.LEADER, {"leader": leader}),
            ("auditor", "何静", Role.AUDITOR, {}),
        ]
        taken = list(
            User.objects.filter(username__in=[r[0] for r in rows]).values_list(
                "username", flat=True
            )
        )
        if taken:
            raise RuntimeError(f"The demo accounts exist already: {', '.join(sorted(taken))}.")
        accounts = []
        for username, display, role, extra in rows:
            user = User(username=username, first_name=display, role=role, **extra)
            user.set_password(PASSWORD)
            user.full_clean()
            user._change_reason = "demo account"
            user.save()
            accounts.append((username, str(user.get_role_display())))
        return accounts

    def build(self):
        self.load_reference()
        self.make_people()
        self.make_owners()
        # Older projects first, so that a company's later project is its 二期, not the reverse.
        self.highways()
        self.water_diversion()
        self.major_industrial()
        self.other_continuing()
        self.finished()
        self.city_batch()
        self.hongta_batch()
        self.single_starts()
        self.preliminary()
        self.reserve()
        self.from_county_lists()
        accounts = self.accounts()
        projects = Project.objects.all()
        return {
            "accounts": accounts,
            "counts": {
                "departments": Department.objects.count(),
                "leaders": Leader.objects.count(),
                "owner_units": OwnerUnit.objects.count(),
                "projects": projects.count(),
                "batches": GroundbreakingBatch.objects.count(),
                "in_statistics": projects.filter(in_statistics_date__isnull=False).count(),
                "work_events": WorkStatusEvent.objects.count(),
            },
            "stages": {
                str(label): projects.filter(stage=value).count() for value, label in Stage.choices
            },
            "regions": [
                (str(region), region.projects.count())
                for region in Region.objects.filter(code__in=PLACES).order_by("sort_order")
            ],
        }


def build(demo):
    """The regions' people, owner units, projects, batches and the demo accounts, into a
    database with regions but no projects (``demo``: the run's DemoRun). Raises RuntimeError if
    there are projects already or the reference data are missing."""
    if Project.objects.exists():
        raise RuntimeError(
            "The database already holds projects; the demo is built only into an empty one."
        )
    return _Builder(demo.stdout).build()
