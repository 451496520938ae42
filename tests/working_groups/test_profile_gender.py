"""The optional gender question of the member profile: consent given, changed and withdrawn (with records),
an answer without consent refused, the self-description kept only for "self-described", and the answer never
shown to anyone else — on the group's pages, the party page, forum threads or the Wagtail admin."""

import re

from django.core.exceptions import ValidationError
from django.urls import reverse

import pytest

from events.models import Speaker
from forums.models import Forum
from tests.factories.forums import ThreadFactory, add_posts
from tests.factories.users import UserFactory
from tests.factories.working_groups import OrganisationFactory, add_member, make_group
from working_groups.choices import ConsentAction, Gender, Role, Visibility
from working_groups.models import GenderConsentRecord, MemberProfile
from working_groups.services import profile_gender
from working_groups.services.profile_gender import GENDER_NOTICE_VERSION, GenderChange, profile_gender_save

pytestmark = pytest.mark.django_db

PROFILE = {
    "display_name": "Wanjiru Kamau",
    "job_title": "Senior researcher",
    "organisation_name": "Fair Metals Watch",
    "preferred_language": "en",
    "time_zone": "Europe/Amsterdam",
}
SELF_DESCRIPTION = "Zebrafinch-genderqueer"


def post_profile(client, **fields):
    return client.post(reverse("profile"), {**PROFILE, **fields})


def messages_of(response) -> list[str]:
    return [str(message) for message in response.context["messages"]]


def records(user) -> list[tuple[str, str]]:
    return list(
        GenderConsentRecord.objects.filter(user=user)
        .order_by("at", "pk")
        .values_list("action", "notice_version")
    )


@pytest.fixture
def member(client):
    user = UserFactory()
    client.force_login(user)
    return user


def test_the_question_explains_itself_and_loads_no_inline_script(client, member):
    html = client.get(reverse("profile")).content.decode()
    assert "Gender (optional)" in html
    assert "at least 5 people" in html and "Nobody sees your answer" in html
    assert "withdraw your answer at any time" in html
    assert 'name="gender_consent"' in html and "Count my answer in anonymous statistics" in html
    assert html.count('type="radio" name="gender"') == len(Gender.choices) + 1
    assert 'value="" id="id_gender_0" checked' in html
    assert "working_groups/profile_gender.js" in html
    assert "<script>" not in html and " onclick=" not in html and " style=" not in html
    # Nothing to withdraw yet: no withdraw button.
    assert reverse("profile_gender_withdraw") not in html


def test_giving_an_answer_records_consent(client, member):
    response = post_profile(client, gender=Gender.WOMAN, gender_consent="on")
    assert response.status_code == 302
    profile = MemberProfile.objects.get(user=member)
    assert profile.gender == Gender.WOMAN
    assert profile.gender_consent_at is not None
    assert records(member) == [(ConsentAction.GIVEN, GENDER_NOTICE_VERSION)]
    page = client.get(reverse("profile"))
    assert any("counted anonymously" in message for message in messages_of(page))
    html = page.content.decode()
    assert 'value="woman" id="id_gender_1" checked' in html
    assert re.search(r'<input type="checkbox" name="gender_consent"[^>]* checked', html)
    assert reverse("profile_gender_withdraw") in html


def test_an_answer_without_consent_is_refused_and_the_other_input_kept(client, member):
    before = MemberProfile.objects.get(user=member)
    response = post_profile(client, display_name="A new name", gender=Gender.MAN)
    assert response.status_code == 200
    form = response.context["form"]
    assert set(form.errors) == {"gender_consent"}
    html = response.content.decode()
    assert 'class="error-summary"' in html and "Tick the box" in html
    assert 'value="A new name"' in html
    assert 'value="man" id="id_gender_2" checked' in html
    profile = MemberProfile.objects.get(user=member)
    assert (profile.display_name, profile.gender, profile.gender_consent_at) == (
        before.display_name,
        "",
        None,
    )
    assert records(member) == []


