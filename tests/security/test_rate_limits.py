"""Rate limits: the counter in cms.ratelimits, allauth's sign-in, sign-up and password-reset limits (429 in
the site's look), and the limits on posting, flagging, registering, inviting and asking to join — each
answering 429 with a clear message and the form as the person filled it in, and changing nothing.

The test settings turn every limit off (ROUNDTABLE_RATE_LIMITS = False, ACCOUNT_RATE_LIMITS = False); these
tests turn them on with override_settings and start from an empty cache.
"""

import re
from datetime import timedelta

from django.core.cache import cache
from django.test import RequestFactory, override_settings
from django.urls import reverse
from django.utils import timezone

import pytest

from cms import ratelimits
from events.models import Registration, RegistrationQuestion
from forums import services as forum_services
from forums.models import Flag, Post, Thread
from forums.services.moderation import flag_create
from tests.factories.events import EventPageFactory, make_event_index
from tests.factories.forums import ForumFactory
from tests.factories.users import DEFAULT_PASSWORD, UserFactory
from tests.factories.working_groups import add_member, make_group, make_group_index
from working_groups import services as group_services
from working_groups.choices import JoiningPolicy, Role, Visibility
from working_groups.models import Invitation, JoinRequest

pytestmark = pytest.mark.django_db

MOTIVATION = "Our union represents smelter workers and wants to help shape the audit protocol."


@pytest.fixture(autouse=True)
def empty_cache():
    cache.clear()
    yield
    cache.clear()


def limits(**scopes):
    return override_settings(ROUNDTABLE_RATE_LIMITS=scopes)


def seasoned_user(**fields):
    """A user past the forums' new-account limit, so only cms.ratelimits counts."""
    return UserFactory(date_joined=timezone.now() - timedelta(days=30), **fields)


# --- the counter ---


def test_rates_parse_and_merge_over_the_defaults():
    assert ratelimits.Rate.parse("5/10m") == ratelimits.Rate(5, 600)
    assert ratelimits.Rate.parse("200/d") == ratelimits.Rate(200, 86400)
    with limits(forum_post="2/m,9/h"):
        assert ratelimits.rates("forum_post") == [ratelimits.Rate(2, 60), ratelimits.Rate(9, 3600)]
        assert ratelimits.rates("forum_flag") == [ratelimits.Rate(10, 3600)]
    with limits(forum_post=""):
        assert ratelimits.rates("forum_post") == []
    with override_settings(ROUNDTABLE_RATE_LIMITS=False):
        assert ratelimits.rates("forum_post") == []


def test_a_bad_rate_is_a_configuration_error():
    from django.core.exceptions import ImproperlyConfigured

    with limits(forum_post="ten a minute"), pytest.raises(ImproperlyConfigured):
        ratelimits.hit("forum_post", user=seasoned_user())


def test_each_person_has_their_own_count_and_a_new_window_starts_afresh(monkeypatch):
    first, second = seasoned_user(), seasoned_user()
    clock = [1_000_040.0]  # 20 s into a minute window (1_000_020 is a multiple of 60)
    monkeypatch.setattr(ratelimits.time, "time", lambda: clock[0])
    with limits(forum_post="2/m"):
        ratelimits.hit("forum_post", user=first)
        ratelimits.hit("forum_post", user=first)
        with pytest.raises(ratelimits.RateLimitExceeded) as refused:
            ratelimits.hit("forum_post", user=first)
        ratelimits.hit("forum_post", user=second)  # someone else is not held up
        clock[0] += 60
        ratelimits.hit("forum_post", user=first)
    assert refused.value.retry_after == 40
    assert "40 seconds" in refused.value.message


def test_anonymous_visitors_are_counted_by_address_and_trusted_proxies_are_honoured():
    factory = RequestFactory()
    from django.contrib.auth.models import AnonymousUser

    def request(address, forwarded=""):
        made = factory.post("/", REMOTE_ADDR=address, HTTP_X_FORWARDED_FOR=forwarded)
        made.user = AnonymousUser()
        return made

    with limits(forum_flag="1/h"):
        ratelimits.hit("forum_flag", request=request("192.0.2.1"))
        with pytest.raises(ratelimits.RateLimitExceeded) as refused:
            ratelimits.hit("forum_flag", request=request("192.0.2.1"))
        ratelimits.hit("forum_flag", request=request("192.0.2.2"))
        # Without a trusted proxy the header is ignored: a client cannot pick a fresh address per request.
        with pytest.raises(ratelimits.RateLimitExceeded):
            ratelimits.hit("forum_flag", request=request("192.0.2.2", forwarded="203.0.113.9"))
        with override_settings(ALLAUTH_TRUSTED_PROXY_COUNT=1):
            ratelimits.hit("forum_flag", request=request("127.0.0.1", forwarded="203.0.113.9"))
            with pytest.raises(ratelimits.RateLimitExceeded):  # the same visitor, through the proxy again
                ratelimits.hit("forum_flag", request=request("127.0.0.1", forwarded="203.0.113.9"))
    # The window is fixed to the clock: near its end the wait is told in seconds, else in minutes.
    assert re.search(r"wait \d+ (minutes|seconds)", refused.value.message)


