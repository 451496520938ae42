"""Download my data: one JSON file with everything about the person from every app, nobody else's words, no
secrets, served only on a re-authenticated POST, in a constant number of queries."""

import json

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

import pytest

from cms.privacy.export import personal_data_export, personal_data_json
from events.models import CalendarFeedKey, Registration
from tests.cms.privacy_parts import downloaded_sections, keep_parts_of, listed_sections
from tests.factories.events import EventPageFactory
from tests.factories.forums import add_posts
from tests.working_groups.privacy_world import (
    OTHERS_PRIVATE_WORDS,
    OTHERS_PUBLIC_WORDS,
    OWN_PRIVATE_WORDS,
    OWN_PUBLIC_WORDS,
    PRIVATE_THREAD_TITLE,
    SELF_DESCRIPTION,
    make_privacy_world,
    reauthenticated,
)

pytestmark = pytest.mark.django_db


def download(client):
    return client.post(reverse("privacy_download"))


def test_the_download_holds_every_section_of_the_person():
    world = make_privacy_world()
    data = json.loads(personal_data_json(world.person))

    assert data["format"] == "roundtable-personal-data"
    account = data["account"]
    assert account["email"] == world.person.email
    assert account["email_addresses"] == [{"email": world.person.email, "verified": True, "primary": True}]
    assert account["date_joined"] and "last_login" in account
    assert data["profile"]["gender"] == "self_described"
    assert data["profile"]["gender_self_description"] == SELF_DESCRIPTION
    assert data["profile"]["gender_consent_at"]
    assert [record["action"] for record in data["gender_consent_records"]] == ["given"]
    assert [item["group"] for item in data["memberships"]] == ["Open tin roundtable"]
    assert data["join_requests"][0]["motivation"] == "I would like to help the panel."
    assert data["invitations"][0]["message"] == "Do join us."
    assert data["commitments"][0]["title"] == "Audit all tin smelters"
    assert data["progress_updates"][0]["narrative"] == "Half of them audited."

    registration = data["event_registrations"][0]
    assert registration["answers"] == [{"question": "Diet", "answer": "Vegetarian"}]
    assert data["calendar_feed"]["exists"] is True

    texts = [post["text"] for post in data["posts"]]
    assert OWN_PUBLIC_WORDS in texts and OWN_PRIVATE_WORDS in texts
    assert [thread["thread_title"] for thread in data["threads_started"]] == ["Tin audits in 2030"]
    assert data["reactions"][0]["kind"] == "agree"
    assert data["flags_raised"][0]["details"] == "Flagged in my words."
    assert len(data["question_votes"]) == 1
    assert any(post["live_question"] for post in data["posts"])
    assert len(data["subscriptions"]) == 2
    assert data["notification_settings"] == {"email_enabled": True, "daily_digest": True}


def test_the_download_holds_no_secret_and_nobody_elses_words():
    world = make_privacy_world()
    text = personal_data_json(world.person)

    assert OTHERS_PUBLIC_WORDS not in text
    assert OTHERS_PRIVATE_WORDS not in text
    assert CalendarFeedKey.objects.get(user=world.person).key not in text
    assert world.person.password not in text
    assert "token" not in text.lower()


def test_a_group_the_person_cannot_see_keeps_only_their_own_words():
    """Their post in a private group's thread is there; the thread's title and link are not."""
    world = make_privacy_world()
    data = personal_data_export(world.person)

    private_post = next(post for post in data["posts"] if post["text"] == OWN_PRIVATE_WORDS)
    assert private_post["thread_title"] is None and private_post["thread_url"] is None
    assert private_post["post_url"] is None
    forum_subscription = next(item for item in data["subscriptions"] if "forum_id" in item)
    assert forum_subscription["forum_title"] is None
    assert PRIVATE_THREAD_TITLE not in json.dumps(data, default=str)
    public_post = next(post for post in data["posts"] if post["text"] == OWN_PUBLIC_WORDS)
    assert public_post["thread_title"] == "Tin audits in 2030"
    assert public_post["post_url"]


