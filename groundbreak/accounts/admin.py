from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin
from django.utils.translation import gettext_lazy as _
from simple_history.admin import SimpleHistoryAdmin

from groundbreak.accounts.models import Department, Leader, OwnerUnit, User


@admin.register(User)
class UserAdmin(BaseUserAdmin):
    list_display = [
        "username",
        "first_name",
        "role",
        "region",
        "department",
        "owner_unit",
        "leader",
        "is_active",
    ]
    list_filter = ["role", "is_active"]
    fieldsets = BaseUserAdmin.fieldsets + (
        (_("Role and scope"), {"fields": ["role", "region", "department", "owner_unit", "leader"]}),
    )


admin.site.register(Department, SimpleHistoryAdmin)
admin.site.register(Leader, SimpleHistoryAdmin)
admin.site.register(OwnerUnit, SimpleHistoryAdmin)
