import django_tables2 as tables
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from groundbreak.core.templatetags.people import person
from groundbreak.projects.tables import MoneyColumn
from groundbreak.reporting.models import MonthlyReport


class MonthlyReportTable(tables.Table):
    project = tables.Column(
        verbose_name=_("project"), linkify=lambda record: record.get_absolute_url()
    )
    region = tables.Column(
        verbose_name=_("region"),
        accessor="project__region",
        order_by=("project__region__sort_order", "project__region__code", "project__name"),
    )
    period = tables.Column(verbose_name=_("period"), attrs={"td": {"class": "nowrap"}})
    completed_period = MoneyColumn(verbose_name=_("completed in the period (万元)"))
    completed_ytd = MoneyColumn(verbose_name=_("completed this year (万元)"))
    completed_total = MoneyColumn(verbose_name=_("completed since the start (万元)"))
    status = tables.Column(verbose_name=_("status"))
    submitted_at = tables.DateTimeColumn(
        format="Y-m-d", verbose_name=_("submitted at"), attrs={"td": {"class": "date"}}
    )
    filled_by = tables.Column(verbose_name=_("filled by"))

    class Meta:
        model = MonthlyReport
        fields = ()
        sequence = ("project", "region", "period", "completed_period", "completed_ytd",
                    "completed_total", "status", "submitted_at", "filled_by")  # fmt: skip
        order_by = ("region",)
        attrs = {"class": "table", "id": "report-table"}
        empty_text = _("No report matches.")

    def render_filled_by(self, value):
        return person(value)

    def render_status(self, record, value):
        css = {"approved": "ok", "locked": "ok", "returned": "warn"}.get(record.status, "")
        late = (
            format_html(' <span class="badge warn">{}</span>', _("late")) if record.is_late else ""
        )
        return format_html('<span class="badge {}">{}</span>{}', css, value, late)
