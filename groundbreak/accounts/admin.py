from axes.utils import reset as reset_login_failures
from django.contrib import admin, messages
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
    actions = ["unlock_login"]
    fieldsets = BaseUserAdmin.fieldsets + (
        (_("Role and scope"), {"fields": ["role", "region", "department", "owner_unit", "leader"]}),
    )

    @admin.action(description=_("Unlock the login (locked after wrong passwords)"))
    def unlock_login(self, request, queryset):
        cleared = sum(reset_login_failures(username=user.username) for user in queryset)
        self.message_user(
            request,
            _("%(count)s locked login(s) unlocked.") % {"count": cleared},
            messages.SUCCESS,
        )


admin.site.register(Department, SimpleHistoryAdmin)
admin.site.register(Leader, SimpleHistoryAdmin)
admin.site.register(OwnerUnit, SimpleHistoryAdmin)
