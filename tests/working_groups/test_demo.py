"""`seed_demo` builds the parties and the working groups, and a second run changes nothing."""

from io import StringIO

from django.apps import apps
from django.contrib.auth import get_user_model
from django.core.management import call_command

from wagtail.models import Site

import pytest

from cms.models import MainMenu
from working_groups.choices import JoiningPolicy, JoinRequestStatus, Role, Visibility
from working_groups.demo.accounts import (
    DEMO_CHAIR_EMAIL,
    DEMO_MEMBER_EMAIL,
    DEMO_REGISTERED_EMAIL,
    DEMO_SECRETARIAT_EMAIL,
)
from working_groups.demo.groups import INVITED_EMAIL
from working_groups.models import (
    Invitation,
    JoinRequest,
    MemberProfile,
    Membership,
    MembershipEvent,
    Organisation,
    PartyStatus,
    StakeholderType,
    Theme,
    WorkingGroupIndexPage,
    WorkingGroupPage,
)

pytestmark = pytest.mark.django_db

GROUP_TITLES = {
    "Gender lens in mineral supply chains",
    "Child rights and artisanal mining",
    "Secondary raw materials and recycling",
    "Due-diligence tools for SMEs",
    "Responsible public procurement",
}


def counts() -> dict:
    menu = MainMenu.for_site(Site.objects.get(is_default_site=True))
    return {
        "organisations": Organisation.objects.count(),
        "users": get_user_model().objects.count(),
        "linked_profiles": MemberProfile.objects.filter(organisation__isnull=False).count(),
        "themes": Theme.objects.count(),
        "index_pages": WorkingGroupIndexPage.objects.count(),
        "groups": WorkingGroupPage.objects.count(),
        "memberships": Membership.objects.count(),
        "join_requests": JoinRequest.objects.count(),
        "invitations": Invitation.objects.count(),
        "events": MembershipEvent.objects.count(),
        "menu": list(menu.items.values_list("title", flat=True)),
    }


def test_seed_demo_builds_parties_and_groups_once(client, settings, tmp_path):
    """One test, because seeding the whole demo site takes seconds."""
    settings.MEDIA_ROOT = tmp_path
    call_command("seed_demo", stdout=StringIO())
    first = counts()
    call_command("seed_demo", stdout=StringIO())
    assert counts() == first
    assert first["menu"].count("Working groups") == 1
    check_dutch_themes(client)
    check_parties()
    check_groups_memberships_request_and_invitation()
    check_demo_pages_answer_each_visitor(client)
    check_desks_have_waiting_items(client)


def check_desks_have_waiting_items(client):
    """The dashboard shows what waits for the secretariat and the chair (working_groups.demo.desk)."""
    from working_groups.desk import desk_items

    users = get_user_model().objects
    secretariat = {item.key: item.count for item in desk_items(users.get(email=DEMO_SECRETARIAT_EMAIL))}
    assert secretariat["join-requests"] >= 3 and secretariat["invitations"] >= 1
    # The items of the apps installed above working_groups (any cut of the suite seeds its own demo).
    if apps.is_installed("forums"):
        assert secretariat["flags"] >= 1
    if apps.is_installed("events"):
        assert secretariat["events"] >= 1
    if apps.is_installed("commitments"):
        assert secretariat["commitment-reviews"] + secretariat["update-reviews"] >= 1
    chair = users.get(email=DEMO_CHAIR_EMAIL)
    keys = {item.key.split("-")[0] for item in desk_items(chair) if item.count}
    expected = {"join", "invitations"}
    expected |= {"flags"} if apps.is_installed("forums") else set()
    expected |= {"events"} if apps.is_installed("events") else set()
    assert expected <= keys
    client.force_login(chair)
    assert "Waiting for you" in client.get("/admin/").content.decode()
    client.force_login(users.get(email=DEMO_MEMBER_EMAIL))
    assert desk_items(users.get(email=DEMO_MEMBER_EMAIL)) == []


def check_parties():
    assert Organisation.objects.count() >= 15
    assert set(Organisation.objects.values_list("stakeholder_type", flat=True)) == set(StakeholderType.values)
    assert Organisation.objects.filter(party_status=PartyStatus.SUPPORTING).exists()
    signatories = Organisation.objects.filter(party_status=PartyStatus.SIGNATORY)
    assert signatories.exists()
    assert not signatories.filter(signatory_since__isnull=True).exists()
    assert not Organisation.objects.filter(description="").exists()
    for email in (DEMO_CHAIR_EMAIL, DEMO_MEMBER_EMAIL, DEMO_REGISTERED_EMAIL):
        assert MemberProfile.objects.get(user__email=email).organisation is not None


