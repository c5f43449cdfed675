"""What the scoreboard adds to the project page: who answers for the project (包保) — its
leader, its department and its one-to-one service cadre, with the cadres before."""

from django.utils import timezone

from groundbreak.scoreboard import selectors
from groundbreak.scoreboard.choices import Subject
from groundbreak.scoreboard.models import ServiceCadre, cadre_projects


def project_panel(request, project):
    user = request.user
    if not cadre_projects(user, "view").filter(pk=project.pk).exists():
        return None
    today = timezone.localdate()
    cadres = list(ServiceCadre.objects.filter(project=project))
    current = ServiceCadre.objects.filter(project=project).current(today).first()
    return {
        "project": project,
        "current": current,
        "cadres": cadres,
        "leader_link": project.leader_in_charge_id is not None
        and selectors.subjects(user, Subject.LEADERS)
        .filter(pk=project.leader_in_charge_id)
        .exists(),
        "department_link": project.department_in_charge_id is not None
        and selectors.subjects(user, Subject.DEPARTMENTS)
        .filter(pk=project.department_in_charge_id)
        .exists(),
        "may_keep": cadre_projects(user, "change").filter(pk=project.pk).exists(),
    }
