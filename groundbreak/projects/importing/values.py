"""Cells of a county's table → the values a project stores: names, amounts, dates, look-ups."""

import difflib
import functools
import re
from collections import Counter, defaultdict
from datetime import date, datetime, timedelta

from django.utils.translation import gettext as _

from groundbreak.accounts.models import Department, Leader, OwnerUnit
from groundbreak.core.money import AmountError, parse_amount
from groundbreak.imports.columns import normalise_text
from groundbreak.projects.choices import ConstructionNature, ProjectField, Stage
from groundbreak.projects.models import (
    KeyProjectLevel,
    Project,
)
from groundbreak.projects.validators import normalise_project_code
from groundbreak.regions.models import Region, Sector

TEXT_FIELDS = {
    "construction_content": 2000,
    "address": 200,
    "contact_person": 50,
    "contact_phone": 30,
    "notes": 2000,
}


STAGE_WORDS = (
    (r"储备", Stage.RESERVE),
    (r"前期|预备|谋划", Stage.PRELIMINARY),
    (r"新开工|拟开工|新建开工", Stage.NEW_START),
    (r"续建|在建", Stage.CONTINUING),
    (r"投产|运营|达产", Stage.IN_PRODUCTION),
    (r"竣工|完工|建成", Stage.COMPLETED),
)


NATURE_WORDS = (
    (r"新建", ConstructionNature.NEW),
    (r"扩建|改扩建", ConstructionNature.EXPANSION),
    (r"改建|技改|技术改造", ConstructionNature.RECONSTRUCTION),
    (r"迁建|搬迁", ConstructionNature.RELOCATION),
)


FIELD_WORDS = (
    (r"基础设施|基础|交通|水利|能源|城建", ProjectField.INFRASTRUCTURE),
    (r"社会事业|社会|民生|教育|卫生|文化", ProjectField.SOCIAL),
    (r"产业发展|产业|工业|制造|农业|服务业|旅游", ProjectField.INDUSTRY),
)


def name_key(name):
    """How project names are compared: NFKC (全角→半角), no spaces, one kind of bracket."""
    text = normalise_text(name)
    return text.replace("(", "（").replace(")", "）").lower()


def clean_name(value):
    return " ".join(str(value or "").split())


class RowError(Exception):
    def __init__(self, field, message):
        super().__init__(message)
        self.field, self.message = field, message


class SimilarNames:
    """Names close to a given one, among thousands, without comparing with every one of them.

    An index from character pairs to names narrows the field to names sharing many of the
    given name's pairs; pairs that stand in most names of a county ("工程", "项目", "红塔") are
    left out of the index, as they tell nothing. difflib then ranks the few left.
    """

    def __init__(self, names, cutoff=0.75, common=0.05):
        self.names, self.cutoff = list(names), cutoff
        postings = defaultdict(list)
        for index, name in enumerate(self.names):
            for pair in set(self._pairs(name)):
                postings[pair].append(index)
        limit = max(20, int(len(self.names) * common))
        self.postings = {pair: ids for pair, ids in postings.items() if len(ids) <= limit}

    @staticmethod
    def _pairs(text):
        return [text[i : i + 2] for i in range(len(text) - 1)] or [text]

    def close_to(self, name, n=3):
        pairs = [p for p in set(self._pairs(name)) if p in self.postings]
        if not pairs:
            return []
        hits = Counter(index for pair in pairs for index in self.postings[pair])
        pool = [self.names[i] for i, count in hits.most_common(20) if count * 2 >= len(pairs)]
        return difflib.get_close_matches(name, pool, n=n, cutoff=self.cutoff)


class _Lookups:
    """Reference data read once per import, so that no row costs a query."""

    def __init__(self, user, region):
        from groundbreak.accounts.models import Role

        self.memo = {}
        self.region_codes = set(Region.objects.values_list("code", flat=True))
        allowed = region.descendant_ids()
        if user is not None and user.role == Role.COUNTY and not user.is_superuser:
            allowed &= user.region.descendant_ids()
        self.regions = list(Region.objects.filter(pk__in=allowed))
        self.sectors = list(Sector.objects.all())
        self.leaders = list(Leader.objects.all())
        self.departments = {name_key(d.name): d for d in Department.objects.all()}
        self.owners = {name_key(o.name): o for o in OwnerUnit.objects.all()}
        self.levels = {name_key(k.name): k for k in KeyProjectLevel.objects.all()}
        changeable = (
            Project.objects.restrict(user, "change") if user is not None else Project.objects.all()
        )
        in_scope = changeable.filter(region__in=self.regions).select_related(
            "owner_unit", "region", "sector", "leader_in_charge", "department_in_charge"
        )
        self.by_code, self.by_name = {}, {}
        for project in in_scope.order_by("pk"):
            if project.code:
                self.by_code[project.code] = project
            self.by_name.setdefault(name_key(project.name), project)
        self.other_codes = set(
            Project.objects.exclude(pk__in=[p.pk for p in self.by_code.values()])
            .exclude(code="")
            .values_list("code", flat=True)
        )
        self.similar = SimilarNames(self.by_name)


