from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from groundbreak.reporting.models import MonthlyReport, ProjectYearSummary, ReportingPeriod


@admin.register(ReportingPeriod)
class ReportingPeriodAdmin(SimpleHistoryAdmin):
    list_display = ["__str__", "deadline"]
    list_filter = ["year"]


@admin.register(MonthlyReport)
class MonthlyReportAdmin(SimpleHistoryAdmin):
    list_display = ["project", "period", "completed_period", "completed_ytd", "status"]
    list_filter = ["status", "period"]
    # Figures change through the reporting services (corrections need a reason), not here.
    readonly_fields = [f.name for f in MonthlyReport._meta.fields]


@admin.register(ProjectYearSummary)
class ProjectYearSummaryAdmin(admin.ModelAdmin):
    list_display = ["project", "year", "annual_plan", "completed_ytd", "completion_rate"]
    readonly_fields = [f.name for f in ProjectYearSummary._meta.fields]