def test_limits_can_be_suspended_for_the_operators_bulk_work():
    person = seasoned_user()
    with limits(forum_post="1/h"), ratelimits.suspended():
        for _attempt in range(5):
            ratelimits.hit("forum_post", user=person)


# --- allauth: sign-in, sign-up, password reset ---


def test_sign_in_limit_answers_429_in_the_sites_look(client):
    with override_settings(ACCOUNT_RATE_LIMITS={"login": "2/m/ip"}):
        for _attempt in range(2):
            response = client.post(reverse("account_login"), {"login": "x@example.org", "password": "wrong"})
            assert response.status_code == 200
        response = client.post(reverse("account_login"), {"login": "x@example.org", "password": "wrong"})
    html = response.content.decode()
    assert response.status_code == 429
    assert "<h1>Too many attempts</h1>" in html
    assert 'class="skip-link"' in html and "site.css" in html  # base.html, not allauth's bare fallback


def test_the_429_page_speaks_the_visitors_language(client):
    with override_settings(ACCOUNT_RATE_LIMITS={"login": "1/m/ip"}):
        client.post(reverse("account_login"), {"login": "x@example.org", "password": "wrong"})
        response = client.post(
            reverse("account_login"),
            {"login": "x@example.org", "password": "wrong"},
            HTTP_ACCEPT_LANGUAGE="nl",
        )
    html = response.content.decode()
    assert response.status_code == 429
    assert '<html lang="nl">' in html and "Direct naar de hoofdinhoud" in html and "Naar de homepage" in html


def test_failed_sign_ins_are_limited_per_address_with_the_form_kept(client):
    person = UserFactory(email="amina@example.org")
    with override_settings(ACCOUNT_RATE_LIMITS={"login_failed": "2/5m/key"}):
        for _attempt in range(2):
            client.post(reverse("account_login"), {"login": person.email, "password": "wrong"})
        response = client.post(
            reverse("account_login"), {"login": person.email, "password": DEFAULT_PASSWORD}
        )
    html = response.content.decode()
    assert response.status_code == 200
    assert "Too many failed login attempts" in html
    assert 'value="amina@example.org"' in html
    assert "_auth_user_id" not in client.session


def test_sign_up_limit_answers_429(client):
    def sign_up(number):
        return client.post(
            reverse("account_signup"),
            {"email": f"new{number}@example.org", "password1": "a-long-passphrase-1", "password2": "x"},
        )

    with override_settings(ACCOUNT_RATE_LIMITS={"signup": "2/h/ip"}):
        assert [sign_up(number).status_code for number in range(3)] == [200, 200, 429]


def test_password_reset_limit_answers_429(client, mailoutbox):
    person = UserFactory()
    with override_settings(ACCOUNT_RATE_LIMITS={"reset_password": "1/h/ip"}):
        first = client.post(reverse("account_reset_password"), {"email": person.email})
        second = client.post(reverse("account_reset_password"), {"email": person.email})
    assert first.status_code == 302 and second.status_code == 429
    assert len(mailoutbox) == 1
    assert "Too many attempts" in second.content.decode()


# --- forums: posts, threads, flags ---


@pytest.fixture
def forum_world():
    group = make_group(make_group_index(), Visibility.OPEN, title="Open tin roundtable")
    chair, member = seasoned_user(), seasoned_user()
    add_member(group, chair, Role.CHAIR)
    add_member(group, member)
    forum = ForumFactory(title="Smelters", group=group)
    with ratelimits.suspended():
        thread = forum_services.thread_create(
            author=chair, forum=forum, title="Smelter audits", body_markdown="How do we share results?"
        )
    return forum, thread, chair, member


def test_replies_over_the_limit_answer_429_and_keep_the_text(client, forum_world):
    _forum, thread, _chair, member = forum_world
    client.force_login(member)
    url = reverse("forums:reply", args=[thread.pk])
    with limits(forum_post="2/m"):
        for number in range(2):
            sent = client.post(url, {"body": f"Point {number}", "client_id": f"c{number}"})
            assert sent.status_code == 302
        refused = client.post(url, {"body": "My third point about **audits**", "client_id": "c2"})
        # A retry of a post that was stored is not a new attempt: it answers with the stored post.
        retried = client.post(url, {"body": "Point 1", "client_id": "c1"})
    html = refused.content.decode()
    assert refused.status_code == 429 and int(refused["Retry-After"]) > 0
    assert "You are doing this too often" in html
    assert "My third point about **audits**</textarea>" in html
    assert retried.status_code == 302
    assert Post.objects.filter(thread=thread, author=member).count() == 2


