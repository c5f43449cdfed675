from django.core.exceptions import ValidationError
from django.shortcuts import redirect


def home(request):
    return redirect("projects:project_list")


def add_service_errors(form, error: ValidationError):
    """Show a service's ValidationError on the form, field by field where it names fields."""
    if hasattr(error, "error_dict"):
        for field, messages in error.message_dict.items():
            form.add_error(field if field in form.fields else None, messages)
    else:
        form.add_error(None, error.messages)
