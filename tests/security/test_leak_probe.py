"""The leak probe: crawl the whole demo site as people who must not know its secrets, and find none.

The demo (`seed_demo`, plus one attachment in the private group's forum) is built once for the module inside
a transaction that is rolled back at the end. Three personas crawl it with the test client: anonymous, a
signed-in person who belongs to no group, and a member of another group (the closed group that holds the
demo's Chatham House thread). Each starts from the home page and follows every same-site link, and is also
sent straight to every object's address (pages, feeds, exports, documents, attachments, live rooms, search
with the secrets as queries). No response body may contain a secret of that persona (tests/security/
leak_secrets.py says what they are). The live sockets are probed in test_leak_probe_sockets.py, on a
committed copy of the demo.
"""

from __future__ import annotations

import io
import time
from urllib.parse import urlencode

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.files.base import ContentFile
from django.core.management import call_command
from django.db import transaction
from django.test import Client, override_settings

from wagtail.documents import get_document_model
from wagtail.models import Page

import pytest

from commitments.models import Commitment, CommitmentRegisterPage
from events.choices import EventAudience
from events.models import EventPage
from forums.models import Attachment, Forum, Post, Thread
from library.models import LibraryPage, Resource
from tests.security.leak_crawl import Crawl
from tests.security.leak_secrets import (
    CHATHAM_NAME,
    CLOSED_GROUP,
    COMMITMENT,
    JOIN_LINK,
    LIBRARY,
    MEMBERS_EVENT,
    PRIVATE_GROUP,
    collect,
)
from working_groups.choices import Visibility
from working_groups.models import WorkingGroupPage

#: (label, e-mail of the demo account or None): see working_groups/demo/groups.py for their memberships.
PERSONAS = (
    ("anonymous", None),
    ("non-member", "registered@example.org"),
    ("member of another group", "m.rossi@example.org"),
)
pytestmark = pytest.mark.django_db

MIN_PAGES = 100
ATTACHMENT_NAME = "tender-evaluation-grid-westerhaven.txt"
ATTACHMENT_TEXT = b"Evaluation grid of the running Westerhaven laptop tender, confidential to the group."
MAX_SEARCHES = 25


@pytest.fixture(scope="module")
def demo_site(django_db_setup, django_db_blocker, tmp_path_factory):
    """The demo site, seeded once for this module and rolled back after it."""
    media = tmp_path_factory.mktemp("leak-media")
    overrides = override_settings(
        MEDIA_ROOT=str(media), ROUNDTABLE_FORUMS_ATTACHMENT_ROOT=str(media / "attachments")
    )
    overrides.enable()
    with django_db_blocker.unblock():
        atomic = transaction.atomic()
        atomic.__enter__()
        try:
            cpu = time.process_time()
            call_command("seed_demo", stdout=io.StringIO())
            print(f"seed_demo: {time.process_time() - cpu:.1f} s CPU")
            _private_attachment()
        except BaseException:
            transaction.set_rollback(True)
            atomic.__exit__(None, None, None)
            overrides.disable()
            raise
    yield
    with django_db_blocker.unblock():
        transaction.set_rollback(True)
        atomic.__exit__(None, None, None)
    overrides.disable()
    from django.core.cache import caches

    for cache in caches.all():
        cache.clear()


def _private_attachment() -> None:
    """The demo has no attachments: give the private group's first post one, to try its address directly."""
    post = Post.objects.filter(thread__forum__group__visibility=Visibility.PRIVATE).order_by("pk").first()
    item = Attachment(
        post=post, filename=ATTACHMENT_NAME, size=len(ATTACHMENT_TEXT), content_type="text/plain"
    )
    item.file.save(ATTACHMENT_NAME, ContentFile(ATTACHMENT_TEXT), save=False)
    item.save()


def _user(email):
    return get_user_model().objects.get(email=email) if email else None


