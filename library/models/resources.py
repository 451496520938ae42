"""Resources of the knowledge library: guidance, tools, templates, reports, trainings and recordings.

Who may see a resource follows working_groups.access: a public resource is for everyone; a group resource is
for those who may read the group's content (members; the secretariat; anyone for an open group). Its file is
stored privately (library.storage) and served only through the library's file view, after the same check.
"""

from dataclasses import dataclass

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models, transaction
from django.db.models import Exists, OuterRef, Q
from django.utils.text import slugify
from django.utils.translation import gettext_lazy as _

from modelcluster.fields import ParentalKey
from modelcluster.models import ClusterableModel
from wagtail.models import Orderable
from wagtail.search import index
from wagtail.search.queryset import SearchableQuerySetMixin

from commitments.models.commitment import original_q
from library.choices import Audience, CitationPurpose, Facet, ResourceKind, TextStatus, UseRole
from library.storage import private_storage
from working_groups import access


def resource_slug(title: str) -> str:
    return slugify(title)[:80] or "resource"


def translation_languages() -> list[tuple[str, str]]:
    """The languages a resource's title and summary may be translated into: the site's content languages."""
    return [(code, str(name)) for code, name in settings.WAGTAIL_CONTENT_LANGUAGES]


@dataclass(frozen=True)
class ResourceText:
    """The title and summary a reader is shown, and the language they are written in."""

    title: str
    summary: str
    language: str
    translated: bool

    @property
    def slug(self) -> str:
        return resource_slug(self.title)


class ResourceQuerySet(SearchableQuerySetMixin, models.QuerySet):
    """Visibility as a queryset triad, built on the one access policy."""

    def visible_to_q(self, user) -> Q:
        if access.is_secretariat(user):
            return Q(pk__isnull=False)
        return Q(audience=Audience.PUBLIC) | (
            Q(audience=Audience.GROUP) & access.group_readable_q(user, "group")
        )

    def visible_to(self, user) -> "ResourceQuerySet":
        return self.filter(self.visible_to_q(user))

    def not_visible_to(self, user) -> "ResourceQuerySet":
        return self.exclude(self.visible_to_q(user))

    def current_for(self, user) -> "ResourceQuerySet":
        """Resources no newer version of which this user may see (older versions stay reachable from the
        newest one's page). A newer version the user may not see does not hide the older one."""
        newer = Resource.objects.visible_to(user).filter(supersedes=OuterRef("pk"))
        return self.filter(~Exists(newer))


