"""Commitments' part of the site search (cms.search): the commitments a visitor may see (the same
`visible_to` as a commitment's own page), plus the register as a menu destination."""

from django.utils.translation import gettext_lazy as _

from wagtail.search.backends import get_search_backend

from cms.destinations import Destination, page_url_resolver
from cms.search import HitResults, SearchHit, SearchProvider, excerpt
from commitments.models import Commitment, CommitmentRegisterPage


class CommitmentsProvider(SearchProvider):
    kind = "commitments"
    label = _("Commitments")
    order = 50

    def search(self, terms, request):
        register = CommitmentRegisterPage.objects.live().first()
        if register is None:
            return HitResults([], lambda found: [])
        base = register.get_url(request)
        visible = Commitment.objects.visible_to(request.user).values("pk")
        matches = get_search_backend().search(
            terms, Commitment.objects.filter(pk__in=visible), operator="and"
        )

        def to_hits(commitments):
            return [
                SearchHit(
                    commitment.title,
                    register.commitment_url_for(commitment.pk, commitment.title, base=base),
                    excerpt(commitment.description),
                    f"{commitment.get_kind_display()} · {commitment.get_status_display()}",
                )
                for commitment in commitments
            ]

        return HitResults(matches, to_hits)


def menu_destinations() -> list[Destination]:
    return [
        Destination(
            "commitment_register", _("Commitment register"), page_url_resolver(CommitmentRegisterPage)
        ),
    ]
