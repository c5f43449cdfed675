from decimal import Decimal

import pytest

from groundbreak.finance.models import Channel, DocumentKind


@pytest.fixture
def bond(db):
    return Channel.objects.get(code="special_bond")


@pytest.fixture
def kinds(db):
    return {k.code: k for k in DocumentKind.objects.all()}


@pytest.fixture
def pdf():
    return b"%PDF-1.4 test"


D = Decimal


@pytest.fixture(autouse=True)
def _english():
    """The services' sentences read in English (the assertions are written in English)."""
    from django.utils import translation

    with translation.override("en"):
        yield