def test_unticking_consent_while_keeping_the_answer_is_refused(client, member):
    post_profile(client, gender=Gender.NON_BINARY, gender_consent="on")
    response = post_profile(client, gender=Gender.NON_BINARY)
    assert response.status_code == 200
    assert "gender_consent" in response.context["form"].errors
    assert MemberProfile.objects.get(user=member).gender == Gender.NON_BINARY
    assert len(records(member)) == 1


def test_changing_the_answer_keeps_consent_without_a_new_record(client, member):
    post_profile(client, gender=Gender.WOMAN, gender_consent="on")
    consent_at = MemberProfile.objects.get(user=member).gender_consent_at
    post_profile(client, gender=Gender.NON_BINARY, gender_consent="on")
    post_profile(client, gender=Gender.NON_BINARY, gender_consent="on")  # saving again changes nothing
    profile = MemberProfile.objects.get(user=member)
    assert profile.gender == Gender.NON_BINARY
    assert profile.gender_consent_at == consent_at
    assert records(member) == [(ConsentAction.GIVEN, GENDER_NOTICE_VERSION)]


def test_a_new_notice_asks_for_consent_again(client, member, monkeypatch):
    post_profile(client, gender=Gender.MAN, gender_consent="on")
    monkeypatch.setattr(profile_gender, "GENDER_NOTICE_VERSION", "2027-06")
    post_profile(client, gender=Gender.MAN, gender_consent="on")
    assert records(member) == [(ConsentAction.GIVEN, GENDER_NOTICE_VERSION), (ConsentAction.GIVEN, "2027-06")]


def test_the_self_description_is_kept_only_for_self_described(client, member):
    post_profile(client, gender=Gender.WOMAN, gender_self_description=SELF_DESCRIPTION, gender_consent="on")
    assert MemberProfile.objects.get(user=member).gender_self_description == ""

    post_profile(
        client,
        gender=Gender.SELF_DESCRIBED,
        gender_self_description=f"  {SELF_DESCRIPTION} ",
        gender_consent="on",
    )
    profile = MemberProfile.objects.get(user=member)
    assert (profile.gender, profile.gender_self_description) == (Gender.SELF_DESCRIBED, SELF_DESCRIPTION)

    post_profile(client, gender=Gender.MAN, gender_self_description=SELF_DESCRIPTION, gender_consent="on")
    profile = MemberProfile.objects.get(user=member)
    assert (profile.gender, profile.gender_self_description) == (Gender.MAN, "")

    too_long = post_profile(
        client, gender=Gender.SELF_DESCRIBED, gender_self_description="x" * 101, gender_consent="on"
    )
    assert "gender_self_description" in too_long.context["form"].errors
    assert MemberProfile.objects.get(user=member).gender == Gender.MAN


def test_the_withdraw_button_deletes_the_answer_and_records_it(client, member):
    post_profile(
        client, gender=Gender.SELF_DESCRIBED, gender_self_description=SELF_DESCRIPTION, gender_consent="on"
    )
    assert client.get(reverse("profile_gender_withdraw")).status_code == 405
    response = client.post(
        reverse("profile_gender_withdraw"), {**PROFILE, "display_name": "Ignored"}, follow=True
    )
    assert any("deleted and is no longer counted" in message for message in messages_of(response))
    profile = MemberProfile.objects.get(user=member)
    assert (profile.gender, profile.gender_self_description, profile.gender_consent_at) == ("", "", None)
    assert profile.display_name != "Ignored"
    assert records(member) == [
        (ConsentAction.GIVEN, GENDER_NOTICE_VERSION),
        (ConsentAction.WITHDRAWN, GENDER_NOTICE_VERSION),
    ]
    # Nothing left to withdraw: no new record.
    again = client.post(reverse("profile_gender_withdraw"), follow=True)
    assert any("no answer about gender to withdraw" in message for message in messages_of(again))
    assert len(records(member)) == 2


def test_choosing_no_answer_withdraws_too(client, member):
    post_profile(client, gender=Gender.PREFER_NOT_TO_SAY, gender_consent="on")
    response = post_profile(client, gender="", gender_consent="on")
    assert response.status_code == 302
    profile = MemberProfile.objects.get(user=member)
    assert (profile.gender, profile.gender_consent_at) == ("", None)
    assert [action for action, _version in records(member)] == [ConsentAction.GIVEN, ConsentAction.WITHDRAWN]
    # Saving the profile without an answer, as most people do, records nothing.
    post_profile(client, display_name="Wanjiru K.")
    assert len(records(member)) == 2


