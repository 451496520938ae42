"""Reads of the library: the filtered list with its facets, one resource's page, and what cites a resource.

Every read starts from `Resource.objects.visible_to(user)`: a group-only resource never reaches a list, a
count, a page, a file, a search result or the sitemap of someone who may not read its group.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from django.conf import settings
from django.core.paginator import Paginator
from django.db.models import Count, Prefetch, Q, prefetch_related_objects
from django.http import Http404
from django.urls import reverse
from django.utils.http import urlencode
from django.utils.translation import get_language

from cms.recordings import recording_for
from cms.visibility import pages_findable_by
from commitments.models import Commitment, CommitmentRegisterPage, DueDiligenceStep
from commitments.models.choices import WorkflowState
from library.choices import FACET_CHOICES, CitationPurpose, Facet, ResourceKind
from library.filters import FACET_FILTERS, TAG_FACETS, LibraryFilterSet
from library.models import LibraryPage, Resource, ResourceCitation, ResourceTag, ResourceText, ResourceUse
from library.services import citation_targets
from working_groups.models import Theme

PER_PAGE = 12
PREVIEW_CHARS = 1500
MAX_VERSIONS = 20


@dataclass(frozen=True)
class FacetOption:
    value: str
    label: str
    count: int
    checked: bool


@dataclass(frozen=True)
class FacetGroup:
    name: str
    label: str
    options: list[FacetOption]
    error: str = ""


@dataclass
class ResourceItem:
    """What a list shows of one resource (no queries in the template): its title and summary in the reader's
    language or, without a translation, its own, with `lang` set when they are in another language."""

    resource: Resource
    url: str
    text: ResourceText
    languages: list[str] = field(default_factory=list)
    lang: str = ""


def reader_language() -> str:
    return (get_language() or settings.LANGUAGE_CODE).split("-")[0]


def lang_attribute(text: ResourceText, language: str | None = None) -> str:
    """The `lang` a text needs on a page in the reader's language: its own when it differs, else nothing."""
    return text.language if text.language != (language or reader_language()) else ""


def file_url(resource: Resource) -> str:
    return (
        reverse("library_file", kwargs={"pk": resource.pk, "name": resource.file_name})
        if resource.file
        else ""
    )


def library_pages() -> list[LibraryPage]:
    """The live library page and its translations (one query)."""
    return list(LibraryPage.objects.live().select_related("locale").order_by("path"))


def library_page(language: str | None = None, pages: list[LibraryPage] | None = None) -> LibraryPage | None:
    """The live library page, in the reader's language when it has been translated into it (one query, none
    when given `pages`, the result of library_pages())."""
    pages = library_pages() if pages is None else pages
    code = language or reader_language()
    for page in pages:
        if page.locale.language_code == code:
            return page
    return next((page for page in pages if page.locale.language_code == settings.LANGUAGE_CODE), None) or (
        pages[0] if pages else None
    )


def with_list_relations(queryset):
    """A list's resources with what it shows of them, translations included: a constant number of queries."""
    return queryset.select_related("publisher_party", "group").prefetch_related(
        "tags", "translations", Prefetch("themes", queryset=Theme.objects.order_by("name"))
    )


def resource_items(resources, page: LibraryPage | None, request=None) -> list[ResourceItem]:
    base = page.get_url(request) if page is not None else None
    language = reader_language()
    items = []
    for resource in resources:
        languages = sorted(tag.value for tag in resource.tags.all() if tag.facet == Facet.LANGUAGE)
        text = resource.text_in(language)
        items.append(
            ResourceItem(
                resource=resource,
                url=page.resource_url_for(resource.pk, text.title, base=base) if page else "",
                text=text,
                languages=languages,
                lang=lang_attribute(text, language),
            )
        )
    return items


def _counts(filterset: LibraryFilterSet, name: str) -> dict[str, int]:
    queryset = filterset.queryset_without(name)
    if name == "kind":
        rows = queryset.order_by().values_list("kind").annotate(n=Count("pk"))
    elif name == "theme":
        through = Resource.themes.through.objects.filter(resource__in=queryset.values("pk"))
        rows = through.order_by().values_list("theme__slug").annotate(n=Count("resource_id", distinct=True))
    elif name == "step":
        through = Resource.due_diligence_steps.through.objects.filter(resource__in=queryset.values("pk"))
        rows = (
            through.order_by()
            .values_list("duediligencestep__number")
            .annotate(n=Count("resource_id", distinct=True))
        )
    else:
        rows = (
            ResourceTag.objects.filter(facet=TAG_FACETS[name], resource__in=queryset.values("pk"))
            .order_by()
            .values_list("value")
            .annotate(n=Count("resource_id", distinct=True))
        )
    return {str(value): count for value, count in rows}


