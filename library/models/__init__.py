from library.models.pages import LibraryPage
from library.models.resources import (
    Resource,
    ResourceCitation,
    ResourceQuerySet,
    ResourceTag,
    ResourceText,
    ResourceTranslation,
    ResourceUse,
)

__all__ = [
    "LibraryPage",
    "Resource",
    "ResourceCitation",
    "ResourceQuerySet",
    "ResourceTag",
    "ResourceText",
    "ResourceTranslation",
    "ResourceUse",
]