def test_download_is_an_attachment_never_cached(client):
    world = make_privacy_world()
    reauthenticated(client, world.person)

    response = download(client)

    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/json")
    day = timezone.localdate().isoformat()
    assert response["Content-Disposition"] == f'attachment; filename="roundtable-data-{day}.json"'
    assert response["Cache-Control"] == "no-store"
    assert json.loads(response.content)["account"]["email"] == world.person.email


def test_download_needs_a_post_a_sign_in_and_a_recent_password(client):
    world = make_privacy_world()
    assert download(client).status_code == 302  # anonymous: to the sign-in page
    assert reverse("account_login") in download(client)["Location"]

    client.force_login(world.person)
    response = download(client)
    assert response.status_code == 302
    assert reverse("account_reauthenticate") in response["Location"]

    reauthenticated(client, world.person)
    assert client.get(reverse("privacy_download")).status_code == 405


def test_download_refuses_a_post_without_csrf_token(client):
    world = make_privacy_world()
    reauthenticated(client, world.person)
    client.handler.enforce_csrf_checks = True
    assert download(client).status_code == 403


def test_your_data_page_links_from_the_account_menu(client):
    world = make_privacy_world()
    client.force_login(world.person)

    response = client.get(reverse("profile"))
    assert reverse("privacy_overview") in response.content.decode()

    page = client.get(reverse("privacy_overview")).content.decode()
    assert f'action="{reverse("privacy_download")}"' in page
    assert reverse("account_delete") in page


def download_part(page: str) -> str:
    """The "Download your data" section of the page, in lower case."""
    return page[page.index('id="download-heading"') : page.index('id="delete-heading"')].lower()


def test_your_data_lists_each_apps_data_and_nothing_of_an_app_the_site_lacks(client, monkeypatch):
    """On the full site every app's part is listed, section by section as in the download; on a site
    without forums (simulated: forums' part left out) nothing is said about forums or live rooms."""
    world = make_privacy_world()
    client.force_login(world.person)

    page = client.get(reverse("privacy_overview")).content.decode()
    listed = listed_sections(page)
    assert listed == downloaded_sections(personal_data_export(world.person))
    titles = ("Your account", "Your profile and groups", "Commitments", "Events", "Forums and live rooms")
    assert all(f"<h3>{title}</h3>" in page for title in titles)
    of_each_app = {"profile", "memberships", "progress_updates", "event_registrations", "posts", "poll_votes"}
    assert of_each_app <= set(listed)
    assert "forums and live rooms" in download_part(page)

    keep_parts_of(monkeypatch, {"working_groups", "commitments", "events"})
    page = client.get(reverse("privacy_overview")).content.decode()
    listed = listed_sections(page)
    assert listed == downloaded_sections(personal_data_export(world.person))
    assert "event_registrations" in listed and "posts" not in listed
    for word in ("forum", "live room", "thread", "post"):
        assert word not in download_part(page).replace('method="post"', "")


def test_the_download_costs_the_same_queries_for_one_or_many_posts_and_registrations(
    django_assert_num_queries,
):
    world = make_privacy_world()
    personal_data_export(world.person)  # warm the caches (content types, sites) before counting
    with CaptureQueriesContext(connection) as few:
        personal_data_export(world.person)

    add_posts(world.public_thread, [world.person], count=10, text=OWN_PUBLIC_WORDS)
    events_index = world.event.get_parent()
    for number in range(5):
        event = EventPageFactory(parent=events_index, title=f"Cobalt webinar {number}")
        Registration.objects.create(event=event, user=world.person, answers=[])

    with django_assert_num_queries(len(few.captured_queries)):
        data = personal_data_export(world.person)
    assert len(data["posts"]) == 12 and len(data["event_registrations"]) == 6
