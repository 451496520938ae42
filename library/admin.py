"""The library in the Wagtail admin: a "Library" menu with the resources (filters, search) — the files,
their facets, their title and summary in other languages, where they are used and which commitments cite
them — edited in one form."""

from django import forms
from django.utils.translation import gettext_lazy as _

from wagtail.admin.filters import WagtailFilterSet
from wagtail.admin.panels import (
    FieldPanel,
    FieldRowPanel,
    InlinePanel,
    MultiFieldPanel,
    ObjectList,
    PageChooserPanel,
)
from wagtail.admin.ui.tables import Column, DateColumn
from wagtail.snippets.views.snippets import SnippetViewSet

import django_filters

from library.choices import Audience, ResourceKind, TextStatus
from library.forms import ResourceAdminForm
from library.models import Resource, ResourceCitation, ResourceTranslation, ResourceUse
from library.models.resources import translation_languages

ResourceTranslation.panels = [
    FieldPanel("language", widget=forms.Select(choices=translation_languages)),
    FieldPanel("title"),
    FieldPanel("summary"),
]
ResourceUse.panels = [PageChooserPanel("page"), FieldPanel("role")]
ResourceCitation.panels = [FieldPanel("commitment"), FieldPanel("progress_update"), FieldPanel("purpose")]


class ResourceAdminFilterSet(WagtailFilterSet):
    kind = django_filters.ChoiceFilter(label=_("Kind"), choices=ResourceKind.choices)
    audience = django_filters.ChoiceFilter(label=_("Audience"), choices=Audience.choices)
    text_status = django_filters.ChoiceFilter(label=_("File text"), choices=TextStatus.choices)

    class Meta:
        model = Resource
        fields = ["kind", "audience", "group", "text_status"]


class ResourceViewSet(SnippetViewSet):
    model = Resource
    icon = "doc-full-inverse"
    menu_label = _("Library")
    menu_name = "library"
    add_to_admin_menu = True
    menu_order = 260
    filterset_class = ResourceAdminFilterSet
    list_display = [
        "title",
        Column("kind", label=_("Kind"), accessor="get_kind_display"),
        Column("audience", label=_("Audience"), accessor="get_audience_display"),
        Column("text_status", label=_("File text"), accessor="get_text_status_display"),
        DateColumn("published_on", label=_("Published")),
    ]
    search_fields = ["title", "summary", "extracted_text"]
    edit_handler = ObjectList(
        [
            FieldPanel("title"),
            FieldPanel("summary"),
            InlinePanel(
                "translations",
                heading=_("Title and summary in other languages"),
                label=_("Translation"),
                help_text=_(
                    "Readers in that language see these texts; everyone else, and readers of a language "
                    "without a translation, see the title and summary above. Who may see the resource, its "
                    "file and its versions stay as set below."
                ),
            ),
            FieldRowPanel([FieldPanel("kind"), FieldPanel("published_on")]),
            MultiFieldPanel(
                [FieldPanel("file"), FieldPanel("link_url"), FieldPanel("recording_url")],
                heading=_("File, link or recording"),
            ),
            MultiFieldPanel(
                [
                    FieldPanel("themes", widget=forms.CheckboxSelectMultiple),
                    FieldPanel("due_diligence_steps", widget=forms.CheckboxSelectMultiple),
                    FieldPanel("minerals"),
                    FieldPanel("languages"),
                    FieldPanel("regions"),
                    FieldPanel("stakeholder_types"),
                ],
                heading=_("What it is about"),
            ),
            MultiFieldPanel(
                [FieldPanel("publisher_party"), FieldPanel("publisher_name")], heading=_("Publisher")
            ),
            MultiFieldPanel([FieldPanel("version"), FieldPanel("supersedes")], heading=_("Version")),
            MultiFieldPanel([FieldPanel("audience"), FieldPanel("group")], heading=_("Who may see it")),
            InlinePanel(
                "uses", heading=_("Used on pages (e.g. an event's slides or recording)"), label=_("Use")
            ),
            InlinePanel(
                "citations", heading=_("Cited by commitments and progress updates"), label=_("Citation")
            ),
        ],
        base_form_class=ResourceAdminForm,
    )
