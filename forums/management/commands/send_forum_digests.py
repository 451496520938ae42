from django.core.management.base import BaseCommand

from forums.tasks import send_due_forum_digests


class Command(BaseCommand):
    help = "Queue the daily forum digest of everyone who chose one and has unread notifications (run daily)."

    def handle(self, *args, **options):
        result = send_due_forum_digests.enqueue()
        self.stdout.write(f"Queued the forum digests ({result.id}).")
