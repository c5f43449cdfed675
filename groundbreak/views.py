"""Site-wide views that tie the apps together (above every app, like the URL configuration)."""

from django.shortcuts import redirect

from groundbreak.accounts.models import Role
from groundbreak.reporting.selectors import owed_reports


def home(request):
    """An owner who still owes reports lands on them (the fill page lists every one, oldest
    first), else on its project list; everyone else on the cockpit of what they may see (the
    city, the county bureau's county, the leader's or the department's projects)."""
    user = request.user
    if user.is_authenticated and user.role == Role.OWNER:
        if owed_reports(user, limit=1):
            return redirect("reporting:fill_list")
        return redirect("projects:project_list")
    return redirect("cockpit:cockpit")
