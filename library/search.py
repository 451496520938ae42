"""The library's part of the site search: resources this visitor may see, matched in their title, summary
(in every language they are written in), publisher and the text of their file, and shown in the reader's
language."""

from django.db.models import Q
from django.utils.text import Truncator
from django.utils.translation import gettext_lazy as _

from cms.search import ChainedResults, HitResults, SearchHit, SearchProvider, excerpt
from library.choices import Audience, Facet
from library.models import Resource, ResourceTag, ResourceText, ResourceTranslation

EXCERPT_CHARS = 240


def _file_excerpt(text: str, terms: list[str]) -> str:
    """The passage of a file's text where the first search word occurs."""
    folded = text.casefold()
    positions = [position for term in terms if (position := folded.find(term)) >= 0]
    if not positions:
        return ""
    start = max(min(positions) - 80, 0)
    passage = " ".join(text[start : start + EXCERPT_CHARS * 2].split())
    return ("…" if start else "") + Truncator(passage).chars(EXCERPT_CHARS)


class LibrarySearchProvider(SearchProvider):
    kind = "library"
    label = _("Library")
    order = 30

    def search(self, terms: str, request):
        from library.selectors import library_page, reader_language

        page = library_page()
        language = reader_language()
        if page is None:
            return HitResults([], lambda found: [])
        base = page.get_url(request)
        words = [word.casefold() for word in terms.split()]
        visible = Resource.objects.visible_to(request.user).current_for(request.user)
        in_language = Q(
            pk__in=ResourceTag.objects.filter(facet=Facet.LANGUAGE, value=language).values("resource_id")
        ) | Q(pk__in=ResourceTranslation.objects.filter(language=language).values("resource_id"))
        found = Resource.objects.select_related("group").prefetch_related("tags", "translations")
        # Resources in the visitor's language (or translated into it) first, then the others, each by best
        # match.
        resources = ChainedResults(
            found.filter(pk__in=visible.filter(in_language).values("pk")).search(terms, operator="and"),
            found.filter(pk__in=visible.exclude(in_language).values("pk")).search(terms, operator="and"),
        )

        def to_hits(found) -> list[SearchHit]:
            hits = []
            for resource in found:
                text: ResourceText = resource.text_in(language)
                shown = f"{text.title} {text.summary}".casefold()
                in_file = not all(word in shown for word in words)
                file_text = _file_excerpt(resource.extracted_text, words) if in_file else ""
                meta = [str(resource.get_kind_display()), resource.published_on.strftime("%Y")]
                if resource.file_extension:
                    meta.append(resource.file_extension.upper())
                if resource.audience == Audience.GROUP and resource.group_id:
                    meta.append(str(_("For %(group)s") % {"group": resource.group.title}))
                hits.append(
                    SearchHit(
                        title=text.title,
                        url=page.resource_url_for(resource.pk, text.title, base=base),
                        excerpt=file_text or excerpt(text.summary),
                        meta=" · ".join(meta),
                        language=text.language,
                    )
                )
            return hits

        return HitResults(resources, to_hits)
