"""The public annual overview page: covenant-wide figures of one year, protected, no per-group breakdown."""

import pytest

from insights.models import AnnualOverviewPage
from tests.cms.utils import assert_scroll_boxes_named
from tests.insights.conftest import THIS_YEAR, join
from working_groups.choices import Gender
from working_groups.models import StakeholderType

pytestmark = pytest.mark.django_db


@pytest.fixture
def overview(group_index):
    home = group_index.get_parent()
    page = AnnualOverviewPage(
        title=f"Participation in {THIS_YEAR}", slug="participation", year=THIS_YEAR, introduction="<p>Hi</p>"
    )
    home.add_child(instance=page)
    return page


def test_anyone_reads_the_published_overview_with_protected_figures(client, people, groups, overview):
    tin, gold = groups
    join(tin, [people.make(Gender.WOMAN, StakeholderType.COMPANY) for _ in range(6)])
    join(gold, [people.make(Gender.MAN, StakeholderType.TRADE_UNION) for _ in range(3)])
    response = client.get(overview.url)
    assert response.status_code == 200
    html = response.text
    assert 'id="figure-members"' in html
    assert 'role="img"' in html and "<caption" in html
    assert len(assert_scroll_boxes_named(html)) == html.count("<caption")
    assert "fewer than 5" in html  # the three union men
    assert tin.title not in html and gold.title not in html  # no per-group breakdown
    assert 'id="figure-posts"' not in html and 'id="figure-members-over-time"' not in html
    assert "style=" not in html


def test_a_draft_overview_is_not_public(client, overview):
    overview.unpublish()
    assert client.get(overview.url or "/participation/").status_code == 404


def test_year_is_validated(overview):
    from django.core.exceptions import ValidationError

    overview.year = 1900
    with pytest.raises(ValidationError):
        overview.full_clean()