def direct_addresses() -> list[str]:
    """Every object's address, visible to the persona or not: the crawl must not depend on links."""
    urls = ["/", "/sitemap.xml", "/search/", "/forums/", "/forums/threads/", "/forums/search/"]
    urls += ["/calendar/events.ics", "/calendar/mine/", "/my-events/", "/parties/", "/commitments/mine/"]
    urls += ["/forums/notifications/", "/forums/moderation/flags/", "/commitments/review/"]
    urls += [page.url for page in Page.objects.live().specific() if page.url]
    for group in WorkingGroupPage.objects.all():
        urls.append(f"/calendar/groups/{group.slug}.ics")
    for event in EventPage.objects.all():
        urls.append(f"/calendar/events/{event.pk}.ics")
        if event.audience != EventAudience.PUBLIC or event.join_url or event.is_session:
            urls.append(f"/calendar/events/{event.pk}/download.ics")
        if event.group_id:
            urls += [f"/events/{event.pk}/attendees/", f"/events/{event.pk}/attendees.csv"]
    for forum in Forum.objects.all():
        urls += [f"/forums/f/{forum.slug}/", f"/forums/f/{forum.slug}/log/", f"/forums/f/{forum.slug}/new/"]
    for thread in Thread.objects.all():
        urls += [f"/forums/t/{thread.pk}/", f"/forums/t/{thread.pk}/mentions/?q=a"]
        urls += [f"/forums/live/{thread.pk}/", f"/forums/t/{thread.pk}/reply/"]
        urls += [f"/forums/live/{thread.pk}/export/{fmt}/" for fmt in ("csv", "markdown")]
        first = thread.posts.order_by("sequence").values_list("pk", flat=True).first()
        urls += [f"/forums/p/{first}/history/", f"/forums/p/{first}/edit/"]
    urls += [f"/forums/p/{pk}/" for pk in Post.objects.values_list("pk", flat=True)]
    urls += [item.get_absolute_url() for item in Attachment.objects.all()]
    for document in get_document_model().objects.all():
        urls += [document.url, *media_addresses(document)]
    register = CommitmentRegisterPage.objects.live().first()
    if register is not None:
        base = register.url
        urls += [f"{base}export/csv/", f"{base}export/json/"]
        urls += [register.commitment_url(commitment, base=base) for commitment in Commitment.objects.all()]
        urls += [f"/commitments/{pk}/edit/" for pk in Commitment.objects.values_list("pk", flat=True)]
    library = LibraryPage.objects.live().first()
    for resource in Resource.objects.all():
        if library is not None:
            urls.append(library.resource_url_for(resource.pk, resource.title))
        if resource.file:
            urls.append(f"/library-files/{resource.pk}/{resource.file_name}")
    return urls


def media_addresses(document) -> list[str]:
    """Every way a web server's /media/ alias could be asked for a document's file."""
    name = document.file.name
    base = name.rsplit("/", 1)[-1]
    media = settings.MEDIA_URL
    return [
        f"{media}{name}",
        f"{media}documents/{base}",
        f"{media}./{name}",
        f"{media}/{name}",
        f"{media}{name.replace('/', '%2F')}",
        f"{media}{name.upper()}",
        f"/documents/{document.pk}/{base}.txt",
        f"/documents/{document.pk}/",
    ]


def search_addresses(secrets, chatham_texts: list[str]) -> list[str]:
    """Site and forum search with the secrets themselves as the queries."""
    queries = []
    for _kind, text in secrets.samples:
        words = " ".join(text.replace("*", "").split()[:5])
        if len(words) >= 8 and words not in queries:
            queries.append(words)
    queries = queries[:MAX_SEARCHES] + chatham_texts
    urls = []
    for query in queries:
        encoded = urlencode({"q": query})
        urls += [f"/search/?{encoded}", f"/forums/search/?{encoded}"]
    return urls


def chatham_scope() -> tuple[dict[int, tuple[str, ...]], dict[int, str], list[str]]:
    """Per Chatham House thread: the paths that speak about it, its normalised title; and search queries
    made of its posts' first words."""
    paths, titles, queries = {}, {}, []
    for thread in Thread.objects.filter(chatham_house=True):
        texts = [" ".join(body.split()[:5]) for body in thread.posts.values_list("body_markdown", flat=True)]
        searches = [
            f"/{where}search/?{urlencode({'q': text})}" for text in texts for where in ("", "forums/")
        ]
        post_paths = tuple(f"/forums/p/{pk}/" for pk in thread.posts.values_list("pk", flat=True))
        paths[thread.pk] = (
            f"/forums/t/{thread.pk}/",
            f"/forums/live/{thread.pk}/",
            f"ws:/ws/forums/threads/{thread.pk}/",
            *post_paths,
            *searches,
        )
        titles[thread.pk] = " ".join(thread.title.lower().split())
        queries += texts
    return paths, titles, queries


