"""Filters shared by the FilterSets: a value out of range is a form error (400 in the API, the
form's message on a page), never a database error."""

import django_filters
from django import forms
from django.utils.translation import gettext_lazy as _

FIRST_YEAR, LAST_YEAR = 1900, 2100


def year_or_none(text):
    """A year typed in a query (``?year=``) where a wrong one means "the default": the year, or
    None for anything that is not a year we keep (never a number the database cannot hold)."""
    text = str(text or "").strip()
    return int(text) if text.isdigit() and FIRST_YEAR <= int(text) <= LAST_YEAR else None


class YearField(forms.IntegerField):
    def __init__(self, *args, **kwargs):
        kwargs.setdefault("min_value", FIRST_YEAR)
        kwargs.setdefault("max_value", LAST_YEAR)
        super().__init__(*args, **kwargs)


class YearFilter(django_filters.NumberFilter):
    """A calendar year (1900–2100) of a date field."""

    field_class = YearField

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("label", _("Year"))
        kwargs.setdefault("lookup_expr", "year")
        super().__init__(*args, **kwargs)


MAX_ID = 2**63 - 1  # the largest id a BigAutoField (SQLite INTEGER, PostgreSQL bigint) holds


def id_or_none(text):
    """An object id typed in a query (``?project=``): the id, or None for anything that is not
    one (never a number the database cannot hold)."""
    text = str(text or "").strip()
    return int(text) if text.isdigit() and 1 <= int(text) <= MAX_ID else None


class IdField(forms.IntegerField):
    def __init__(self, *args, **kwargs):
        kwargs.setdefault("min_value", 1)
        kwargs.setdefault("max_value", MAX_ID)
        super().__init__(*args, **kwargs)


class IdFilter(django_filters.NumberFilter):
    """An object's id (1 … the largest id the database holds)."""

    field_class = IdField
