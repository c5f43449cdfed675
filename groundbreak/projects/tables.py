import django_tables2 as tables
from django.utils.translation import gettext_lazy as _

from groundbreak.core.money import format_wan
from groundbreak.projects.models import GroundbreakingBatch, Project


class MoneyColumn(tables.Column):
    attrs = {"td": {"class": "num"}, "th": {"class": "num"}}

    def render(self, value):
        return format_wan(value)


class ProjectTable(tables.Table):
    name = tables.Column(linkify=True, verbose_name=_("project name"))
    code = tables.Column(verbose_name=_("project code"), attrs={"td": {"class": "code"}})
    # A county's projects by name, as the export lists them too.
    region = tables.Column(
        verbose_name=_("region"), order_by=("region__sort_order", "region__code", "name")
    )
    owner_unit = tables.Column(verbose_name=_("owner unit"))
    stage = tables.Column(verbose_name=_("stage"), attrs={"td": {"class": "nowrap"}})
    field = tables.Column(verbose_name=_("field"), attrs={"td": {"class": "nowrap"}})
    total_investment = MoneyColumn(verbose_name=_("total investment (万元)"))
    annual_plan = MoneyColumn(verbose_name=_("planned this year (万元)"))
    leader_in_charge = tables.Column(verbose_name=_("leader in charge"))
    in_statistics_date = tables.DateColumn(
        format="Y-m-d", verbose_name=_("in statistics"), attrs={"td": {"class": "date"}}
    )

    class Meta:
        model = Project
        fields = (
            "name",
            "code",
            "region",
            "owner_unit",
            "stage",
            "field",
            "total_investment",
            "annual_plan",
            "leader_in_charge",
            "in_statistics_date",
        )
        order_by = ("region",)
        attrs = {"class": "table", "id": "project-table"}
        empty_text = _("No project matches.")

    def __init__(self, *args, plan_year=None, **kwargs):
        """``plan_year``: the year of the projects' ``annual_plan`` (``with_plan``), in its header."""
        super().__init__(*args, **kwargs)
        if plan_year:
            self.columns["annual_plan"].column.verbose_name = _("planned %(year)s (万元)") % {
                "year": plan_year
            }


class GroundbreakingBatchTable(tables.Table):
    name = tables.Column(linkify=True, verbose_name=_("name"))
    date = tables.DateColumn(
        format="Y-m-d", verbose_name=_("date"), attrs={"td": {"class": "date"}}
    )
    region = tables.Column(verbose_name=_("region"))
    project_count = tables.Column(verbose_name=_("projects"), attrs={"td": {"class": "num"}})
    total = MoneyColumn(verbose_name=_("total investment (万元)"))

    class Meta:
        model = GroundbreakingBatch
        fields = ("name", "date", "region", "location")
        sequence = ("name", "date", "region", "location", "project_count", "total")
        attrs = {"class": "table"}
        empty_text = _("No batch recorded yet.")
