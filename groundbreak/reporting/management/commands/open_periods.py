"""`groundbreak open_periods 2027 [--deadline-day 25]`: the year's reporting periods (报告期),
1-2月 together and then each month, each due on the given day. Existing periods are kept."""

from django.core.management.base import BaseCommand, CommandError

from groundbreak.reporting.models import DEFAULT_DEADLINE_DAY, ReportingPeriod


class Command(BaseCommand):
    help = "Create a year's reporting periods (1-2月, 3月 … 12月), each due on the given day."

    def add_arguments(self, parser):
        parser.add_argument("year", type=int)
        parser.add_argument("--deadline-day", type=int, default=DEFAULT_DEADLINE_DAY)

    def handle(self, *args, year, deadline_day, **options):
        if not 2000 <= year <= 2100:
            raise CommandError(f"{year} is not a year to report for.")
        if not 1 <= deadline_day <= 31:
            raise CommandError("The deadline day is a day of the month, 1 to 31.")
        before = ReportingPeriod.objects.filter(year=year).count()
        periods = ReportingPeriod.periods_for_year(year, deadline_day=deadline_day)
        for period in periods:
            self.stdout.write(f"{period}: due {period.deadline:%Y-%m-%d}")
        self.stdout.write(f"{len(periods) - before} periods created, {before} kept.")
