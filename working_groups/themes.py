"""The names of themes in other languages than the default, for Theme.label: one small query per language,
cached, and forgotten whenever a theme is saved or deleted; and the filters that offer each theme once."""

from django.core.cache import cache
from django.db.models.signals import post_delete, post_save

import django_filters

CACHE_KEY = "roundtable:theme-names:{language}"
#: Bounds how long another process's local cache may show an old name.
CACHE_SECONDS = 300


def translated_theme_names(language_code: str) -> dict[str, str]:
    """translation key (as text) -> name, for the themes translated into `language_code`."""
    from working_groups.models import Theme

    key = CACHE_KEY.format(language=language_code)
    names = cache.get(key)
    if names is None:
        names = {
            str(translation_key): name
            for translation_key, name in Theme.objects.filter(
                locale__language_code=language_code
            ).values_list("translation_key", "name")
        }
        cache.set(key, names, CACHE_SECONDS)
    return names


def forget_theme_names(**kwargs) -> None:
    from django.conf import settings

    cache.delete_many([CACHE_KEY.format(language=code) for code, _name in settings.LANGUAGES])


def connect() -> None:
    from working_groups.models import Theme

    post_save.connect(forget_theme_names, sender=Theme, dispatch_uid="working_groups_theme_names_saved")
    post_delete.connect(forget_theme_names, sender=Theme, dispatch_uid="working_groups_theme_names_deleted")


class OriginalRowsOnly:
    """For a django-filter choice over a translatable model's manager (so schema tools see the model and the
    field it is chosen by): offers one row per translated thing, the default language's (`.originals()` of
    the model's queryset), read when the form is made. Themes here; commitments' vocabularies use it too."""

    def get_queryset(self, request):
        return super().get_queryset(request).originals()


class ThemeChoiceFilter(OriginalRowsOnly, django_filters.ModelChoiceFilter):
    pass


class ThemeMultipleChoiceFilter(OriginalRowsOnly, django_filters.ModelMultipleChoiceFilter):
    pass
