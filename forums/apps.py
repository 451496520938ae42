from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ForumsConfig(AppConfig):
    name = "forums"
    verbose_name = _("Dialogue")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from forums import audit  # noqa: F401  (mirrors moderation into the secretariat's audit log)
        from forums.live import (
            access_watch,  # noqa: F401  (connections follow changes of access at once)
            handlers,  # noqa: F401  (live delivery listens to the forums' hooks)
        )
