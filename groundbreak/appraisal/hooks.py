"""The appraisals panel of the project page: the project's appraisals by kind, newest first."""

from groundbreak.appraisal.choices import AppraisalKind
from groundbreak.appraisal.models import Appraisal, appraisal_projects
from groundbreak.appraisal.services import may_appraise


def project_panel(request, project):
    if not appraisal_projects(request.user, "view").filter(pk=project.pk).exists():
        return None
    return {
        "project": project,
        "appraisals": Appraisal.objects.filter(project=project).order_by("-date", "-pk"),
        "kinds": AppraisalKind.choices,
        "may_appraise": may_appraise(request.user, project),
    }
