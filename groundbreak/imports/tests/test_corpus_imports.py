"""Every messy county style of the corpus imports with exactly its known rows and totals."""

from decimal import Decimal

import pytest

from groundbreak.accounts.models import Department, Leader
from groundbreak.imports import services
from groundbreak.imports.models import ImportStatus
from groundbreak.imports.tests import corpus
from groundbreak.projects.importing import clean_name
from groundbreak.projects.models import AnnualPlan, Project

# The reason keys the corpus names, and the field the engine reports each on.
REASON_FIELDS = {
    "amount": {"total_investment", "annual_plan"},
    "negative": {"annual_plan"},
    "code": {"code"},
    "name_missing": {"name"},
    "stage": {"stage"},
    "date": {"planned_start", "planned_completion"},
    "duplicate": {"name"},
}


@pytest.fixture
def people(db):
    """The leaders and departments the corpus puts in charge of its projects."""
    for name in corpus._LEADERS:
        Leader.objects.create(name=name)
    for entry in corpus._CATALOGUE.values():
        for name in entry["departments"]:
            Department.objects.get_or_create(name=name)


def preview(sample, user, region):
    return services.start_import(
        kind="projects", region=region, content=sample.content, filename=sample.filename, by=user
    )


@pytest.mark.parametrize("name", [s.name for s in corpus.samples() if not s.bad])
def test_each_style_previews_and_imports_with_its_exact_totals(name, people, city_user, hongta):
    sample = corpus.sample(name)
    expected = sample.expected
    record = preview(sample, city_user, hongta)
    assert record.status == ImportStatus.PREVIEWED, (record.error, record.preview.get("refusals"))
    totals = record.preview["totals"]
    assert (totals["create"], totals["refused"]) == (expected.rows, 0)
    assert Decimal(totals["total_investment"]) == expected.total_investment
    assert Decimal(totals["annual_plan"]) == expected.annual_plan
    assert [r["name"] for r in record.preview["rows"]] == [clean_name(n) for n in expected.names]
    assert [r["code"] for r in record.preview["rows"]] == list(expected.codes)
    mismatches = [c for c in record.preview["checks"] if not c["ok"]]
    assert len({c["row"] for c in mismatches}) == expected.subtotal_mismatches

    services.confirm_import(record, by=city_user)
    stored = Project.objects.filter(name__in=[clean_name(n) for n in expected.names])
    assert stored.count() == expected.rows
    assert sum(p.total_investment for p in stored) == expected.total_investment
    plans = AnnualPlan.objects.filter(project__in=stored).values_list("amount", flat=True)
    assert sum(plans) == expected.annual_plan

    again = preview(sample, city_user, hongta)
    assert again.preview["totals"]["unchanged"] == expected.rows, [
        r["changes"] for r in again.preview["rows"]
    ]


def test_a_file_with_bad_rows_lists_every_bad_row_and_writes_nothing(people, city_user, hongta):
    sample = next(s for s in corpus.samples() if s.bad)
    record = preview(sample, city_user, hongta)
    assert record.status == ImportStatus.REFUSED
    refused = {(r["row"], r["column"]): r["field"] for r in record.preview["refusals"]}
    assert set(refused) == {(row, column) for row, column, _reason in sample.bad}
    for row, column, reason in sample.bad:
        assert refused[(row, column)] in REASON_FIELDS[reason], (row, column, reason)
    assert all(r["reason"] for r in record.preview["refusals"])
    assert record.preview["totals"]["create"] == sample.expected.rows
    assert not Project.objects.exists()


def test_merged_section_rows_and_a_merged_owner_read_as_drawn(people, city_user, hongta):
    """A section label merged across the table is a section (its field for the projects below),
    not a row whose every amount reads the label; an owner merged down is each project's."""
    sample = corpus.sample("merged_sections")
    record = preview(sample, city_user, hongta)
    assert record.status == ImportStatus.PREVIEWED, (record.error, record.preview.get("refusals"))
    services.confirm_import(record, by=city_user)
    stored = Project.objects.filter(name__in=[clean_name(n) for n in sample.expected.names])
    assert stored.count() == sample.expected.rows == 12
    by_field = {}
    for project in stored.select_related("owner_unit"):
        assert project.owner_unit is not None, project.name
        by_field.setdefault(project.field, set()).add(project.owner_unit.name)
    assert sorted(by_field) == ["industry", "infrastructure", "social"]
    assert all(len(owners) == 1 for owners in by_field.values())  # one merged cell a section
