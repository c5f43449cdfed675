from django import template

from groundbreak.core.money import format_wan, format_yi

register = template.Library()


@register.filter
def wan(amount):
    """An amount in 万元, with thousands separators: 3,086.50."""
    return "" if amount in (None, "") else format_wan(amount)


@register.filter
def yi(amount):
    """An amount held in 万元, shown in 亿元: 308600 → 30.86."""
    return "" if amount in (None, "") else format_yi(amount)
