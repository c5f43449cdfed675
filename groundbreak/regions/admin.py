from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from groundbreak.regions.models import Region, Sector


@admin.register(Region)
class RegionAdmin(SimpleHistoryAdmin):
    list_display = ["code", "name", "kind", "parent"]


admin.site.register(Sector, SimpleHistoryAdmin)
