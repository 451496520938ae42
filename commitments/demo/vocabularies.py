"""The Dutch words of the OECD due-diligence steps and of the SDG targets the migration seeds: translations
of the English originals, as the secretariat makes them with the admin's Translate action."""

from wagtail.models import Locale

from commitments.models import DueDiligenceStep, SdgTarget

#: number: name, in the words Dutch covenants use for the OECD steps.
STEPS_NL = {
    1: "Verankeren van maatschappelijk verantwoord ondernemen in beleid en managementsystemen",
    2: "Identificeren en beoordelen van negatieve gevolgen",
    3: "Stoppen, voorkomen en beperken van negatieve gevolgen",
    4: "Monitoren van uitvoering en resultaten",
    5: "Communiceren over hoe negatieve gevolgen worden aangepakt",
    6: "Herstel bieden of daaraan meewerken",
}

#: code: title.
TARGETS_NL = {
    "1.4": "Gelijke rechten op economische middelen, ook voor armen en kwetsbaren",
    "3.9": "Minder doden en ziekten door gevaarlijke chemicaliën en vervuiling",
    "4.4": "Meer jongeren en volwassenen met vaardigheden voor fatsoenlijk werk",
    "5.1": "Een einde aan alle vormen van discriminatie van vrouwen en meisjes",
    "5.2": "Geweld tegen vrouwen en meisjes uitbannen",
    "5.5": "Volwaardige deelname van vrouwen en gelijke kansen op leidinggevende posities",
    "6.3": "Betere waterkwaliteit door minder vervuiling",
    "8.5": "Volledige en productieve werkgelegenheid en fatsoenlijk werk voor iedereen, gelijk loon voor "
    "gelijk werk",
    "8.7": "Een einde aan dwangarbeid, moderne slavernij, mensenhandel en kinderarbeid",
    "8.8": "Arbeidsrechten beschermen en veilige werkomstandigheden bevorderen",
    "9.4": "Infrastructuur en industrie moderniseren om ze duurzaam te maken",
    "12.2": "Duurzaam beheer en efficiënt gebruik van natuurlijke hulpbronnen",
    "12.4": "Milieuvriendelijk beheer van chemicaliën en afval",
    "12.5": "Veel minder afval door preventie, vermindering, recycling en hergebruik",
    "12.6": "Bedrijven aanmoedigen duurzaam te werken en over duurzaamheid te rapporteren",
    "12.7": "Duurzame overheidsinkoop bevorderen",
    "13.2": "Klimaatmaatregelen opnemen in beleid en planning",
    "16.5": "Corruptie en omkoping sterk verminderen",
    "16.10": "Openbare toegang tot informatie waarborgen",
    "17.17": "Doeltreffende publieke, publiek-private en maatschappelijke partnerschappen aanmoedigen",
}


def translate_vocabularies(language_code: str = "nl") -> int:
    """Each step's and target's Dutch translation, made once (a second run keeps what the secretariat may
    have changed since). Returns how many were made."""
    locale = Locale.objects.filter(language_code=language_code).first()
    if locale is None:
        return 0
    made = 0
    for step in DueDiligenceStep.objects.originals().filter(number__in=STEPS_NL):
        if step.get_translation_or_none(locale) is None:
            translation = step.copy_for_translation(locale)
            translation.name = STEPS_NL[step.number]
            translation.save()
            made += 1
    for target in SdgTarget.objects.originals().filter(code__in=TARGETS_NL):
        if target.get_translation_or_none(locale) is None:
            translation = target.copy_for_translation(locale)
            translation.title = TARGETS_NL[target.code]
            translation.save()
            made += 1
    return made
