from decimal import Decimal

from groundbreak.core.db import MoneySum
from groundbreak.projects.models import Project


def test_sum_of_cents_is_exact_on_every_database(make_project):
    # 0.1 + 0.2 style amounts: a float sum drifts, the money sum must not.
    amounts = [Decimal("1234.5601"), Decimal("0.1"), Decimal("0.2"), Decimal("98765.4321")] * 25
    for amount in amounts:
        make_project(total=str(amount))
    total = Project.objects.aggregate(total=MoneySum("total_investment"))["total"]
    assert total == sum(amounts) and total.as_tuple().exponent == -4


def test_sum_over_no_rows_is_zero_not_null(db):
    total = Project.objects.aggregate(total=MoneySum("total_investment"))["total"]
    assert total == 0 and total is not None