@pytest.fixture(scope="module")
def crawls(demo_site, django_db_blocker):
    """Each persona's finished crawl (the crawl runs once; the tests below read its results)."""
    results = {}
    with django_db_blocker.unblock():
        sid = transaction.savepoint()
        chatham_paths, chatham_titles, chatham_queries = chatham_scope()
        start = direct_addresses()
        for persona, email in PERSONAS:
            user = _user(email)
            client = Client(raise_request_exception=False)
            if user is not None:
                client.force_login(user)
            secrets = collect(persona, user)
            crawl = Crawl(persona, client, secrets, chatham_paths, chatham_titles)
            began, cpu = time.monotonic(), time.process_time()
            crawl.run(start + search_addresses(secrets, chatham_queries))
            print(
                f"{persona}: {len(crawl.statuses)} addresses in {time.monotonic() - began:.1f} s "
                f"({time.process_time() - cpu:.1f} s CPU)"
            )
            results[persona] = crawl
        transaction.savepoint_rollback(sid)
    return results


def _leak_report(leaks) -> str:
    return "\n".join(str(leak) for leak in leaks[:60]) + (
        f"\n… {len(leaks) - 60} more" if len(leaks) > 60 else ""
    )


@pytest.mark.parametrize("persona", [label for label, _email in PERSONAS])
def test_no_response_holds_a_secret_of_the_persona(crawls, persona):
    crawl = crawls[persona]
    print(f"{persona}: {len(crawl.statuses)} addresses, {len(crawl.secrets.texts)} secrets")
    assert not crawl.leaks, f"{len(crawl.leaks)} leaks:\n{_leak_report(crawl.leaks)}"
    assert not crawl.errors, "\n".join(crawl.errors)


@pytest.mark.parametrize("persona", [label for label, _email in PERSONAS])
def test_the_probe_has_secrets_of_every_kind_and_covers_the_site(crawls, persona):
    crawl = crawls[persona]
    kinds = crawl.secrets.kinds()
    assert {PRIVATE_GROUP, CLOSED_GROUP, JOIN_LINK, MEMBERS_EVENT, COMMITMENT, LIBRARY} <= kinds, kinds
    if persona == "member of another group":
        assert CHATHAM_NAME in kinds, (
            "the persona reads the Chatham House thread, and its speakers are hidden"
        )
    ok = [url for url, status in crawl.statuses.items() if status == 200]
    assert len(ok) > MIN_PAGES, f"only {len(ok)} pages answered 200"
    register = CommitmentRegisterPage.objects.live().get().url
    for required in (
        "/sitemap.xml",
        "/calendar/events.ics",
        f"{register}export/csv/",
        f"{register}export/json/",
    ):
        assert crawl.statuses.get(required) == 200, required
    markers = ["/feed/rss/", "/feed/atom/", "/forums/t/", "/documents/", "/calendar/groups/"]
    markers += ["/library/", "/library-files/"]
    if persona != "anonymous":  # live rooms and personal calendars are for people who are signed in
        markers += ["/forums/live/", "/calendar/personal/"]
    for marker in markers:
        assert any(marker in url for url in ok), f"no {marker} address answered 200"
    assert 429 not in crawl.statuses.values()


def test_private_group_addresses_answer_not_found_and_withhold_the_bytes(crawls):
    private = WorkingGroupPage.objects.get(visibility=Visibility.PRIVATE)
    attachment = Attachment.objects.get(filename=ATTACHMENT_NAME)
    documents = [item.document.url for item in private.documents.select_related("document")]
    assert documents
    for persona, crawl in crawls.items():
        for url in [
            private.url,
            attachment.get_absolute_url(),
            f"/calendar/groups/{private.slug}.ics",
            *documents,
        ]:
            assert crawl.statuses.get(url) in (403, 404), (persona, url, crawl.statuses.get(url))


def test_calendar_feed_keys_cannot_be_guessed(demo_site, client):
    """A personal feed is addressed by its secret key alone: a near miss of a member's key is unknown."""
    from events.models import CalendarFeedKey

    member = _user("member@example.org")
    key = CalendarFeedKey.objects.get_or_create(user=member)[0].key
    assert client.get(f"/calendar/personal/{key}.ics").status_code == 200
    for wrong in (key[:-1] + ("a" if key[-1] != "a" else "b"), key.upper(), key[:-4], "0" * len(key)):
        assert client.get(f"/calendar/personal/{wrong}.ics").status_code == 404, wrong


