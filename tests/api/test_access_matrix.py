"""Who may see what through the API: nobody gets more than an anonymous visitor of the pages.

For every resource the visible things are listed and the hidden ones (private groups, members-only events,
events of a private group, drafts, restricted pages, group-only/draft/submitted/returned commitments) are
unreachable by id, by slug, by a filter, by sorting, by search or embedded in another resource — and that
holds whoever the session belongs to: a member of the private group or the secretariat get the same answers
as nobody, because the API never reads the session.
"""

import json

import pytest

from tests.api.conftest import JOIN_URL, PASSCODE, SECRET
from tests.factories.working_groups import make_secretariat_user

RESOURCES = ["events", "commitments", "parties", "groups", "news", "library-resources"]
SESSIONS = ["nobody", "private_group_member", "secretariat"]


@pytest.fixture
def api(world, client):
    """A client as one of SESSIONS; `get(path)` returns the decoded JSON and asserts the status."""

    def as_session(who):
        client.logout()
        if who == "private_group_member":
            client.force_login(world.people["member"])
        elif who == "secretariat":
            client.force_login(make_secretariat_user())
        return client

    return as_session


def get_json(client, path, status=200):
    response = client.get(path)
    assert response.status_code == status, (path, response.status_code, response.content[:300])
    assert response["Content-Type"].startswith("application/json")
    return response.json()


def listed_ids(client, resource, query=""):
    ids = []
    path = f"/api/v1/{resource}/?page_size=100{query}"
    while path:
        data = get_json(client, path)
        ids += [item["id"] for item in data["results"]]
        path = data["next"]
    return ids


def list_query(resource):
    """Events are upcoming by default: ask for past ones too."""
    return ["", "&when=past"] if resource == "events" else [""]


def assert_clean(body: str):
    assert SECRET not in body
    assert JOIN_URL not in body and "secret-room" not in body
    assert PASSCODE not in body
    assert "@example.org" not in body, "no e-mail address is ever published"
    assert "Zyx comment" not in body
    for word in ("gender", "join_url", "passcode", "email", "review_comment", "author"):
        assert f'"{word}"' not in body


@pytest.mark.parametrize("who", SESSIONS)
@pytest.mark.parametrize("resource", RESOURCES)
def test_lists_hold_exactly_what_an_anonymous_visitor_sees(world, api, resource, who):
    client = api(who)
    ids = [pk for query in list_query(resource) for pk in listed_ids(client, resource, query)]
    expected = {item.pk for item in world.visible[resource]}
    if resource == "events":  # the calendar lists a conference's sessions inside the conference
        expected.discard(world.events["session"].pk)
    if resource == "parties":
        assert expected <= set(ids)
    else:
        assert set(ids) == expected
    assert len(ids) == len(set(ids))


@pytest.mark.parametrize("who", SESSIONS)
@pytest.mark.parametrize("resource", RESOURCES)
def test_hidden_things_answer_404_by_id_and_by_slug(world, api, resource, who):
    client = api(who)
    for item in world.hidden[resource]:
        assert get_json(client, f"/api/v1/{resource}/{item.pk}/", 404) == {"detail": "Not found."}
        if resource != "commitments":
            get_json(client, f"/api/v1/{resource}/by-slug/{item.slug}/", 404)
        else:
            get_json(client, f"/api/v1/commitments/by-slug/{item.slug}/", 404)
    for item in world.visible[resource]:
        assert get_json(client, f"/api/v1/{resource}/{item.pk}/")["id"] == item.pk
        assert get_json(client, f"/api/v1/{resource}/by-slug/{item.slug}/")["id"] == item.pk


@pytest.mark.parametrize("who", SESSIONS)
def test_nothing_hidden_appears_anywhere_in_any_answer(world, api, who):
    """Every list (both event directions), every detail and every by-slug answer, scanned for the planted
    secrets, join details, e-mail addresses and the names of private fields."""
    client = api(who)
    bodies = []
    for resource in RESOURCES:
        for query in list_query(resource):
            for search in ("", f"&q={SECRET}", "&ordering=-id", "&ordering=title"):
                if search.startswith("&q") and resource not in (
                    "commitments",
                    "parties",
                    "library-resources",
                ):
                    continue
                bodies.append(
                    client.get(f"/api/v1/{resource}/?page_size=100{query}{search}").content.decode()
                )
        for item in world.visible[resource] + (
            [world.library["old"]] if resource == "library-resources" else []
        ):
            bodies.append(client.get(f"/api/v1/{resource}/{item.pk}/").content.decode())
            bodies.append(client.get(f"/api/v1/{resource}/by-slug/{item.slug}/").content.decode())
    for body in bodies:
        assert_clean(body)


def test_a_public_commitment_of_a_private_group_never_names_the_group(world, client):
    commitment = world.commitments["public_of_private_group"]
    data = get_json(client, f"/api/v1/commitments/{commitment.pk}/")
    assert data["group"] is None
    open_one = get_json(client, f"/api/v1/commitments/{world.commitments['public_of_open_group'].pk}/")
    assert open_one["group"]["slug"] == "open-tin"