def test_withdrawing_requires_sign_in(client):
    response = client.post(reverse("profile_gender_withdraw"))
    assert response.status_code == 302
    assert response.url.startswith(reverse("account_login"))


def test_the_service_refuses_bad_input_and_changes_nothing():
    user = UserFactory()
    profile = user.profile
    with pytest.raises(ValidationError) as refused:
        profile_gender_save(profile=profile, gender="alien", consent=True)
    assert "gender" in refused.value.message_dict
    with pytest.raises(ValidationError) as refused:
        profile_gender_save(profile=profile, gender=Gender.WOMAN, consent=False)
    assert "gender_consent" in refused.value.message_dict
    assert profile_gender_save(profile=profile, gender="", consent=False) == GenderChange.UNCHANGED
    profile.refresh_from_db()
    assert (profile.gender, profile.gender_consent_at) == ("", None)
    assert records(user) == []


# --- The answer is never shown to anyone else -------------------------------------------------------------


@pytest.fixture
def answered(group_index):
    """Two members of a closed group who answered (one self-described), with a chair, a post and a speaker."""
    party = OrganisationFactory(name="Tin Traders Union")
    group = make_group(group_index, Visibility.CLOSED, title="Living wages in mining")
    chair = add_member(group, role=Role.CHAIR).user
    people = []
    for gender, description in ((Gender.NON_BINARY, ""), (Gender.SELF_DESCRIBED, SELF_DESCRIPTION)):
        person = add_member(group, organisation=party).user
        profile_gender_save(profile=person.profile, gender=gender, self_description=description, consent=True)
        people.append(person)
    forum = Forum.objects.create(title="Wages", slug="wages", description="Wages", group=group)
    thread = ThreadFactory(forum=forum, author=people[0])
    add_posts(thread, people, count=2)
    Speaker.objects.create(name="A speaker with an account", user=people[0])
    return {"group": group, "chair": chair, "people": people, "party": party, "thread": thread}


def assert_no_gender(html: str) -> None:
    for shown in (
        "Non-binary",
        "non_binary",
        "self_described",
        "I describe myself another way",
        SELF_DESCRIPTION,
    ):
        assert shown not in html


def test_the_answer_is_never_shown_on_member_pages(client, answered):
    group = answered["group"]
    client.force_login(answered["chair"])
    urls = [
        group.url,
        group.url + "members/",
        group.url + "members/directory/",
        group.url + "manage/",
        group.url + "manage/history/",
        answered["party"].get_absolute_url(),
        answered["thread"].get_absolute_url(),
    ]
    for url in urls:
        response = client.get(url)
        assert response.status_code == 200, url
        assert_no_gender(response.content.decode())
    # The directory does list the people who answered.
    directory = client.get(group.url + "members/directory/").content.decode()
    assert all(person.profile.display_name in directory for person in answered["people"])


def test_the_answer_is_never_shown_in_the_admin(client, admin_user, answered):
    client.force_login(admin_user)
    person = answered["people"][1]
    speaker = Speaker.objects.get(user=answered["people"][0])
    urls = [
        reverse("wagtailsnippets_working_groups_membership:list"),
        reverse("wagtailsnippets_working_groups_membershipevent:list"),
        reverse("wagtailsnippets_events_speaker:list"),
        reverse("wagtailusers_users:index"),
        reverse("wagtailusers_users:edit", args=[person.pk]),
        reverse("wagtailsnippets_forums_post:list"),
    ]
    for url in urls:
        response = client.get(url)
        assert response.status_code == 200, url
        assert_no_gender(response.content.decode())
    # The speaker form offers the secretariat's own field (empty for a speaker with an account), never the
    # person's answer.
    speaker_form = client.get(
        reverse("wagtailsnippets_events_speaker:edit", args=[speaker.pk])
    ).content.decode()
    assert 'value="non_binary" selected' not in speaker_form
    assert SELF_DESCRIPTION not in speaker_form
