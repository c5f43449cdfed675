from datetime import timedelta

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.management import CommandError, call_command
from django.utils import timezone

from groundbreak.audit.models import LoginEvent
from groundbreak.audit.services import prune_history
from groundbreak.projects.models import Project

pytestmark = pytest.mark.django_db


@pytest.fixture
def old_and_new(portfolio):
    """Half the projects' history a year old; one login a year old, one today."""
    year_ago = timezone.now() - timedelta(days=365)
    old_ids = list(Project.history.values_list("history_id", flat=True)[:2])
    Project.history.filter(history_id__in=old_ids).update(history_date=year_ago)
    LoginEvent.objects.create(when=year_ago, username="old", success=True)
    LoginEvent.objects.create(when=timezone.now(), username="new", success=True)
    return old_ids


def test_fewer_than_six_months_is_refused(old_and_new):
    with pytest.raises(ValidationError):
        prune_history(older_than_days=182)
    with pytest.raises(CommandError, match="183"):
        call_command("prune_history", "--older-than-days", "30", "--execute")
    assert LoginEvent.objects.count() == 2


def test_a_dry_run_counts_and_deletes_nothing(old_and_new):
    counts = prune_history(older_than_days=183)
    assert counts["projects.HistoricalProject"] == 2 and counts["audit.LoginEvent"] == 1
    assert Project.history.filter(history_id__in=old_and_new).count() == 2


def test_execute_deletes_only_the_old_rows(old_and_new, capsys):
    before = Project.history.count()
    call_command("prune_history", "--older-than-days", "200", "--execute")
    assert Project.history.count() == before - 2
    assert not Project.history.filter(history_id__in=old_and_new).exists()
    assert list(LoginEvent.objects.values_list("username", flat=True)) == ["new"]
    assert "deleted: 3 rows" in capsys.readouterr().out


def test_only_city_staff_prune(old_and_new, auditor_user):
    with pytest.raises(PermissionDenied):
        prune_history(older_than_days=365, by=auditor_user, execute=True)
