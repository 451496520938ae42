"""E-mail each secretariat member who asked for it the counts of what waits for them (the dashboard's
"Waiting for you"). Run it once a day (cron, or schedule the task working_groups.desk_email.send_desk_digests
beside `db_worker`); nobody gets a message on a day when nothing waits."""

from django.core.management.base import BaseCommand

from working_groups.desk_email import send_desk_digests


class Command(BaseCommand):
    help = "Send the daily 'Waiting for you' e-mail to the secretariat members who asked for it."

    def handle(self, *args, **options):
        queued = send_desk_digests.call()
        self.stdout.write(self.style.SUCCESS(f"{queued} desk e-mail(s) queued."))
