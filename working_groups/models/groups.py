"""Working groups as Wagtail pages, the index that lists them, and their themes."""

from importlib import import_module

from django import forms
from django.conf import settings
from django.db import models
from django.http import Http404
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from modelcluster.fields import ParentalKey, ParentalManyToManyField
from wagtail import hooks
from wagtail.admin.panels import FieldPanel, InlinePanel, MultiFieldPanel
from wagtail.contrib.routable_page.models import RoutablePageMixin, path
from wagtail.coreutils import resolve_model_string
from wagtail.fields import StreamField
from wagtail.models import Orderable, Page, PageManager, PageQuerySet, TranslatableMixin
from wagtail.search import index

from cms.blocks import BodyBlock
from working_groups import access
from working_groups.choices import JoiningPolicy, Visibility
from working_groups.hooks import GROUP_SUBPAGE_TYPES_HOOK


def _views(name: str):
    """The view module behind the page's routes (imported late: views import these models)."""
    return import_module(f"working_groups.views.{name}")


def original_theme_q() -> models.Q:
    """The default-language themes: what every theme field offers to link (`limit_choices_to` of the themes of
    groups and events), so pages link to originals only and a translation of a theme cannot be picked."""
    return models.Q(locale__language_code=settings.LANGUAGE_CODE)


class ThemeQuerySet(models.QuerySet):
    def originals(self) -> "ThemeQuerySet":
        """One row per theme: the default language's. Groups, events, resources and commitments link to these
        (filters, the API and addresses use their slugs); translations only give a theme its label."""
        return self.filter(original_theme_q())


class Theme(TranslatableMixin, models.Model):
    """A subject the covenant works on (due diligence, child labour, recycling, …); groups carry themes.

    Translatable (wagtail-localize): a translation is a row in another locale with the same translation key
    and slug. Content always links to the original (ThemeQuerySet.originals); readers see `label`, the name
    in their language, or the original's when the theme has no translation in it."""

    name = models.CharField(_("name"), max_length=100)
    slug = models.SlugField(_("slug"), max_length=100)

    panels = [FieldPanel("name"), FieldPanel("slug")]

    objects = ThemeQuerySet.as_manager()

    class Meta(TranslatableMixin.Meta):
        ordering = ["name"]
        verbose_name = _("theme")
        verbose_name_plural = _("themes")
        constraints = [
            models.UniqueConstraint(fields=["name", "locale"], name="one_theme_name_per_language"),
            models.UniqueConstraint(fields=["slug", "locale"], name="one_theme_slug_per_language"),
        ]

    def __str__(self) -> str:
        return self.label

    @property
    def label(self) -> str:
        """The theme's name in the active language; its own name when it has no translation there. No query
        for readers of the default language; one per language and cache period for the others."""
        from working_groups.themes import translated_theme_names

        code = (get_language() or settings.LANGUAGE_CODE).split("-")[0]
        if code == settings.LANGUAGE_CODE:
            return self.name
        return translated_theme_names(code).get(str(self.translation_key), self.name)


class WorkingGroupPageQuerySet(PageQuerySet):
    """Visibility as a queryset triad, like Wagtail's live_q() / live() / not_live()."""

    def visible_to_q(self, user) -> models.Q:
        return access.group_visible_q(user)

    def visible_to(self, user) -> "WorkingGroupPageQuerySet":
        return self.filter(self.visible_to_q(user))

    def not_visible_to(self, user) -> "WorkingGroupPageQuerySet":
        return self.exclude(self.visible_to_q(user))

    def readable_by(self, user) -> "WorkingGroupPageQuerySet":
        return self.filter(access.group_readable_q(user))


WorkingGroupPageManager = PageManager.from_queryset(WorkingGroupPageQuerySet)


class WorkingGroupIndexPage(Page):
    """Lists the working groups the visitor may see (see working_groups.views.pages)."""

    introduction = models.TextField(_("introduction"), blank=True)

    content_panels = [*Page.content_panels, FieldPanel("introduction")]
    search_fields = [*Page.search_fields, index.SearchField("introduction")]
    parent_page_types = ["cms.HomePage"]
    subpage_types = ["working_groups.WorkingGroupPage"]
    max_count = 1
    template = "working_groups/working_group_index_page.html"

    class Meta:
        verbose_name = _("working group index")

    def get_context(self, request, *args, **kwargs):
        from working_groups.selectors import group_index_context

        context = super().get_context(request, *args, **kwargs)
        context.update(group_index_context(self, request))
        return context


