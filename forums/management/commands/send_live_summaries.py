from django.core.management.base import BaseCommand

from forums.live.summaries import send_due_live_summaries


class Command(BaseCommand):
    help = (
        "Queue one summary e-mail per follower of every live session that is over and was not summarised "
        "(run every 15 minutes)."
    )

    def handle(self, *args, **options):
        result = send_due_live_summaries.enqueue()
        self.stdout.write(f"Queued the live-session summaries ({result.id}).")
