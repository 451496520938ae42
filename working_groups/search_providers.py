"""Working groups' part of the site search (cms.search): the parties, and the menu destinations of this
app."""

from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from wagtail.search.backends import get_search_backend

from cms.destinations import Destination
from cms.search import HitResults, SearchHit, SearchProvider, excerpt
from working_groups.models import Organisation


class PartiesProvider(SearchProvider):
    kind = "parties"
    label = _("Parties")
    order = 40

    def search(self, terms, request):
        def to_hits(parties):
            return [
                SearchHit(
                    party.name,
                    party.get_absolute_url(),
                    excerpt(party.description),
                    f"{party.get_stakeholder_type_display()} · {party.get_country_display()}",
                )
                for party in parties
            ]

        parties = get_search_backend().search(terms, Organisation.objects.all(), operator="and")
        return HitResults(parties, to_hits)


def menu_destinations() -> list[Destination]:
    return [
        Destination("parties", _("Parties directory"), lambda site: reverse("party_list")),
    ]