def facet_groups(filterset: LibraryFilterSet) -> list[FacetGroup]:
    """Each facet with its options and counts; options nobody would find anything with are left out unless
    ticked. One query per facet; the vocabularies of themes and steps are read once each."""
    form = filterset.form
    groups = []
    theme_names = {theme.slug: theme.label for theme in Theme.objects.originals()}
    step_names = {str(step.number): str(step) for step in DueDiligenceStep.objects.originals()}
    for name in FACET_FILTERS:
        counts = _counts(filterset, name)
        chosen = {str(value) for value in form.data.getlist(name)} if hasattr(form.data, "getlist") else set()
        if name == "theme":
            choices = sorted(theme_names.items(), key=lambda item: item[1].casefold())
        elif name == "step":
            choices = sorted(step_names.items(), key=lambda item: int(item[0]))
        else:
            choices = [(str(value), str(label)) for value, label in filterset.filters[name].extra["choices"]]
        options = [
            FacetOption(value, label, counts.get(value, 0), value in chosen)
            for value, label in choices
            if counts.get(value) or value in chosen
        ]
        errors = form.errors.get(name)
        if options or errors:
            groups.append(
                FacetGroup(name, str(filterset.filters[name].label), options, " ".join(errors or []))
            )
    return groups


def library_context(page: LibraryPage, request) -> dict:
    """The filtered, sorted, paginated list with its facets. The same number of queries for 1 or 10,000
    resources (tested)."""
    user = request.user
    base = Resource.objects.visible_to(user).current_for(user)
    filterset = LibraryFilterSet(request.GET or None, queryset=base, request=request)
    if not filterset.is_bound:
        filterset = LibraryFilterSet({}, queryset=base, request=request)
    queryset = filterset.qs
    order = filterset.relevance_order
    if order is not None:
        found = set(queryset.values_list("pk", flat=True))
        ordered_ids = [pk for pk in order if pk in found]
        paginator = Paginator(ordered_ids, PER_PAGE)
        page_obj = paginator.get_page(request.GET.get("page"))
        by_id = {
            r.pk: r for r in with_list_relations(Resource.objects.filter(pk__in=list(page_obj.object_list)))
        }
        resources = [by_id[pk] for pk in page_obj.object_list if pk in by_id]
    else:
        paginator = Paginator(with_list_relations(queryset), PER_PAGE)
        page_obj = paginator.get_page(request.GET.get("page"))
        resources = list(page_obj.object_list)
    query = {
        key: request.GET.getlist(key) for key in ("q", *FACET_FILTERS, "sort") if request.GET.getlist(key)
    }
    return {
        "filterset": filterset,
        "facets": facet_groups(filterset),
        "results_page": page_obj,
        "page_range": paginator.get_elided_page_range(page_obj.number, on_each_side=2, on_ends=1),
        "items": resource_items(resources, page, request),
        "result_count": paginator.count,
        "filter_query": urlencode(query, doseq=True),
        "library_query": (filterset.form.cleaned_data.get("q") or "") if filterset.is_valid() else "",
        "kinds": ResourceKind,
    }


def resource_for_page(pk: int, user) -> Resource | None:
    return (
        Resource.objects.visible_to(user)
        .select_related("publisher_party", "group", "supersedes")
        .prefetch_related("tags", "translations", "themes", "due_diligence_steps")
        .filter(pk=pk)
        .first()
    )


