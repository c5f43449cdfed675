"""The period of a report or statistics import: read from the console's 2020-03, kept in the
import's options, and checked against the table's headers and title."""

import re

from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext as _

from groundbreak.imports.columns import normalise_text
from groundbreak.reporting.models import ReportingPeriod

_PERIOD_TEXT = re.compile(r"^\s*(\d{4})\s*[-/.年]\s*(\d{1,2})\s*月?\s*$")
_RANGE = re.compile(r"(\d{1,2})?[-—~至](\d{1,2})月")
_MONTH = re.compile(r"(?<!\d)(\d{1,2})月(?!\d{1,2}日)")
_YEAR = re.compile(r"(20\d{2})年")


def period_from_text(text, *, create=True):
    """'2020-03' → the period 2020年3月; '2020-01' and '2020-02' both → 2020年1-2月. The year's
    periods are created when it has none (and ``create``). Raises ValidationError otherwise."""
    match = _PERIOD_TEXT.match(str(text or ""))
    year, month = (int(match.group(1)), int(match.group(2))) if match else (0, 0)
    if not match or not 1 <= month <= 12 or not 2000 <= year <= timezone.localdate().year + 1:
        raise ValidationError(
            _("%(value)s is not a reporting period: write the year and month, e.g. 2020-03.")
            % {"value": text}
        )
    last_month = max(month, 2)
    period = ReportingPeriod.objects.filter(year=year, last_month=last_month).first()
    if period is None and create:
        ReportingPeriod.periods_for_year(year)
        period = ReportingPeriod.objects.filter(year=year, last_month=last_month).first()
    if period is None:
        raise ValidationError(
            _("There is no reporting period %(value)s.") % {"value": f"{year}-{month:02d}"}
        )
    return period


def clean_options(options):
    """The options a report or statistics import needs: {"period": <pk>}."""
    options = dict(options or {})
    value = options.get("period")
    if isinstance(value, ReportingPeriod):
        value = value.pk
    period = None
    if value not in (None, ""):
        period = (
            ReportingPeriod.objects.filter(pk=int(value)).first() if str(value).isdigit() else None
        )
        if period is None and not str(value).isdigit():
            period = period_from_text(value)
    if period is None:
        raise ValidationError({"period": _("Choose the reporting period the table is for.")})
    options["period"] = period.pk
    return options


def period_of(options):
    return ReportingPeriod.objects.get(pk=clean_options(options)["period"])


def _months_text(first, last):
    return f"{last}月" if first == last else f"{first}-{last}月"


def check_period_columns(table, period):
    """Refuse a table whose headers (or title) count other months, or another year, than the
    period chosen: a 1-2月 table imported as 3月 would write February's figures as March's."""

    def refuse(where, months):
        raise ValidationError(
            _(
                "%(where)s counts %(months)s, but this import is for %(period)s: choose the period the table is for."
            )
            % {"where": where, "months": months, "period": period}
        )

    for name in ("completed_period", "completed_ytd"):
        column = table.columns.get(name)
        if column is None:
            continue
        text = normalise_text(column.header)
        where = _("The column %(header)s") % {"header": column.header}
        for year in _YEAR.findall(text):
            if int(year) != period.year:
                refuse(where, f"{year}年")
        for first, last in _RANGE.findall(text):
            first = int(first or 1)
            expected = (1 if name == "completed_ytd" else period.first_month, period.last_month)
            if (first, int(last)) != expected:
                refuse(where, _months_text(first, int(last)))
        for month in _MONTH.findall(_RANGE.sub("", text)):
            if int(month) != period.last_month or (
                name == "completed_period" and period.first_month != period.last_month
            ):
                refuse(where, f"{int(month)}月")
    # The title is looser ("…推进情况（截至3月31日）"): it must name the period where it names any.
    title = normalise_text(table.title)
    where = _("The title %(title)s") % {"title": table.title}
    years = {int(y) for y in _YEAR.findall(title)}
    if years and period.year not in years:
        refuse(where, "、".join(f"{y}年" for y in sorted(years)))
    named = [(int(first or 1), int(last)) for first, last in _RANGE.findall(title)]
    named += [(int(m), int(m)) for m in _MONTH.findall(_RANGE.sub("", title))]
    if named and period.last_month not in [last for _first, last in named]:
        refuse(where, "、".join(_months_text(first, last) for first, last in named))