class Resource(index.Indexed, ClusterableModel):
    title = models.CharField(_("title"), max_length=200)
    summary = models.TextField(
        _("summary"), max_length=1200, help_text=_("Two to four sentences: what it is and who it is for.")
    )
    kind = models.CharField(_("kind"), max_length=16, choices=ResourceKind.choices, db_index=True)
    file = models.FileField(
        _("file"),
        storage=private_storage,
        upload_to="library/%Y/%m/",
        blank=True,
        max_length=255,
        help_text=_("PDF, Word (.docx), OpenDocument text (.odt), plain text or a picture."),
    )
    file_type = models.CharField(max_length=120, blank=True, editable=False)
    file_size = models.PositiveBigIntegerField(default=0, editable=False)
    text_status = models.CharField(
        _("file text"), max_length=8, choices=TextStatus.choices, blank=True, default="", editable=False
    )
    extracted_text = models.TextField(blank=True, editable=False)
    link_url = models.URLField(_("link"), blank=True, help_text=_("Where the resource lives elsewhere."))
    recording_url = models.URLField(
        _("recording"), blank=True, help_text=_("A YouTube or Vimeo link plays in a privacy-friendly player.")
    )
    themes = models.ManyToManyField(
        "working_groups.Theme",
        verbose_name=_("themes"),
        blank=True,
        limit_choices_to=original_q,
        related_name="library_resources",
    )
    due_diligence_steps = models.ManyToManyField(
        "commitments.DueDiligenceStep",
        verbose_name=_("OECD due-diligence steps"),
        blank=True,
        limit_choices_to=original_q,
        related_name="library_resources",
    )
    publisher_party = models.ForeignKey(
        "working_groups.Organisation",
        verbose_name=_("publisher (a party)"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="library_resources",
    )
    publisher_name = models.CharField(
        _("publisher (an outside organisation)"),
        max_length=200,
        blank=True,
        help_text=_("When the publisher is not a party of the covenant."),
    )
    published_on = models.DateField(_("publication date"), db_index=True)
    version = models.CharField(
        _("version"), max_length=32, blank=True, help_text=_("For example 2.0 or 2024.")
    )
    supersedes = models.OneToOneField(
        "self",
        verbose_name=_("replaces the older version"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="superseded_by",
    )
    audience = models.CharField(
        _("audience"), max_length=8, choices=Audience.choices, default=Audience.PUBLIC, db_index=True
    )
    group = models.ForeignKey(
        "working_groups.WorkingGroupPage",
        verbose_name=_("working group"),
        null=True,
        blank=True,
        # Protect rather than set null: a group's resource must never become public by accident.
        on_delete=models.PROTECT,
        related_name="library_resources",
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = ResourceQuerySet.as_manager()

    search_fields = [
        index.SearchField("title", boost=3),
        index.AutocompleteField("title"),
        index.SearchField("summary", boost=2),
        index.RelatedFields(
            "translations", [index.SearchField("title", boost=3), index.SearchField("summary", boost=2)]
        ),
        index.SearchField("publisher_name"),
        index.SearchField("extracted_text"),
        index.FilterField("id"),
        index.FilterField("audience"),
        index.FilterField("group"),
        index.FilterField("kind"),
        index.FilterField("published_on"),
    ]

    class Meta:
        ordering = ["-published_on", "-pk"]
        verbose_name = _("library resource")
        verbose_name_plural = _("library resources")
        constraints = [
            models.CheckConstraint(
                condition=~Q(audience="group", group__isnull=True),
                name="library_group_resource_has_group",
                violation_error_message=_("A resource for one working group needs that group."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.title} ({self.version})" if self.version else self.title

    @property
    def slug(self) -> str:
        return resource_slug(self.title)

    @property
    def original_language(self) -> str:
        """The language the resource's own title and summary are written in: the language of the resource
        when it has exactly one (a Dutch guide has a Dutch title), else the site's default language. Reads
        the tags (prefetch them in lists)."""
        languages = {tag.value for tag in self.tags.all() if tag.facet == Facet.LANGUAGE}
        return languages.pop() if len(languages) == 1 else settings.LANGUAGE_CODE

    def text_in(self, language: str | None) -> ResourceText:
        """The title and summary for a reader of `language`: the translation into it when there is one, else
        the resource's own. Only texts are translated: who may see the resource, its file and its versions
        are the resource's own whatever the reader's language. Reads `translations` and `tags` (prefetch
        both in lists: library.selectors.with_list_relations)."""
        code = (language or settings.LANGUAGE_CODE).split("-")[0]
        original = self.original_language
        if code != original:
            for translation in self.translations.all():
                if translation.language == code:
                    return ResourceText(translation.title, translation.summary, code, translated=True)
        return ResourceText(self.title, self.summary, original, translated=False)

    def known_slugs(self) -> set[str]:
        """The slug of the title in every language it has (each one addresses the resource's page)."""
        return {self.slug, *(resource_slug(translation.title) for translation in self.translations.all())}

    @property
    def publisher_display(self) -> str:
        return self.publisher_party.name if self.publisher_party_id else self.publisher_name

    @property
    def file_name(self) -> str:
        return self.file.name.rsplit("/", 1)[-1] if self.file else ""

    @property
    def file_extension(self) -> str:
        return self.file_name.rsplit(".", 1)[-1].lower() if "." in self.file_name else ""

    @property
    def is_image(self) -> bool:
        return self.file_type.startswith("image/")

    def delete(self, *args, **kwargs):
        """Delete the row, then its stored file once the deletion has committed (a rollback keeps both)."""
        name = self.file.name if self.file else ""
        result = super().delete(*args, **kwargs)
        if name:
            transaction.on_commit(lambda: private_storage.delete(name))
        return result

    def clean(self) -> None:
        super().clean()
        errors = {}
        if self.audience == Audience.GROUP and not self.group_id:
            errors["group"] = _("Choose the working group this resource is for.")
        if self.audience == Audience.PUBLIC and self.group_id:
            errors["group"] = _("A public resource belongs to no group: leave the group empty.")
        if self.publisher_party_id and self.publisher_name:
            errors["publisher_name"] = _("Choose a party or name an outside organisation, not both.")
        if self.supersedes_id and self.supersedes_id == self.pk:
            errors["supersedes"] = _("A resource cannot replace itself.")
        if errors:
            raise ValidationError(errors)


class ResourceTranslation(models.Model):
    """A resource's title and summary in another language, written by the secretariat in the resource's form.

    Deliberately texts only, not a translated copy of the resource (see docs/features/library.md): a
    translation has no file, audience, group, version or address of its own, so it cannot change who may see
    the resource or what they get; readers reach it only through the resource it belongs to."""

    resource = ParentalKey(Resource, on_delete=models.CASCADE, related_name="translations")
    language = models.CharField(_("language"), max_length=8)
    title = models.CharField(_("title"), max_length=200)
    summary = models.TextField(_("summary"), max_length=1200)

    class Meta:
        verbose_name = _("translation")
        verbose_name_plural = _("translations")
        ordering = ["language"]
        constraints = [
            models.UniqueConstraint(fields=["resource", "language"], name="library_translation_per_language"),
        ]

    def __str__(self) -> str:
        return f"{self.language}: {self.title}"

    def clean(self) -> None:
        super().clean()
        if self.language not in {code for code, _name in translation_languages()}:
            raise ValidationError({"language": _("Choose one of the site's languages.")})


class ResourceTag(models.Model):
    """One value of a multi-valued facet (language, mineral, region, stakeholder type) of a resource."""

    resource = ParentalKey(Resource, on_delete=models.CASCADE, related_name="tags")
    facet = models.CharField(max_length=16, choices=Facet.choices)
    value = models.CharField(max_length=32)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["resource", "facet", "value"], name="library_tag_unique"),
        ]
        indexes = [models.Index(fields=["facet", "value"], name="library_tag_facet_value")]

    def __str__(self) -> str:
        return f"{self.facet}: {self.value}"


class ResourceUse(Orderable):
    """A page of the site (an event's page) that presents this resource, e.g. as its slides or recording.

    Pages of other apps get these listed through the `roundtable_event_page_sections` hook, so the library
    names no other app and no other app names the library.
    """

    resource = ParentalKey(Resource, on_delete=models.CASCADE, related_name="uses")
    page = models.ForeignKey(
        "wagtailcore.Page", verbose_name=_("page"), on_delete=models.CASCADE, related_name="+"
    )
    role = models.CharField(_("as"), max_length=16, choices=UseRole.choices, default=UseRole.MATERIAL)

    class Meta(Orderable.Meta):
        verbose_name = _("use on a page")
        verbose_name_plural = _("uses on pages")
        constraints = [
            models.UniqueConstraint(fields=["resource", "page"], name="library_use_unique"),
        ]


class ResourceCitation(Orderable):
    """A commitment or one of its progress updates citing this resource as guidance or evidence."""

    resource = ParentalKey(Resource, on_delete=models.CASCADE, related_name="citations")
    commitment = models.ForeignKey(
        "commitments.Commitment",
        verbose_name=_("commitment"),
        on_delete=models.CASCADE,
        related_name="library_citations",
    )
    progress_update = models.ForeignKey(
        "commitments.ProgressUpdate",
        verbose_name=_("progress update"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="library_citations",
        help_text=_("Leave empty when the commitment as a whole cites the resource."),
    )
    purpose = models.CharField(
        _("cited as"), max_length=16, choices=CitationPurpose.choices, default=CitationPurpose.GUIDANCE
    )

    class Meta(Orderable.Meta):
        verbose_name = _("citation")
        verbose_name_plural = _("citations")

    def clean(self) -> None:
        super().clean()
        if self.progress_update_id and self.progress_update.commitment_id != self.commitment_id:
            raise ValidationError(
                {"progress_update": _("Choose an update of the same commitment, or leave it empty.")}
            )
