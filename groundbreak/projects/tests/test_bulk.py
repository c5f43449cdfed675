"""Set-based inserts of many projects and plans (imports): every row, with its history and
timeline, however many statements it takes."""

from datetime import date
from decimal import Decimal

from django.utils import timezone

from groundbreak.projects import bulk
from groundbreak.projects.choices import Stage
from groundbreak.projects.models import AnnualPlan, Project, StageTransition


def test_more_rows_than_one_statement_takes_all_go_in_with_their_values(hongta, city_user):
    count = 1201  # over two statements' worth on SQLite, and a part of a third
    rows = [
        {
            "name": f"批量项目{i}",
            "region": hongta,
            "total_investment": Decimal(f"{i}.25"),
            "stage": Stage.CONTINUING if i % 2 else Stage.RESERVE,
            "planned_start": date(2021, 1 + i % 12, 1) if i % 3 else None,
            "actual_start": date(2021, 5, 1) if i % 2 else None,
            "contact_person": "张三",
            "ignored": "a key that is no field",
        }
        for i in range(count)
    ]
    stamp = timezone.now()
    ids = bulk.insert_projects(rows, by=city_user, reason="test", stamp=stamp, note="Imported")
    assert len(ids) == count
    for i in (0, 499, 500, 1000, 1200):
        project = Project.objects.get(pk=ids[(hongta.pk, f"批量项目{i}")])
        assert project.total_investment == Decimal(f"{i}.25")
        assert project.planned_start == (date(2021, 1 + i % 12, 1) if i % 3 else None)
        assert project.stage == (Stage.CONTINUING if i % 2 else Stage.RESERVE)
        assert project.name_initials == "plxm"
        assert project.contact_person == "张三" and project.version == 1
    assert Project.history.filter(id__in=ids.values(), history_type="+").count() == count
    assert StageTransition.objects.filter(project_id__in=ids.values()).count() == count
    assert StageTransition.objects.get(project_id=ids[(hongta.pk, "批量项目1")]).date == date(
        2021, 5, 1
    )
    plans = [[pk, 2021, Decimal(i) / 4] for i, pk in enumerate(ids.values())]
    assert bulk.insert_annual_plans(plans, by=city_user, reason="test", stamp=stamp) == count
    assert dict(AnnualPlan.objects.filter(year=2021).values_list("project_id", "amount")) == {
        pk: amount for pk, _year, amount in plans
    }
    assert AnnualPlan.history.filter(history_type="+").count() == count
