"""Construction periods (建设年限) as published lists write them: a span of years or months, a
duration (建设工期3年), a start alone (2020年开工), 续建. Read into planned start and completion
where the text says them; never a refusal: what cannot be read stays as a warning quoting it."""

import re
from dataclasses import dataclass
from datetime import date, timedelta

from groundbreak.core.messages import Msg
from groundbreak.imports.columns import normalise_text
from groundbreak.projects.importing.values import PartialDate, RowError, parse_span

_CHINESE_DIGITS = {ch: n for n, ch in enumerate("零一二三四五六七八九")} | {"两": 2}

# 建设工期3年, 工期36个月, 建设期2年, 建设周期18个月, 3年
_DURATION = re.compile(
    r"(?:(?:建设|施工)?(?:工期|期|周期|年限)(?:为|约)?[:：]?)?"
    r"(?P<number>\d+(?:\.\d+)?|[一二两三四五六七八九十]+)(?P<unit>年|个月|月)"
)
_START_ONLY = re.compile(
    r"(?:计划)?(?P<year>(?:19|20)\d{2})年?(?:(?P<month>\d{1,2})月?)?(?:开工|启动)"
)
MAX_MONTHS = 50 * 12  # a longer "duration" is not one a list means
_CONTINUING = re.compile(r"续建(?:项目)?|在建(?:项目)?")


@dataclass(frozen=True, slots=True)
class Period:
    """What a 建设年限 cell says: planned start and completion (None where it says none) and a
    warning in the user's language ("" when the text was a plain span)."""

    start: date | None
    end: date | None
    warning: str = ""


def _chinese_count(text):
    if text.isdigit():
        return int(text)
    if text == "十":
        return 10
    tens, ten, units = text.partition("十")
    if ten:
        return (_CHINESE_DIGITS.get(tens, 1) if tens else 1) * 10 + (
            _CHINESE_DIGITS[units] if units else 0
        )
    return _CHINESE_DIGITS[text]


def _month_end(year, month):
    return date(year + month // 12, month % 12 + 1, 1) - timedelta(days=1)


def _after(start, months):
    """The last day of the ``months``-th month from ``start``'s (its own month the first)."""
    index = start.year * 12 + start.month - 1 + months - 1
    year, month = divmod(index, 12)
    last = _month_end(year, month + 1)
    whole_years = getattr(start, "precision", "") == "year" and months % 12 == 0
    return PartialDate(
        last.year, last.month, last.day, precision="year" if whole_years else "month"
    )


def read_period(text, *, start=None, plan_year):
    """The period ``text`` states. ``start``: the row's planned start, if it has one, from which a
    duration counts; else the duration counts from the list's plan year."""
    normal = normalise_text(text)
    if not normal:
        return Period(None, None)
    if _CONTINUING.fullmatch(normal):
        return Period(
            None,
            None,
            Msg("Construction period %(value)s: a continuing project, no dates read from it.")
            % {"value": text},
        )
    duration = _DURATION.fullmatch(normal)
    if (
        duration
        and duration["unit"] == "年"
        and re.fullmatch(r"(?:19|20)\d{2}", duration["number"])
    ):
        duration = None  # "2020年" is the year 2020, not two thousand years of works
    if duration:
        number = duration["number"]
        try:
            count = float(number) if "." in number else _chinese_count(number)
        except KeyError:
            count = 0
        months = count * 12 if duration["unit"] == "年" else count
        if months and float(months).is_integer() and months <= MAX_MONTHS:
            begin = start or PartialDate(plan_year, 1, 1, precision="year")
            end = _after(begin, int(months))
            return Period(
                None if start else begin,
                end,
                Msg("Construction period %(value)s: counted from %(start)s, completion %(end)s.")
                % {"value": text, "start": _label(begin), "end": _label(end)},
            )
    start_only = _START_ONLY.fullmatch(normal)
    if start_only:
        month = int(start_only["month"] or 0)
        if 0 <= month <= 12:
            return Period(
                PartialDate(
                    int(start_only["year"]),
                    month or 1,
                    1,
                    precision="month" if month else "year",
                ),
                None,
            )
    try:
        begin, end = parse_span(text)
    except RowError:
        return Period(
            None,
            None,
            Msg(
                "Construction period %(value)s could not be read as dates; no dates were taken from it."
            )
            % {"value": text},
        )
    return Period(begin, end)


def _label(day):
    return day.label() if isinstance(day, PartialDate) else day.isoformat()