def test_the_probe_sees_a_leak_when_there_is_one(demo_site):
    """The control: people who may see the secrets do receive them, so the checks above can fail."""
    chatham_paths, chatham_titles, _queries = chatham_scope()
    private = WorkingGroupPage.objects.get(visibility=Visibility.PRIVATE)
    chatham = Thread.objects.get(chatham_house=True)
    cases = (
        ("member@example.org", "non-member", "registered@example.org", private.url, PRIVATE_GROUP),
        (
            "chair@example.org",
            "member of another group",
            "m.rossi@example.org",
            chatham.get_absolute_url(),
            CHATHAM_NAME,
        ),
    )
    for insider, persona, email, url, kind in cases:
        client = Client()
        client.force_login(_user(insider))
        crawl = Crawl(persona, client, collect(persona, _user(email)), chatham_paths, chatham_titles)
        crawl.visit(url)
        assert crawl.statuses[url] == 200
        assert kind in {leak.kind for leak in crawl.leaks}, (url, crawl.leaks)


DOCUMENT_PERSONAS = (
    ("anonymous", None),
    ("outsider", "registered@example.org"),
    ("member", "member@example.org"),
    ("secretariat", "secretariat@example.org"),
)


def _may_read_document(user, document) -> bool:
    """The access policy's answer for a document, by what it belongs to: every owner must be visible."""
    from django.contrib.auth.models import AnonymousUser

    from commitments.models import ProgressUpdate
    from events.models import EventDocument
    from working_groups import access
    from working_groups.models import WorkingGroupDocument

    user = user or AnonymousUser()
    groups = [item.group for item in WorkingGroupDocument.objects.filter(document=document)]
    if groups and not any(access.can_read_group_content(user, group) for group in groups):
        return False
    plans = Commitment.objects.filter(plan_document=document)
    evidence = ProgressUpdate.objects.filter(evidence_document=document)
    if (plans.exists() or evidence.exists()) and not (
        plans.visible_to(user).exists() or evidence.visible_to(user).exists()
    ):
        return False
    events = EventDocument.objects.filter(document=document).values("page_id")
    return not events.exists() or EventPage.objects.visible_to(user).filter(pk__in=events).exists()


def test_no_document_file_lies_under_media_root(demo_site):
    """A web server's /media/ alias serves all of MEDIA_ROOT: no document may be stored there."""
    from pathlib import Path

    media_root = Path(settings.MEDIA_ROOT).resolve()
    documents = list(get_document_model().objects.all())
    assert len(documents) >= 5
    for document in documents:
        path = Path(document.file.path).resolve()
        assert path.is_file(), path
        assert not path.is_relative_to(media_root), (document.title, path)
    contents = {Path(document.file.path).read_bytes() for document in documents}
    for stored in media_root.rglob("*"):
        if stored.is_file():
            assert stored.read_bytes() not in contents, stored


@pytest.mark.parametrize(("persona", "email"), DOCUMENT_PERSONAS)
def test_every_document_by_every_address_follows_the_access_policy(demo_site, persona, email):
    """Each persona asks for every document of the demo by every URL form: the serve view answers as the
    access policy says, and no /media/ form of a document's name ever answers with its bytes."""
    user = _user(email)
    client = Client()
    if user is not None:
        client.force_login(user)
    served, refused = 0, 0
    for document in get_document_model().objects.all():
        with document.file.open("rb") as handle:
            content = handle.read()
        for url in media_addresses(document):
            response = client.get(url)
            body = b"".join(response.streaming_content) if response.streaming else response.content
            assert response.status_code == 404, (persona, url, response.status_code)
            assert content not in body, (persona, url)
        response = client.get(document.url)
        expected = 200 if _may_read_document(user, document) else 404
        assert response.status_code == expected, (persona, document.title, response.status_code)
        body = b"".join(response.streaming_content) if response.streaming else response.content
        if expected == 200:
            assert body == content
            served += 1
        else:
            assert content not in body
            refused += 1
    if persona == "secretariat":
        assert refused == 0
    else:
        assert refused > 0, "the demo holds documents this persona may not read"
    if persona == "member":
        assert served > _served_to_outsider(), "the member reads group documents an outsider may not"


def _served_to_outsider() -> int:
    outsider = _user("registered@example.org")
    return sum(_may_read_document(outsider, document) for document in get_document_model().objects.all())


def test_public_images_are_served_without_debug(demo_site, client):
    """With DEBUG off the site still serves its public uploads (images), from MEDIA_ROOT only."""
    from wagtail.images import get_image_model

    image = get_image_model().objects.order_by("pk").first()
    assert image is not None
    response = client.get(image.file.url)
    assert response.status_code == 200
    with image.file.open("rb") as handle:
        assert b"".join(response.streaming_content) == handle.read()