@pytest.mark.parametrize("who", SESSIONS)
def test_filters_cannot_reach_a_private_group(world, api, who):
    """The group facets offer only the groups anyone may see: naming a private (or draft, or restricted)
    group is a refused value (400), not a way to learn what it holds."""
    client = api(who)
    for group in world.hidden["groups"]:
        data = get_json(client, f"/api/v1/commitments/?group={group.pk}", 400)
        assert "group" in data
        assert "group" in get_json(client, f"/api/v1/events/?group={group.slug}", 400)
        assert "working_group" in get_json(client, f"/api/v1/parties/?working_group={group.pk}", 400)
    visible = get_json(client, f"/api/v1/commitments/?group={world.groups['open'].pk}")
    assert [item["id"] for item in visible["results"]] == [world.commitments["public_of_open_group"].pk]
    events = get_json(client, f"/api/v1/events/?group={world.groups['open'].slug}")
    assert [item["id"] for item in events["results"]] == [world.events["open_group"].pk]


@pytest.mark.parametrize("who", SESSIONS)
def test_search_and_sorting_reach_only_visible_commitments(world, api, who):
    client = api(who)
    assert listed_ids(client, "commitments", f"&q={SECRET}") == []
    expected = {item.pk for item in world.visible["commitments"]}
    for ordering in ("title", "-title", "progress", "-updated_at", "target_date,-id"):
        assert set(listed_ids(client, "commitments", f"&ordering={ordering}")) == expected
    for sort in ("updated", "title", "target", "progress"):
        assert set(listed_ids(client, "commitments", f"&sort={sort}")) == expected


def test_embedded_relations_carry_only_visible_things(world, client):
    conference = get_json(client, f"/api/v1/events/{world.events['conference'].pk}/")
    assert [session["id"] for session in conference["sessions"]] == [world.events["session"].pk]
    session = get_json(client, f"/api/v1/events/{world.events['session'].pk}/")
    assert session["conference"]["id"] == world.events["conference"].pk
    party = get_json(client, "/api/v1/parties/by-slug/nordvik-mining/")
    assert {group["slug"] for group in party["groups"]} == {"open-tin", "closed-cobalt"}
    assert [item["id"] for item in party["commitments"]] == [world.commitments["public"].pk]
    group = get_json(client, f"/api/v1/groups/{world.groups['open'].pk}/")
    assert group["chairs"] == [{"name": "Ana Lima", "organisation": "Nordvik Mining"}]
    events = get_json(client, "/api/v1/events/")["results"]
    assert all(
        event["group"] is None or event["group"]["slug"] in ("open-tin", "closed-cobalt") for event in events
    )


def test_commitment_detail_publishes_indicators_and_only_published_updates(world, client):
    data = get_json(client, f"/api/v1/commitments/{world.commitments['public'].pk}/")
    assert data["contact_person"] == "Ana Lima"
    [indicator] = data["indicators"]
    assert indicator["baseline"] == 0 and indicator["target"] == 200
    assert indicator["latest_value"] == 50 and indicator["progress"] == 25
    assert indicator["values"] == [{"reported_on": "2025-06-30", "value": 50.0}]
    assert [update["reported_on"] for update in data["updates"]] == ["2025-06-30"]
    assert {party["slug"] for party in data["parties"]} == {"nordvik-mining", "metal-workers-union"}
    assert data["themes"] == [{"slug": "responsible-sourcing", "name": "Responsible sourcing"}]
    assert data["url"].endswith(f"/commitments/{world.commitments['public'].pk}/map-smelters/")
    listed = get_json(client, "/api/v1/commitments/?page_size=100")["results"]
    assert "contact_person" not in json.dumps(listed), "the register list names nobody"


def test_events_give_their_page_and_ical_addresses_and_recording(world, client):
    event = world.events["public"]
    data = get_json(client, f"/api/v1/events/{event.pk}/")
    assert data["url"].endswith("/events/tin-webinar/")
    assert data["ical_url"].endswith(f"/calendar/events/{event.pk}.ics")
    assert client.get(data["ical_url"].replace("http://testserver", "")).status_code == 200
    assert data["recording"]["embed_url"].startswith("https://www.youtube-nocookie.com/")
    assert data["speakers"] == [
        {"name": "Jo Speaker", "role": "Director", "organisation": "Metal Workers Union", "part": "speaker"}
    ]
    assert data["local_start"].endswith(("+01:00", "+02:00"))


def test_a_chair_without_a_name_is_left_out_rather_than_shown_by_e_mail(world, client):
    data = get_json(client, f"/api/v1/groups/{world.groups['closed'].pk}/")
    assert data["chairs"] == [{"name": "Ana Lima", "organisation": "Nordvik Mining"}]
