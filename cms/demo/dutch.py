"""The demo in Dutch: the home page, the about page, the news index, three news items and the main menu, as
translations of their English originals (what an editor makes with the admin's Translate action)."""

from wagtail.models import Page, Site

from cms.i18n.translations import translate_page
from cms.models import MainMenu, MainMenuItem

HOME = {
    "title": "Home",
    "hero_heading": "Verantwoorde metaalketens, samen uitgewerkt",
    "hero_intro": (
        "Bedrijven, brancheverenigingen, overheid, maatschappelijke organisaties en vakbonden zitten aan één "
        "tafel: samen vinden en aanpakken wat mens en milieu schaadt in de ketens die metalen naar Europa "
        "brengen."
    ),
    "hero_cta_text": "Lees over het convenant",
    "aims_heading": "Waar het convenant naar streeft",
}

ABOUT = {
    "slug": "over-het-convenant",
    "title": "Over het convenant",
    "intro": (
        "Een afspraak tussen bedrijven, brancheorganisaties, overheid, ngo's en vakbonden om de "
        "metaalketen in "
        "vijf jaar stap voor stap eerlijker en schoner te maken."
    ),
    "paragraphs": (
        "Metalen zitten in alles wat we maken, van telefoons tot windturbines. Waar ze gewonnen en bewerkt "
        "worden, lopen mensen en natuur vaak risico: onveilig werk in mijnen, kinderarbeid, vervuild water.",
        "Wie het convenant tekent, belooft die risico's in de eigen keten op te sporen volgens de "
        "OESO-richtlijnen "
        "en te laten zien wat hij eraan doet. Het secretariaat ondersteunt de partijen en brengt "
        "verslag uit.",
    ),
}

NEWS_INDEX = {
    "slug": "nieuws",
    "title": "Nieuws",
    "intro": "Voortgang, besluiten en evenementen uit het convenant.",
}

NEWS = {
    "tin-working-group-starts": {
        "slug": "werkgroep-tin-brengt-smelters-in-kaart",
        "title": "Werkgroep tin begint met het in kaart brengen van smelters",
        "summary": "Elf partijen gaan na welke smelters het soldeer en blik leveren dat zij inkopen.",
        "paragraphs": (
            "De werkgroep deelt vragenlijsten en lijsten van smelters, zodat niet elke partij zelf "
            "het wiel hoeft "
            "uit te vinden. Over een half jaar volgt een eerste overzicht.",
        ),
    },
    "first-progress-report": {
        "slug": "eerste-voortgangsrapport",
        "title": "Eerste voortgangsrapport: de meeste partijen kennen hun grootste risico's",
        "summary": (
            "Eenendertig van de achtendertig partijen rondden hun eerste risicoanalyse binnen een jaar af."
        ),
        "paragraphs": (
            "Het rapport groepeert de risico's die partijen vonden. Arbeidsomstandigheden in de "
            "mijnbouw staan "
            "bovenaan, gevolgd door milieuschade rond smelters en corruptie bij vergunningen.",
            "Zeven partijen hebben meer tijd nodig; het secretariaat helpt hen met persoonlijke sessies.",
        ),
    },
    "recycled-metals-guidance": {
        "slug": "gerecycled-is-niet-zonder-risico",
        "title": "Gerecycled betekent niet zonder risico",
        "summary": (
            "Een nieuwe notitie helpt partijen gepaste zorgvuldigheid toe te passen op schroot en "
            "secundair metaal."
        ),
        "paragraphs": (
            "Schroot kan vers gedolven materiaal verbergen, en informele recycling van e-waste "
            "stelt werkers bloot "
            "aan lood en kwik. De notitie legt uit welke vragen je schroothandelaren en "
            "raffinaderijen stelt.",
        ),
    },
}


def seed_dutch(home: Page, about: Page, news_index: Page) -> None:
    from cms.demo import _stream
    from cms.models import NewsPage

    dutch_home = translate_page(home, "nl", keep_existing=True, **HOME)
    dutch_about = translate_page(
        about,
        "nl",
        keep_existing=True,
        slug=ABOUT["slug"],
        title=ABOUT["title"],
        intro=ABOUT["intro"],
        body=_stream([("paragraph", f"<p>{text}</p>") for text in ABOUT["paragraphs"]]),
    )
    if dutch_home.hero_cta_page_id != dutch_about.pk:
        translate_page(home, "nl", hero_cta_page=dutch_about)
    dutch_news = translate_page(news_index, "nl", keep_existing=True, **NEWS_INDEX)
    for slug, spec in NEWS.items():
        original = NewsPage.objects.child_of(news_index).filter(slug=slug).first()
        if original is None:
            continue
        translate_page(
            original,
            "nl",
            keep_existing=True,
            slug=spec["slug"],
            title=spec["title"],
            summary=spec["summary"],
            body=_stream([("paragraph", f"<p>{text}</p>") for text in spec["paragraphs"]]),
        )
    _dutch_menu(home, dutch_about, dutch_news)


def _dutch_menu(home: Page, dutch_about: Page, dutch_news: Page) -> None:
    """The English "About" and "News" become English-only links; Dutch readers get "Over ons" and "Nieuws"."""
    menu = MainMenu.for_site(Site.objects.get(root_page=home))
    items = list(menu.items.all())
    if any(item.language == "nl" for item in items):
        return
    for item in items:
        if item.title in ("About", "News"):
            item.language = "en"
    items[0:0] = [
        MainMenuItem(title="Over ons", link_page=dutch_about, language="nl"),
        MainMenuItem(title="Nieuws", link_page=dutch_news, language="nl"),
    ]
    menu.items = items
    menu.save()
