"""Django's makemessages with ``-k NAME`` (``--keyword``): extra gettext keywords, such as
``Msg`` for the messages kept for later readers (``core/messages.py``)."""

from django.core.management.commands import makemessages


class Command(makemessages.Command):
    def add_arguments(self, parser):
        super().add_arguments(parser)
        parser.add_argument(
            "-k", "--keyword", action="append", default=[], dest="keywords",
            help="An extra gettext keyword for Python files (repeatable), e.g. Msg.",
        )  # fmt: skip

    def handle(self, *args, **options):
        self.xgettext_options = [
            *makemessages.Command.xgettext_options,
            *(f"--keyword={k}" for k in options["keywords"]),
        ]
        return super().handle(*args, **options)
