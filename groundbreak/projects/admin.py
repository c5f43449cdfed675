from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from groundbreak.projects.models import (
    AnnualPlan,
    GroundbreakingBatch,
    KeyProjectLevel,
    Project,
    WorkStatusEvent,
)


@admin.register(Project)
class ProjectAdmin(SimpleHistoryAdmin):
    list_display = ["name", "code", "region", "stage", "total_investment"]
    list_filter = ["stage", "field", "region"]
    search_fields = ["name", "code", "name_initials"]
    readonly_fields = ["stage", "in_statistics_date", "actual_start", "actual_completion"]


@admin.register(AnnualPlan)
class AnnualPlanAdmin(SimpleHistoryAdmin):
    list_display = ["project", "year", "amount"]
    list_filter = ["year"]
    search_fields = ["project__name", "project__code"]
    raw_id_fields = ["project"]


admin.site.register(KeyProjectLevel, SimpleHistoryAdmin)
admin.site.register(GroundbreakingBatch, SimpleHistoryAdmin)
admin.site.register(WorkStatusEvent, SimpleHistoryAdmin)
