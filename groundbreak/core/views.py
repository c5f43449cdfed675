from django.core.exceptions import ValidationError
from django.shortcuts import redirect


def home(request):
    """An owner who still owes reports lands on them (the fill page lists every one, oldest
    first); everyone else on the project list."""
    from groundbreak.accounts.models import Role
    from groundbreak.reporting.selectors import owed_reports

    user = request.user
    if user.is_authenticated and user.role == Role.OWNER and owed_reports(user, limit=1):
        return redirect("reporting:fill_list")
    return redirect("projects:project_list")


def add_service_errors(form, error: ValidationError):
    """Show a service's ValidationError on the form, field by field where it names fields."""
    if hasattr(error, "error_dict"):
        for field, messages in error.message_dict.items():
            form.add_error(field if field in form.fields else None, messages)
    else:
        form.add_error(None, error.messages)