def _text(value):
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return str(value).strip()


def _values(row, table, lookups, region, plan_year):
    """The row's cells as the values they will be stored as; raises RowError on the first bad cell."""
    cells, values, warnings = row.cells, {}, []
    name = clean_name(cells.get("name"))
    if not name:
        raise RowError("name", _("The project name is missing."))
    if len(name) > 200:
        raise RowError("name", _("The project name is longer than 200 characters."))
    values["name"] = name
    for money in ("total_investment", "annual_plan"):
        if money in table.columns:
            try:
                amount = parse_amount(cells.get(money), unit=table.columns[money].unit)
            except AmountError as error:
                raise RowError(money, str(error)) from error
            if amount is not None and amount < 0:
                raise RowError(
                    money,
                    _("An amount cannot be negative here: %(value)s.")
                    % {"value": cells.get(money)},
                )
            if amount is not None:
                values[money] = amount
    if "annual_plan" in values:
        values["plan_year"] = plan_year
    if "plan_year" in table.columns and _text(cells.get("plan_year")):
        try:
            values["plan_year"] = int(float(_text(cells.get("plan_year"))))
        except ValueError as error:
            raise RowError(
                "plan_year", _("%(value)s is not a year.") % {"value": cells.get("plan_year")}
            ) from error
    code = normalise_project_code(_text(cells.get("code")))
    if code:
        values["code"] = code
    owner = clean_name(cells.get("owner"))
    if owner:
        values["owner_unit"] = lookups.owners.get(
            _owner_key(owner, lookups), owner
        )  # a new owner stays a name
    values["region"] = _region(cells.get("region"), lookups, region)
    field_text = _text(cells.get("field")) or row.section
    if field_text:
        found = _word(FIELD_WORDS, field_text) or _choice(ProjectField, field_text)
        if found:
            values["field"] = found
        elif _text(cells.get("field")):
            raise RowError(
                "field",
                _("%(value)s is not a field: use 基础设施, 社会事业 or 产业发展.")
                % {"value": field_text},
            )
    sector_text = _text(cells.get("sector"))
    if sector_text:
        values["sector"] = _sector(sector_text, lookups)
    stage_text = _text(cells.get("stage"))
    if stage_text:
        stage = _word(STAGE_WORDS, stage_text, whole=True) or _choice(Stage, stage_text)
        if not stage:
            raise RowError(
                "stage",
                _("%(value)s is not a stage: use 储备, 前期, 新开工, 续建, 竣工 or 投产.")
                % {"value": stage_text},
            )
        values["stage"] = stage
    for date_field in ("planned_start", "planned_completion", "actual_start"):
        if date_field in table.columns and _text(cells.get(date_field)):
            values[date_field] = parse_date_cell(cells.get(date_field), date_field)
    years = _text(cells.get("years"))
    if years:
        start, end = parse_span(years)
        values.setdefault("planned_start", start)
        values.setdefault("planned_completion", end)
    nature_text = _text(cells.get("nature"))
    if nature_text:
        nature = _word(NATURE_WORDS, nature_text, whole=True)
        if nature:
            values["construction_nature"] = nature
        elif not _word(STAGE_WORDS, nature_text, whole=True):  # "续建" here is a stage word
            raise RowError(
                "nature",
                _("%(value)s is not a construction nature: use 新建, 扩建, 改建 or 迁建.")
                % {"value": nature_text},
            )
    for text_field, limit in TEXT_FIELDS.items():
        text = _text(cells.get(text_field))
        if text:
            values[text_field] = text[:limit]
            if len(text) > limit:
                warnings.append(
                    _("%(field)s was cut to %(n)s characters.")
                    % {"field": Project._meta.get_field(text_field).verbose_name, "n": limit}
                )
    leader_text = clean_name(cells.get("leader"))
    if leader_text:
        values["leader_in_charge"] = _leader(leader_text, lookups)
    department_text = clean_name(cells.get("department"))
    if department_text:
        department = lookups.departments.get(name_key(department_text))
        if department is None:
            raise RowError(
                "department", _("%(value)s is not a known department.") % {"value": department_text}
            )
        values["department_in_charge"] = department
    levels_text = _text(cells.get("key_levels"))
    if levels_text:
        levels = []
        for part in re.split(r"[、,，;；/\s]+", levels_text):
            if not part:
                continue
            level = lookups.levels.get(name_key(part)) or lookups.levels.get(
                name_key(part.replace('"', "“"))
            )
            if level is None:
                raise RowError(
                    "key_levels", _("%(value)s is not a key-project level.") % {"value": part}
                )
            levels.append(level)
        values["key_levels"] = levels
    return values, warnings


