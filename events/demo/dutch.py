"""The events index and three webinars in Dutch, as translations of their English pages: two past webinars,
and the upcoming gender webinar, for which a Dutch reader registered on its Dutch page. A translation takes
no registrations of its own: that registration is the English event's (events.access.registration_target),
so the webinar's capacity, attendee list and live room count it once."""

from django.contrib.auth import get_user_model

from wagtail.models import Page

from cms.i18n.translations import translate_page
from events.demo.calendar import GENDER_WEBINAR_SLUG
from events.models import EventPage, Registration
from events.services.registrations import RegistrationError, registration_create

INDEX = {
    "slug": "evenementen",
    "title": "Evenementen",
    "introduction": (
        "Webinars, bijeenkomsten van werkgroepen en het jaarlijkse forum van het convenant. "
        "Iedereen is welkom bij de openbare evenementen; leden vinden hier ook "
        "de bijeenkomsten van hun groepen."
    ),
}

WEBINARS = {
    "mapping-smelters-in-your-tin-supply-chain": {
        "slug": "smelters-in-kaart-brengen-in-je-tinketen",
        "title": "Smelters in kaart brengen in je tinketen",
        "introduction": (
            "Drie bedrijven laten zien hoe zij de smelters achter hun tin vonden, en wat ze deden met de "
            "smelters die geen antwoord gaven."
        ),
    },
    "women-traders-and-mineral-markets": {
        "slug": "handelaarsters-en-mineralenmarkten",
        "title": "Handelaarsters en mineralenmarkten",
        "introduction": (
            "Vrouwen kopen en verkopen een groot deel van het ambachtelijk gewonnen goud en tin "
            "in Oost-Afrika. Wat hebben zij nodig van inkopers?"
        ),
    },
}

UPCOMING = {
    GENDER_WEBINAR_SLUG: {
        "slug": "gender-due-diligence-in-de-praktijk",
        "title": "Gender in gepaste zorgvuldigheid: de praktijk",
        "introduction": (
            "Hoe bedrijven gender meenemen in de gepaste zorgvuldigheid voor hun keten, met voorbeelden uit "
            "de mijnbouw en de handel in Oost-Afrika."
        ),
    },
}

#: Registers for the gender webinar on its Dutch page.
DUTCH_REGISTRANT_EMAIL = "h.smits@example.org"


def seed_dutch_webinars(index: Page) -> None:
    translate_page(index, "nl", keep_existing=True, **INDEX)
    for slug, fields in WEBINARS.items():
        event = EventPage.objects.child_of(index).filter(slug=slug).first()
        if event is not None:
            translate_page(event, "nl", keep_existing=True, **fields)
    for slug, fields in UPCOMING.items():
        event = EventPage.objects.child_of(index).filter(slug=slug).first()
        if event is None:
            continue
        dutch = translate_page(event, "nl", keep_existing=True, **fields)
        _register_on_dutch_page(dutch)


def _register_on_dutch_page(dutch: EventPage) -> None:
    person = get_user_model().objects.filter(email__iexact=DUTCH_REGISTRANT_EMAIL, is_active=True).first()
    if person is None:
        return
    if Registration.objects.filter(user=person, event__translation_key=dutch.translation_key).exists():
        return
    try:
        registration_create(user=person, event=dutch)
    except RegistrationError:
        return
