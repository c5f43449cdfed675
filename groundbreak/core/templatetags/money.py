import re
from decimal import Decimal

from django import template

from groundbreak.core.money import format_amount, format_wan, format_yi

register = template.Library()


@register.filter
def wan(amount):
    """An amount in 万元, with thousands separators: 3,086.50."""
    return "" if amount in (None, "") else format_wan(amount)


@register.filter
def yi(amount):
    """An amount held in 万元, shown in 亿元: 308600 → 30.86."""
    return "" if amount in (None, "") else format_yi(amount)


@register.filter
def amount(value):
    """An amount in 万元 as messages and change logs show it (see money.format_amount)."""
    return format_amount(value)


_STORED_AMOUNT = re.compile(r"-?[0-9]+\.[0-9]{4}")


@register.filter
def stored_value(value):
    """A value as an import preview keeps it, shown as pages show it: amounts are kept with
    their four stored places ("31000.0000"), so those read as amounts; anything else as it is."""
    if isinstance(value, str) and _STORED_AMOUNT.fullmatch(value):
        return format_amount(Decimal(value))
    return value
