"""The nightly evaluation of every project (a periodic job)."""

from groundbreak.core.jobs import job


@job(attempts=3)
def evaluate_all_warnings():
    from groundbreak.alerts.engine import evaluate
    from groundbreak.alerts.services import expire_exemptions

    expire_exemptions()
    return evaluate()
