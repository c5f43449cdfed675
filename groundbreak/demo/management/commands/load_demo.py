"""``manage.py load_demo``: the Yuxi 2020 demo (regions, people, projects, batches, accounts)."""

from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from groundbreak.accounts.models import User
from groundbreak.demo.builder import DEMO_USERNAMES, PASSWORD, build_demo, demo_present
from groundbreak.projects.models import Project
from groundbreak.regions.services import DATA_DIR, load_regions


class Command(BaseCommand):
    help = (
        "Load the Yuxi 2020 demo into an empty database: the regions of yuxi.csv, departments, "
        "leaders, owner units, about 250 projects, the groundbreaking batches of 25 Feb and "
        "13 Mar 2020 and one demo account per role. Does nothing if the demo is there already."
    )

    def handle(self, *args, **options):
        if demo_present():
            self.stdout.write("The demo data are loaded already; nothing was changed.")
            self.write_accounts()
            return
        if Project.objects.exists():
            raise CommandError(
                "The database holds projects that are not the demo; load the demo only into an "
                "empty database."
            )
        try:
            with transaction.atomic():
                created, updated = load_regions(DATA_DIR / "yuxi.csv")
                result = build_demo(stdout=self.stdout if options["verbosity"] > 1 else None)
        except RuntimeError as error:
            raise CommandError(str(error)) from error

        write = self.stdout.write
        write(f"Regions: {created} created, {updated} updated (yuxi.csv).")
        counts = result["counts"]
        write(
            "Loaded {projects} projects, {batches} groundbreaking batches, {owner_units} owner "
            "units, {departments} departments, {leaders} leaders, {work_events} work-status "
            "events; {in_statistics} projects in the statistics.".format(**counts)
        )
        write("Projects per stage:")
        for stage, count in result["stages"].items():
            write(f"  {stage}: {count}")
        write("Projects per region:")
        for region, count in result["regions"]:
            write(f"  {region}: {count}")
        self.write_accounts()
        self.stdout.write(self.style.SUCCESS("Demo loaded."))

    def write_accounts(self):
        """The demo accounts as they stand in the database, each with the scope it is anchored to."""
        usernames = list(DEMO_USERNAMES)
        self.stdout.write(f"Demo accounts (password “{PASSWORD}”):")
        users = User.objects.filter(username__in=usernames).select_related(
            "region", "department", "owner_unit", "leader"
        )
        for user in sorted(users, key=lambda u: usernames.index(u.username)):
            anchor = user.region or user.department or user.owner_unit or user.leader or ""
            self.stdout.write(f"  {user.username:<11} {user.get_role_display()} {anchor}".rstrip())
