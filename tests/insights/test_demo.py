"""The demo gives the insights figures to show and cells to hide, and a second run adds nobody."""

from io import StringIO

from django.contrib.auth import get_user_model
from django.core.management.color import no_style
from django.db import transaction
from django.utils import timezone

import pytest

import cms.demo
import events.demo
import insights.demo
import working_groups.demo
from cms.demo_context import DemoContext
from events.models import Registration
from insights.models import AnnualOverviewPage
from insights.selectors import annual_figures


def seed_all() -> None:
    context = DemoContext(password="roundtable-demo", stdout=StringIO(), style=no_style())
    for demo in (cms.demo, working_groups.demo, events.demo, insights.demo):
        with transaction.atomic():
            demo.seed(context)


@pytest.mark.django_db
def test_the_demo_overview_shows_figures_and_hides_small_cells():
    seed_all()
    year = timezone.localdate().year
    assert AnnualOverviewPage.objects.live().filter(year=year).exists()
    figures = {figure.slug: figure.table for figure in annual_figures(year)}
    for slug in ("members", "registrations", "attendance"):
        cells = [cell for row in figures[slug].rows for cell in row.cells]
        assert any(cell.value for cell in cells), slug
        assert any(cell.suppressed for cell in cells), slug

    delegates = get_user_model().objects.filter(email__startswith="delegate-")
    assert delegates.count() > 60
    assert not any(person.has_usable_password() for person in delegates)
    people, registrations = delegates.count(), Registration.objects.count()
    seed_all()
    assert (
        get_user_model().objects.filter(email__startswith="delegate-").count(),
        Registration.objects.count(),
    ) == (
        people,
        registrations,
    )
