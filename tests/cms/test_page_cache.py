"""The anonymous page cache (cms.page_cache): what it stores, what it never stores or serves, and that every
change a page shows reaches the next anonymous visitor at once while private changes never reach it."""

from django.contrib.messages import constants as message_levels
from django.contrib.messages.storage.cookie import CookieStorage
from django.db import connection
from django.http import HttpResponse
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import path

from wagtail.models import PageViewRestriction

import pytest

from cms import page_cache
from forums.models import Post
from tests.factories.cms import NewsPageFactory, StandardPageFactory
from tests.factories.events import EventPageFactory, make_event_index
from tests.factories.forums import ForumFactory, ThreadFactory, add_posts
from tests.factories.users import UserFactory
from tests.factories.working_groups import make_group, make_group_index
from working_groups.choices import Visibility

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def page_cache_on(settings):
    settings.ROUNDTABLE_PAGE_CACHE_SECONDS = 60


def get(client, url, **extra):
    response = client.get(url, **extra)
    assert response.status_code == 200, (url, response.status_code)
    return response


def cached(response) -> str | None:
    return response.headers.get(page_cache.HEADER)


# --- what is stored and served ------------------------------------------------------------------------


def test_second_anonymous_visit_is_served_from_the_cache_without_queries(client, news_index):
    news = NewsPageFactory(parent=news_index, title="Smelter audit results")
    assert cached(get(client, news.url)) == "miss"
    with CaptureQueriesContext(connection) as queries:
        response = get(client, news.url)
    assert cached(response) == "hit"
    assert "Smelter audit results" in response.content.decode()
    assert len(queries) == 0
    assert "Cookie" in response.headers["Vary"]
    assert not response.cookies


@pytest.mark.parametrize(
    "url_of",
    [
        lambda home, news_index: home.url,
        lambda home, news_index: news_index.url,
        lambda home, news_index: NewsPageFactory(parent=news_index).url,
        lambda home, news_index: make_event_index(home).url,
        lambda home, news_index: EventPageFactory(parent=make_event_index(home)).url,
        lambda home, news_index: "/forums/",
        lambda home, news_index: ThreadFactory().get_absolute_url(),
    ],
    ids=["home", "news index", "news item", "calendar", "event", "forums", "public thread"],
)
def test_public_pages_are_cacheable(client, home, news_index, url_of):
    """Every public page kind an anonymous rush meets can be stored: none carries a form token."""
    url = url_of(home, news_index)
    get(client, url)
    assert cached(get(client, url)) == "hit"


def test_head_is_answered_from_the_stored_get(client, news_index):
    get(client, news_index.url)
    response = client.head(news_index.url)
    assert response.status_code == 200
    assert cached(response) == "hit"


def test_head_alone_stores_nothing(client, news_index):
    client.head(news_index.url)
    assert cached(get(client, news_index.url)) == "miss"


def test_conditional_request_on_a_stored_page_answers_304(client, settings):
    settings.ROOT_URLCONF = __name__
    assert client.get("/probe/etag/").headers["ETag"] == '"v1"'
    response = client.get("/probe/etag/", HTTP_IF_NONE_MATCH='"v1"')
    assert response.status_code == 304 and cached(response) == "hit"
    assert client.get("/probe/etag/", HTTP_IF_NONE_MATCH='"v0"').status_code == 200


def test_language_is_part_of_the_key(client, news_index):
    english = get(client, news_index.url, HTTP_ACCEPT_LANGUAGE="en")
    dutch = get(client, news_index.url, HTTP_ACCEPT_LANGUAGE="nl")
    assert cached(dutch) == "miss"
    assert english.content != dutch.content
    assert 'lang="nl"' in dutch.content.decode()
    assert 'lang="nl"' in get(client, news_index.url, HTTP_ACCEPT_LANGUAGE="nl").content.decode()
    again = get(client, news_index.url, HTTP_ACCEPT_LANGUAGE="en")
    assert cached(again) == "hit" and 'lang="en"' in again.content.decode()
    # The language cookie counts as much as the header.
    client.cookies["django_language"] = "nl"
    by_cookie = get(client, news_index.url, HTTP_ACCEPT_LANGUAGE="en")
    assert cached(by_cookie) == "hit" and 'lang="nl"' in by_cookie.content.decode()


