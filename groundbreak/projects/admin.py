from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from groundbreak.projects.models import (
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


admin.site.register(KeyProjectLevel, SimpleHistoryAdmin)
admin.site.register(GroundbreakingBatch, SimpleHistoryAdmin)
admin.site.register(WorkStatusEvent, SimpleHistoryAdmin)
