from django.urls import reverse
from django.utils.functional import SimpleLazyObject

from insights.access import may_see_insights


def insights_link(request):
    """`insights_url` for the account menu: the insights for the secretariat and chairs, else empty.

    Lazy, so a page whose template never asks costs no query (the roles are cached on the user anyway)."""

    def url() -> str:
        return reverse("insights:overview") if may_see_insights(request.user) else ""

    return {"insights_url": SimpleLazyObject(url)}
