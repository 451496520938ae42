"""Demo data of the insights: a published annual overview of this year below the home page (of last year in
January to March, as a year's figures are published from the end of its first quarter), frozen at seed time.

The figures come from the other apps' demo data (members with optional gender answers, events, posts,
commitments), from the parties' wider delegations (insights.demo.participants) and from the covenant's further
signatories with their commitments (insights.demo.commitments); the seed reports how many cells the overview
shows and hides.
"""

from django.urls import reverse
from django.utils import timezone

from cms.demo_pages import default_home_page, ensure_child_page
from insights.demo.commitments import seed_further_signatories
from insights.demo.participants import seed_participants
from insights.models import AnnualOverviewPage
from insights.snapshots import published_annual_figures

INTRODUCTION = (
    "<p>Who took part in the covenant this year: the parties' people in the working groups, at our events "
    "and in the dialogue, and the commitments they made. All figures are anonymous totals; groups of fewer "
    "than five people are not shown.</p>"
)


def seed(context) -> None:
    seed_participants()
    signatories, made = seed_further_signatories(timezone.localdate())
    context.stdout.write(f"  {signatories} further signatories; {made} new commitments of theirs")
    today = timezone.localdate()
    # Figures are published per closed period: in the first quarter nothing of this year is published yet.
    year = today.year if today.month > 3 else today.year - 1
    page = ensure_child_page(
        default_home_page(),
        AnnualOverviewPage,
        slug=f"participation-{year}",
        title=f"Participation in {year}",
        year=year,
        introduction=INTRODUCTION,
    )
    period, figures = published_annual_figures(year)
    cells = [cell for figure in figures for row in figure.table.rows for cell in row.cells]
    hidden = sum(cell.suppressed for cell in cells)
    shown = sum(1 for cell in cells if cell.value)
    context.stdout.write(
        f"  Annual overview at {page.url} ({period.label if period else 'nothing published yet'}: "
        f"{shown} cells shown, {hidden} hidden as fewer than five; frozen, later changes move nothing); "
        f"insights for the secretariat at {reverse('insights:overview')}"
    )
