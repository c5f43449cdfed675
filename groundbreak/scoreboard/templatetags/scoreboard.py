from decimal import Decimal

from django import template

register = template.Library()


@register.filter
def percent(value):
    """A share (0.8512) as 85.1%; "—" when there is none."""
    if value in (None, ""):
        return "—"
    return f"{(Decimal(value) * 100).quantize(Decimal('0.1'))}%"


@register.filter
def part(row, key):
    return row.parts[key]


@register.filter
def count(value):
    """A count kept as a Decimal (12.0000) shown as 12."""
    return "—" if value is None else f"{Decimal(value):f}".split(".")[0]
