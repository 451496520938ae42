"""The commitment vocabularies (OECD due-diligence steps, SDG targets) in the reader's language, and the
filters that offer each step and target once.

Both are translatable content (wagtail-localize), like working_groups' themes: a translation is a row in
another locale with the original's translation key. Commitments and library resources always link to the
default-language row (`VocabularyQuerySet.originals`; forms and the admin offer only those); a row's `label`
is its words in the active language, read from a small cache per model and language (one query per
language and cache period, none for the default language), forgotten whenever a row is saved or deleted.
"""

from django.conf import settings
from django.core.cache import cache
from django.db.models.signals import post_delete, post_save
from django.utils.translation import get_language

import django_filters

from working_groups.themes import OriginalRowsOnly

CACHE_KEY = "roundtable:commitment-vocabulary:{model}:{language}"
#: Bounds how long another process's local cache may show an old label.
CACHE_SECONDS = 300
#: The field that holds each vocabulary's words (the number and the code are the same in every language).
LABEL_FIELDS = {"duediligencestep": "name", "sdgtarget": "title"}


def _models():
    from commitments.models.commitment import DueDiligenceStep, SdgTarget

    return (DueDiligenceStep, SdgTarget)


def translated_labels(model, language_code: str) -> dict[str, str]:
    """translation key (as text) -> words, for the rows of `model` in `language_code`."""
    name = model._meta.model_name
    key = CACHE_KEY.format(model=name, language=language_code)
    labels = cache.get(key)
    if labels is None:
        labels = {
            str(translation_key): words
            for translation_key, words in model.objects.filter(
                locale__language_code=language_code
            ).values_list("translation_key", LABEL_FIELDS[name])
        }
        cache.set(key, labels, CACHE_SECONDS)
    return labels


def label_in_active_language(instance, field: str) -> str:
    """`instance`'s `field` in the active language, or its own when it has no translation there."""
    own = getattr(instance, field)
    code = (get_language() or settings.LANGUAGE_CODE).split("-")[0]
    if code == settings.LANGUAGE_CODE:
        return own
    return translated_labels(type(instance), code).get(str(instance.translation_key), own)


def forget_labels(sender, **kwargs) -> None:
    cache.delete_many(
        [CACHE_KEY.format(model=sender._meta.model_name, language=code) for code, _name in settings.LANGUAGES]
    )


def connect() -> None:
    for model in _models():
        name = model._meta.model_name
        post_save.connect(forget_labels, sender=model, dispatch_uid=f"commitments_{name}_labels_saved")
        post_delete.connect(forget_labels, sender=model, dispatch_uid=f"commitments_{name}_labels_deleted")


class VocabularyChoiceFilter(OriginalRowsOnly, django_filters.ModelChoiceFilter):
    """One option per step or target, the default language's row, labelled in the reader's language."""


class VocabularyMultipleChoiceFilter(OriginalRowsOnly, django_filters.ModelMultipleChoiceFilter):
    pass


def translation_keys(value) -> list:
    """The translation keys of the chosen rows (one or many), so a filter matches content linked to any
    translation of them."""
    rows = value if hasattr(value, "__iter__") else [value]
    return [row.translation_key for row in rows]
