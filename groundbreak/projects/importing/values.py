"""Cells of a county's table → the values a project stores: names, amounts, dates, look-ups."""

import functools
import re
from datetime import date, datetime, timedelta

from django.utils.translation import gettext as _

from groundbreak.core.messages import Msg
from groundbreak.core.money import AmountError, format_amount, read_amount
from groundbreak.imports.columns import normalise_text
from groundbreak.projects.choices import ConstructionNature, ProjectField, Stage
from groundbreak.projects.models import (
    Project,
)
from groundbreak.projects.validators import normalise_project_code

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


def _text(value):
    if type(value) is str:  # most cells: the quick way first
        return value.strip()
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return str(value).strip()


def _cached(convert):
    """``convert`` remembering its answers (and its refusals) per cell text: a county repeats the
    same few owners, sectors, stages and regions on every row, and a 20,000-row table should
    not look each up 20,000 times. Only text cells are remembered (1, 1.0 and True are equal keys)."""
    cache = {}

    def lookup(raw):
        if type(raw) is not str:
            return convert(raw)
        try:
            value, error = cache[raw]
        except KeyError:
            try:
                value, error = convert(raw), None
            except RowError as refusal:
                value, error = None, refusal
            cache[raw] = value, error
        if error is not None:
            raise error
        return value

    return lookup


# What a row is told of a leader or department the city has not registered (made when needed:
# a Msg is translated as it is made)
UNKNOWN_PERSON = {
    "leader": lambda: Msg(
        "%(value)s is not a known leader in charge: the name is kept in the notes; "
        "choose the leader on the project page."
    ),
    "department": lambda: Msg(
        "%(value)s is not a known department: the name is kept in the notes; "
        "choose the department on the project page."
    ),
}


