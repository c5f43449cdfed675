import django_tables2 as tables
from django.utils import timezone
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from groundbreak.lists.models import Measure, Problem, Target


class ListItemTable(tables.Table):
    project = tables.Column(
        verbose_name=_("project"), linkify=lambda record: record.project.get_absolute_url()
    )
    region = tables.Column(
        verbose_name=_("region"),
        accessor="project__region",
        order_by=("project__region__sort_order", "project__name"),
    )
    responsible_unit = tables.Column(verbose_name=_("responsible unit"))
    responsible_person = tables.Column(verbose_name=_("responsible person"))
    due_date = tables.DateColumn(
        format="Y-m-d", verbose_name=_("due date"), attrs={"td": {"class": "date"}}
    )
    progress_note = tables.Column(verbose_name=_("progress"), orderable=False)

    class Meta:
        attrs = {"class": "table"}
        empty_text = _("Nothing matches.")
        row_attrs = {"class": lambda record: "overdue" if getattr(record, "late", False) else ""}

    def render_due_date(self, record, value):
        if value is None:
            return "—"
        if record.is_overdue(timezone.localdate()):
            return format_html(
                '{} <span class="badge warn">{}</span>', value.isoformat(), _("overdue")
            )
        return value.isoformat()


class TargetTable(ListItemTable):
    content = tables.Column(verbose_name=_("target"))
    achieved_on = tables.DateColumn(format="Y-m-d", verbose_name=_("achieved on"))

    class Meta(ListItemTable.Meta):
        model = Target
        fields = ()
        sequence = ("project", "region", "content", "responsible_unit", "responsible_person",
                    "due_date", "achieved_on", "progress_note")  # fmt: skip
        attrs = {"class": "table", "id": "target-table"}


class ProblemTable(ListItemTable):
    description = tables.Column(
        verbose_name=_("problem"), linkify=lambda record: record.get_absolute_url()
    )
    category = tables.Column(verbose_name=_("category"))
    status = tables.Column(verbose_name=_("status"))
    solving_level = tables.Column(verbose_name=_("level to solve it"))

    class Meta(ListItemTable.Meta):
        model = Problem
        fields = ()
        sequence = ("project", "region", "category", "description", "solving_level",
                    "responsible_unit", "responsible_person", "due_date", "status",
                    "progress_note")  # fmt: skip
        attrs = {"class": "table", "id": "problem-table"}

    def render_description(self, value):
        return value if len(value) <= 80 else value[:79] + "…"


class MeasureTable(ListItemTable):
    content = tables.Column(verbose_name=_("measure"))
    done_on = tables.DateColumn(format="Y-m-d", verbose_name=_("done on"))

    class Meta(ListItemTable.Meta):
        model = Measure
        fields = ()
        sequence = ("project", "region", "content", "responsible_unit", "responsible_person",
                    "due_date", "done_on", "progress_note")  # fmt: skip
        attrs = {"class": "table", "id": "measure-table"}
