"""Characters for the tests: a city officer, two county bureaus, a department, an owner, a leader,
an auditor, and a small portfolio spread over their scopes."""

import importlib
import itertools
from datetime import date
from decimal import Decimal

import pytest

from groundbreak.accounts.models import Department, Leader, OwnerUnit, Role, User
from groundbreak.projects.choices import ProjectField, Stage
from groundbreak.projects.models import AnnualPlan, Project, StageTransition
from groundbreak.regions.models import Region, Sector
from groundbreak.regions.services import DATA_DIR, load_regions

_serial = itertools.count(1)


def pytest_configure(config):
    """Tests create hundreds of users; the production hasher (PBKDF2, a million rounds) made
    half of every fixture's time. What is tested is who may log in, not the hash's strength."""
    from django.conf import settings

    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture(scope="session", autouse=True)
def _close_connections_after_each_request():
    """Live-server threads must not keep PostgreSQL connections open past their request, or the
    test database cannot be dropped at the end of the run. Every thread's connection is built
    from this one settings dict."""
    from django.db import connections

    connections.settings["default"]["CONN_MAX_AGE"] = 0


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup, django_db_blocker):
    """Pytest-django's own, then, before the test database is dropped on PostgreSQL, end any
    session a live-server worker thread still holds (else the drop fails with a warning)."""
    yield
    from django.db import connection

    with django_db_blocker.unblock():
        if connection.vendor == "postgresql":
            with connection.cursor() as cursor:
                cursor.execute(
                    "SELECT pg_terminate_backend(pid) FROM pg_stat_activity "
                    "WHERE datname = current_database() AND pid <> pg_backend_pid()"
                )


def _ensure_reference_data():
    """Migrations load reference rows (sectors, key-project levels, start weights, financing
    channels and their documents, appraisal criteria); a transactional (browser, live-server)
    test flushes them, so load them again the same, idempotent, way."""
    from django.apps import apps

    for name in (
        "groundbreak.regions.migrations.0002_load_sectors",
        "groundbreak.projects.migrations.0002_key_project_levels",
        "groundbreak.planning.migrations.0002_default_weights",
        "groundbreak.finance.migrations.0002_channels_and_documents",
        "groundbreak.appraisal.migrations.0002_default_scorecards",
    ):
        importlib.import_module(name).load(apps, None)


@pytest.fixture
def regions(db):
    _ensure_reference_data()
    load_regions(DATA_DIR / "yuxi.csv")
    return {r.code: r for r in Region.objects.all()}


@pytest.fixture
def hongta(regions):
    return regions["530402"]


@pytest.fixture
def jiangchuan(regions):
    return regions["530403"]


@pytest.fixture
def department(db):
    return Department.objects.create(name="市工业和信息化局")


@pytest.fixture
def other_department(db):
    return Department.objects.create(name="市交通运输局")


@pytest.fixture
def leader_person(db):
    return Leader.objects.create(name="张明", post="副市长")


@pytest.fixture
def owner_unit(db):
    return OwnerUnit.objects.create(name="玉溪市红塔投资开发有限公司")


@pytest.fixture
def other_owner(db):
    return OwnerUnit.objects.create(name="江川区城市建设投资有限公司")


def make_user(username, role, **anchors):
    user = User(username=username, role=role, first_name=username, **anchors)
    user.set_password("secret-pass-123")
    user.full_clean()
    user.save()
    return user


@pytest.fixture
def city_user(regions):
    return make_user("city", Role.CITY)


@pytest.fixture
def hongta_user(hongta):
    return make_user("hongta", Role.COUNTY, region=hongta)


@pytest.fixture
def jiangchuan_user(jiangchuan):
    return make_user("jiangchuan", Role.COUNTY, region=jiangchuan)


@pytest.fixture
def dept_user(department):
    return make_user("dept", Role.DEPARTMENT, department=department)


@pytest.fixture
def owner_user(owner_unit):
    return make_user("owner", Role.OWNER, owner_unit=owner_unit)


@pytest.fixture
def leader_user(leader_person):
    return make_user("leader", Role.LEADER, leader=leader_person)


@pytest.fixture
def auditor_user(regions):
    return make_user("auditor", Role.AUDITOR)


@pytest.fixture
def make_project(regions, owner_unit):
    """Build a project straight in the database (services are tested on their own)."""

    def make(region_code="530402", stage=Stage.NEW_START, total="12000", plans="quarter", **fields):
        """``plans``: {year: amount}; by default a 2020 plan of a quarter of the total."""
        serial = next(_serial)
        started = stage not in (Stage.RESERVE, Stage.PRELIMINARY)
        values = {
            "name": f"测试项目{serial}",
            "code": f"2020-{region_code[:6] if region_code[:6].isdigit() else '530402'}-48-01-{serial:06d}",
            "owner_unit": owner_unit,
            "region": regions[region_code],
            "field": ProjectField.INFRASTRUCTURE,
            "sector": Sector.objects.get(code="E"),
            "total_investment": Decimal(total),
            "stage": stage,
            "actual_start": date(2020, 2, 25) if started else None,
        }
        values.update(fields)
        project = Project(**values)
        project.full_clean()
        project.save()
        if plans == "quarter":
            plans = {2020: (Decimal(total) / 4).quantize(Decimal("0.0001"))}
        for year, amount in (plans or {}).items():
            AnnualPlan.objects.create(project=project, year=year, amount=Decimal(amount))
        StageTransition.objects.create(
            project=project, to_stage=stage, date=values["actual_start"] or date(2020, 1, 1)
        )
        return project

    return make


@pytest.fixture
def portfolio(make_project, jiangchuan, department, other_department, leader_person, other_owner):
    """Four projects: 红塔 (dept + leader + owner), 红塔 (other dept), 江川 (other owner), 高新区."""
    return {
        "hongta_a": make_project(
            "530402",
            name="玉溪大河综合治理工程",
            department_in_charge=department,
            leader_in_charge=leader_person,
        ),
        "hongta_b": make_project(
            "530402",
            name="红塔区第一中学扩建",
            department_in_charge=other_department,
            field=ProjectField.SOCIAL,
        ),
        "jiangchuan": make_project(
            "530403", name="江川星云湖保护治理", owner_unit=other_owner, total="800"
        ),
        "zone": make_project(
            "530400GX",
            name="高新区生物医药产业园",
            field=ProjectField.INDUSTRY,
            sector=Sector.objects.get(code="C"),
            stage=Stage.PRELIMINARY,
        ),
    }


@pytest.fixture(autouse=True)
def _media_in_tmp_and_no_throttle_carried_over(settings, tmp_path):
    """Uploads stay out of var/; the API's rate counts (in the cache) start afresh per test.
    Background jobs run at once in the caller (TASKS_IMMEDIATE, set by core.pytest_env)."""
    from django.core.cache import cache

    settings.MEDIA_ROOT = tmp_path / "media"
    cache.clear()
