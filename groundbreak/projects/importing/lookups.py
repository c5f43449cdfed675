"""What an import looks names up in: regions, sectors, owners, leaders, departments, key-project
levels and the projects in scope, read once per import."""

import functools
from collections import namedtuple

from django.utils.translation import gettext as _

from groundbreak.accounts.models import Department, Leader, OwnerUnit
from groundbreak.projects.importing.similar import SimilarNames
from groundbreak.projects.importing.values import name_key
from groundbreak.projects.models import AnnualPlan, KeyProjectLevel, Project
from groundbreak.regions.models import Region, Sector

# What an import reads of the projects in scope: all but the timestamps and what it never
# compares or checks.
EXISTING_FIELDS = [
    field.attname
    for field in Project._meta.concrete_fields
    if field.name not in {"created", "updated", "name_initials", "in_statistics_date"}
]

# The fields of a project that name another record, as an import reads and compares them
RELATED_FIELDS = ("owner_unit", "region", "sector", "leader_in_charge", "department_in_charge")


class ExistingProject(namedtuple("ExistingProject", EXISTING_FIELDS)):
    """A project in scope as the import compares rows with it: its fields, the related ones as
    ids (``owner_unit_id``)."""

    __slots__ = ()

    @property
    def pk(self):
        return self.id


class _Lookups:
    """Reference data read once per import, so that no row costs a query."""

    def __init__(self, user, region):
        from groundbreak.accounts.models import Role

        self.memo = {}
        self.messages = {}
        self.region_codes = set(Region.objects.values_list("code", flat=True))
        allowed = region.descendant_ids()
        if user is not None and user.role == Role.COUNTY and not user.is_superuser:
            allowed &= user.region.descendant_ids()
        self.regions = list(Region.objects.filter(pk__in=allowed))
        self.sectors = list(Sector.objects.all())
        self.leaders = list(Leader.objects.all())
        departments = list(Department.objects.all())
        owners = list(OwnerUnit.objects.all())
        self.departments = {name_key(d.name): d for d in departments}
        self.owners = {name_key(o.name): o for o in owners}
        levels = list(KeyProjectLevel.objects.all())
        self.levels = {name_key(k.name): k for k in levels}
        self.level_by_pk = {k.pk: k for k in levels}
        changeable = (
            Project.objects.restrict(user, "change") if user is not None else Project.objects.all()
        )
        self.in_scope = changeable.filter(region__in=self.regions)
        # {field: (its column, {id: the object read above})}: a project's owner, region, sector,
        # leader and department, without a join or a query per project
        self.related = {
            name: (Project._meta.get_field(name).attname, {each.pk: each for each in objects})
            for name, objects in zip(
                RELATED_FIELDS,
                (owners, self.regions, self.sectors, self.leaders, departments),
                strict=True,
            )
        }
        self.plans = {}
        # The projects in scope by code and by name key, read as (id, code, name) only: a table
        # of names new to the county (and the similar-name search) needs no more. Their full
        # records are read when a row is about one of them (``records``).
        self.ids_by_code, self.names = {}, {}
        for pk, code, name in self.in_scope.order_by("pk").values_list("id", "code", "name"):
            if code:
                self.ids_by_code[code] = pk
            self.names.setdefault(name_key(name), (pk, name))
        # Codes are unique: the others' are all codes but those in scope (no list of ids sent).
        self.other_codes = set(
            Project.objects.exclude(code="").values_list("code", flat=True)
        ).difference(self.ids_by_code)
        self._projects = {}

    @functools.cached_property
    def records(self):
        """{id: ``ExistingProject``} of the projects in scope, read at once when first needed:
        plain records, not model instances (a third of the import's time went to building
        20,000 of them); ``project()`` makes one where it is needed."""
        records = self.in_scope.order_by("pk").values_list(*EXISTING_FIELDS)
        return {existing.id: existing for existing in map(ExistingProject._make, records)}

    def with_code(self, code):
        """The ``ExistingProject`` in scope with this project code, or None."""
        pk = self.ids_by_code.get(code)
        return None if pk is None else self.records.get(pk)

    def with_name(self, key):
        """The ``ExistingProject`` in scope with this name key (``name_key``), or None."""
        found = self.names.get(key)
        return None if found is None else self.records.get(found[0])

    @functools.cached_property
    def by_code(self):
        return {code: self.records[pk] for code, pk in self.ids_by_code.items()}

    @functools.cached_property
    def by_name(self):
        return {key: self.records[pk] for key, (pk, _name) in self.names.items()}

    def project(self, existing):
        """The model instance of an ``ExistingProject`` (or None), its owner, region, sector,
        leader and department the objects read above; the fields not read are deferred."""
        if existing is None:
            return None
        project = self._projects.get(existing.id)
        if project is None:
            project = Project.from_db(self.in_scope.db, EXISTING_FIELDS, existing)
            for name, (attname, objects) in self.related.items():
                value = objects.get(getattr(existing, attname))
                if value is not None:
                    Project._meta.get_field(name).set_cached_value(project, value)
            self._projects[existing.id] = project
        return project

    def key_levels_of(self, project_id):
        """The key-project levels of a project in scope (in their order), all read at once."""
        if not hasattr(self, "_key_levels"):
            through = Project.key_levels.through
            self._key_levels = {}
            for pk, level in through.objects.filter(project__in=self.in_scope).values_list(
                "project_id", "keyprojectlevel_id"
            ):
                self._key_levels.setdefault(pk, []).append(self.level_by_pk[level])
            for levels in self._key_levels.values():
                levels.sort(key=lambda level: (level.sort_order, level.code))
        return self._key_levels.get(project_id, [])

    @functools.cached_property
    def similar(self):
        """The county's names, indexed for close ones: built only for a table with new names."""
        return SimilarNames.of(self.names)

    def chosen(self, choice):
        """The project in scope a user chose for a row (its id, as the page sends it), or None."""
        if not hasattr(self, "by_pk"):
            self.by_pk = {str(pk): pk for pk, _name in self.names.values()}
        pk = self.by_pk.get(str(choice))
        return None if pk is None else self.records.get(pk)

    def plans_of(self, year):
        """{project id: planned investment} of ``year`` for the projects in scope, read once."""
        if year not in self.plans:
            # unordered: the plans' default order joins their projects and regions to sort
            self.plans[year] = dict(
                AnnualPlan.objects.filter(year=year, project__in=self.in_scope)
                .order_by()
                .values_list("project_id", "amount")
            )
        return self.plans[year]

    def message(self, text):
        """A fixed message in the user's language, translated once per import, not per row."""
        if text not in self.messages:
            self.messages[text] = _(text)
        return self.messages[text]


def read_lookups(user, region):
    """What an import of ``region``'s list looks names up in, read before the table is: the
    engine asks for it while its child process reads the file (``ImportKindHandler.prepare``).
    The full records and the similar-name index stay to be built when a row needs them: a
    small file into a county of many projects would otherwise wait for them."""
    return _Lookups(user, region)
