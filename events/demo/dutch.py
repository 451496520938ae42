"""Two webinars and the events index in Dutch, as translations of their English pages (past webinars: their
registration is closed, so nobody registers twice for one event through two languages)."""

from wagtail.models import Page

from cms.i18n.translations import translate_page
from events.models import EventPage

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


def seed_dutch_webinars(index: Page) -> None:
    translate_page(index, "nl", keep_existing=True, **INDEX)
    for slug, fields in WEBINARS.items():
        event = EventPage.objects.child_of(index).filter(slug=slug).first()
        if event is not None:
            translate_page(event, "nl", keep_existing=True, **fields)
