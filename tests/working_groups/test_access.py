"""The access matrix: anonymous, signed-in outsider, member, observer, chair and secretariat, crossed with
open, closed and private groups, for the policy itself, the group pages, member lists, directories, listings,
search and sitemap.
"""

import pytest

from cms.hooks import HIDDEN_PAGES_HOOK
from working_groups import access
from working_groups.access import decide
from working_groups.choices import Role, Visibility
from working_groups.models import WorkingGroupPage

from .conftest import PERSONAS

OPEN, CLOSED, PRIVATE = Visibility.OPEN, Visibility.CLOSED, Visibility.PRIVATE
INSIDERS = {"member", "observer", "chair", "secretariat"}

# persona -> visibility -> (see, read, post, moderate, manage)
POLICY = {
    "anonymous": {OPEN: "R----", CLOSED: "S----", PRIVATE: "-----"},
    "outsider": {OPEN: "R----", CLOSED: "S----", PRIVATE: "-----"},
    "observer": {OPEN: "R----", CLOSED: "R----", PRIVATE: "R----"},
    "member": {OPEN: "RP---", CLOSED: "RP---", PRIVATE: "RP---"},
    "chair": {OPEN: "RPMG-", CLOSED: "RPMG-", PRIVATE: "RPMG-"},
    "secretariat": {OPEN: "RPMG-", CLOSED: "RPMG-", PRIVATE: "RPMG-"},
}


def expected_rights(code: str) -> dict:
    """'R' = sees and reads, 'S' = sees only, 'P' posts, 'M' moderates, 'G' manages."""
    return {
        "see": code[0] in "RS",
        "read": code[0] == "R",
        "post": code[1] == "P",
        "moderate": code[2] == "M",
        "manage": code[3] == "G",
    }


ROLE_OF = {"member": Role.MEMBER, "observer": Role.OBSERVER, "chair": Role.CHAIR}


@pytest.mark.parametrize("persona", PERSONAS)
@pytest.mark.parametrize("visibility", [OPEN, CLOSED, PRIVATE])
def test_decide_is_the_policy(persona, visibility):
    result = decide(visibility, ROLE_OF.get(persona), persona == "secretariat")
    rights = expected_rights(POLICY[persona][visibility])
    assert {name: getattr(result, name) for name in rights} == rights


@pytest.mark.django_db
@pytest.mark.parametrize("persona", PERSONAS)
@pytest.mark.parametrize("visibility", [OPEN, CLOSED, PRIVATE])
def test_helpers_follow_the_policy_for_real_users(world, persona, visibility):
    user, group = world.user(persona), world.groups[visibility]
    rights = expected_rights(POLICY[persona][visibility])
    assert access.can_see_group(user, group) is rights["see"]
    assert access.can_read_group_content(user, group) is rights["read"]
    assert access.can_post_in_group(user, group) is rights["post"]
    assert access.can_moderate_group(user, group) is rights["moderate"]
    assert access.can_manage_group(user, group) is rights["manage"]


@pytest.mark.django_db
@pytest.mark.parametrize("persona", PERSONAS)
def test_queryset_triad_partitions_the_groups(world, persona):
    user = world.user(persona)
    visible = set(WorkingGroupPage.objects.visible_to(user).values_list("title", flat=True))
    hidden = set(WorkingGroupPage.objects.not_visible_to(user).values_list("title", flat=True))
    readable = set(WorkingGroupPage.objects.readable_by(user).values_list("title", flat=True))
    expected_visible = {
        group.title for vis, group in world.groups.items() if expected_rights(POLICY[persona][vis])["see"]
    }
    expected_readable = {
        group.title for vis, group in world.groups.items() if expected_rights(POLICY[persona][vis])["read"]
    }
    assert visible == expected_visible
    assert hidden == {group.title for group in world.groups.values()} - expected_visible
    assert readable == expected_readable
    assert set(access.groups_readable_by(user).values_list("title", flat=True)) == expected_readable


@pytest.mark.django_db
def test_roles_are_fetched_once_per_user_object(world, django_assert_num_queries):
    """One query for the roles, one for the secretariat check, however many checks follow."""
    member = world.user("member")
    with django_assert_num_queries(2):
        for group in world.groups.values():
            access.can_post_in_group(member, group)
            access.group_visible_q(member)


@pytest.mark.django_db
def test_require_visible_group_raises_404_for_outsiders(world):
    from django.http import Http404

    with pytest.raises(Http404):
        access.require_visible_group(world.user("outsider"), world.groups[PRIVATE])
    assert access.require_visible_group(world.user("observer"), world.groups[PRIVATE]).read


@pytest.mark.django_db
def test_inactive_member_loses_access(world):
    member = world.user("member")
    member.is_active = False
    member.save()
    assert not access.can_see_group(member, world.groups[PRIVATE])


# --- pages -----------------------------------------------------------------------------------------------

