"""Translations of pages: finding them for a visitor, and keeping their access equal to the original's.

A translation never changes who may see a page. Wagtail's view restrictions belong to one page, so a page's
restrictions are copied to its translations when they are made (`copy_for_translation_done`, which Wagtail's
copy-for-translation and wagtail-localize both send) and mirrored whenever a restriction changes.
"""

import re

from django.conf import settings
from django.db.models.signals import post_delete, post_save
from django.utils import translation

from wagtail.models import Locale, Page, PageViewRestriction
from wagtail.signals import copy_for_translation_done

from cms.visibility import pages_findable_by

_default_locale_ids: dict[str, int | None] = {}


def default_locale_id() -> int | None:
    """The id of the default language's Locale, read once per process (and again after a Locale changes), so
    "is this page an original?" costs no query on every page view. None when there is no such Locale."""
    code = settings.LANGUAGE_CODE
    if code not in _default_locale_ids:
        _default_locale_ids[code] = (
            Locale.objects.filter(language_code=code).values_list("pk", flat=True).first()
        )
    return _default_locale_ids[code]


_locale_ids: dict[str, int | None] = {}


def locale_id_for(language_code: str) -> int | None:
    """The id of the Locale Wagtail's `Locale.get_active()` finds while `language_code` is active (its
    supported content-language variant, else the default language's), read once per process and again after a
    Locale changes. None when there is none. Only a Locale found is remembered: a language without one is
    looked up again on each call, so a Locale another process adds later is found here at once."""
    from wagtail.coreutils import get_supported_content_language_variant

    if language_code not in _locale_ids:
        try:
            variant = get_supported_content_language_variant(language_code)
        except LookupError:
            variant = None
        found = (
            Locale.objects.filter(language_code=variant).values_list("pk", flat=True).first()
            if variant
            else None
        )
        if found is None:
            return default_locale_id()
        _locale_ids[language_code] = found
    return _locale_ids[language_code]


def _forget_default_locale(**kwargs) -> None:
    _default_locale_ids.clear()
    _locale_ids.clear()


post_save.connect(_forget_default_locale, sender=Locale, dispatch_uid="cms_forget_default_locale_saved")
post_delete.connect(_forget_default_locale, sender=Locale, dispatch_uid="cms_forget_default_locale_deleted")


def active_locale() -> Locale:
    """The content locale for the active language, English when there is none."""
    try:
        return Locale.get_active()
    except Locale.DoesNotExist:
        return Locale.get_default()


def visible_translations(page: Page, user, request=None) -> list[Page]:
    """The live translations of a page (itself included) this visitor may find, in locale order. One query
    (and the site's view restrictions, read once per request when it is given)."""
    pages = page.get_translations(inclusive=True).select_related("locale")
    return list(pages_findable_by(user, pages, request=request).order_by("locale__language_code"))


def translation_for(page: Page, language_code: str, user) -> Page | None:
    for candidate in visible_translations(page, user):
        if candidate.locale.language_code == language_code:
            return candidate
    return None


def routable_sub_path(page: Page, path: str, request=None) -> str:
    """The part of `path` below a routable page's own address (`12/smelter-guidance/` of a library page), so
    the language switcher and the page's language alternates lead to the same item of the page in the other
    language. Empty for other pages, other paths and anything but plain path segments. The page in the other
    language checks access to the item itself: nothing but the path is carried over."""
    from wagtail.contrib.routable_page.models import RoutablePageMixin

    if not isinstance(page.specific_deferred, RoutablePageMixin):
        return ""
    own = page.get_url(request) or ""
    if not own or not path.startswith(own):
        return ""
    rest = path[len(own) :]
    return rest if re.fullmatch(r"[-\w/]*", rest) else ""


def translation_in_language(page: Page, language_code: str) -> Page:
    """The page for a reader of `language_code`: its live translation in that language, or the page itself
    when it is in that language already or has no live translation there. Who may see it does not change (a
    translation has its original's restrictions), so this serves links in e-mails. One query."""
    code = (language_code or "").split("-")[0]
    translated = (
        page.get_translations(inclusive=True).live().filter(locale__language_code=code).order_by().first()
    )
    return translated if translated is not None else page


def home_for(site, language_code: str) -> Page:
    """The site's home page in a language, or the default home when it has not been translated."""
    root = site.root_page
    try:
        locale = Locale.objects.get(language_code=language_code)
    except Locale.DoesNotExist:
        return root
    return root.get_translation_or_none(locale) or root


_mirroring = False


def _copy_restrictions(source: Page, target: Page) -> None:
    """Make the target's restrictions those of the source (the signals this raises are not mirrored back)."""
    global _mirroring
    if _mirroring:
        return
    _mirroring = True
    try:
        PageViewRestriction.objects.filter(page=target).delete()
        for restriction in PageViewRestriction.objects.filter(page=source).prefetch_related("groups"):
            copy = PageViewRestriction.objects.create(
                page=target, restriction_type=restriction.restriction_type, password=restriction.password
            )
            copy.groups.set(restriction.groups.all())
    finally:
        _mirroring = False


def _on_translation_copied(sender, source_obj, target_obj, **kwargs):
    if isinstance(source_obj, Page):
        _copy_restrictions(source_obj, target_obj)


def _mirror_restrictions(sender, instance, **kwargs):
    """A restriction added to, changed on or removed from a page applies to every translation of it."""
    if _mirroring or kwargs.get("raw"):
        return
    page = Page.objects.filter(pk=instance.page_id).first()
    if page is None:
        return
    for other in page.get_translations():
        _copy_restrictions(page, other)


def _mirror_restriction_groups(sender, instance, action, **kwargs):
    if action in ("post_add", "post_remove", "post_clear") and isinstance(instance, PageViewRestriction):
        _mirror_restrictions(PageViewRestriction, instance)


def connect() -> None:
    copy_for_translation_done.connect(_on_translation_copied, dispatch_uid="cms_copy_restrictions")
    post_save.connect(_mirror_restrictions, sender=PageViewRestriction, dispatch_uid="cms_mirror_restriction")
    post_delete.connect(
        _mirror_restrictions, sender=PageViewRestriction, dispatch_uid="cms_mirror_restriction_del"
    )
    from django.db.models.signals import m2m_changed

    m2m_changed.connect(
        _mirror_restriction_groups,
        sender=PageViewRestriction.groups.through,
        dispatch_uid="cms_mirror_groups",
    )


def translate_page(
    page: Page, language_code: str, user=None, *, keep_existing: bool = False, **fields
) -> Page:
    """Copy a page for translation (parents too, when they are not translated yet), fill the translated fields
    and publish it. For the demo and tests; editors use the admin's Translate action. With `keep_existing`,
    a translation that exists already is returned as it is (the demo seed runs twice without changes)."""
    locale = Locale.objects.get(language_code=language_code)
    page = Page.objects.get(pk=page.pk).specific  # fresh: a cached parent may hold a stale child count
    existing = page.get_translation_or_none(locale)
    if existing is not None and keep_existing:
        return existing.specific
    target = existing.specific if existing else page.specific.copy_for_translation(locale, copy_parents=True)
    for name, value in fields.items():
        setattr(target, name, value)
    with translation.override(language_code):
        target.save_revision(user=user).publish()
    target.refresh_from_db()
    return target