def test_query_strings_are_keyed_separately(client, news_index):
    NewsPageFactory(parent=news_index, title="Tagged item").tags.add("audits")
    get(client, news_index.url)
    filtered = get(client, news_index.url + "?tag=audits")
    assert cached(filtered) == "miss"
    assert cached(get(client, news_index.url + "?tag=audits")) == "hit"
    assert cached(get(client, news_index.url + "?tag=other")) == "miss"


def test_odd_and_huge_query_strings_make_short_keys_or_are_not_stored(client, settings, news_index):
    odd = news_index.url + "?q=%00%FF%E2%80%AE" + "&x=" + "é" * 50
    get(client, odd)
    assert cached(get(client, odd)) == "hit"
    request = Client().get(odd).wsgi_request
    assert len(page_cache.cache_key(request, 1)) < 100
    huge = news_index.url + "?x=" + "a" * (page_cache.setting("ROUNDTABLE_PAGE_CACHE_MAX_QUERY") + 1)
    response = client.get(huge)
    assert response.status_code == 200 and cached(response) is None
    assert cached(client.get(huge)) is None


def test_host_is_part_of_the_key(client, settings, news_index):
    get(client, news_index.url)
    assert cached(get(client, news_index.url, HTTP_HOST="localhost")) == "miss"


def test_switched_off_by_setting(client, settings, news_index):
    settings.ROUNDTABLE_PAGE_CACHE_SECONDS = 0
    get(client, news_index.url)
    assert cached(get(client, news_index.url)) is None


# --- who never gets a stored page -----------------------------------------------------------------------


def test_signed_in_visitor_never_gets_or_stores_a_cached_page(client, news_index):
    user = UserFactory()
    get(client, news_index.url)
    client.force_login(user)
    response = get(client, news_index.url)
    assert cached(response) is None
    assert "Sign out" in response.content.decode() or "csrfmiddlewaretoken" in response.content.decode()
    # And what the member saw was not stored for anyone.
    anonymous = get(Client(), news_index.url)
    assert cached(anonymous) == "hit"
    assert "csrfmiddlewaretoken" not in anonymous.content.decode()


def test_request_with_a_session_cookie_is_never_served_from_the_cache(client, settings, news_index):
    get(client, news_index.url)
    client.cookies[settings.SESSION_COOKIE_NAME] = "anything"
    assert cached(get(client, news_index.url)) is None


def test_messages_are_shown_not_cached_after_signing_out(client, news_index):
    """A visitor told something (the sign-out notice) sees it on a fresh page, and it is stored for no one."""
    user = UserFactory()
    get(client, news_index.url)
    client.force_login(user)
    response = client.post("/accounts/logout/")
    assert response.status_code == 302
    assert "messages" in client.cookies
    after = get(client, news_index.url)
    assert cached(after) is None
    assert "signed out" in after.content.decode().lower()
    later = get(Client(), news_index.url)
    assert cached(later) == "hit" and "signed out" not in later.content.decode().lower()


def test_messages_cookie_alone_bypasses_the_cache(client, rf, news_index):
    get(client, news_index.url)
    request = rf.get("/")
    storage = CookieStorage(request)
    storage.add(message_levels.INFO, "Saved")
    response = HttpResponse()
    storage.update(response)
    client.cookies["messages"] = response.cookies["messages"].value
    assert cached(get(client, news_index.url)) is None


def stored_response_view(setup):
    def view(request):
        response = HttpResponse("<p>page</p>", content_type="text/html; charset=utf-8")
        setup(request, response)
        return response

    return view


def _sets_cookie(request, response):
    response.set_cookie("seen", "1")


def _uses_token(request, response):
    from django.middleware.csrf import get_token

    response.content = f"<form>{get_token(request)}</form>"


def _private(request, response):
    response["Cache-Control"] = "private"


def _no_store(request, response):
    response["Cache-Control"] = "no-store"


def _varies(request, response):
    response["Vary"] = "Accept"


def _json(request, response):
    response["Content-Type"] = "application/json"


def _session(request, response):
    request.session["visited"] = True


def _etag(request, response):
    response["ETag"] = '"v1"'


def _refused(request, response):
    page_cache.refuse(request)


urlpatterns = [
    path(f"probe/{setup.__name__.strip('_')}/", stored_response_view(setup))
    for setup in (_sets_cookie, _uses_token, _private, _no_store, _varies, _json, _session, _refused, _etag)
]
urlpatterns.append(
    path("probe/plain/", stored_response_view(lambda request, response: None)),
)
urlpatterns.append(path("probe/missing/", lambda request: HttpResponse("gone", status=404)))


