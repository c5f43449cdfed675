from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.shortcuts import render
from django.utils.translation import gettext as _

from groundbreak.audit import exports, selectors
from groundbreak.audit.forms import ChangeFilterForm, LoginFilterForm
from groundbreak.audit.models import sees_audit

PER_PAGE = 50


def _require_audit(user):
    if not sees_audit(user):
        raise PermissionDenied(_("The audit trail is for auditors and city staff."))


def _query_without_page(request):
    query = request.GET.copy()
    query.pop("page", None)
    return query.urlencode()


@login_required
def change_list(request):
    """Every recorded change, filtered by who, what, when, county and period."""
    _require_audit(request.user)
    form = ChangeFilterForm(request.GET or None)
    rows = selectors.changes(request.user, form.filter())
    page = Paginator(rows, PER_PAGE).get_page(request.GET.get("page"))
    return render(
        request,
        "audit/change_list.html",
        {
            "form": form,
            "page": page,
            "entries": selectors.describe(page.object_list),
            "query": _query_without_page(request),
        },
    )


@login_required
def change_export(request):
    _require_audit(request.user)
    form = ChangeFilterForm(request.GET or None)
    rows = selectors.changes(request.user, form.filter())
    return exports.changes_xlsx(rows, filters=form.in_words() if request.GET else "")


@login_required
def login_list(request):
    """Sign-ins and failed sign-ins, newest first."""
    _require_audit(request.user)
    form = LoginFilterForm(request.GET or None)
    events = selectors.login_events(request.user, **form.filter())
    page = Paginator(events, PER_PAGE).get_page(request.GET.get("page"))
    return render(
        request,
        "audit/login_list.html",
        {"form": form, "page": page, "query": _query_without_page(request)},
    )
