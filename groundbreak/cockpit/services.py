"""The cockpit's one write: rewriting the city's snapshot (a system job, no user)."""

from django.db import transaction
from django.utils import timezone

from groundbreak.cockpit.models import Snapshot
from groundbreak.cockpit.selectors import as_of, compute_city_rows


def refresh_snapshot(*, by=None):
    """Recompute the city's rows at the cockpit's moment and keep them for its year."""
    on_date, year, period = as_of()
    data = compute_city_rows(year, period)
    with transaction.atomic():
        snapshot, _new = Snapshot.objects.update_or_create(
            year=year,
            defaults={"period": period, "on_date": on_date, "data": data,
                      "computed_at": timezone.now()},
        )  # fmt: skip
    return snapshot
