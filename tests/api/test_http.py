"""HTTP of the API: conditional requests, caching and CORS headers, rate limits, JSON errors (never a 500)
and no dependence on cookies or CSRF."""

import time

from django.conf import settings
from django.test import Client
from django.utils.http import http_date

import pytest

from tests.factories.working_groups import OrganisationFactory


@pytest.fixture
def party(db):
    return OrganisationFactory(name="Nordvik Mining", slug="nordvik-mining")


def test_etag_and_last_modified_answer_304(party, client):
    first = client.get("/api/v1/parties/")
    assert first.status_code == 200
    etag, last_modified = first["ETag"], first["Last-Modified"]
    assert etag.startswith('"') and last_modified
    assert first["Cache-Control"] == "public, max-age=60"

    again = client.get("/api/v1/parties/", headers={"if-none-match": etag})
    assert again.status_code == 304
    assert again.content == b""
    assert again["ETag"] == etag
    assert again["Access-Control-Allow-Origin"] == "*"
    assert client.get("/api/v1/parties/", headers={"if-modified-since": last_modified}).status_code == 304

    # The same body keeps its date; a change gives a new ETag and a new date.
    time.sleep(1.1)
    assert client.get("/api/v1/parties/")["Last-Modified"] == last_modified
    party.name = "Nordvik Mining Group"
    party.save()
    changed = client.get("/api/v1/parties/", headers={"if-none-match": etag})
    assert changed.status_code == 200
    assert changed["ETag"] != etag
    assert changed["Last-Modified"] != last_modified
    stale = client.get("/api/v1/parties/", headers={"if-modified-since": last_modified})
    assert stale.status_code == 200


def test_an_embedded_change_changes_the_etag(world, client):
    """A commitment's own timestamp does not move when one of its parties is renamed; its ETag does."""
    path = f"/api/v1/commitments/{world.commitments['public'].pk}/"
    etag = client.get(path)["ETag"]
    world.parties["union"].name = "Metal and Mining Workers Union"
    world.parties["union"].save()
    assert client.get(path, headers={"if-none-match": etag}).status_code == 200


def test_cors_allows_any_origin_without_credentials(party, client):
    response = client.get("/api/v1/parties/", headers={"origin": "https://research.example.net"})
    assert response["Access-Control-Allow-Origin"] == "*"
    assert "Access-Control-Allow-Credentials" not in response
    assert "ETag" in response["Access-Control-Expose-Headers"]
    preflight = client.options(
        "/api/v1/parties/",
        headers={"origin": "https://research.example.net", "access-control-request-method": "GET"},
    )
    assert preflight.status_code == 200
    assert preflight["Access-Control-Allow-Origin"] == "*"
    assert preflight["Access-Control-Allow-Methods"] == "GET, HEAD, OPTIONS"
    assert "If-None-Match" in preflight["Access-Control-Allow-Headers"]


def test_writes_are_refused_as_json_without_a_csrf_check(party):
    client = Client(enforce_csrf_checks=True)
    response = client.post("/api/v1/parties/", {"name": "New"})
    assert response.status_code == 405
    assert response.json()["detail"]
    assert response["Cache-Control"] == "no-store"


def test_a_session_changes_nothing_in_the_answer(world, client):
    anonymous = client.get("/api/v1/events/?page_size=100")
    client.force_login(world.people["member"])
    signed_in = client.get("/api/v1/events/?page_size=100")
    assert signed_in.content == anonymous.content
    assert signed_in["ETag"] == anonymous["ETag"]


