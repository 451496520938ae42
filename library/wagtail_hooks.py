"""The library's registrations: its admin menu, and what it adds to other apps' pages and to site search
(through hooks those apps and cms call, so none of them imports the library). Hooks of apps beside or above
the library (events, commitments, forums) are registered by their name: the library imports none of them."""

from django.utils.translation import gettext_lazy as _

from wagtail import hooks
from wagtail.snippets.models import register_snippet

from cms.hooks import MENU_DESTINATIONS_HOOK, SEARCH_PROVIDERS_HOOK
from library.admin import ResourceViewSet
from library.search import LibrarySearchProvider

register_snippet(ResourceViewSet)


@hooks.register(SEARCH_PROVIDERS_HOOK)
def library_search_provider():
    return LibrarySearchProvider()


@hooks.register("roundtable_events_page_sections")
def event_page_resources(request, page):
    """An event page lists its slides, recording and materials as library resources."""
    from library.linking import page_resources_html

    return page_resources_html(request, page)


@hooks.register("roundtable_commitments_page_sections")
def commitment_citations(request, commitment):
    """A commitment's page lists the resources it and its updates cite as guidance or evidence."""
    from library.linking import commitment_citations_html

    return commitment_citations_html(request, commitment)


@hooks.register(MENU_DESTINATIONS_HOOK)
def library_menu_destinations():
    from cms.destinations import Destination, page_url_resolver
    from library.models import LibraryPage

    return [Destination("library", _("Library"), page_url_resolver(LibraryPage))]


@hooks.register("roundtable_forums_post_embeds")
def resource_cards_in_posts(addresses, user):
    from library.embeds import resource_cards

    return resource_cards(addresses, user)
