"""Vocabularies of the library: kinds, audiences, and the facets resources are tagged with."""

from django.db import models
from django.utils.translation import gettext_lazy as _

from working_groups.models import StakeholderType


class ResourceKind(models.TextChoices):
    GUIDANCE = "guidance", _("Guidance")
    TOOL = "tool", _("Tool")
    TEMPLATE = "template", _("Template")
    REPORT = "report", _("Report")
    TRAINING = "training", _("Training")
    RECORDING = "recording", _("Recording")


class Audience(models.TextChoices):
    PUBLIC = "public", _("Public: everyone")
    GROUP = "group", _("One working group: those who may read the group's content")


class TextStatus(models.TextChoices):
    NONE = "", _("No file")
    TEXT = "text", _("Text extracted")
    NO_TEXT = "no_text", _("No text found (a scan or a picture)")


class Mineral(models.TextChoices):
    TIN = "tin", _("Tin")
    TUNGSTEN = "tungsten", _("Tungsten")
    TANTALUM = "tantalum", _("Tantalum")
    GOLD = "gold", _("Gold")
    COBALT = "cobalt", _("Cobalt")
    COPPER = "copper", _("Copper")
    MICA = "mica", _("Mica")
    LITHIUM = "lithium", _("Lithium")
    NICKEL = "nickel", _("Nickel")
    RARE_EARTHS = "rare_earths", _("Rare earths")
    BAUXITE = "bauxite", _("Bauxite and aluminium")
    IRON = "iron", _("Iron ore and steel")


class Region(models.TextChoices):
    GLOBAL = "global", _("Global")
    EUROPE = "europe", _("Europe")
    AFRICA_GREAT_LAKES = "great_lakes", _("African Great Lakes")
    AFRICA_OTHER = "africa", _("Africa (other)")
    LATIN_AMERICA = "latin_america", _("Latin America")
    SOUTH_ASIA = "south_asia", _("South Asia")
    SOUTHEAST_ASIA = "southeast_asia", _("Southeast Asia")
    EAST_ASIA = "east_asia", _("East Asia")


class Language(models.TextChoices):
    ENGLISH = "en", _("English")
    DUTCH = "nl", _("Dutch")
    FRENCH = "fr", _("French")
    GERMAN = "de", _("German")
    SPANISH = "es", _("Spanish")
    PORTUGUESE = "pt", _("Portuguese")
    SWAHILI = "sw", _("Swahili")
    CHINESE = "zh", _("Chinese")


class Facet(models.TextChoices):
    """The multi-valued facets of a resource, stored as ResourceTag rows (one query counts them all)."""

    LANGUAGE = "language", _("Language")
    MINERAL = "mineral", _("Mineral or metal")
    REGION = "region", _("Region")
    STAKEHOLDER = "stakeholder", _("Stakeholder type served")


FACET_CHOICES = {
    Facet.LANGUAGE: Language.choices,
    Facet.MINERAL: Mineral.choices,
    Facet.REGION: Region.choices,
    Facet.STAKEHOLDER: StakeholderType.choices,
}


class CitationPurpose(models.TextChoices):
    GUIDANCE = "guidance", _("Guidance followed")
    EVIDENCE = "evidence", _("Evidence")


class UseRole(models.TextChoices):
    SLIDES = "slides", _("Slides")
    RECORDING = "recording", _("Recording")
    MATERIAL = "material", _("Material")