@pytest.mark.parametrize(
    "name",
    ["sets_cookie", "uses_token", "private", "no_store", "varies", "json", "session", "refused", "missing"],
)
def test_responses_that_are_personal_or_not_public_are_never_stored(client, settings, name):
    settings.ROOT_URLCONF = __name__
    client.get(f"/probe/{name}/")
    assert cached(client.get(f"/probe/{name}/")) is None


def test_probe_page_itself_is_stored(client, settings):
    settings.ROOT_URLCONF = __name__
    client.get("/probe/plain/")
    assert cached(client.get("/probe/plain/")) == "hit"


def test_post_is_never_answered_from_the_cache(client, settings):
    settings.ROOT_URLCONF = __name__
    client.get("/probe/plain/")
    assert cached(client.post("/probe/plain/")) is None


def test_admin_and_accounts_are_never_cached(client, home):
    for url in ("/accounts/login/", "/accounts/signup/"):
        client.get(url)
        assert cached(client.get(url)) is None


# --- changes reach the next visitor at once; private changes never reach the cache ---------------------


def test_publishing_editing_and_unpublishing_show_at_once(client, news_index):
    news = NewsPageFactory(parent=news_index, title="First headline")
    get(client, news_index.url)
    assert cached(get(client, news_index.url)) == "hit"

    second = NewsPageFactory(parent=news_index, title="Second headline", live=False)
    assert "Second headline" not in get(client, news_index.url).content.decode()  # a draft changes nothing
    second.save_revision().publish()
    assert "Second headline" in get(client, news_index.url).content.decode()

    news.title = "Edited headline"
    news.save_revision().publish()
    page = get(client, news_index.url).content.decode()
    assert "Edited headline" in page and "First headline" not in page

    second.refresh_from_db()
    second.unpublish()
    assert "Second headline" not in get(client, news_index.url).content.decode()


def test_menu_change_shows_at_once(client, home):
    from cms.models import MainMenu

    standard = StandardPageFactory(parent=home, title="About the covenant")
    get(client, home.url)
    menu = MainMenu.for_site(home.get_site())
    menu.items.create(title="About us now", link_page=standard)
    menu.save()  # as the admin's snippet editor does
    assert "About us now" in get(client, home.url).content.decode()


def test_view_restriction_added_to_a_stored_page_takes_effect_at_once(client, news_index):
    news = NewsPageFactory(parent=news_index, title="Open for now")
    get(client, news.url)
    assert cached(get(client, news.url)) == "hit"
    PageViewRestriction.objects.create(page=news, restriction_type=PageViewRestriction.LOGIN)
    response = client.get(news.url)
    assert response.status_code == 302 and cached(response) is None
    assert client.get(news.url).status_code == 302


def test_password_restricted_page_is_never_stored(client, news_index):
    news = NewsPageFactory(parent=news_index, title="Behind a password")
    PageViewRestriction.objects.create(
        page=news, restriction_type=PageViewRestriction.PASSWORD, password="s3cret"
    )
    first = client.get(news.url)
    assert "Behind a password" not in first.content.decode().split("<main", 1)[-1]
    assert cached(client.get(news.url)) is None


def test_post_in_a_public_thread_shows_at_once_and_a_private_one_never(client):
    group_index = make_group_index()
    public_thread = ThreadFactory(title="Open thread")
    author = UserFactory()
    add_posts(public_thread, [author], 1, "First public point")
    private_group = make_group(group_index, Visibility.PRIVATE, title="Hidden group")
    private_thread = ThreadFactory(forum=ForumFactory(group=private_group), title="Secret thread")

    get(client, "/forums/")
    get(client, public_thread.get_absolute_url())
    add_posts(public_thread, [author], 1, "Second public point")
    assert "Second public point" in get(client, public_thread.get_absolute_url()).content.decode()

    add_posts(private_thread, [author], 1, "Secret smelter list")
    for url in ("/forums/", public_thread.get_absolute_url()):
        page = get(client, url).content.decode()
        assert "Secret" not in page
    assert client.get(private_thread.get_absolute_url()).status_code == 404
    assert cached(client.get(private_thread.get_absolute_url())) is None


def test_hiding_a_post_with_a_queryset_update_shows_at_once(client, home):
    thread = ThreadFactory(title="Open thread")
    [post] = add_posts(thread, [UserFactory()], 1, "Soon to be hidden")
    get(client, thread.get_absolute_url())
    Post.objects.filter(pk=post.pk).update(body_html="<p>Replaced text</p>")
    page = get(client, thread.get_absolute_url()).content.decode()
    assert "Replaced text" in page and "Soon to be hidden" not in page


