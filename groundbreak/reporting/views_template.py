"""Download of the monthly-report template of a county and period."""

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext as _

from groundbreak.imports.services import may_import_into
from groundbreak.regions.models import Region
from groundbreak.reporting.models import ReportingPeriod
from groundbreak.reporting.templates_xlsx import report_template_xlsx


def _pk(request, name):
    value = request.GET.get(name, "")
    if not value.isdigit():
        raise Http404(_("Say which %(name)s the template is for.") % {"name": name})
    return int(value)


@login_required
def report_template(request):
    """GET ``region`` and ``period`` (ids): the template with the region's reporting projects.
    County staff get their own county's only (403 for another); an unknown id is 404."""
    user = request.user
    region = get_object_or_404(Region, pk=_pk(request, "region"))
    period = get_object_or_404(ReportingPeriod, pk=_pk(request, "period"))
    if not may_import_into(user, region):
        raise PermissionDenied(
            _("You may not import reports into %(region)s.") % {"region": region}
        )
    response = HttpResponse(
        report_template_xlsx(region, period, user),
        content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    )
    stem = f"report-template-{region.code}-{period.year}-{period.last_month:02d}"
    response["Content-Disposition"] = f'attachment; filename="{stem}.xlsx"'
    return response
