"""The problem workflow (问题闭环): every step by every role, allowed or refused saying who may;
closed only by the raiser, or by the city with a reason after N days; a refused resolution goes
back in hand with the reason."""

from datetime import timedelta

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone

from groundbreak.lists import rules, services
from groundbreak.lists.choices import ProblemStatus
from groundbreak.lists.models import Problem

ROLES = ("city", "hongta", "jiangchuan", "dept", "owner", "leader", "auditor")
# Who may take each step on the owner's 红塔区 problem (the rest are refused).
MAY = {
    rules.ACCEPT: {"city", "hongta", "dept"},
    rules.START: {"city", "hongta", "dept"},
    rules.RESOLVE: {"city", "hongta", "dept"},
    rules.CONFIRM: {"owner"},
    rules.REFUSE: {"owner"},
    rules.CITY_CLOSE: {"city"},
}
FROM = {
    rules.ACCEPT: ProblemStatus.RAISED,
    rules.START: ProblemStatus.ACCEPTED,
    rules.RESOLVE: ProblemStatus.IN_HAND,
    rules.CONFIRM: ProblemStatus.RESOLVED,
    rules.REFUSE: ProblemStatus.RESOLVED,
    rules.CITY_CLOSE: ProblemStatus.RESOLVED,
}
TO = {
    rules.ACCEPT: ProblemStatus.ACCEPTED,
    rules.START: ProblemStatus.IN_HAND,
    rules.RESOLVE: ProblemStatus.RESOLVED,
    rules.CONFIRM: ProblemStatus.CONFIRMED,
    rules.REFUSE: ProblemStatus.IN_HAND,
    rules.CITY_CLOSE: ProblemStatus.CONFIRMED,
}
WHO_MAY = {  # a phrase of the refusal naming who may
    rules.ACCEPT: "county bureau, the department in charge or city staff",
    rules.START: "county bureau, the department in charge or city staff",
    rules.RESOLVE: "county bureau, the department in charge or city staff",
    rules.CONFIRM: "Only the raiser, owner",
    rules.REFUSE: "Only the raiser, owner",
    rules.CITY_CLOSE: "Only the raiser, owner",
}


def _at(problem, status):
    long_ago = timezone.localdate() - timedelta(days=30)
    Problem.objects.filter(pk=problem.pk).update(status=status, resolved_on=long_ago,
                                                 resolution="已协调")  # fmt: skip
    problem.refresh_from_db()
    return problem


def _do(action, problem, user):
    service = services.WORKFLOW[action]
    kwargs = {"resolve": {"resolution": "已协调落实"}}.get(action, {})
    if action in (rules.REFUSE, rules.CITY_CLOSE):
        kwargs = {"reason": "未解决"}
    return service(problem, by=user, version=problem.version, **kwargs)


@pytest.mark.parametrize("action", list(MAY))
def test_every_step_by_every_role(action, raised, users):
    for role in ROLES:
        with transaction.atomic():  # each role meets the problem in the step's state
            problem = _at(raised, FROM[action])
            user = users[role]
            if role in MAY[action]:
                done = _do(action, problem, user)
                assert done.status == TO[action], role
                assert done.history.first().history_user == user
            else:
                with pytest.raises(PermissionDenied) as refused:
                    _do(action, problem, user)
                if role == "jiangchuan":
                    assert "may not see" in str(refused.value)
                elif role in ("leader", "auditor"):
                    assert "Only the project's owner" in str(refused.value)
                else:
                    assert WHO_MAY[action] in str(refused.value), role
                problem.refresh_from_db()
                assert problem.status == FROM[action]
            transaction.set_rollback(True)


def test_raising_by_role(project, users):
    for role in ROLES:
        user = users[role]
        if role in ("city", "hongta", "dept", "owner"):
            problem = services.raise_problem(
                project, by=user, category="funds", description="缺资金"
            )
            assert problem.status == ProblemStatus.RAISED and problem.raised_by == user
        else:
            with pytest.raises(PermissionDenied):
                services.raise_problem(project, by=user, category="funds", description="缺资金")


def test_a_step_out_of_order_is_refused_naming_the_state(raised, hongta_user):
    with pytest.raises(ValidationError) as refused:
        services.resolve_problem(raised, by=hongta_user, version=raised.version, resolution="x")
    assert "cannot be resolved" in " ".join(refused.value.messages)


