"""`groundbreak evaluate_warnings [--date 2020-04-01] [--pin] [--unpin]`: evaluate every rule
over all projects at once (as the nightly job does) and say what changed."""

from datetime import date

from django.core.management.base import BaseCommand, CommandError

from groundbreak.alerts.engine import evaluate, evaluation_date
from groundbreak.alerts.models import EvaluationRun
from groundbreak.alerts.services import ensure_default_rules, expire_exemptions


class Command(BaseCommand):
    help = "Evaluate the warning rules over all projects (set-based) and report the changes."

    def add_arguments(self, parser):
        parser.add_argument("--date", help="Evaluate as of this date (YYYY-MM-DD).")
        parser.add_argument("--pin", action="store_true",
                            help="Keep this date for the evaluations after each write.")  # fmt: skip
        parser.add_argument("--unpin", action="store_true", help="Evaluate at today's date again.")

    def handle(self, *args, date=None, pin=False, unpin=False, **options):
        on_date = None
        if date:
            try:
                on_date = _parse(date)
            except ValueError as error:
                raise CommandError(f"{date} is not a date (YYYY-MM-DD).") from error
        if unpin:
            EvaluationRun.objects.filter(pinned=True).update(pinned=False)
        ensure_default_rules()
        on_date = on_date or evaluation_date()
        expire_exemptions(on_date)
        counts = evaluate(on_date, pin=pin)
        changes = ", ".join(f"{k} {v}" for k, v in sorted(counts.items())) or "no change"
        self.stdout.write(f"Evaluated as of {on_date:%Y-%m-%d}: {changes}.")


def _parse(text):
    return date.fromisoformat(text)
