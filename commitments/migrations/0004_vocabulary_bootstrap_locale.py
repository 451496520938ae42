"""Every existing OECD step and SDG target becomes the default-language original of its translations: a
locale (the site's default language) and a translation key of its own (Wagtail's BootstrapTranslatableModel).
The rows keep their ids, so every commitment and library resource keeps its links."""

from django.db import migrations

from wagtail.models import BootstrapTranslatableModel


class Migration(migrations.Migration):
    dependencies = [
        ("commitments", "0003_vocabulary_translation_fields"),
        ("wagtailcore", "0054_initial_locale"),
    ]

    operations = [
        BootstrapTranslatableModel("commitments.DueDiligenceStep"),
        BootstrapTranslatableModel("commitments.SdgTarget"),
    ]