class RowValues:
    """Turns a table's rows into the values a project stores, one row at a time, raising RowError
    on the first bad cell. Set up once per table: which columns it has and their units."""

    def __init__(self, table, lookups, region, plan_year):
        self.table, self.lookups, self.region, self.plan_year = table, lookups, region, plan_year
        columns = table.columns
        self.money = [(name, columns[name].unit) for name in MONEY_COLUMNS if name in columns]
        self.dates = [name for name in DATE_COLUMNS if name in columns]
        self.texts = [(name, limit) for name, limit in TEXT_FIELDS.items() if name in columns]
        self.has = set(columns)
        self.owner = _cached(self._owner)
        self.region_of = _cached(self._region)
        self.field_of = _cached(self._field)
        self.sector = _cached(lambda text: _sector(_text(text), lookups))
        self.stage = _cached(self._stage)
        self.nature = _cached(self._nature)
        self.leader = _cached(lambda text: _leader(clean_name(text), lookups))
        self.department = _cached(self._department)
        self.levels = _cached(self._levels)
        self.people = (
            ("leader", "leader_in_charge", self.leader),
            ("department", "department_in_charge", self.department),
        )
        from groundbreak.projects.importing.periods import read_period

        periods = {}

        def period(text, *, start, plan_year):
            # a list repeats a few periods on every row: read each once
            key = (text, start, getattr(start, "precision", None), plan_year)
            if key not in periods:
                periods[key] = read_period(text, start=start, plan_year=plan_year)
            return periods[key]

        self.period = period

    def __call__(self, row):
        cells, values, warnings, has = row.cells, {}, [], self.has
        name = clean_name(cells.get("name"))
        if not name:
            raise RowError("name", Msg("The project name is missing."))
        if len(name) > 200:
            raise RowError("name", Msg("The project name is longer than 200 characters."))
        values["name"] = name
        remarks = []
        for money, unit in self.money:
            reading = _amount(cells[money], money, unit)
            if reading.amount is not None:
                values[money] = reading.amount
            if reading.approximate or reading.remark:
                _amount_notes(
                    reading, cells[money], self.table.columns[money].header, warnings, remarks
                )
        if "annual_plan" in values:
            values["plan_year"] = self.plan_year
        if "plan_year" in has and _text(cells["plan_year"]):
            values["plan_year"] = _year(cells["plan_year"])
        if "code" in has:
            code = normalise_project_code(_text(cells["code"]))
            if code:
                values["code"] = code
        if "owner" in has:
            owner = self.owner(cells["owner"])
            if owner:
                values["owner_unit"] = owner
        values["region"] = self.region_of(cells["region"]) if "region" in has else self.region
        field_text = _text(cells["field"]) if "field" in has else ""
        if field_text or row.section:
            found = self.field_of(field_text or row.section)
            if found:
                values["field"] = found
            elif field_text:
                raise RowError(
                    "field",
                    Msg("%(value)s is not a field: use 基础设施, 社会事业 or 产业发展.")
                    % {"value": field_text},
                )
        if "sector" in has and _text(cells["sector"]):
            values["sector"] = self.sector(cells["sector"])
        if "stage" in has and _text(cells["stage"]):
            values["stage"] = self.stage(cells["stage"])
        for date_field in self.dates:
            raw = cells[date_field]
            if raw is not None and (type(raw) is not str or raw.strip()):
                values[date_field] = parse_date_cell(raw, date_field)
        if "years" in has and _text(cells["years"]):
            period = self.period(
                _text(cells["years"]),
                start=values.get("planned_start"),
                plan_year=values.get("plan_year") or self.plan_year,
            )
            if period.start:
                values.setdefault("planned_start", period.start)
            if period.end:
                values.setdefault("planned_completion", period.end)
            if period.warning:
                warnings.append(period.warning)
        if "nature" in has and _text(cells["nature"]):
            nature = self.nature(cells["nature"])
            if nature:
                values["construction_nature"] = nature
        for text_field, limit in self.texts:
            text = _text(cells[text_field])
            if text:
                values[text_field] = text[:limit]
                if len(text) > limit:
                    warnings.append(
                        _("%(field)s was cut to %(n)s characters.")
                        % {"field": Project._meta.get_field(text_field).verbose_name, "n": limit}
                    )
        for column, field_name, read in self.people:
            if column in has and clean_name(cells[column]):
                try:
                    values[field_name] = read(cells[column])
                except RowError:
                    # A county's own bureau (区住建局) or a leader the city has not registered
                    # is not a wrong value: the name is kept, the field left to choose.
                    text = clean_name(cells[column])
                    warnings.append(UNKNOWN_PERSON[column]() % {"value": text})
                    remarks.append(f"{self.table.columns[column].header}：{text}")
        if remarks:
            # what the amounts remark in brackets goes to the project's notes (备注)
            values["_remarks_only"] = not values.get("notes")
            values["notes"] = "；".join([values.get("notes", ""), *remarks]).strip("；")[:2000]
            values["_remarks"] = remarks
        if "key_levels" in has and _text(cells["key_levels"]):
            values["key_levels"] = self.levels(cells["key_levels"])
        return values, warnings

    def _owner(self, raw):
        owner = clean_name(raw)
        if not owner:
            return None
        # a known owner unit, or its name: a new owner is created with the import
        return self.lookups.owners.get(_owner_key(owner, self.lookups), owner)

    def _region(self, raw):
        return _region(raw, self.lookups, self.region)

    def _field(self, raw):
        text = _text(raw)
        return _word(FIELD_WORDS, text) or _choice(ProjectField, text)

    def _stage(self, raw):
        text = _text(raw)
        stage = _word(STAGE_WORDS, text, whole=True) or _choice(Stage, text)
        if not stage:
            raise RowError(
                "stage",
                Msg("%(value)s is not a stage: use 储备, 前期, 新开工, 续建, 竣工 or 投产.")
                % {"value": text},
            )
        return stage

    def _nature(self, raw):
        text = _text(raw)
        nature = _word(NATURE_WORDS, text, whole=True)
        if nature or _word(STAGE_WORDS, text, whole=True):  # "续建" here is a stage word
            return nature
        raise RowError(
            "nature",
            Msg("%(value)s is not a construction nature: use 新建, 扩建, 改建 or 迁建.")
            % {"value": text},
        )

    def _department(self, raw):
        text = clean_name(raw)
        department = self.lookups.departments.get(name_key(text))
        if department is None:
            raise RowError(
                "department", Msg("%(value)s is not a known department.") % {"value": text}
            )
        return department

    def _levels(self, raw):
        levels = []
        for part in re.split(r"[、,，;；/\s]+", _text(raw)):
            if not part:
                continue
            level = self.lookups.levels.get(name_key(part)) or self.lookups.levels.get(
                name_key(part.replace('"', "“"))
            )
            if level is None:
                raise RowError(
                    "key_levels", Msg("%(value)s is not a key-project level.") % {"value": part}
                )
            levels.append(level)
        return levels


MONEY_COLUMNS = ("total_investment", "annual_plan")
DATE_COLUMNS = ("planned_start", "planned_completion", "actual_start")


def _amount(raw, field_name, unit):
    try:
        reading = read_amount(raw, unit=unit)
    except AmountError as error:
        raise RowError(field_name, error.args[0]) from error
    if reading.amount is not None and reading.amount < 0:
        raise RowError(
            field_name, Msg("An amount cannot be negative here: %(value)s.") % {"value": raw}
        )
    return reading


