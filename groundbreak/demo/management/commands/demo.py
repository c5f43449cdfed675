import subprocess
import sys

from django.core.management import call_command
from django.core.management.base import BaseCommand


class Command(BaseCommand):
    help = (
        "Start the demo: migrate the database, load the demo city once, print the accounts, "
        "serve, with a background worker beside the web server."
    )

    def add_arguments(self, parser):
        parser.add_argument("addrport", nargs="?", default="127.0.0.1:8000")
        parser.add_argument("--no-serve", action="store_true", help="prepare the database and stop")

    def handle(self, *args, addrport, no_serve, **options):
        call_command("migrate", interactive=False, verbosity=0)
        call_command("load_demo", stdout=self.stdout)
        if no_serve:
            return
        self.stdout.write(f"\nGroundbreak is at http://{addrport}/ (Ctrl-C to stop)\n")
        # Uploads are read by a worker, as on a real install (where it is its own service).
        worker = subprocess.Popen([sys.executable, "-m", "groundbreak.cli", "worker"])
        try:
            call_command("runserver", addrport, use_reloader=False)
        finally:
            worker.terminate()
            try:
                worker.wait(timeout=15)
            except subprocess.TimeoutExpired:
                worker.kill()
