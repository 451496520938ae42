"""Background work of the events app (django-tasks): the periodic sending of due reminders.

Run `send_due_event_reminders` every few minutes from a scheduler (or the `send_event_reminders` management
command from cron); each reminder goes out once per registration and reminder window.
"""

from django_tasks import task


@task()
def send_due_event_reminders() -> int:
    """Queue the reminder e-mails that are due now; returns how many."""
    from events.services.registrations import registration_send_due_reminders

    return registration_send_due_reminders()
