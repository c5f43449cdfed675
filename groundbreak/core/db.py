from decimal import Decimal

from django.db.models import DecimalField, Sum

YUAN = Decimal("0.0001")  # in 万元


class MoneySum(Sum):
    """The sum of amounts in 万元, exact to the yuan on every database.

    SQLite stores decimals with numeric affinity and adds them as floats, so a sum of plans
    such as 854,000万元 can come back as 853999.999999999; rounding to the yuan (four places)
    restores the exact figure as long as the sum stays within a double's 15 significant digits
    (below 10^11 万元).

    A sum over no rows (an empty list, a batch without projects) is 0, not SQL's NULL: a total
    on a page always shows a figure.
    """

    output_field = DecimalField(max_digits=20, decimal_places=4)

    def get_db_converters(self, connection):
        return [*super().get_db_converters(connection), self._to_yuan]

    @staticmethod
    def _to_yuan(value, expression, connection):
        return Decimal(0).quantize(YUAN) if value is None else Decimal(value).quantize(YUAN)