def resource_versions(resource: Resource, user) -> list[Resource]:
    """The versions of a resource this user may see, newest first (including the resource itself)."""
    visible = Resource.objects.visible_to(user).only(
        "pk", "title", "version", "published_on", "supersedes_id"
    )
    chain = [resource]
    older = resource.supersedes_id
    seen = {resource.pk}
    while older and older not in seen and len(chain) < MAX_VERSIONS:
        previous = visible.filter(pk=older).first()
        if previous is None:
            break
        seen.add(previous.pk)
        chain.append(previous)
        older = previous.supersedes_id
    newer_of = resource.pk
    while len(chain) < MAX_VERSIONS:
        newer = visible.filter(supersedes_id=newer_of).first()
        if newer is None or newer.pk in seen:
            break
        seen.add(newer.pk)
        chain.insert(0, newer)
        newer_of = newer.pk
    if len(chain) < 2:
        return []
    # The titles of the other versions in the reader's language: two queries for the whole chain.
    prefetch_related_objects([other for other in chain if other is not resource], "tags", "translations")
    return chain


@dataclass(frozen=True)
class Usage:
    title: str
    url: str
    role: str


def resource_usage(resource: Resource, user, request=None) -> list[Usage]:
    """Pages (events) that present the resource and commitments or updates that cite it, as far as this
    user may see them."""
    uses = list(ResourceUse.objects.filter(resource=resource).order_by("sort_order", "pk"))
    pages = {
        page.pk: page
        for page in pages_findable_by(user).filter(pk__in=[use.page_id for use in uses]).specific()
    }
    usage = [
        Usage(pages[use.page_id].title, pages[use.page_id].get_url(request), use.get_role_display())
        for use in uses
        if use.page_id in pages
    ]
    citations = list(
        ResourceCitation.objects.filter(resource=resource)
        .filter(
            commitment__in=Commitment.objects.visible_to(user).filter(workflow_state=WorkflowState.PUBLISHED)
        )
        .filter(Q(progress_update__isnull=True) | Q(progress_update__workflow_state=WorkflowState.PUBLISHED))
        .select_related("commitment", "progress_update")
        .order_by("sort_order", "pk")
    )
    if citations:
        register = CommitmentRegisterPage.objects.live().first()
        for citation in citations:
            url = register.commitment_url(citation.commitment, request) if register else ""
            role = citation.get_purpose_display()
            if citation.progress_update_id:
                url = f"{url}#update-{citation.progress_update_id}" if url else ""
            usage.append(Usage(citation.commitment.title, url, role))
    return usage


@dataclass(frozen=True)
class VersionItem:
    resource: Resource
    text: ResourceText
    lang: str
    url: str


def resource_page_context(resource: Resource, user, page: LibraryPage, request) -> dict:
    languages = sorted(tag.value for tag in resource.tags.all() if tag.facet == Facet.LANGUAGE)
    language = reader_language()
    text = resource.text_in(language)
    base = page.get_url(request)
    versions = []
    for version in resource_versions(resource, user):
        version_text = version.text_in(language)
        versions.append(
            VersionItem(
                version,
                version_text,
                lang_attribute(version_text, language),
                page.resource_url_for(version.pk, version_text.title, base=base),
            )
        )
    tags = {facet: [] for facet in Facet.values}
    for tag in resource.tags.all():
        tags[tag.facet].append(tag)
    labels = {facet: dict(choices) for facet, choices in FACET_CHOICES.items()}
    tag_labels = {
        facet: sorted(str(labels[facet].get(tag.value, tag.value)) for tag in values)
        for facet, values in tags.items()
    }
    return {
        "resource": resource,
        "text": text,
        "text_lang": lang_attribute(text, language),
        "file_url": file_url(resource),
        "recording": recording_for(resource.recording_url),
        "preview_text": resource.extracted_text[:PREVIEW_CHARS],
        "preview_cut": len(resource.extracted_text) > PREVIEW_CHARS,
        "versions": versions,
        "usage": resource_usage(resource, user, request),
        "languages": tag_labels[Facet.LANGUAGE],
        "minerals": tag_labels[Facet.MINERAL],
        "regions": tag_labels[Facet.REGION],
        "stakeholder_types": tag_labels[Facet.STAKEHOLDER],
        "themes": list(resource.themes.all()),
        "steps": list(resource.due_diligence_steps.all()),
        "content_language": languages[0] if len(languages) == 1 else "",
        "current_language": language,
        "citation_targets": citation_targets(user),
        "citation_purposes": CitationPurpose.choices,
    }


def resource_or_404(pk: int, user) -> Resource:
    resource = resource_for_page(pk, user)
    if resource is None:
        raise Http404
    return resource