# persona -> visibility -> expected status for (group page, members' area, member directory, manage)
PAGES = {
    "anonymous": {OPEN: (200, 200, 302, 302), CLOSED: (200, 302, 302, 302), PRIVATE: (404, 404, 404, 404)},
    "outsider": {OPEN: (200, 200, 403, 403), CLOSED: (200, 403, 403, 403), PRIVATE: (404, 404, 404, 404)},
    "observer": {OPEN: (200, 200, 200, 403), CLOSED: (200, 200, 200, 403), PRIVATE: (200, 200, 200, 403)},
    "member": {OPEN: (200, 200, 200, 403), CLOSED: (200, 200, 200, 403), PRIVATE: (200, 200, 200, 403)},
    "chair": {OPEN: (200, 200, 200, 200), CLOSED: (200, 200, 200, 200), PRIVATE: (200, 200, 200, 200)},
    "secretariat": {OPEN: (200, 200, 200, 200), CLOSED: (200, 200, 200, 200), PRIVATE: (200, 200, 200, 200)},
}
ROUTES = ["", "members/", "members/directory/", "manage/"]


@pytest.mark.django_db
@pytest.mark.parametrize("persona", PERSONAS)
@pytest.mark.parametrize("visibility", [OPEN, CLOSED, PRIVATE])
def test_group_pages_matrix(world, client_for, persona, visibility):
    client = client_for(world.user(persona))
    group = world.groups[visibility]
    statuses = tuple(client.get(group.url + route).status_code for route in ROUTES)
    assert statuses == PAGES[persona][visibility]


@pytest.mark.django_db
@pytest.mark.parametrize("persona", PERSONAS)
@pytest.mark.parametrize("visibility", [OPEN, CLOSED, PRIVATE])
def test_member_names_only_reach_members(world, client_for, persona, visibility):
    """Member lists (directory, members' area) never show names to outsiders; chairs are public where the
    group is."""
    client = client_for(world.user(persona))
    group = world.groups[visibility]
    member_name = world.user("member").profile.display_name
    chair_name = world.user("chair").profile.display_name
    page = client.get(group.url).content.decode()
    area = client.get(group.url + "members/").content.decode()
    directory = client.get(group.url + "members/directory/").content.decode()
    insider = persona in INSIDERS
    assert (member_name in directory) is insider
    assert (member_name in area) is insider
    assert (chair_name in page) is (insider or visibility != PRIVATE)


@pytest.mark.django_db
@pytest.mark.parametrize("persona", PERSONAS)
def test_index_lists_only_visible_groups(world, client_for, persona):
    content = client_for(world.user(persona)).get(world.index.url).content.decode()
    assert world.groups[OPEN].title in content
    assert world.groups[CLOSED].title in content
    assert (world.groups[PRIVATE].title in content) is (persona in INSIDERS)


@pytest.mark.django_db
@pytest.mark.parametrize("persona", PERSONAS)
def test_party_pages_and_filters_hide_private_groups(world, client_for, persona):
    from tests.factories.working_groups import OrganisationFactory

    party = OrganisationFactory(name="Fair Tin Cooperative")
    profile = world.user("member").profile
    profile.organisation = party
    profile.save()
    client = client_for(world.user(persona))
    detail = client.get(party.get_absolute_url()).content.decode()
    directory = client.get("/parties/").content.decode()
    assert world.groups[OPEN].title in detail
    assert (world.groups[PRIVATE].title in detail) is (persona in INSIDERS)
    assert (world.groups[PRIVATE].title in directory) is (persona in INSIDERS)
    filtered = client.get("/parties/", {"working_group": world.groups[PRIVATE].pk}).content.decode()
    assert ("Fair Tin Cooperative" in filtered) is (persona in INSIDERS)


@pytest.mark.django_db
@pytest.mark.parametrize("persona", PERSONAS)
def test_site_search_never_shows_groups_a_user_may_not_see(world, client_for, persona):
    response = client_for(world.user(persona)).get("/search/", {"q": "due-diligence"})
    assert response.status_code == 200
    content = response.content.decode()
    assert world.groups[OPEN].title in content
    assert world.groups[CLOSED].title in content
    assert (world.groups[PRIVATE].title in content) is (persona in INSIDERS)


@pytest.mark.django_db
def test_hidden_pages_q_covers_private_group_subtrees(world):
    from wagtail.models import Page

    outsider = world.user("outsider")
    hidden = set(Page.objects.filter(access.hidden_pages_q(outsider)).values_list("title", flat=True))
    assert hidden == {world.groups[PRIVATE].title}
    assert not Page.objects.filter(access.hidden_pages_q(world.user("member"))).exists()


@pytest.mark.django_db
@pytest.mark.parametrize("persona", PERSONAS)
def test_sitemap_never_lists_private_groups(world, client_for, persona):
    content = client_for(world.user(persona)).get("/sitemap.xml").content.decode()
    assert world.groups[OPEN].url in content
    assert world.groups[CLOSED].url in content
    assert world.groups[PRIVATE].url not in content


@pytest.mark.django_db
@pytest.mark.parametrize("persona", PERSONAS)
def test_hidden_pages_hook_filters_the_search_backend(world, persona):
    """The contract for site search: exclude every Q the cms hidden-pages hook returns."""
    from wagtail import hooks
    from wagtail.models import Page

    pages = Page.objects.live().public()
    for hidden_q in hooks.get_hooks(HIDDEN_PAGES_HOOK):
        pages = pages.exclude(hidden_q(world.user(persona)))
    titles = {page.title for page in pages.search("due-diligence")}
    assert world.groups[OPEN].title in titles
    assert (world.groups[PRIVATE].title in titles) is (persona in INSIDERS)
