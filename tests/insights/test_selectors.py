"""The dialogue figures count each author once and each of their posts, in the author's buckets."""

import datetime

from django.utils import timezone

import pytest

from forums.models import Forum, Post
from insights.filters import Period
from insights.selectors import NO_PARTY, NOT_STATED, Scope, covenant_events, dialogue_figures
from tests.factories.forums import ThreadFactory, add_posts
from tests.insights.conftest import THIS_YEAR
from working_groups.choices import Gender
from working_groups.models import StakeholderType

pytestmark = pytest.mark.django_db


def shown(figure, row_key, column_key):
    row = next(row for row in figure.table.rows if row.key == row_key)
    columns = [key for key, _label in figure.table.columns]
    return row.cells[columns.index(column_key)].value


@pytest.fixture
def forums(groups, settings):
    settings.ROUNDTABLE_INSIGHTS_ROUND_TO = 1
    tin, gold = groups
    return (
        ThreadFactory(forum=Forum.objects.create(title="Tin talk", slug="tin-talk", group=tin)),
        ThreadFactory(forum=Forum.objects.create(title="Gold talk", slug="gold-talk", group=gold)),
    )


def test_posts_and_authors_by_the_authors_buckets(people, groups, forums, django_assert_num_queries):
    tin_thread, gold_thread = forums
    women = [people.make(Gender.WOMAN, StakeholderType.COMPANY) for _ in range(5)]
    add_posts(tin_thread, women, count=15)
    unconsented = [people.make(Gender.MAN, StakeholderType.CIVIL_SOCIETY, consent=False) for _ in range(6)]
    add_posts(tin_thread, unconsented, count=12)
    no_party = [people.make(Gender.MAN) for _ in range(5)]
    add_posts(tin_thread, no_party, count=5)
    no_profile = [people.make(Gender.WOMAN, StakeholderType.COMPANY) for _ in range(5)]
    for user in no_profile:
        user.profile.delete()
    add_posts(tin_thread, no_profile, count=10)
    deleted = add_posts(tin_thread, no_party, count=5)
    Post.objects.filter(pk__in=[post.pk for post in deleted]).update(deleted_at=timezone.now())
    last_year = add_posts(tin_thread, women, count=5)
    Post.objects.filter(pk__in=[post.pk for post in last_year]).update(
        created_at=timezone.now() - datetime.timedelta(days=400)
    )
    add_posts(tin_thread, [None], count=3)  # by erased accounts: nobody to count
    add_posts(gold_thread, [people.make(Gender.WOMAN, StakeholderType.COMPANY) for _ in range(5)], count=20)

    tin = Scope((groups[0].pk,))
    period = Period(THIS_YEAR)
    with django_assert_num_queries(2):
        figures = {
            figure.slug: figure for figure in dialogue_figures(tin, period, covenant_events(tin, period))
        }
    authors, posts = figures["thread-authors"], figures["posts"]
    assert (
        shown(authors, StakeholderType.COMPANY, Gender.WOMAN),
        shown(posts, StakeholderType.COMPANY, Gender.WOMAN),
    ) == (5, 15)
    assert (
        shown(authors, StakeholderType.CIVIL_SOCIETY, NOT_STATED),
        shown(posts, StakeholderType.CIVIL_SOCIETY, NOT_STATED),
    ) == (6, 12)
    # People with no covenant party (not vetted by the secretariat) are not counted at all.
    assert NO_PARTY not in {row.key for row in authors.table.rows}
    assert (authors.table.grand_total.value, posts.table.grand_total.value) == (11, 27)

    everywhere = Scope()
    figures = {
        figure.slug: figure
        for figure in dialogue_figures(everywhere, period, covenant_events(everywhere, period))
    }
    assert shown(figures["thread-authors"], StakeholderType.COMPANY, Gender.WOMAN) == 10
    assert shown(figures["posts"], StakeholderType.COMPANY, Gender.WOMAN) == 35