def test_private_event_never_reaches_the_anonymous_calendar(client):
    group_index = make_group_index()
    index = make_event_index(group_index.get_parent().specific)
    EventPageFactory(parent=index, title="Public webinar")
    get(client, index.url)
    group = make_group(group_index, Visibility.PRIVATE, title="Hidden group")
    private = EventPageFactory(parent=index, title="Closed-door meeting", group=group)
    page = get(client, index.url).content.decode()
    assert "Public webinar" in page and "Closed-door meeting" not in page
    assert client.get(private.url).status_code == 404


def test_signed_in_member_view_never_leaks_to_anonymous(client):
    """A member reads a private thread (not stored); anonymous visitors asking the same URL get 404."""
    from tests.factories.working_groups import add_member

    group = make_group(make_group_index(), Visibility.PRIVATE, title="Hidden group")
    thread = ThreadFactory(forum=ForumFactory(group=group), title="Secret thread")
    member = UserFactory()
    add_member(group, member)
    client.force_login(member)
    assert get(client, thread.get_absolute_url())
    assert Client().get(thread.get_absolute_url()).status_code == 404


# --- writes that clear it, and writes that do not -----------------------------------------------------------


@pytest.mark.parametrize(
    ("sql", "table"),
    [
        ('INSERT INTO "forums_post" ("a") VALUES (%s)', "forums_post"),
        ('INSERT OR IGNORE INTO "x_y" VALUES (1)', "x_y"),
        ('  update "wagtailcore_page" SET "live" = %s', "wagtailcore_page"),
        ('DELETE FROM "cms_mainmenuitem" WHERE 1', "cms_mainmenuitem"),
        ("WITH x AS (SELECT 1) DELETE FROM t", None),
        ('SELECT "a" FROM "forums_post"', None),
        ("SAVEPOINT s1", None),
    ],
)
def test_written_table(sql, table):
    assert page_cache.written_table(sql) == table


def test_bookkeeping_writes_do_not_clear_the_cache(client, news_index):
    user = UserFactory()
    get(client, news_index.url)
    before = page_cache.generation()
    client.force_login(user)  # a session row and the last_login stamp
    assert page_cache.generation() == before
    user.first_name = "Renamed"
    user.save()  # names show on public pages
    assert page_cache.generation() > before


def test_lost_generation_counter_starts_above_every_earlier_value(client, news_index):
    from django.core.cache import cache

    get(client, news_index.url)
    old = page_cache.generation()
    cache.delete(page_cache.GENERATION_KEY)
    assert page_cache.generation() > old
    assert cached(get(client, news_index.url)) == "miss"


# --- the language form, which is on every page -----------------------------------------------------------


def test_language_form_carries_no_token_and_switches_from_this_site(client, home):
    page = get(client, home.url).content.decode()
    assert "csrfmiddlewaretoken" not in page
    response = client.post("/i18n/switch/", {"language": "nl", "next": "/"}, HTTP_ORIGIN="http://testserver")
    assert response.status_code == 302
    assert client.cookies["django_language"].value == "nl"


@pytest.mark.parametrize(
    "headers",
    [
        {"HTTP_ORIGIN": "https://evil.example"},
        {"HTTP_REFERER": "https://evil.example/page"},
        {"HTTP_ORIGIN": "http://testserver", "HTTP_SEC_FETCH_SITE": "cross-site"},
        {},
    ],
    ids=["other origin", "other referer", "cross-site fetch", "no origin at all"],
)
def test_language_switch_from_another_site_is_refused(headers):
    client = Client(enforce_csrf_checks=True)
    response = client.post("/i18n/switch/", {"language": "nl", "next": "/"}, **headers)
    assert response.status_code == 403
    assert "django_language" not in client.cookies


def test_a_transaction_of_many_writes_waits_for_its_commit_with_one_clear(home):
    """The test runs in a transaction: every write below is of it, and one clear waits for its commit."""
    before = page_cache.generation()
    for _ in range(5):
        add_posts(ThreadFactory(forum=ForumFactory()), [UserFactory()], 3)
    waiting = [
        func for _savepoints, func, _robust in connection.run_on_commit if func is page_cache.page_cache_clear
    ]
    assert len(waiting) == 1
    assert page_cache.generation() > before  # and each write cleared it at once
