"""Acknowledgement, exemption request / approval / expiry, rule edits and their scope."""

from datetime import date, timedelta
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from groundbreak.alerts import services
from groundbreak.alerts.engine import evaluate
from groundbreak.alerts.models import Rule, Warning
from groundbreak.projects.choices import Stage

pytestmark = pytest.mark.django_db


@pytest.fixture
def warning(make_project):
    """A red 'start overdue' warning on a 江川区 project."""
    make_project("530403", stage=Stage.PRELIMINARY, planned_start=date(2020, 1, 1))
    evaluate(date(2020, 4, 1))
    return Warning.objects.get(rule__kind="start_overdue")


def test_acknowledging_keeps_the_comment_and_an_escalation_reopens(warning, jiangchuan_user):
    Warning.objects.filter(pk=warning.pk).update(level=1)
    services.acknowledge_warning(warning, by=jiangchuan_user, comment="已督促业主")
    warning.refresh_from_db()
    assert warning.status == "acknowledged"
    assert warning.acknowledgements.get().comment == "已督促业主"
    evaluate(date(2020, 4, 2))
    warning.refresh_from_db()
    assert (warning.level, warning.status) == (3, "open")
    assert warning.acknowledgements.count() == 1  # kept


def test_acknowledging_needs_a_comment_and_the_scope(
    warning, jiangchuan_user, hongta_user, auditor_user
):
    with pytest.raises(ValidationError):
        services.acknowledge_warning(warning, by=jiangchuan_user, comment=" ")
    for outsider in (hongta_user, auditor_user):
        with pytest.raises(PermissionDenied):
            services.acknowledge_warning(warning, by=outsider, comment="看到了")


def test_an_exemption_is_asked_with_evidence_and_approved_by_the_city(
    warning, jiangchuan_user, city_user, settings
):
    until = timezone.localdate() + timedelta(days=30)
    exemption = services.request_exemption(
        warning, by=jiangchuan_user, reason="court_order", explanation="法院查封用地",
        until=until, content=b"%PDF-1.4 ruling", name="ruling.pdf",
    )  # fmt: skip
    assert exemption.evidence.read() == b"%PDF-1.4 ruling"
    with pytest.raises(PermissionDenied):
        services.decide_exemption(exemption, by=jiangchuan_user, approve=True)
    services.decide_exemption(exemption, by=city_user, approve=True)
    warning.refresh_from_db()
    assert warning.exempt_until == until and warning.is_exempt()
    assert Warning.objects.with_status("exempt").get() == warning
    assert not Warning.objects.with_status("open").exists()
    # still evaluated while exempt, its events marked so (not escalated to notifications)
    Warning.objects.filter(pk=warning.pk).update(level=1)
    evaluate(date(2020, 4, 2))
    event = warning.events.last()
    assert (event.kind, event.exempt) == ("escalated", True)


def test_an_oversized_exemption_file_is_refused(warning, jiangchuan_user, settings):
    settings.REPORT_UPLOAD_MAX_BYTES = 10
    with pytest.raises(ValidationError) as error:
        services.request_exemption(
            warning, by=jiangchuan_user, reason="other", explanation="x",
            until=timezone.localdate() + timedelta(days=3), content=b"0123456789ABC", name="big.pdf",
        )  # fmt: skip
    assert "evidence" in error.value.message_dict


def test_an_exemption_expires_after_its_date(warning):
    Warning.objects.filter(pk=warning.pk).update(exempt_until=date(2020, 4, 10))
    assert services.expire_exemptions(date(2020, 4, 10)) == 0
    assert services.expire_exemptions(date(2020, 4, 11)) == 1
    warning.refresh_from_db()
    assert warning.exempt_until is None and not warning.is_exempt(date(2020, 4, 11))


def test_the_city_edits_thresholds_and_others_may_not(city_user, jiangchuan_user, make_project):
    rule = Rule.objects.get(kind="start_overdue")
    levels = {1: (Decimal(2), ["owner"]), 2: (None, []), 3: (Decimal(4), ["city"])}
    with pytest.raises(PermissionDenied):
        services.update_rule(
            rule, by=jiangchuan_user, enabled=True, margin=Decimal(0), levels=levels
        )
    with pytest.raises(ValidationError):
        services.update_rule(rule, by=city_user, enabled=True, margin=Decimal(0),
                             levels={1: (Decimal(4), []), 2: (None, []), 3: (Decimal(2), [])})  # fmt: skip
    services.update_rule(rule, by=city_user, enabled=True, margin=Decimal(0), levels=levels)
    assert sorted(rule.levels.values_list("level", "threshold")) == [(1, 2), (3, 4)]
    project = make_project("530402", stage=Stage.PRELIMINARY, planned_start=date(2020, 1, 1))
    evaluate(date(2020, 4, 1))  # three months: yellow now (red from four)
    assert Warning.objects.get(project=project).level == 1
    assert rule.history.count() >= 1
