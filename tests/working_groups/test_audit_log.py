"""The secretariat's audit log in Wagtail's Site history: one entry with who, what and when for each
membership, moderation and permission change; shown to the secretariat, refused to chairs; never holding a
private group's content or anyone's gender."""

from django.contrib.auth.models import Group
from django.urls import reverse

from wagtail.models import ModelLogEntry

import pytest

from forums.models.live import LiveRoom, RoomRemoval
from forums.services.moderation import post_hide, thread_set_state
from tests.factories.forums import ForumFactory, ThreadFactory, add_posts
from tests.factories.users import UserFactory
from tests.factories.working_groups import add_member, make_group, make_group_index, make_secretariat_user
from working_groups import services
from working_groups.choices import Gender, JoiningPolicy, Role, Visibility
from working_groups.services.invitations import invitation_create

pytestmark = pytest.mark.django_db

SECRET_TITLE = "Whistleblower case Omega"
SECRET_WORDS = "The Omega smelter pays no overtime."
SECRET_REASON = "Names the Omega whistleblower."


@pytest.fixture
def groups(db):
    index = make_group_index()
    chair = UserFactory()
    open_group = make_group(
        index, Visibility.OPEN, title="Open tin roundtable", joining_policy=JoiningPolicy.OPEN
    )
    private_group = make_group(index, Visibility.PRIVATE, title="Private grievance panel")
    for group in (open_group, private_group):
        add_member(group, chair, Role.CHAIR)
    return open_group, private_group, chair


def entries(action_prefix: str):
    return list(ModelLogEntry.objects.filter(action__startswith=action_prefix).order_by("pk"))


def test_each_membership_change_writes_one_entry(groups):
    open_group, _private, chair = groups
    person = UserFactory()

    membership = services.membership_join(user=person, group=open_group)
    services.membership_change_role(actor=chair, membership=membership, role=Role.OBSERVER)
    services.membership_remove(actor=chair, membership=membership)
    invitation_create(actor=chair, group=open_group, email="new.member@example.org")

    logged = entries("roundtable.membership.")
    assert [entry.action.rsplit(".", 1)[1] for entry in logged] == [
        "joined",
        "role_changed",
        "removed",
        "invited",
    ]
    assert [entry.user_id for entry in logged] == [person.pk, chair.pk, chair.pk, chair.pk]
    assert all(entry.timestamp for entry in logged)
    assert logged[1].data["role"] == Role.OBSERVER and logged[1].data["previous_role"] == Role.MEMBER
    assert logged[0].label.endswith("Open tin roundtable")
    assert "observer" in logged[1].formatter.format_message(logged[1])


def test_moderation_writes_one_entry_without_the_content(groups):
    _open, private_group, chair = groups
    thread = ThreadFactory(forum=ForumFactory(group=private_group), title=SECRET_TITLE)
    post = add_posts(thread, [chair], text=SECRET_WORDS)[0]

    thread_set_state(actor=chair, thread=thread, action="pin")
    post_hide(actor=chair, post=post, reason=SECRET_REASON)

    logged = entries("roundtable.moderation.")
    assert [entry.action for entry in logged] == [
        "roundtable.moderation.pin",
        "roundtable.moderation.hide_post",
    ]
    assert {entry.user_id for entry in logged} == {chair.pk}
    for entry in logged:
        text = f"{entry.label} {entry.data} {entry.formatter.format_message(entry)}"
        assert SECRET_TITLE not in text and SECRET_WORDS not in text and SECRET_REASON not in text


def test_live_room_removals_and_readmissions_are_logged(groups):
    _open, private_group, chair = groups
    thread = ThreadFactory(forum=ForumFactory(group=private_group))
    room = LiveRoom.objects.create(thread=thread)
    person = UserFactory()

    RoomRemoval.objects.create(room=room, user=person, removed_by=chair)
    RoomRemoval.objects.filter(room=room, user=person).delete()
    RoomRemoval.objects.create(room=room, user=person, removed_by=chair)
    person.delete()  # a cascade is no readmission

    actions = [entry.action for entry in entries("roundtable.live.")]
    assert actions == ["roundtable.live.removed", "roundtable.live.readmitted", "roundtable.live.removed"]
    assert entries("roundtable.live.removed")[0].user_id == chair.pk


def test_gender_never_reaches_the_log(groups):
    open_group, _private, chair = groups
    person = UserFactory()
    profile = person.profile
    profile.gender, profile.gender_self_description = Gender.NON_BINARY, "Genderfluid in my words"
    profile.save()
    membership = services.membership_join(user=person, group=open_group)
    services.membership_change_role(actor=chair, membership=membership, role=Role.OBSERVER)

    for entry in ModelLogEntry.objects.all():
        text = f"{entry.label} {entry.data}"
        assert "non_binary" not in text and "Genderfluid" not in text


def test_site_history_lists_the_entries_for_the_secretariat_only(client, groups):
    open_group, _private, chair = groups
    person = UserFactory(first_name="Ines", last_name="Audited")
    services.membership_join(user=person, group=open_group)
    person.groups.add(Group.objects.get(name="Secretariat"))
    person.groups.remove(Group.objects.get(name="Secretariat"))
    thread = ThreadFactory(forum=ForumFactory(group=open_group))
    thread_set_state(actor=chair, thread=thread, action="lock")
    url = reverse("wagtailadmin_reports:site_history")

    client.force_login(make_secretariat_user())
    page = client.get(url).content.decode()
    assert "Ines Audited — Open tin roundtable" in page
    assert "Added to a permission group" in page and "Removed from a permission group" in page
    assert f"Thread {thread.pk}" in page
    filtered = client.get(url, {"action": "roundtable.membership.joined"}).content.decode()
    assert "Ines Audited — Open tin roundtable" in filtered and f"Thread {thread.pk}" not in filtered

    client.force_login(chair)
    response = client.get(url)
    assert response.status_code in (302, 403)
    assert "Ines Audited" not in response.content.decode()