def test_new_threads_over_the_limit_answer_429_and_keep_title_and_text(client, forum_world):
    forum, _thread, _chair, member = forum_world
    client.force_login(member)
    url = reverse("forums:thread_create", args=[forum.slug])
    with limits(forum_thread="1/10m"):
        first = client.post(url, {"title": "Cobalt traceability", "body": "Where do we start?"})
        second = client.post(url, {"title": "Grievance channels", "body": "A question on remedies"})
    html = second.content.decode()
    assert first.status_code == 302 and second.status_code == 429
    assert 'value="Grievance channels"' in html and "A question on remedies</textarea>" in html
    assert not Thread.objects.filter(title="Grievance channels").exists()


def test_the_post_limit_holds_for_every_entry_point_including_services(forum_world):
    """Live-room messages go through forums.services.post_create too, so they meet the same limit; the
    consumer turns RateLimited into a "rate_limited" error frame (tests/forums/live/test_consumers.py covers
    the per-frame WebSocket limit)."""
    _forum, thread, _chair, member = forum_world
    with limits(forum_post="1/m"):
        forum_services.post_create(author=member, thread=thread, body_markdown="One")
        with pytest.raises(forum_services.RateLimited) as refused:
            forum_services.post_create(author=member, thread=thread, body_markdown="Two")
    assert refused.value.retry_after > 0


def test_flags_over_the_limit_answer_429_and_keep_the_details(client, forum_world):
    _forum, thread, chair, member = forum_world
    with ratelimits.suspended():
        posts = [
            forum_services.post_create(author=chair, thread=thread, body_markdown=f"Claim {number}")
            for number in range(2)
        ]
    with limits(forum_flag="1/h"):
        flag_create(reporter=member, post=posts[0], reason="spam")
        client.force_login(member)
        response = client.post(
            reverse("forums:post_flag", args=[posts[1].pk]),
            {"reason": "other", "details": "Looks like an advert for a consultancy"},
        )
    html = response.content.decode()
    assert response.status_code == 429
    assert "Looks like an advert for a consultancy" in html
    assert Flag.objects.filter(reporter=member).count() == 1


# --- events: registration ---


def test_registrations_over_the_limit_answer_429_with_the_answers_kept(client):
    index = make_event_index()
    events = [
        EventPageFactory(parent=index, title=f"Webinar {number}", registration_open=True)
        for number in range(2)
    ]
    question = RegistrationQuestion.objects.create(page=events[1], label="Which party do you represent?")
    person = UserFactory()
    client.force_login(person)
    with limits(event_registration="1/m"):
        first = client.post(reverse("events:register", args=[events[0].pk]))
        second = client.post(
            reverse("events:register", args=[events[1].pk]), {f"question_{question.pk}": "Fair Metals Watch"}
        )
    html = second.content.decode()
    assert first.status_code == 302 and second.status_code == 429
    assert "You are doing this too often" in html and "Fair Metals Watch" in html
    assert list(Registration.objects.filter(user=person).values_list("event_id", flat=True)) == [events[0].pk]


# --- working groups: invitations and join requests ---


def test_invitations_over_the_limit_answer_429_with_the_form_kept(client, mailoutbox):
    group = make_group(make_group_index(), Visibility.CLOSED, title="Living wages in mining")
    chair = add_member(group, role=Role.CHAIR).user
    client.force_login(chair)
    url = group.url + "manage/invitations/"
    with limits(group_invitation="1/h"):
        first = client.post(url, {"email": "one@example.org", "role": Role.MEMBER})
        second = client.post(url, {"email": "two@example.org", "role": Role.OBSERVER, "message": "Welcome"})
    html = second.content.decode()
    assert first.status_code == 302 and second.status_code == 429
    assert "You are doing this too often" in html and 'value="two@example.org"' in html
    assert list(Invitation.objects.values_list("email", flat=True)) == ["one@example.org"]


def test_join_requests_over_the_limit_answer_429_with_the_motivation_kept(client):
    index = make_group_index()
    groups = [
        make_group(index, Visibility.CLOSED, title=f"Circle {number}", joining_policy=JoiningPolicy.REQUEST)
        for number in range(2)
    ]
    person = UserFactory()
    with limits(group_join_request="1/h"):
        group_services.join_request_create(user=person, group=groups[0], motivation=MOTIVATION)
        client.force_login(person)
        response = client.post(groups[1].url + "request/", {"motivation": MOTIVATION})
    html = response.content.decode()
    assert response.status_code == 429 and int(response["Retry-After"]) > 0
    assert "You are doing this too often" in html and MOTIVATION in html
    assert JoinRequest.objects.filter(user=person).count() == 1