def check_groups_memberships_request_and_invitation():
    index = WorkingGroupIndexPage.objects.get()
    assert index.slug == "working-groups"
    assert index.get_parent().specific_class.__name__ == "HomePage"
    groups = WorkingGroupPage.objects.child_of(index).live()
    assert set(groups.values_list("title", flat=True)) == GROUP_TITLES
    assert set(groups.values_list("visibility", flat=True)) == set(Visibility.values)
    assert set(groups.values_list("joining_policy", flat=True)) == set(JoiningPolicy.values)
    for group in groups:
        assert group.themes.exists()
        assert len(group.purpose_and_mandate) >= 2
        assert group.memberships.filter(role=Role.CHAIR).exists()
        with group.documents.get().document.file.open("rb") as terms:
            assert terms.read().decode().startswith("Terms of reference")

    chaired = groups.filter(memberships__user__email=DEMO_CHAIR_EMAIL, memberships__role=Role.CHAIR)
    assert chaired.count() >= 2
    join_request = JoinRequest.objects.get(
        status=JoinRequestStatus.PENDING, user__email=DEMO_REGISTERED_EMAIL
    )
    assert join_request.group in chaired
    assert join_request.group.joining_policy == JoiningPolicy.REQUEST

    member_groups = groups.filter(memberships__user__email=DEMO_MEMBER_EMAIL)
    assert member_groups.filter(visibility=Visibility.PRIVATE).exists()
    assert member_groups.count() < groups.count()
    assert not Membership.objects.filter(user__email=DEMO_REGISTERED_EMAIL).exists()

    assert Invitation.objects.open().filter(email=INVITED_EMAIL).count() == 1
    assert not get_user_model().objects.filter(email=INVITED_EMAIL).exists()


def check_demo_pages_answer_each_visitor(client):
    groups = {group.visibility: group for group in WorkingGroupPage.objects.all()}
    private = WorkingGroupPage.objects.get(visibility=Visibility.PRIVATE)
    requested = JoinRequest.objects.get(user__email=DEMO_REGISTERED_EMAIL).group
    assert client.get("/working-groups/").status_code == 200
    assert client.get(groups[Visibility.OPEN].url).status_code == 200
    assert client.get(private.url).status_code == 404
    assert client.get("/parties/").status_code == 200

    user_model = get_user_model()
    client.force_login(user_model.objects.get(email=DEMO_REGISTERED_EMAIL))
    assert client.get(private.url).status_code == 404

    client.force_login(user_model.objects.get(email=DEMO_MEMBER_EMAIL))
    response = client.get(private.url + "members/")
    assert response.status_code == 200
    document = private.documents.get().document
    assert document.title in response.content.decode()
    response = client.get(document.url)
    assert response.status_code == 200
    assert b"".join(response.streaming_content).startswith(b"Terms of reference")
    client.logout()
    assert client.get(document.url).status_code in (403, 404)

    client.force_login(user_model.objects.get(email=DEMO_CHAIR_EMAIL))
    response = client.get(requested.url + "manage/")
    assert response.status_code == 200
    assert JoinRequest.objects.get(user__email=DEMO_REGISTERED_EMAIL).motivation in response.content.decode()
    assert client.get(private.url + "manage/history/").status_code == 200


def check_dutch_themes(client):
    """Every demo theme has its Dutch name; a Dutch group page shows it, an English one the English name."""
    from django.utils import translation

    due_diligence = Theme.objects.originals().get(slug="due-diligence")
    assert Theme.objects.filter(translation_key=due_diligence.translation_key).count() == 2
    with translation.override("nl"):
        assert due_diligence.label == "Gepaste zorgvuldigheid"
    # Groups, events, commitments and library resources link the English themes only (issue 20), in
    # whichever of those apps the site has.
    linking = [WorkingGroupPage]
    for label, name in (("events", "EventPage"), ("commitments", "Commitment"), ("library", "Resource")):
        if apps.is_installed(label):
            linking.append(apps.get_model(label, name))
    for model in linking:
        links = model.themes.through.objects
        assert links.exists() and not links.exclude(theme__in=Theme.objects.originals()).exists(), model
    group = WorkingGroupPage.objects.filter(themes=due_diligence, locale__language_code="en").first()
    english = client.get(group.url).content.decode()
    assert "Due diligence" in english and "Gepaste zorgvuldigheid" not in english
