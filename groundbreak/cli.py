"""The ``groundbreak`` console command: a thin wrapper over Django's manage.py."""

import os
import sys


def main():
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "groundbreak.settings")
    if sys.argv[1:2] == ["demo"]:
        # The demo's settings (see settings.py): DEBUG off, plain http, static files from the apps.
        os.environ.setdefault("DEMO", "true")
    from django.core.management import execute_from_command_line

    execute_from_command_line(sys.argv)


if __name__ == "__main__":
    main()
