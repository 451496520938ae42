"""The demo gives the insights figures to show and cells to hide, and a second run adds nobody.

One test, because seeding the whole demo site twice takes many seconds."""

import csv
import re
from io import StringIO

from django.contrib.auth import get_user_model
from django.core.management.color import no_style
from django.db import transaction
from django.urls import reverse
from django.utils import timezone

import pytest

import cms.demo
import commitments.demo
import events.demo
import insights.demo
import working_groups.demo
from cms.demo_context import DemoContext
from commitments.models import Commitment, IndicatorValue, ProgressUpdate
from events.models import Registration
from insights.models import AnnualOverviewPage
from insights.selectors import annual_figures
from working_groups.demo.accounts import DEMO_SECRETARIAT_EMAIL
from working_groups.models import Organisation

PARTY_FIGURES = {
    "commitments": "Commitments by the parties' stakeholder type and status",
    "progress": "Progress updates by the parties' stakeholder type",
}


def seed_all() -> None:
    context = DemoContext(password="roundtable-demo", stdout=StringIO(), style=no_style())
    for demo in (cms.demo, working_groups.demo, commitments.demo, events.demo, insights.demo):
        with transaction.atomic():
            demo.seed(context)


def _cells_on_page(html: str, slug: str) -> list[str]:
    section = html[html.index(f'id="figure-{slug}"') :]
    return re.findall(r"<td[^>]*>([^<]*)</td>", section[section.index("<tbody>") : section.index("</tbody>")])


def _demo_counts() -> tuple[int, ...]:
    delegates = get_user_model().objects.filter(email__startswith="delegate-")
    return (
        delegates.count(),
        Registration.objects.count(),
        Organisation.objects.count(),
        Commitment.objects.count(),
        ProgressUpdate.objects.count(),
        IndicatorValue.objects.count(),
    )


@pytest.mark.django_db
def test_the_demo_overview_shows_figures_and_hides_small_cells():
    seed_all()
    year = timezone.localdate().year
    assert AnnualOverviewPage.objects.live().filter(year=year).exists()
    figures = {figure.slug: figure.table for figure in annual_figures(year)}
    for slug in ("members", "registrations", "attendance", *PARTY_FIGURES):
        cells = [cell for row in figures[slug].rows for cell in row.cells]
        assert any(cell.value for cell in cells), slug
        assert any(cell.suppressed for cell in cells), slug

    delegates = get_user_model().objects.filter(email__startswith="delegate-")
    assert delegates.count() > 60
    assert not any(person.has_usable_password() for person in delegates)
    first = _demo_counts()
    seed_all()
    assert _demo_counts() == first


@pytest.mark.django_db
def test_the_further_signatories_fill_the_party_figures_with_shown_and_hidden_cells(client):
    """Commitment cells count parties: the further signatories bring some to five, others stay hidden, on the
    insights page, the annual overview and in the CSV export."""
    seed_all()
    assert Organisation.objects.count() >= 35
    figures = {figure.slug: figure.table for figure in annual_figures(timezone.localdate().year)}
    by_type = {slug: {row.key: row for row in figures[slug].rows} for slug in PARTY_FIGURES}
    assert by_type["commitments"]["company"].cells[1].value  # in progress
    assert by_type["commitments"]["company"].total.value
    assert by_type["commitments"]["civil_society"].total.value
    assert by_type["progress"]["company"].cells[0].value

    client.force_login(get_user_model().objects.get(email=DEMO_SECRETARIAT_EMAIL))
    page = client.get(reverse("insights:overview")).text
    overview = client.get(AnnualOverviewPage.objects.get().url).text
    rows = list(csv.reader(StringIO(client.get(reverse("insights:overview_csv")).content.decode())))
    for slug, title in PARTY_FIGURES.items():
        exported = [row[4] for row in rows if row[0] == title]
        for cells in (_cells_on_page(page, slug), _cells_on_page(overview, slug), exported):
            assert any(text.isdigit() and text != "0" for text in cells), slug
            assert "fewer than 5" in cells, slug
