"""The rules are reference data the city edits here as on its own page; warnings and their
events are written by the evaluator only, so they are read-only here."""

from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from groundbreak.alerts.models import Exemption, Rule, RuleLevel, RuleSwitch, Warning, WarningEvent


class RuleLevelInline(admin.TabularInline):
    model = RuleLevel
    extra = 0


class RuleSwitchInline(admin.TabularInline):
    model = RuleSwitch
    extra = 0


@admin.register(Rule)
class RuleAdmin(SimpleHistoryAdmin):
    list_display = ["kind", "enabled", "margin"]
    inlines = [RuleLevelInline, RuleSwitchInline]
    readonly_fields = ["kind"]


class WarningEventInline(admin.TabularInline):
    model = WarningEvent
    extra = 0
    can_delete = False
    readonly_fields = ["kind", "from_level", "to_level", "value", "on_date", "at", "exempt"]
    fields = readonly_fields


@admin.register(Warning)
class WarningAdmin(admin.ModelAdmin):
    list_display = ["project", "rule", "subject", "level", "status", "changed_at"]
    list_filter = ["rule", "level", "status"]
    search_fields = ["project__name", "project__code"]
    raw_id_fields = ["project"]
    inlines = [WarningEventInline]

    def has_change_permission(self, request, obj=None):
        return False

    def has_add_permission(self, request):
        return False


@admin.register(Exemption)
class ExemptionAdmin(SimpleHistoryAdmin):
    list_display = ["warning", "reason", "until", "status", "requested_by"]
    list_filter = ["status", "reason"]
    raw_id_fields = ["warning"]
