"""E-mail the contact person of every published commitment in progress whose progress report is overdue.

Run it daily (cron, or a scheduler beside `db_worker`); a contact hears at most once per reporting period
(ROUNDTABLE_COMMITMENT_REPORT_DAYS, 180 days by default).
"""

from django.core.management.base import BaseCommand

from commitments.services.updates import commitment_reminders_send


class Command(BaseCommand):
    help = "Remind contact persons of commitments whose progress update is overdue."

    def handle(self, *args, **options):
        sent = commitment_reminders_send()
        self.stdout.write(self.style.SUCCESS(f"{sent} reminder(s) queued."))
