"""Declarations: what a project lacks of its channel's checklist, declaring refused while an
item is missing (naming it), the city's override with its reason in history, the outcome,
the checklist edited by the city only, and documents bounded in size and kind."""

from datetime import date
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from groundbreak.finance import services
from groundbreak.finance.models import Declaration, ProjectDocument

D = Decimal


@pytest.fixture
def project(make_project):
    return make_project("530403", total="12000")


@pytest.fixture
def declaration(project, bond, jiangchuan_user):
    return services.create_declaration(project, bond, by=jiangchuan_user, year=2020,
                                       batch="第一批", amount_asked=D(3000))  # fmt: skip


def test_missing_documents_are_the_checklist_less_what_the_project_holds(
    project, make_project, bond, kinds, jiangchuan_user, pdf
):
    other = make_project("530403")
    services.upload_document(
        project, kinds["feasibility"], by=jiangchuan_user, content=pdf, name="a.pdf"
    )
    services.upload_document(project, kinds["land"], by=jiangchuan_user, content=pdf, name="b.pdf")
    lacks = services.missing_documents([project.pk, other.pk], bond)
    assert [k.code for k in lacks[project.pk]] == ["environment", "balance", "legal"]
    assert len(lacks[other.pk]) == 5


def test_declaring_is_refused_while_a_document_is_missing_naming_it(
    declaration, kinds, jiangchuan_user, pdf
):
    for code in ("feasibility", "land", "environment", "balance"):
        services.upload_document(
            declaration.project, kinds[code], by=jiangchuan_user, content=pdf, name=f"{code}.pdf"
        )
    with pytest.raises(ValidationError, match="法律意见书"):
        services.declare(declaration, by=jiangchuan_user)
    with pytest.raises(PermissionDenied, match="Only the city"):
        services.declare(declaration, by=jiangchuan_user, override_reason="急需")
    services.upload_document(
        declaration.project, kinds["legal"], by=jiangchuan_user, content=pdf, name="l.pdf"
    )
    done = services.declare(declaration, by=jiangchuan_user, declared_on=date(2020, 3, 18))
    assert (done.status, done.declared_on, done.override_reason) == (
        "declared",
        date(2020, 3, 18),
        "",
    )
    with pytest.raises(ValidationError):
        services.declare(done, by=jiangchuan_user)


def test_the_city_overrides_with_a_reason_kept_in_history(declaration, city_user):
    with pytest.raises(ValidationError):
        services.declare(declaration, by=city_user, override_reason="  ")
    done = services.declare(declaration, by=city_user, override_reason="承诺月底补齐")
    assert done.override_reason == "承诺月底补齐" and done.overridden_by == city_user
    last = done.history.first()
    assert last.history_user == city_user
    assert "承诺月底补齐" in last.history_change_reason and "环评批复" in last.history_change_reason


def test_outcome_needs_a_declaration_and_its_amounts(declaration, city_user):
    with pytest.raises(ValidationError, match="Declare it first"):
        services.record_outcome(declaration, by=city_user, status="approved", amount_approved=D(1))
    services.declare(declaration, by=city_user, override_reason="test")
    with pytest.raises(ValidationError):
        services.record_outcome(declaration, by=city_user, status="approved")
    with pytest.raises(ValidationError):
        services.record_outcome(declaration, by=city_user, status="issued", amount_approved=D(2000),
                                amount_issued=D(2500))  # fmt: skip
    done = services.record_outcome(declaration, by=city_user, status="issued",
                                   amount_approved=D(2000), amount_issued=D(1500),
                                   decided_on=date(2020, 3, 31), issued_on=date(2020, 4, 2))  # fmt: skip
    assert (done.status, done.amount_approved, done.amount_issued) == ("issued", D(2000), D(1500))
    assert done.history.count() == 3


def test_other_counties_departments_and_auditors_cannot_write(
    project, bond, hongta_user, dept_user, auditor_user
):
    for user in (hongta_user, dept_user, auditor_user):
        with pytest.raises(PermissionDenied):
            services.create_declaration(
                project, bond, by=user, year=2020, batch="x", amount_asked=D(1)
            )
    assert not Declaration.objects.exists()


def test_a_project_is_in_a_batch_of_a_channel_once(declaration, jiangchuan_user):
    with pytest.raises(ValidationError):
        services.create_declaration(declaration.project, declaration.channel, by=jiangchuan_user,
                                    year=2020, batch="第一批", amount_asked=D(1))  # fmt: skip


def test_only_the_city_edits_a_checklist_and_history_keeps_it(
    bond, kinds, city_user, jiangchuan_user
):
    with pytest.raises(PermissionDenied):
        services.set_required_documents(bond, by=jiangchuan_user, kinds=[kinds["feasibility"]])
    services.set_required_documents(
        bond, by=city_user, kinds=[kinds["feasibility"], kinds["design"]]
    )
    assert sorted(bond.required_documents.values_list("code", flat=True)) == [
        "design",
        "feasibility",
    ]
    assert bond.history.first().history_user == city_user


def test_documents_are_bounded_in_size_and_kind(project, kinds, jiangchuan_user, settings):
    settings.FINANCE_DOCUMENT_MAX_BYTES = 10
    with pytest.raises(ValidationError, match="larger than"):
        services.upload_document(
            project, kinds["land"], by=jiangchuan_user, content=b"x" * 11, name="a.pdf"
        )
    with pytest.raises(ValidationError, match="Keep documents as"):
        services.upload_document(
            project, kinds["land"], by=jiangchuan_user, content=b"x", name="a.exe"
        )
    kept = services.upload_document(
        project, kinds["land"], by=jiangchuan_user, content=b"x" * 10, name="预审.pdf"
    )
    assert kept.file.read() == b"x" * 10 and kept.size == 10
    assert ProjectDocument.objects.count() == 1
