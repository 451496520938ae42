"""The choices the register's filter form offers (themes, parties, working groups, OECD steps, SDG targets),
read once per language and kept in the shared cache, and cleared by every write that can change them.

Read afresh on every page view they cost five queries and five lists of model instances, about as much as
the register's own rows. What they depend on, and what clears them (at once, and again when the
transaction commits, so a list read by a concurrent request from the old rows cannot outlive the commit):

- themes: the themes and their translations (Theme saved or deleted; a Locale saved or deleted);
- parties: the parties of published public commitments (a Commitment saved or deleted, its parties
  changed, an Organisation saved or deleted);
- working groups: the live groups under no view restriction, with their titles and visibility (a group
  saved, published, unpublished, moved or deleted; any page moved; a view restriction saved or deleted);
- OECD steps and SDG targets (saved or deleted).

Who may see a group is decided per reader, never cached: the cached list holds every live public group
with its visibility, and `group_choices(user)` keeps the ones `working_groups.access.decide` lets the
reader see (a private group only for its members and the secretariat), so a membership takes effect at
once. Writes that skip the model signals (queryset `update()`, `bulk_create`) are not seen; entries
expire after `CACHE_SECONDS`, which bounds how long such a write or another process's local cache can
show an old list.

These lists only label the form; a submitted value is still checked against the filter's queryset.
"""

from __future__ import annotations

from django.conf import settings
from django.core.cache import cache
from django.db import transaction
from django.db.models.signals import m2m_changed, post_delete, post_save
from django.utils.translation import get_language

from commitments.models.commitment import Commitment, DueDiligenceStep, SdgTarget
from working_groups import access
from working_groups.models import Organisation, Theme, WorkingGroupPage

CACHE_KEY = "commitments:register-choices:{language}"
#: Bounds how long a write the signals do not see (or another process's local cache) shows an old list.
CACHE_SECONDS = 300

Choices = tuple[tuple[str, str], ...]


def _language() -> str:
    return (get_language() or settings.LANGUAGE_CODE).split("-")[0]


def _read() -> dict:
    """The lists as plain values (each option's value and label as the form's ModelChoiceFields write
    them: the filter's `to_field_name`, and `str()` of the object)."""
    in_register = Commitment.objects.public_register().values("pk")
    parties = (
        Organisation.objects.filter(
            pk__in=Commitment.parties.through.objects.filter(commitment_id__in=in_register).values(
                "organisation_id"
            )
        )
        .order_by("name")
        .values_list("slug", "name")
    )
    groups = (
        WorkingGroupPage.objects.live().public().order_by("title").values_list("pk", "title", "visibility")
    )
    return {
        "theme": tuple((theme.slug, str(theme)) for theme in Theme.objects.originals()),
        "party": tuple(parties),
        "group": tuple((pk, str(pk), title, visibility) for pk, title, visibility in groups),
        # One option per step and target: the default language's row, labelled in the active language.
        "step": tuple((str(step.number), str(step)) for step in DueDiligenceStep.objects.originals()),
        "sdg": tuple((target.code, str(target)) for target in SdgTarget.objects.originals()),
    }


def register_choices() -> dict:
    """The lists in the active language, from the shared cache when it has them."""
    key = CACHE_KEY.format(language=_language())
    lists = cache.get(key)
    if lists is None:
        lists = _read()
        cache.set(key, lists, CACHE_SECONDS)
    return lists


def choices_for(name: str, user) -> Choices:
    """The options of one filter (`theme`, `party`, `group`, `step` or `sdg`) for this reader, without the
    empty choice."""
    lists = register_choices()
    if name != "group":
        return lists[name]
    return group_choices(lists["group"], user)


def group_choices(groups, user) -> Choices:
    """The groups this reader may see, as `WorkingGroupPage.objects.visible_to(user)` would keep them."""
    if all(visibility in access.PUBLIC_VISIBILITIES for _pk, _value, _title, visibility in groups):
        return tuple((value, title) for _pk, value, title, _visibility in groups)
    roles = access.user_group_roles(user)
    secretariat = access.is_secretariat(user)
    return tuple(
        (value, title)
        for pk, value, title, visibility in groups
        if access.decide(visibility, roles.get(pk), secretariat).see
    )


def register_choices_clear() -> None:
    """Forget the lists in every language, now and again when the current transaction commits."""
    register_choices_forget()
    transaction.on_commit(register_choices_forget)


def register_choices_forget() -> None:
    """Forget the lists in every language now."""
    cache.delete_many([CACHE_KEY.format(language=code) for code, _name in settings.LANGUAGES])


def _on_write(**kwargs) -> None:
    register_choices_clear()


def _on_group_page(instance=None, **kwargs) -> None:
    if isinstance(instance, WorkingGroupPage):
        register_choices_clear()


def connect() -> None:
    """Clear the lists on every write that can change them (called from CommitmentsConfig.ready)."""
    from wagtail.models import Locale, Page, PageViewRestriction
    from wagtail.signals import page_published, page_unpublished, post_page_move

    for model in (
        Commitment,
        Organisation,
        Theme,
        DueDiligenceStep,
        SdgTarget,
        WorkingGroupPage,
        PageViewRestriction,
        Locale,
    ):
        for signal in (post_save, post_delete):
            uid = f"commitments-choices-{model.__name__}-{id(signal)}"
            signal.connect(_on_write, sender=model, dispatch_uid=uid)
    post_delete.connect(_on_group_page, sender=Page, dispatch_uid="commitments-choices-page-deleted")
    m2m_changed.connect(
        _on_write, sender=Commitment.parties.through, dispatch_uid="commitments-choices-parties-changed"
    )
    for signal in (page_published, page_unpublished):
        signal.connect(_on_group_page, dispatch_uid=f"commitments-choices-{id(signal)}")
    post_page_move.connect(_on_write, dispatch_uid="commitments-choices-page-moved")
