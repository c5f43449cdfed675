"""What an import looks names up in: regions, sectors, owners, leaders, departments, key-project
levels and the projects in scope, read once per import."""

import functools

from django.utils.translation import gettext as _

from groundbreak.accounts.models import Department, Leader, OwnerUnit
from groundbreak.projects.importing.similar import SimilarNames
from groundbreak.projects.importing.values import name_key
from groundbreak.projects.models import AnnualPlan, KeyProjectLevel, Project
from groundbreak.regions.models import Region, Sector


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
        self.levels = {name_key(k.name): k for k in KeyProjectLevel.objects.all()}
        changeable = (
            Project.objects.restrict(user, "change") if user is not None else Project.objects.all()
        )
        self.in_scope = changeable.filter(region__in=self.regions)
        # A project's owner, region, sector, leader and department are the objects read above
        # (not five more objects a project from a join: a third of the import's time).
        related = [
            (Project._meta.get_field(name), {each.pk: each for each in objects})
            for name, objects in (
                ("owner_unit", owners),
                ("region", self.regions),
                ("sector", self.sectors),
                ("leader_in_charge", self.leaders),
                ("department_in_charge", departments),
            )
        ]
        self.plans = {}
        self.by_code, self.by_name = {}, {}
        for project in self.in_scope.order_by("pk"):
            for field, objects in related:
                value = objects.get(getattr(project, field.attname))
                if value is not None:
                    field.set_cached_value(project, value)
            if project.code:
                self.by_code[project.code] = project
            self.by_name.setdefault(name_key(project.name), project)
        # Codes are unique: the others' are all codes but those in scope (no list of ids sent).
        self.other_codes = set(
            Project.objects.exclude(code="").values_list("code", flat=True)
        ).difference(self.by_code)

    @functools.cached_property
    def similar(self):
        """The county's names, indexed for close ones: built only for a table with new names."""
        return SimilarNames(self.by_name)

    def chosen(self, choice):
        """The project in scope a user chose for a row (its id, as the page sends it), or None."""
        if not hasattr(self, "by_pk"):
            self.by_pk = {str(p.pk): p for p in self.by_name.values()}
        return self.by_pk.get(str(choice))

    def plans_of(self, year):
        """{project id: planned investment} of ``year`` for the projects in scope, read once."""
        if year not in self.plans:
            self.plans[year] = dict(
                AnnualPlan.objects.filter(year=year, project__in=self.in_scope).values_list(
                    "project_id", "amount"
                )
            )
        return self.plans[year]

    def message(self, text):
        """A fixed message in the user's language, translated once per import, not per row."""
        if text not in self.messages:
            self.messages[text] = _(text)
        return self.messages[text]
