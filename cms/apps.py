from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CmsConfig(AppConfig):
    name = "cms"
    verbose_name = _("Site content")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from cms import (
            audit,  # noqa: F401  (records permission changes made anywhere)
            lookups,
            page_cache,
            signals,
        )

        lookups.register()  # out-of-range ids find nothing, through relations too

        signals.connect()
        page_cache.connect()  # any write that public pages may show clears the anonymous page cache

        from cms.i18n import translations

        translations.connect()
