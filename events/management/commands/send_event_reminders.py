"""Send the reminder e-mails that are due (ROUNDTABLE_EVENTS_REMINDER_HOURS before each event's start).

Safe to run as often as you like (e.g. every 15 minutes from cron): each registration is reminded once per
reminder window, even when two runs overlap.
"""

from django.core.management.base import BaseCommand

from events.services.registrations import registration_send_due_reminders


class Command(BaseCommand):
    help = "Send the event reminder e-mails that are due, once per registration."

    def handle(self, *args, **options):
        sent = registration_send_due_reminders()
        self.stdout.write(f"{sent} reminder(s) queued.")
