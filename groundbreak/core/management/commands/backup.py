"""``groundbreak backup FILE.tar``: the database and the uploaded files in one archive."""

from django.core.management.base import BaseCommand, CommandError

from groundbreak.core.backup import BackupError, create_backup


class Command(BaseCommand):
    help = "Write the database and the uploaded files (MEDIA_ROOT) to one .tar with a manifest."

    def add_arguments(self, parser):
        parser.add_argument("archive", help="the .tar to write")

    def handle(self, *args, archive, **options):
        try:
            manifest = create_backup(archive)
        except BackupError as error:
            raise CommandError(str(error)) from error
        size = sum(entry["size"] for entry in manifest["files"])
        self.stdout.write(
            f"{archive}: {manifest['vendor']} database and {len(manifest['files']) - 1} files, "
            f"{size / 2**20:.1f} MiB, schema of {len(manifest['schema'])} apps."
        )