@pytest.mark.parametrize(
    "path, field",
    [
        ("/api/v1/events/?date_from=2026-13-45", "date_from"),
        ("/api/v1/events/?date_from=yesterday", "date_from"),
        ("/api/v1/events/?date_from=2026-05-02&date_to=2026-05-01", "date_to"),
        ("/api/v1/events/?kind=party", "kind"),
        ("/api/v1/events/?when=always", "when"),
        ("/api/v1/events/?group=no-such-group", "group"),
        ("/api/v1/commitments/?status=finished", "status"),
        ("/api/v1/commitments/?group=99999999999999999999999999", "group"),
        ("/api/v1/commitments/?group=-1", "group"),
        ("/api/v1/commitments/?group=abc", "group"),
        ("/api/v1/commitments/?step=99999999999999999999", "step"),
        ("/api/v1/commitments/?sort=random", "sort"),
        ("/api/v1/commitments/?ordering=secret_field", "ordering"),
        ("/api/v1/commitments/?ordering=review_comment", "ordering"),
        ("/api/v1/parties/?working_group=99999999999999999999999", "working_group"),
        ("/api/v1/parties/?country=XX", "country"),
        ("/api/v1/groups/?joining_policy=bribe", "joining_policy"),
        ("/api/v1/news/?year=1700", "year"),
        ("/api/v1/news/?tag=no-such-tag", "tag"),
    ],
)
def test_bad_filters_are_a_json_400_naming_the_field(world, client, path, field):
    response = client.get(path)
    assert response.status_code == 400, response.content[:300]
    assert field in response.json()
    assert response["Access-Control-Allow-Origin"] == "*"


@pytest.mark.parametrize(
    "path",
    [
        "/api/v1/events/99999999999999999999999999999/",
        "/api/v1/commitments/9223372036854775808/",
        "/api/v1/commitments/9223372036854775807/",
        "/api/v1/parties/0/",
        "/api/v1/groups/-1/",
        "/api/v1/news/1e9/",
        "/api/v1/parties/by-slug/no-such-party/",
        "/api/v1/commitments/by-slug/%E2%98%83/",
        "/api/v1/events/?page=99",
        "/api/v1/events/?page=last-but-one",
        "/api/v1/nothing-here/",
        "/api/v1/events/1/extra/",
    ],
)
def test_unknown_things_are_a_json_404(world, client, path):
    response = client.get(path)
    assert response.status_code == 404, response.content[:300]
    assert response.json()["detail"]


def test_page_size_is_capped(world, client):
    data = client.get("/api/v1/parties/?page_size=100000").json()
    assert len(data["results"]) == data["count"] <= 100


def test_rate_limit_answers_429_with_retry_after(party, client, settings):
    settings.ROUNDTABLE_RATE_LIMITS = {"api_read": "3/m"}
    for _ in range(3):
        assert client.get("/api/v1/parties/").status_code == 200
    refused = client.get("/api/v1/parties/")
    assert refused.status_code == 429
    assert 0 < int(refused["Retry-After"]) <= 60
    assert refused.json()["detail"]
    assert refused["Access-Control-Allow-Origin"] == "*"
    # Counted per address, whoever is signed in: another address still gets through.
    other = Client(REMOTE_ADDR="192.0.2.9")
    assert other.get("/api/v1/parties/").status_code == 200


def test_labels_follow_accept_language_and_times_are_utc(world, client):
    dutch = client.get(
        f"/api/v1/commitments/{world.commitments['public'].pk}/", headers={"accept-language": "nl"}
    )
    assert dutch["Content-Language"] == "nl"
    assert dutch.json()["status_label"] == "In uitvoering"
    assert "Accept-Language" in dutch["Vary"]
    event = client.get(f"/api/v1/events/{world.events['public'].pk}/").json()
    assert event["start"].endswith("Z")


def test_an_api_answer_leaves_the_site_time_zone_for_the_next_request(world, client):
    """The API answers in UTC; the worker thread's next request (a page) is in the site's time zone again."""
    from django.utils import timezone

    assert client.get(f"/api/v1/events/{world.events['public'].pk}/").json()["start"].endswith("Z")
    assert timezone.get_current_timezone_name() == settings.TIME_ZONE


def test_last_modified_is_a_valid_http_date(party, client):
    response = client.get("/api/v1/parties/")
    assert response["Last-Modified"].endswith("GMT")
    assert http_date(0).endswith("GMT")