class WorkingGroupPage(RoutablePageMixin, Page):
    """One working group. Serves itself, its members' area and its membership actions.

    Visibility follows working_groups.access: a private group answers 404 to outsiders on every route.
    """

    introduction = models.TextField(
        _("introduction"), help_text=_("One or two public sentences shown in listings and search results.")
    )
    purpose_and_mandate = StreamField(BodyBlock(), verbose_name=_("purpose and mandate"), blank=True)
    themes = ParentalManyToManyField(
        Theme, verbose_name=_("themes"), blank=True, limit_choices_to=original_theme_q, related_name="groups"
    )
    visibility = models.CharField(
        _("visibility"), max_length=16, choices=Visibility.choices, default=Visibility.OPEN, db_index=True
    )
    joining_policy = models.CharField(
        _("joining policy"), max_length=16, choices=JoiningPolicy.choices, default=JoiningPolicy.REQUEST
    )

    objects = WorkingGroupPageManager()

    content_panels = [
        *Page.content_panels,
        FieldPanel("introduction"),
        FieldPanel("purpose_and_mandate"),
        FieldPanel("themes", widget=forms.CheckboxSelectMultiple),
        InlinePanel("documents", label=_("Members' documents")),
    ]
    settings_panels = [
        MultiFieldPanel([FieldPanel("visibility"), FieldPanel("joining_policy")], heading=_("Access")),
        *Page.settings_panels,
    ]
    search_fields = [
        *Page.search_fields,
        index.SearchField("introduction"),
        index.SearchField("purpose_and_mandate"),
        index.FilterField("visibility"),
    ]
    parent_page_types = ["working_groups.WorkingGroupIndexPage"]
    subpage_types: list[str] = []
    template = "working_groups/working_group_page.html"

    class Meta:
        verbose_name = _("working group")

    @classmethod
    def clean_subpage_models(cls):
        """`subpage_types` plus the page types apps above contribute through GROUP_SUBPAGE_TYPES_HOOK (the
        group's meetings, when events is installed): an extension point, so no app edits this class."""
        if cls._clean_subpage_models is None:
            names = [
                *cls.subpage_types,
                *(name for fn in hooks.get_hooks(GROUP_SUBPAGE_TYPES_HOOK) for name in fn()),
            ]
            cls._clean_subpage_models = [
                resolve_model_string(name, cls._meta.app_label) for name in dict.fromkeys(names)
            ]
        return cls._clean_subpage_models

    def save(self, *args, **kwargs):
        """A translation of a group is exactly as visible as the group: it takes the visibility of its
        original (the page in the default locale); a change of the original's visibility reaches every
        translation."""
        default = settings.LANGUAGE_CODE
        if self.locale_id and self.locale.language_code != default:
            original = WorkingGroupPage.objects.filter(
                translation_key=self.translation_key, locale__language_code=default
            )
            visibility = original.values_list("visibility", flat=True).first()
            if visibility is not None:
                self.visibility = visibility
        super().save(*args, **kwargs)
        if self.locale.language_code == default:
            translations = WorkingGroupPage.objects.filter(translation_key=self.translation_key).exclude(
                pk=self.pk
            )
            translations.exclude(visibility=self.visibility).update(visibility=self.visibility)

    def serve(self, request, *args, **kwargs):
        access.require_visible_group(request.user, self)
        return super().serve(request, *args, **kwargs)

    def get_context(self, request, *args, **kwargs):
        from working_groups.selectors import group_page_context

        context = super().get_context(request, *args, **kwargs)
        context.update(group_page_context(self, request))
        return context

    @path("members/")
    def members_area(self, request):
        return _views("groups").members_area(request, self)

    @path("members/directory/")
    def member_directory(self, request):
        return _views("groups").member_directory(request, self)

    @path("join/")
    def join(self, request):
        return _views("groups").join(request, self)

    @path("request/")
    def request_to_join(self, request):
        return _views("groups").request_to_join(request, self)

    @path("request/withdraw/")
    def withdraw_request(self, request):
        return _views("groups").withdraw_request(request, self)

    @path("leave/")
    def leave(self, request):
        return _views("groups").leave(request, self)

    @path("manage/")
    def manage(self, request):
        return _views("manage").manage(request, self)

    @path("manage/history/")
    def history(self, request):
        return _views("manage").history(request, self)

    @path("manage/requests/<int:request_id>/<str:decision>/")
    def decide_request(self, request, request_id, decision):
        if decision not in ("approve", "decline"):
            raise Http404
        return _views("manage").decide_request(request, self, request_id, decision)

    @path("manage/invitations/")
    def invite(self, request):
        return _views("manage").invite(request, self)

    @path("manage/invitations/<int:invitation_id>/revoke/")
    def revoke_invitation(self, request, invitation_id):
        return _views("manage").revoke_invitation(request, self, invitation_id)

    @path("manage/members/<int:membership_id>/role/")
    def change_role(self, request, membership_id):
        return _views("manage").change_role(request, self, membership_id)

    @path("manage/members/<int:membership_id>/remove/")
    def remove_member(self, request, membership_id):
        return _views("manage").remove_member(request, self, membership_id)

    def get_sitemap_urls(self, request=None):
        """The sitemap is public: a private group is never listed in it."""
        if self.visibility == Visibility.PRIVATE:
            return []
        return super().get_sitemap_urls(request)


class WorkingGroupDocument(Orderable):
    """A document in a group's members' area (members only, as the group's content)."""

    group = ParentalKey(WorkingGroupPage, on_delete=models.CASCADE, related_name="documents")
    document = models.ForeignKey("wagtaildocs.Document", on_delete=models.CASCADE, related_name="+")
    title = models.CharField(
        _("title"), max_length=200, blank=True, help_text=_("Defaults to the document's.")
    )

    panels = [FieldPanel("document"), FieldPanel("title")]

    class Meta(Orderable.Meta):
        verbose_name = _("members' document")
        verbose_name_plural = _("members' documents")

    def __str__(self) -> str:
        return self.display_title

    @property
    def display_title(self) -> str:
        return self.title or self.document.title
