"""The demo library in Dutch: the library page as a Dutch translation at /nl/bibliotheek/, and Dutch titles
and summaries for a few English resources (both editions of the gender guide, a group-only draft among
them), as the secretariat writes them in a resource's form. The others stay English, marked so for Dutch
readers."""

from cms.i18n.translations import translate_page
from library.models import LibraryPage, Resource
from library.services import resource_translate

LIBRARY = {
    "slug": "bibliotheek",
    "title": "Bibliotheek",
    "introduction": (
        "Handreikingen, hulpmiddelen, modellen, rapporten, trainingen en opnames die de partijen delen: zoek "
        "in de documenten zelf, of verfijn de lijst op thema, mineraal, OESO-stap en taal."
    ),
    "search_description": "Handreikingen, hulpmiddelen en modellen voor verantwoorde mineralenketens.",
}

#: demo key -> (Dutch title, Dutch summary)
TEXTS = {
    "gender-dd-guide-v1": (
        "Genderbewuste gepaste zorgvuldigheid: een praktische gids",
        "Hoe bedrijven de verschillende risico's voor vrouwen en mannen in mineralenketens zien en "
        "aanpakken, stap voor stap langs het OESO-kader.",
    ),
    "gender-dd-guide-v2": (
        "Genderbewuste gepaste zorgvuldigheid: een praktische gids",
        "De tweede editie van de praktische gids, met nieuwe checklists voor klachtenmechanismen en "
        "uitgewerkte voorbeelden uit de ambachtelijke goud- en kobaltwinning.",
    ),
    "oecd-summary": (
        "De OESO-richtlijn voor gepaste zorgvuldigheid in twaalf pagina's",
        "Een samenvatting in gewone taal van de vijf stappen en van de bijlagen over conflict- en "
        "hoogrisicogebieden.",
    ),
    "smelter-mapping-tool": (
        "Werkboek voor het in kaart brengen van smelterijen",
        "Een werkboek om de smelterlijsten van leveranciers te verzamelen en te vergelijken met de lijst van "
        "conforme smelterijen van het RMI.",
    ),
    "grievance-template": (
        "Model voor een klachtenmechanisme bij mijnen",
        "Een modelprocedure voor een klachtenmechanisme dat arbeiders en omwonenden zonder angst kunnen "
        "gebruiken.",
    ),
    "contract-clauses-draft": (
        "Modelcontractbepalingen: werkversie",
        "De conceptbepalingen van de werkgroep over transparantie in de keten bij overheidsopdrachten, ter "
        "becommentariëring.",
    ),
}


def seed(library: LibraryPage, made: dict[str, Resource]) -> int:
    """Translate the library page and the resources in TEXTS; returns how many resources have Dutch texts.
    Idempotent: an existing Dutch library page is kept, the resources' Dutch texts are set again."""
    translate_page(library, "nl", keep_existing=True, **LIBRARY)
    for key, (title, summary) in TEXTS.items():
        resource = made.get(key)
        if resource is not None:
            resource_translate(resource, "nl", title=title, summary=summary)
    return sum(1 for key in TEXTS if key in made)
