"""The nightly evaluation of every project (a periodic job), and the evaluation of the projects
of a bulk write once it has committed."""

from groundbreak.core.jobs import job


@job(attempts=3)
def evaluate_all_warnings():
    from groundbreak.alerts.engine import evaluate
    from groundbreak.alerts.services import expire_exemptions

    expire_exemptions()
    return evaluate()


@job(attempts=3)
def evaluate_written_projects(project_ids):
    from groundbreak.alerts.engine import evaluate_projects

    return evaluate_projects(project_ids)
