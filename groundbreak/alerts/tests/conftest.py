from decimal import Decimal

import pytest

from groundbreak.reporting.choices import ReportStatus
from groundbreak.reporting.models import MonthlyReport, ReportingPeriod


@pytest.fixture
def periods(db):
    """2020's eleven periods by their last month (deadline the 25th of that month)."""
    return {p.last_month: p for p in ReportingPeriod.periods_for_year(2020)}


@pytest.fixture
def file_reports(periods):
    """file_reports(project, {last_month: completed in the period}): handed-in reports, written
    straight (the services are tested in reporting)."""

    def file(project, amounts, status=ReportStatus.SUBMITTED):
        ytd = Decimal(0)
        for month in sorted(amounts):
            ytd += Decimal(amounts[month])
            MonthlyReport.objects.create(
                project=project, period=periods[month], completed_period=Decimal(amounts[month]),
                completed_ytd=ytd, completed_total=ytd, status=status,
            )  # fmt: skip

    return file


@pytest.fixture
def pin(db):
    """pin(date): the writes' after-write evaluations use this date (as the demo's do)."""
    from django.utils import timezone

    from groundbreak.alerts.models import EvaluationRun

    def pin_date(on):
        EvaluationRun.objects.update(pinned=False)
        EvaluationRun.objects.create(on_date=on, pinned=True, started_at=timezone.now())

    return pin_date
