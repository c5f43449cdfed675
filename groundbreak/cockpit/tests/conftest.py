from datetime import date, datetime
from decimal import Decimal

import pytest
from django.utils import timezone

from groundbreak.alerts.engine import evaluate
from groundbreak.alerts.services import ensure_default_rules
from groundbreak.reporting.choices import ReportStatus
from groundbreak.reporting.models import MonthlyReport, ReportingPeriod

ON = date(2020, 4, 10)  # the demo's pinned date: 3月 is the latest period past its deadline


def _report(project, period, ytd, *, status=ReportStatus.SUBMITTED, on=None):
    submitted = timezone.make_aware(datetime.combine(on or period.deadline, datetime.min.time()))
    return MonthlyReport.objects.create(
        project=project, period=period, completed_period=Decimal(ytd),
        completed_ytd=Decimal(ytd), completed_total=Decimal(ytd), status=status,
        submitted_at=submitted if status != ReportStatus.DRAFT else None,
    )  # fmt: skip


@pytest.fixture
def march(portfolio):
    """The portfolio with 2020's and 2019's periods, reports of 3月 (one late, one a draft that
    does not count), last year's 3月 for growth, and warnings evaluated at 10 April 2020."""
    ensure_default_rules()
    periods = {p.last_month: p for p in ReportingPeriod.periods_for_year(2020)}
    last_year = {p.last_month: p for p in ReportingPeriod.periods_for_year(2019)}
    p = portfolio
    _report(p["hongta_a"], periods[3], "600")
    _report(p["hongta_b"], periods[3], "300", on=date(2020, 4, 2))  # after the 25 March deadline
    _report(p["jiangchuan"], periods[3], "20", status=ReportStatus.DRAFT)
    _report(p["hongta_a"], periods[2], "200")
    _report(p["hongta_a"], last_year[3], "400")
    evaluate(ON, pin=True)
    return {"periods": periods, **p}
