from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from groundbreak.imports.models import HeaderSynonym, ImportRecord


@admin.register(HeaderSynonym)
class HeaderSynonymAdmin(SimpleHistoryAdmin):
    list_display = ["text", "field", "region", "created_by", "created_at"]
    list_filter = ["field", "region"]
    search_fields = ["text"]


@admin.register(ImportRecord)
class ImportRecordAdmin(admin.ModelAdmin):
    list_display = [
        "pk",
        "filename",
        "kind",
        "region",
        "status",
        "created_by",
        "created_at",
        "applied_at",
    ]
    list_filter = ["kind", "status"]
    readonly_fields = [f.name for f in ImportRecord._meta.fields]
