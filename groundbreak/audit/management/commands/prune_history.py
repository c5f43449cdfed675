"""``groundbreak prune_history --older-than-days N [--execute]``: delete the change history of
every model and the login records older than N days (at least 183: six months are kept).
Without ``--execute`` it only counts what it would delete."""

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError

from groundbreak.audit.services import prune_history


class Command(BaseCommand):
    help = (
        "Delete history and login records older than N days (N >= 183); a dry run unless --execute."
    )

    def add_arguments(self, parser):
        parser.add_argument("--older-than-days", type=int, required=True)
        parser.add_argument(
            "--execute", action="store_true", help="delete (without it: only count)"
        )

    def handle(self, *args, older_than_days, execute, **options):
        try:
            counts = prune_history(older_than_days=older_than_days, execute=execute)
        except ValidationError as error:
            raise CommandError(" ".join(error.messages)) from error
        for label, rows in counts.items():
            if rows:
                self.stdout.write(f"{label}: {rows}")
        total = sum(counts.values())
        verb = "deleted" if execute else "would delete (dry run; add --execute)"
        self.stdout.write(f"{verb}: {total} rows older than {older_than_days} days")