def _owner_key(owner, lookups):
    key = ("owner", owner)
    if key not in lookups.memo:
        lookups.memo[key] = name_key(owner)
    return lookups.memo[key]


@functools.lru_cache(maxsize=4096)
def _word(words, text, whole=False):
    """The value whose words the text uses. A stage must be the word itself ("续建", "续建项目"),
    a field may stand inside a section label ("一、基础设施类")."""
    text = normalise_text(text)
    for pattern, value in words:
        if whole and re.fullmatch(f"(?:{pattern})(?:项目|阶段|类|中)?", text):
            return value
        if not whole and re.search(pattern, text):
            return value
    return None


def _choice(choices, text):
    for value, label in choices.choices:
        if text.lower() in (value, str(label).lower()):
            return value
    return None


def _memo(function):
    """Counties repeat the same few sectors, regions and stages on every row: look each text up once."""

    def lookup(text, lookups, *args):
        cache = lookups.memo  # one import's reference data, one cache
        key = (function.__name__, text, *args)
        if key not in cache:
            try:
                cache[key] = (function(text, lookups, *args), None)
            except RowError as error:
                cache[key] = (None, error)
        value, error = cache[key]
        if error:
            raise error
        return value

    return lookup


@_memo
def _region(value, lookups, default):
    text = normalise_text(value)
    if not text:
        return default
    for region in lookups.regions:
        if text in (region.code, normalise_text(region.name)) or (
            len(text) >= 2 and region.name.startswith(text)
        ):
            return region
    raise RowError("region", _("%(value)s is not a region you may import into.") % {"value": value})


@_memo
def _sector(text, lookups):
    key = normalise_text(text)
    letter = key[:1].upper()
    for sector in lookups.sectors:
        if key.upper() == sector.code or normalise_text(sector.name) == key:
            return sector
    for sector in lookups.sectors:
        if key and (key in normalise_text(sector.name) or normalise_text(sector.name) in key):
            return sector
    if len(key) > 1 and key[1:2] in " ." and letter in {s.code for s in lookups.sectors}:
        return next(s for s in lookups.sectors if s.code == letter)
    raise RowError(
        "sector",
        _("%(value)s is not a sector of GB/T 4754 (e.g. 制造业, or its letter C).")
        % {"value": text},
    )


@_memo
def _leader(text, lookups):
    key = name_key(text)
    for leader in lookups.leaders:
        if key in (name_key(leader.name), name_key(str(leader))):
            return leader
    raise RowError(
        "leader_in_charge", _("%(value)s is not a known leader in charge.") % {"value": text}
    )


_DATE_PATTERNS = [
    re.compile(r"^(\d{4})[-/.年](\d{1,2})[-/.月](\d{1,2})日?$"),
    re.compile(r"^(\d{4})[-/.年](\d{1,2})月?$"),
    re.compile(r"^(\d{4})(\d{2})(\d{2})$"),
]


def parse_date_cell(value, field_name="date"):
    """A date as counties write it: a date cell, 2020-03-13, 2020/3/13, 2020.3.13, 2020年3月13日,
    2020年3月 or 2020.3 (the first of the month), or an Excel day number."""
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    if isinstance(value, (int, float)) and 20000 < value < 80000:
        return date(1899, 12, 30) + timedelta(days=int(value))  # Excel's day numbers
    text = normalise_text(value)
    for pattern in _DATE_PATTERNS:
        match = pattern.match(text)
        if match:
            parts = [int(p) for p in match.groups()] + [1]
            try:
                return date(parts[0], parts[1], parts[2])
            except ValueError:
                break
    raise RowError(
        field_name, _("%(value)s is not a date: write 2020-03-13 or 2020年3月.") % {"value": value}
    )


_SPAN_POINT = re.compile(r"((?:19|20)\d{2})(?:\s*[.年/-]\s*(\d{1,2})(?!\d))?")


def parse_span(text):
    """A construction period as counties write it: 2019-2021, 2019年-2021年, 2020.03-2022.12,
    2020年3月至2022年12月 → (first day of the start, last day of the end)."""
    points = [(int(y), int(m) if m else None) for y, m in _SPAN_POINT.findall(normalise_text(text))]
    if not points or any(m is not None and not 1 <= m <= 12 for _y, m in points):
        raise RowError(
            "years", _("%(value)s is not a span of years such as 2019-2021.") % {"value": text}
        )
    (y1, m1), (y2, m2) = points[0], points[-1]
    start = date(y1, m1 or 1, 1)
    end = (
        date(y2, 12, 31) if m2 is None else date(y2 + m2 // 12, m2 % 12 + 1, 1) - timedelta(days=1)
    )
    return start, end
