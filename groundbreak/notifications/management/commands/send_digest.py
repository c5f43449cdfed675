from django.core.management.base import BaseCommand

from groundbreak.notifications.services import send_digest


class Command(BaseCommand):
    help = (
        "Send today's digest: one e-mail per recipient and one post per robot channel with "
        "their new notifications (at most one a day each, however often it runs)."
    )

    def handle(self, *args, **options):
        emails, posts = send_digest()
        self.stdout.write(f"digest: {emails} e-mail(s), {posts} robot post(s)")
