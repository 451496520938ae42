"""A group page, its members' area and directory, the group index and the parties directory cost the same
number of queries with 10 and with 200 members."""

import pytest

from tests.factories.users import UserFactory
from tests.factories.working_groups import OrganisationFactory, add_member, make_group
from working_groups.choices import Role, Visibility
from working_groups.models import MemberProfile, Membership, Organisation, StakeholderType

pytestmark = pytest.mark.django_db


def populate(group, count: int) -> None:
    """`count` members from `count // 2` parties of every stakeholder type (bulk, to keep the test quick)."""
    types = list(StakeholderType.values)
    existing = Organisation.objects.count()
    parties = Organisation.objects.bulk_create(
        Organisation(
            name=f"Party {existing + n}",
            slug=f"party-{existing + n}",
            stakeholder_type=types[n % len(types)],
            country="NL",
            party_status="supporting",
        )
        for n in range(max(count // 2, 1))
    )
    users = UserFactory.create_batch(count, profile=False, verified_email=False)
    MemberProfile.objects.bulk_create(
        MemberProfile(user=user, display_name=f"Person {user.pk}", organisation=parties[n % len(parties)])
        for n, user in enumerate(users)
    )
    Membership.objects.bulk_create(
        Membership(group=group, user=user, role=Role.CHAIR if n < 3 else Role.MEMBER)
        for n, user in enumerate(users)
    )


def count_queries(client, url) -> int:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as context:
        response = client.get(url)
    assert response.status_code == 200, url
    return len(context)


@pytest.mark.parametrize("route", ["", "members/", "members/directory/", "manage/", "manage/history/"])
def test_group_pages_cost_constant_queries(client, group_index, route):
    small = make_group(group_index, Visibility.CLOSED, title="Small group")
    large = make_group(group_index, Visibility.CLOSED, title="Large group")
    populate(small, 10)
    populate(large, 200)
    secretariat = UserFactory(is_superuser=True)
    client.force_login(secretariat)
    client.get(small.url)  # warm Wagtail's per-process caches (site root paths, content types)
    small_count = count_queries(client, small.url + route)
    large_count = count_queries(client, large.url + route)
    assert small_count == large_count


def test_member_sees_group_page_in_constant_queries(client, group_index):
    small = make_group(group_index, Visibility.PRIVATE, title="Small group")
    large = make_group(group_index, Visibility.PRIVATE, title="Large group")
    populate(small, 10)
    populate(large, 200)
    member = UserFactory()
    add_member(small, member)
    add_member(large, member)
    client.force_login(member)
    client.get(small.url)
    counts = [count_queries(client, group.url) for group in (small, large)]
    assert counts[0] == counts[1]


def test_parties_directory_costs_constant_queries(client, group_index):
    group = make_group(group_index)
    populate(group, 10)
    filtered_url = f"/parties/?working_group={group.pk}&stakeholder_type=company"
    client.get("/parties/")
    few = count_queries(client, "/parties/")
    few_filtered = count_queries(client, filtered_url)
    populate(group, 200)
    assert count_queries(client, "/parties/") == few
    assert count_queries(client, filtered_url) == few_filtered


def test_group_index_costs_constant_queries(client, group_index):
    for n in range(2):
        populate(make_group(group_index, title=f"Group {n}"), 10)
    client.get(group_index.url)
    few = count_queries(client, group_index.url)
    for n in range(2, 15):
        populate(make_group(group_index, title=f"Group {n}"), 10)
    assert count_queries(client, group_index.url) == few


def test_stakeholder_balance_counts_organisations_not_people(group_index):
    from working_groups.selectors import stakeholder_balance

    group = make_group(group_index)
    union = OrganisationFactory(stakeholder_type=StakeholderType.TRADE_UNION)
    company = OrganisationFactory(stakeholder_type=StakeholderType.COMPANY)
    add_member(group, organisation=union)
    add_member(group, organisation=union)
    add_member(group, organisation=company)
    add_member(group)
    balance = stakeholder_balance(group)
    by_type = {row.stakeholder_type: row.count for row in balance.rows}
    assert by_type[StakeholderType.TRADE_UNION] == 1
    assert by_type[StakeholderType.COMPANY] == 1
    assert by_type[StakeholderType.GOVERNMENT] == 0
    assert balance.total == 2
    assert StakeholderType.GOVERNMENT in {row.stakeholder_type for row in balance.missing}
