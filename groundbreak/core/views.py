from django.core.exceptions import ValidationError


def add_service_errors(form, error: ValidationError):
    """Show a service's ValidationError on the form, field by field where it names fields."""
    if hasattr(error, "error_dict"):
        for field, messages in error.message_dict.items():
            form.add_error(field if field in form.fields else None, messages)
    else:
        form.add_error(None, error.messages)


def paginate_table(request, table, *, per_page=25, fewest=10, most=200):
    """Sort and paginate a list page's table from the query: ``per_page`` is kept between
    ``fewest`` and ``most`` (django-tables2 takes any number from the query, and 0 or -1 made
    the page a 500); a page number past the end shows the last page."""
    from django_tables2 import RequestConfig

    field = table.prefixed_per_page_field
    try:
        asked = int(request.GET.get(field, per_page))
    except ValueError:
        asked = per_page
    query = request.GET.copy()
    query[field] = str(min(max(asked, fewest), most))
    original, request.GET = request.GET, query
    try:
        RequestConfig(request, paginate={"per_page": per_page}).configure(table)
    finally:
        request.GET = original
    return table
