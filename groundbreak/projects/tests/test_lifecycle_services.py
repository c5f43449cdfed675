"""change_stage, mark_in_statistics, record_work_status: the pipeline's rules."""

from datetime import date
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from groundbreak.projects import services
from groundbreak.projects.choices import Stage, WorkStatusKind


def test_allowed_transitions_are_dated_and_set_start_and_completion(make_project, city_user):
    project = make_project(stage=Stage.PRELIMINARY)
    services.change_stage(project, by=city_user, to_stage=Stage.NEW_START, date=date(2020, 3, 13))
    project.refresh_from_db()
    assert (project.stage, project.actual_start) == (Stage.NEW_START, date(2020, 3, 13))
    services.change_stage(project, by=city_user, to_stage=Stage.CONTINUING, date=date(2021, 1, 1))
    services.change_stage(project, by=city_user, to_stage=Stage.COMPLETED, date=date(2022, 6, 30))
    project.refresh_from_db()
    assert project.actual_completion == date(2022, 6, 30)
    timeline = [(t.from_stage, t.to_stage) for t in project.transitions.all()]
    assert timeline[1:] == [
        (Stage.PRELIMINARY, Stage.NEW_START),
        (Stage.NEW_START, Stage.CONTINUING),
        (Stage.CONTINUING, Stage.COMPLETED),
    ]


@pytest.mark.parametrize(
    "start, target",
    [
        (Stage.RESERVE, Stage.NEW_START),
        (Stage.RESERVE, Stage.COMPLETED),
        (Stage.PRELIMINARY, Stage.COMPLETED),
        (Stage.NEW_START, Stage.RESERVE),
        (Stage.COMPLETED, Stage.NEW_START),
    ],
)
def test_disallowed_transitions_are_refused(make_project, city_user, start, target):
    project = make_project(stage=start)
    with pytest.raises(ValidationError) as error:
        services.change_stage(project, by=city_user, to_stage=target, date=date(2020, 5, 1))
    assert "to_stage" in error.value.message_dict
    project.refresh_from_db()
    assert project.stage == start


def test_continuing_needs_a_later_year_than_the_start(make_project, city_user):
    project = make_project(stage=Stage.NEW_START)
    with pytest.raises(ValidationError):
        services.change_stage(
            project, by=city_user, to_stage=Stage.CONTINUING, date=date(2020, 12, 1)
        )


def test_stage_change_cannot_be_dated_before_the_last_one_or_in_the_future(make_project, city_user):
    project = make_project(stage=Stage.PRELIMINARY)
    with pytest.raises(ValidationError):
        services.change_stage(
            project, by=city_user, to_stage=Stage.NEW_START, date=date(2019, 1, 1)
        )
    with pytest.raises(ValidationError):
        services.change_stage(
            project, by=city_user, to_stage=Stage.NEW_START, date=date(2999, 1, 1)
        )


def test_read_only_roles_cannot_change_stage(make_project, leader_user, owner_user):
    project = make_project(stage=Stage.PRELIMINARY)
    for user in (leader_user, owner_user):
        with pytest.raises(PermissionDenied):
            services.change_stage(project, by=user, to_stage=Stage.NEW_START, date=date(2020, 3, 1))


def test_started_project_of_500_wan_or_more_enters_statistics(make_project, hongta_user):
    project = make_project(total="500")
    services.mark_in_statistics(project, by=hongta_user, date=date(2020, 3, 31))
    project.refresh_from_db()
    assert project.in_statistics_date == date(2020, 3, 31)
    assert project.history.first().history_change_reason


def test_project_below_500_wan_is_refused_with_the_rule(make_project, hongta_user):
    project = make_project(total="499.9999")
    with pytest.raises(ValidationError) as error:
        services.mark_in_statistics(project, by=hongta_user, date=date(2020, 3, 31))
    assert "500" in error.value.messages[0]
    project.refresh_from_db()
    assert project.in_statistics_date is None


@pytest.mark.parametrize("stage", [Stage.RESERVE, Stage.PRELIMINARY])
def test_project_not_started_cannot_enter_statistics(make_project, city_user, stage):
    project = make_project(stage=stage, total="90000")
    with pytest.raises(ValidationError):
        services.mark_in_statistics(project, by=city_user, date=date(2020, 3, 31))


def test_entry_cannot_precede_the_start_nor_repeat(make_project, city_user):
    project = make_project(total="900")
    with pytest.raises(ValidationError):
        services.mark_in_statistics(project, by=city_user, date=date(2020, 2, 1))
    services.mark_in_statistics(project, by=city_user, date=date(2020, 3, 1))
    with pytest.raises(ValidationError):
        services.mark_in_statistics(project, by=city_user, date=date(2020, 4, 1))


def test_suspension_and_resumption_alternate(make_project, hongta_user):
    project = make_project(stage=Stage.CONTINUING, actual_start=date(2019, 5, 1))
    with pytest.raises(ValidationError):
        services.record_work_status(
            project, by=hongta_user, kind=WorkStatusKind.RESUMED, date=date(2020, 2, 1)
        )
    with pytest.raises(ValidationError) as error:
        services.record_work_status(
            project, by=hongta_user, kind=WorkStatusKind.SUSPENDED, date=date(2020, 1, 20)
        )
    assert "reason" in error.value.message_dict
    services.record_work_status(
        project,
        by=hongta_user,
        kind=WorkStatusKind.SUSPENDED,
        date=date(2020, 1, 20),
        reason="spring_festival",
    )
    with pytest.raises(ValidationError):
        services.record_work_status(
            project,
            by=hongta_user,
            kind=WorkStatusKind.SUSPENDED,
            date=date(2020, 1, 25),
            reason="epidemic",
        )
    with pytest.raises(ValidationError):
        services.record_work_status(
            project, by=hongta_user, kind=WorkStatusKind.RESUMED, date=date(2020, 1, 10)
        )
    event = services.record_work_status(
        project,
        by=hongta_user,
        kind=WorkStatusKind.RESUMED,
        date=date(2020, 2, 10),
        workers_on_site=120,
    )
    assert event.history.first().history_user == hongta_user
    assert list(project.work_events.values_list("kind", flat=True)) == ["suspended", "resumed"]


def test_work_status_only_for_projects_under_construction(make_project, city_user):
    project = make_project(stage=Stage.PRELIMINARY, total=str(Decimal(900)))
    with pytest.raises(ValidationError):
        services.record_work_status(
            project,
            by=city_user,
            kind=WorkStatusKind.SUSPENDED,
            date=date(2020, 1, 20),
            reason="funds",
        )
