from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError

from groundbreak.regions.services import load_regions


class Command(BaseCommand):
    help = "Load or update a region tree from a CSV file (code,name,name_en,kind,parent_code)."

    def add_arguments(self, parser):
        parser.add_argument("path", help="CSV file, UTF-8; parents listed before children")

    def handle(self, *args, path, **options):
        try:
            created, updated = load_regions(path)
        except (ValidationError, OSError) as error:
            raise CommandError("; ".join(getattr(error, "messages", [str(error)]))) from error
        self.stdout.write(f"regions: {created} created, {updated} updated")
