from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CommitmentsConfig(AppConfig):
    name = "commitments"
    verbose_name = _("Commitments")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from commitments import filter_choices, vocabularies

        vocabularies.connect()
        filter_choices.connect()  # the writes that change the register's cached filter choices clear them
