"""Every existing theme becomes the default-language original of its translations: a locale (the site's
default language) and a translation key of its own (Wagtail's BootstrapTranslatableModel)."""

from django.db import migrations

from wagtail.models import BootstrapTranslatableModel


class Migration(migrations.Migration):
    dependencies = [
        ("working_groups", "0010_theme_translation_fields"),
        ("wagtailcore", "0054_initial_locale"),
    ]

    operations = [BootstrapTranslatableModel("working_groups.Theme")]