def test_the_whole_loop_closes_only_when_the_raiser_confirms(raised, hongta_user, owner_user):
    p = services.accept_problem(raised, by=hongta_user, version=raised.version)
    p = services.start_problem(p, by=hongta_user, version=p.version)
    with pytest.raises(ValidationError):  # a resolution says how
        services.resolve_problem(p, by=hongta_user, version=p.version, resolution="  ")
    p = services.resolve_problem(p, by=hongta_user, version=p.version, resolution="指标已下达")
    assert p.is_open and p.resolved_by == hongta_user
    with pytest.raises(PermissionDenied) as refused:  # the solver cannot close it
        services.confirm_problem(p, by=hongta_user, version=p.version)
    assert "Only the raiser" in str(refused.value)
    p = services.confirm_problem(p, by=owner_user, version=p.version)
    assert p.status == ProblemStatus.CONFIRMED and not p.is_open and p.closed_by == owner_user
    assert Problem.objects.closed().filter(pk=p.pk).exists()


def test_a_refused_resolution_goes_back_in_hand_with_the_reason(raised, hongta_user, owner_user):
    p = _at(raised, ProblemStatus.RESOLVED)
    with pytest.raises(ValidationError):
        services.refuse_resolution(p, by=owner_user, version=p.version, reason="")
    p = services.refuse_resolution(p, by=owner_user, version=p.version, reason="指标仍未下达")
    assert p.status == ProblemStatus.IN_HAND and p.refusal_reason == "指标仍未下达"
    assert rules.allowed(hongta_user, p, rules.RESOLVE)


def test_the_city_closes_only_after_the_raisers_days_and_with_a_reason(raised, city_user, settings):
    settings.LISTS_CITY_CLOSE_DAYS = 7
    p = _at(raised, ProblemStatus.RESOLVED)
    Problem.objects.filter(pk=p.pk).update(resolved_on=timezone.localdate() - timedelta(days=6))
    p.refresh_from_db()
    with pytest.raises(ValidationError) as refused:
        services.city_close_problem(p, by=city_user, version=p.version, reason="业主未回复")
    assert "has until" in " ".join(refused.value.messages)
    Problem.objects.filter(pk=p.pk).update(resolved_on=timezone.localdate() - timedelta(days=7))
    p.refresh_from_db()
    with pytest.raises(ValidationError):
        services.city_close_problem(p, by=city_user, version=p.version, reason=" ")
    p = services.city_close_problem(p, by=city_user, version=p.version, reason="业主未回复")
    assert p.status == ProblemStatus.CONFIRMED and p.city_close_reason == "业主未回复"
    settings.LISTS_CITY_CLOSE_DAYS = 30
    other = services.raise_problem(p.project, by=p.raised_by, category="land", description="x")
    other = _at(other, ProblemStatus.RESOLVED)  # resolved 30 days ago
    Problem.objects.filter(pk=other.pk).update(
        resolved_on=timezone.localdate() - timedelta(days=29)
    )
    other.refresh_from_db()
    assert not rules.allowed(city_user, other, rules.CITY_CLOSE)


def test_a_colleague_of_the_raisers_owner_unit_may_confirm(raised, owner_unit):
    from conftest import make_user
    from groundbreak.accounts.models import Role

    colleague = make_user("owner2", Role.OWNER, owner_unit=owner_unit)
    p = _at(raised, ProblemStatus.RESOLVED)
    assert services.confirm_problem(p, by=colleague, version=p.version).closed_by == colleague


def test_an_owner_updates_only_the_progress(raised, owner_user, hongta_user):
    p = services.update_problem(
        raised, by=owner_user, version=raised.version, progress_note="已报省厅"
    )
    assert p.progress_note == "已报省厅"
    with pytest.raises(PermissionDenied):
        services.update_problem(p, by=owner_user, version=p.version, due_date=timezone.localdate())
    p = services.update_problem(p, by=hongta_user, version=p.version, due_date=timezone.localdate())
    assert p.due_date == timezone.localdate()


def test_a_stale_step_is_refused(raised, hongta_user):
    services.accept_problem(raised, by=hongta_user, version=raised.version)
    with pytest.raises(ValidationError) as refused:
        services.accept_problem(raised, by=hongta_user, version=raised.version)
    assert "changed this record" in " ".join(refused.value.messages)
