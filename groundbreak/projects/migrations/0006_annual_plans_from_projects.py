"""Each project's one plan (plan year + amount) becomes a plan per year, with its history.

A project kept one plan and a later year's list overwrote it (2020: 31000 → 2021: 18000); the
project's history still holds every year's figure. So the history is replayed:

1. Per project, in order, each change of (plan year, amount): a year seen for the first time
   creates that year's plan, a new amount for the same year changes it, an amount cleared in
   the same year deletes it; a change of year leaves the earlier year's plan as it was.
2. The project's current figures come last (in case a change bypassed the history).
3. Every year's plan is written with its history rows (same time, user and reason as the
   project's change), so that the 2020 plan an import replaced is back, and its changes show.

A plan without a year (before the year was required) belongs to the year it was recorded in.
Backwards, each project gets the plan of its latest year back (the others are lost with the table).
"""

from django.db import migrations


def _events(apps):
    Project = apps.get_model("projects", "Project")
    HistoricalProject = apps.get_model("projects", "HistoricalProject")
    records = HistoricalProject.objects.order_by("id", "history_date", "history_id").values_list(
        "id", "plan_year", "annual_plan", "history_date", "history_user_id", "history_change_reason"
    )
    current = {
        pk: (year, amount, updated)
        for pk, year, amount, updated in Project.objects.values_list(
            "pk", "plan_year", "annual_plan", "updated"
        )
    }
    events, state, held = [], {}, {}  # held: project → (year, amount) last seen

    def record(pk, year, amount, when, user, reason):
        if pk not in current:
            return  # a deleted project
        year = year or when.year
        if held.get(pk) == (year, amount):
            return
        previous = held.get(pk)
        held[pk] = (year, amount)
        key = (pk, year)
        if amount is None:
            if previous and previous[0] == year and state.get(key) is not None:
                events.append((key, state[key], when, user, reason, "-"))
                state[key] = None
            return
        kind = "~" if state.get(key) is not None else "+"
        if state.get(key) == amount:
            return
        state[key] = amount
        events.append((key, amount, when, user, reason, kind))

    for pk, year, amount, when, user, reason in records.iterator():
        record(pk, year, amount, when, user, reason)
    for pk, (year, amount, updated) in current.items():
        record(pk, year, amount, updated, None, "Plans by year")
    return events, state


def plans_from_projects(apps, schema_editor):
    AnnualPlan = apps.get_model("projects", "AnnualPlan")
    HistoricalAnnualPlan = apps.get_model("projects", "HistoricalAnnualPlan")
    events, state = _events(apps)
    first = {}
    for key, amount, *_rest in events:
        first.setdefault(key, amount)
    plans = AnnualPlan.objects.bulk_create(
        [
            AnnualPlan(project_id=pk, year=year, amount=state.get((pk, year)) or amount)
            for (pk, year), amount in first.items()
        ],
        batch_size=1000,
    )
    ids = {
        (p["project_id"], p["year"]): p["id"]
        for p in AnnualPlan.objects.values("id", "project_id", "year")
    }
    del plans
    HistoricalAnnualPlan.objects.bulk_create(
        [
            HistoricalAnnualPlan(
                id=ids[key],
                project_id=key[0],
                year=key[1],
                amount=amount,
                history_date=when,
                history_user_id=user,
                history_change_reason=reason,
                history_type=kind,
            )
            for key, amount, when, user, reason, kind in events
        ],
        batch_size=1000,
    )
    gone = [ids[key] for key, amount in state.items() if amount is None]
    AnnualPlan.objects.filter(pk__in=gone).delete()


def latest_plan_to_projects(apps, schema_editor):
    Project = apps.get_model("projects", "Project")
    AnnualPlan = apps.get_model("projects", "AnnualPlan")
    latest = {}
    for pk, year, amount in AnnualPlan.objects.order_by("project_id", "year").values_list(
        "project_id", "year", "amount"
    ):
        latest[pk] = (year, amount)
    for pk, (year, amount) in latest.items():
        Project.objects.filter(pk=pk).update(plan_year=year, annual_plan=amount)


class Migration(migrations.Migration):
    dependencies = [
        ("projects", "0005_annual_plan"),
    ]

    operations = [
        migrations.RunPython(plans_from_projects, latest_plan_to_projects),
    ]
