from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class WorkingGroupsConfig(AppConfig):
    name = "working_groups"
    verbose_name = _("Working groups")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from working_groups import (
            signals,  # noqa: F401  (connects the invitation redemption at sign-in)
            themes,
        )

        themes.connect()
