"""Each app carries its own Dutch (<app>/locale/nl/LC_MESSAGES): installed on a host site without this
project's LOCALE_PATHS, it still speaks Dutch. bin/messages (make messages) regenerates the catalogues."""

from pathlib import Path

from django.utils import translation
from django.utils.translation import gettext

import pytest

ROOT = Path(__file__).resolve().parents[2]


@pytest.mark.parametrize(
    ("app", "message", "dutch"),
    [
        ("cms", "E-mail addresses", "E-mailadressen"),
        ("working_groups", "Your data", "Uw gegevens"),
        ("events", "My calendar", "Mijn agenda"),
        ("library", "Library", "Bibliotheek"),
        ("forums", "Notifications", "Notificaties"),
        ("insights", "Participation insights", "Inzichten in deelname"),
        ("api", "Public API", "Publieke API"),
    ],
)
def test_an_app_speaks_dutch_from_its_own_catalogue_alone(settings, app, message, dutch):
    assert (ROOT / app / "locale" / "nl" / "LC_MESSAGES" / "django.mo").is_file()
    settings.LOCALE_PATHS = []  # no project catalogue: only the apps' own
    with translation.override("nl"):
        assert gettext(message) == dutch
