"""The demo's financing: 51 special-bond declarations for 2020, all declared by 18 March,
spread across the counties, some declared on the city's override with documents missing; bond
money unused past its window and payments ahead of progress are warned."""

from datetime import date

import pytest

from groundbreak.alerts.models import Warning
from groundbreak.demo.builder import demo_steps
from groundbreak.finance import services
from groundbreak.finance.models import Channel, Declaration

pytestmark = pytest.mark.django_db


def test_finance_comes_after_planning_and_before_the_demo_itself():
    labels = [label for label, _module in demo_steps()]
    assert labels.index("planning") < labels.index("finance")


def test_the_demo_has_its_51_bond_declarations_by_18_march(demo):
    bond = Channel.objects.get(code="special_bond")
    declared = Declaration.objects.filter(
        channel=bond, year=2020, declared_on__lte=date(2020, 3, 18)
    )
    assert declared.count() == 51
    assert declared.values("project__region").distinct().count() >= 8
    lacks = services.missing_documents(list(declared.values_list("project_id", flat=True)), bond)
    lacking = {pid for pid, missing in lacks.items() if missing}
    overridden = set(declared.exclude(override_reason="").values_list("project_id", flat=True))
    assert lacking == overridden and len(lacking) == 7
    assert Declaration.objects.filter(status="issued").count() == 8
    assert Warning.objects.filter(rule__kind="bond_unused", level__gt=0).count() == 3
    assert Warning.objects.filter(rule__kind="payments_ahead", level__gt=0).exists()