def _amount_notes(reading, raw, header, warnings, remarks):
    """Warn of an approximate amount; keep a remark for the notes and say so."""
    if reading.approximate:
        warnings.append(
            Msg("%(column)s is approximate (%(value)s): imported as %(amount)s 万元.")
            % {"column": header, "value": _text(raw), "amount": format_amount(reading.amount)}
        )
    if reading.remark:
        remarks.append(f"{header}：{reading.remark}")
        warnings.append(
            Msg("The remark on %(column)s (%(remark)s) is added to the notes.")
            % {"column": header, "remark": reading.remark}
        )


def _year(raw):
    text = normalise_text(_text(raw)).removesuffix("年度").removesuffix("年")
    try:
        year = int(float(text))
    except ValueError as error:
        raise RowError("plan_year", Msg("%(value)s is not a year.") % {"value": raw}) from error
    if not 1990 <= year <= 2100:
        raise RowError("plan_year", Msg("%(value)s is not a year.") % {"value": raw})
    return year


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


def _region(value, lookups, default):
    text = normalise_text(value)
    if not text:
        return default
    for region in lookups.regions:
        if text in (region.code, normalise_text(region.name)) or (
            len(text) >= 2 and region.name.startswith(text)
        ):
            return region
    # 项目所在地 often names the place within the county: 红塔区北城街道 is in 红塔区
    within = [r for r in lookups.regions if text.startswith(normalise_text(r.name))]
    if within:
        return max(within, key=lambda r: len(r.name))
    raise RowError(
        "region", Msg("%(value)s is not a region you may import into.") % {"value": value}
    )


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
        Msg("%(value)s is not a sector of GB/T 4754 (e.g. 制造业, or its letter C).")
        % {"value": text},
    )


def _leader(text, lookups):
    key = name_key(text)
    for leader in lookups.leaders:
        if key in (name_key(leader.name), name_key(str(leader))):
            return leader
    raise RowError(
        "leader_in_charge", Msg("%(value)s is not a known leader in charge.") % {"value": text}
    )


class PartialDate(date):
    """A date known to its month (2020-03) or its year (2020) only, kept as one of its days
    (the first; the last for the end of a span). It agrees with every exact date of that
    month or year: an import never replaces a known day with it (2020-03 leaves 2020-03-23
    as it is), while a different month is a real change."""

    def __new__(cls, *args, precision="month"):
        self = super().__new__(cls, *args)
        self.precision = precision
        return self

    def agrees_with(self, other):
        return (
            isinstance(other, date)
            and other.year == self.year
            and (self.precision == "year" or other.month == self.month)
        )

    def label(self):
        return f"{self.year}" if self.precision == "year" else f"{self.year}-{self.month:02d}"


_DATE_PATTERNS = [
    re.compile(r"^(\d{4})[-/.年](\d{1,2})[-/.月](\d{1,2})日?$"),
    re.compile(r"^(\d{4})[-/.年](\d{1,2})月?$"),
    re.compile(r"^(\d{4})(\d{2})(\d{2})$"),
]


def parse_date_cell(value, field_name="date"):
    """A date as counties write it: a date cell, 2020-03-13, 2020/3/13, 2020.3.13, 2020年3月13日,
    2020年3月 or 2020.3 (a ``PartialDate``: the first of the month), or an Excel day number."""
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
            parts = [int(p) for p in match.groups()]
            try:
                if len(parts) == 2:
                    return PartialDate(parts[0], parts[1], 1, precision="month")
                return date(parts[0], parts[1], parts[2])
            except ValueError:
                break
    raise RowError(
        field_name,
        Msg("%(value)s is not a date: write 2020-03-13 or 2020年3月.") % {"value": value},
    )


_SPAN_POINT = re.compile(r"((?:19|20)\d{2})(?:\s*[.年/-]\s*(\d{1,2})(?!\d))?")


def parse_span(text):
    """A construction period as counties write it: 2019-2021, 2019年-2021年, 2020.03-2022.12,
    2020年3月至2022年12月 → (first day of the start, last day of the end), as ``PartialDate``s
    known to the year or the month."""
    points = [(int(y), int(m) if m else None) for y, m in _SPAN_POINT.findall(normalise_text(text))]
    if not points or any(m is not None and not 1 <= m <= 12 for _y, m in points):
        raise RowError(
            "years", Msg("%(value)s is not a span of years such as 2019-2021.") % {"value": text}
        )
    (y1, m1), (y2, m2) = points[0], points[-1]
    start = PartialDate(y1, m1 or 1, 1, precision="year" if m1 is None else "month")
    if m2 is None:
        end = PartialDate(y2, 12, 31, precision="year")
    else:
        last = date(y2 + m2 // 12, m2 % 12 + 1, 1) - timedelta(days=1)
        end = PartialDate(last.year, last.month, last.day, precision="month")
    return start, end
