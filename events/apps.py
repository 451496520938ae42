from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class EventsConfig(AppConfig):
    name = "events"
    verbose_name = _("Events")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        # Group meetings live under their working group's page. The working-groups app knows nothing of
        # events, so the events app adds itself to the page types a group page accepts.
        from working_groups.models import WorkingGroupPage

        if "events.EventPage" not in WorkingGroupPage.subpage_types:
            WorkingGroupPage.subpage_types = [*WorkingGroupPage.subpage_types, "events.EventPage"]

        from events import signals  # noqa: F401  (registrations follow an event's publication)
