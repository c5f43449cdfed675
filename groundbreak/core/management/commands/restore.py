"""``groundbreak restore FILE.tar [--force]``: a backup back into an empty database."""

from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError

from groundbreak.core.backup import BackupError, restore_backup


class Command(BaseCommand):
    help = (
        "Restore a backup made by `groundbreak backup`: checks every file's checksum, refuses "
        "an archive of a newer schema, and a database holding data unless --force; then "
        "migrates an older schema to this version's."
    )

    def add_arguments(self, parser):
        parser.add_argument("archive", help="the .tar to restore")
        parser.add_argument(
            "--force", action="store_true", help="replace a database that holds data"
        )

    def handle(self, *args, archive, force, **options):
        try:
            manifest = restore_backup(archive, force=force)
        except BackupError as error:
            raise CommandError(str(error)) from error
        call_command("migrate", verbosity=0)  # an older backup's schema, brought up to date
        self.stdout.write(
            f"Restored {archive} (made {manifest['created_at']} by version "
            f"{manifest['app_version']}): the database and {len(manifest['files']) - 1} files."
        )
