"""The data migration: each project's one plan becomes a plan per year, the years an import
overwrote come back from the history, and it runs backwards."""

from datetime import UTC, datetime
from decimal import Decimal

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

BEFORE = [("projects", "0004_field_optional")]


def migrate(targets):
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(targets)
    return executor.loader.project_state(targets).apps


def leaves():
    return MigrationExecutor(connection).loader.graph.leaf_nodes()


def _historical(apps, project, when, kind, user=None, reason=""):
    Project = apps.get_model("projects", "Project")
    HistoricalProject = apps.get_model("projects", "HistoricalProject")
    values = {
        f.attname: getattr(project, f.attname)
        for f in Project._meta.concrete_fields
        if f.attname != "id"
    }
    HistoricalProject.objects.create(
        id=project.pk,
        history_date=when,
        history_type=kind,
        history_user_id=user,
        history_change_reason=reason,
        **values,
    )


@pytest.mark.django_db(transaction=True)
def test_the_plan_an_import_replaced_comes_back_and_the_migration_runs_backwards(
    regions, owner_unit, city_user
):
    try:
        old = migrate(BEFORE)
        Project = old.get_model("projects", "Project")
        project = Project.objects.create(
            name="玉溪大河综合治理工程",
            name_initials="yxdhzhzlgc",
            owner_unit_id=owner_unit.pk,
            region_id=regions["530402"].pk,
            total_investment=Decimal(50000),
            plan_year=2020,
            annual_plan=Decimal(31000),
            stage="preliminary",
        )
        _historical(old, project, datetime(2020, 1, 5, tzinfo=UTC), "+", city_user.pk, "Created")
        Project.objects.filter(pk=project.pk).update(plan_year=2021, annual_plan=Decimal(18000))
        project.refresh_from_db()
        _historical(
            old, project, datetime(2021, 1, 9, tzinfo=UTC), "~", None, "Import #7 2021.xlsx"
        )
        untouched = Project.objects.create(
            name="无计划项目",
            name_initials="wjhxm",
            owner_unit_id=owner_unit.pk,
            region_id=regions["530402"].pk,
            total_investment=Decimal(800),
            stage="reserve",
        )

        new = migrate(leaves())
        AnnualPlan = new.get_model("projects", "AnnualPlan")
        assert sorted(
            AnnualPlan.objects.filter(project_id=project.pk).values_list("year", "amount")
        ) == [(2020, Decimal(31000)), (2021, Decimal(18000))]
        assert not AnnualPlan.objects.filter(project_id=untouched.pk).exists()
        history = new.get_model("projects", "HistoricalAnnualPlan").objects.order_by("history_date")
        assert [(h.year, h.amount, h.history_type, h.history_change_reason) for h in history] == [
            (2020, Decimal(31000), "+", "Created"),
            (2021, Decimal(18000), "+", "Import #7 2021.xlsx"),
        ]
        assert history[0].history_user_id == city_user.pk

        back = migrate(BEFORE)
        restored = back.get_model("projects", "Project").objects.get(pk=project.pk)
        assert (restored.plan_year, restored.annual_plan) == (2021, Decimal(18000))
    finally:
        migrate(leaves())
