from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ApiConfig(AppConfig):
    name = "api"
    label = "roundtable_api"
    verbose_name = _("Public API")

    def ready(self):
        from api import filter_schema  # noqa: F401 (registers the OpenAPI extension)
