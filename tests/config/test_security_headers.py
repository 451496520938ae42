"""Security headers on real responses: the strict Content-Security-Policy on the site, the admin's own policy,
frame protection, HSTS and cookies as production sends them.

tests.settings are production settings (DEBUG off) served over plain HTTP; `secure=True` makes a request
arrive over HTTPS, as behind the production proxy.
"""

import re
from pathlib import Path

from django.test import override_settings

from wagtail.models import Page
from wagtail.test.utils.form_data import nested_form_data, streamfield
from wagtail.test.utils.wagtail_factories import DocumentFactory

import pytest

from tests.factories.cms import NewsIndexPageFactory, NewsPageFactory, StandardPageFactory, make_home_site
from tests.factories.events import EventPageFactory, make_event_index
from tests.factories.users import DEFAULT_PASSWORD, UserFactory

pytestmark = pytest.mark.django_db

REPO = Path(__file__).resolve().parents[2]
SITE_POLICY = {
    "default-src": ["'self'"],
    "script-src": ["'self'"],
    "style-src": ["'self'"],
    "img-src": ["'self'", "data:"],
    "font-src": ["'self'"],
    "media-src": ["'self'"],
    "frame-src": ["https://www.youtube-nocookie.com", "https://player.vimeo.com"],
    "connect-src": ["'self'", "ws://testserver"],
    "form-action": ["'self'"],
    "frame-ancestors": ["'none'"],
    "base-uri": ["'self'"],
    "object-src": ["'none'"],
}


def policy(response, header: str = "Content-Security-Policy") -> dict[str, list[str]]:
    """The policy header as {directive: [sources]}, each directive present once."""
    directives = [part.split() for part in response[header].split(";") if part.strip()]
    names = [directive[0] for directive in directives]
    assert len(names) == len(set(names)), response[header]
    return {directive[0]: directive[1:] for directive in directives}


@pytest.fixture
def site_paths():
    home = make_home_site()
    news = NewsPageFactory(parent=NewsIndexPageFactory(parent=home), title="Smelter audit results")
    event = EventPageFactory(parent=make_event_index(home))
    return {
        "home": "/",
        "news": news.url,
        "login": "/accounts/login/",
        "signup": "/accounts/signup/",
        "event feed": f"/calendar/events/{event.pk}.ics",
        "site feed": "/calendar/events.ics",
        "missing page": "/no-such-page/",
    }


PUBLIC_PAGES = ["home", "news", "login", "signup", "event feed", "site feed", "missing page"]


@pytest.mark.parametrize("name", PUBLIC_PAGES)
def test_public_responses_carry_the_strict_policy_and_the_other_headers(client, site_paths, name):
    response = client.get(site_paths[name])

    assert response.status_code == (404 if name == "missing page" else 200)
    assert policy(response) == SITE_POLICY
    assert "unsafe" not in response["Content-Security-Policy"]
    assert "nonce" not in response["Content-Security-Policy"]
    assert response["X-Frame-Options"] == "DENY"
    assert response["Referrer-Policy"] == "same-origin"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Cross-Origin-Opener-Policy"] == "same-origin"
    features = dict(item.strip().split("=", 1) for item in response["Permissions-Policy"].split(","))
    for feature in ("camera", "microphone", "geolocation", "payment", "usb", "browsing-topics"):
        assert features[feature] == "()"
    # Plain HTTP never announces HSTS (browsers would ignore it, and a proxy in between might cache it).
    assert "Strict-Transport-Security" not in response


def test_over_https_the_live_rooms_may_open_secure_sockets_and_hsts_is_announced(client, site_paths):
    response = client.get(site_paths["news"], secure=True)

    assert policy(response)["connect-src"] == ["'self'", "wss://testserver"]
    assert response["Strict-Transport-Security"] == "max-age=31536000; includeSubDomains; preload"


def test_a_production_site_on_https_upgrades_stray_plain_http_requests(client, site_paths, settings):
    settings.CONTENT_SECURITY_POLICY = {
        "DIRECTIVES": {**settings.CONTENT_SECURITY_POLICY["DIRECTIVES"], "upgrade-insecure-requests": True}
    }
    assert "upgrade-insecure-requests" in policy(client.get(site_paths["home"], secure=True))


def test_a_host_outside_allowed_hosts_gets_a_policy_without_a_socket_origin(client):
    response = client.get("/", HTTP_HOST="evil.example")

    assert response.status_code == 400
    assert policy(response)["connect-src"] == ["'self'"]


@pytest.fixture
def secretariat_client(client, secretariat_user):
    make_home_site()
    client.force_login(secretariat_user)
    return client


def test_the_admin_has_its_own_less_strict_policy(secretariat_client):
    response = secretariat_client.get("/admin/")

    assert response.status_code == 200
    admin = policy(response)
    # Wagtail's admin still needs inline scripts and styles; only those, and only here, are loosened.
    assert admin["script-src"] == ["'self'", "'unsafe-inline'"]
    assert admin["style-src"] == ["'self'", "'unsafe-inline'"]
    assert admin["img-src"] == ["'self'", "data:", "blob:"]
    assert admin["frame-src"] == ["'self'", *SITE_POLICY["frame-src"]]
    assert admin["frame-ancestors"] == ["'self'"]
    for directive in ("default-src", "connect-src", "form-action", "base-uri", "object-src"):
        assert admin[directive] == SITE_POLICY[directive]
    assert response["X-Frame-Options"] == "DENY"


def test_the_page_preview_may_be_framed_by_the_admin_only(secretariat_client):
    """The editor's preview panel frames this view (here without form state: "preview not available")."""
    page = Page.objects.get(depth=2, slug="test-home")

    response = secretariat_client.get(f"/admin/pages/{page.pk}/edit/preview/", {"in_preview_panel": "true"})

    assert response.status_code == 200
    assert response["X-Frame-Options"] == "SAMEORIGIN"
    assert policy(response)["frame-ancestors"] == ["'self'"]


def test_a_page_preview_gets_the_site_policy_framable_by_the_admin_only(secretariat_client):
    """Wagtail renders the preview through the middleware with a fake request for the page's public URL."""
    about = StandardPageFactory(parent=Page.objects.get(depth=2, slug="test-home"), slug="about")
    preview_url = f"/admin/pages/{about.pk}/edit/preview/"
    form = nested_form_data(
        {"title": "About the covenant", "slug": "about", "intro": "", "body": streamfield([])}
    )
    assert secretariat_client.post(preview_url, form).json()["is_valid"] is True

    response = secretariat_client.get(preview_url, {"in_preview_panel": "true"})

    assert "About the covenant" in response.content.decode()
    assert response["X-Frame-Options"] == "SAMEORIGIN"
    # The fake request asks for the page at its site's host name (`localhost` for the test site).
    expected = {**SITE_POLICY, "frame-ancestors": ["'self'"], "connect-src": ["'self'", "ws://localhost"]}
    assert policy(response) == expected


def test_the_admin_policy_does_not_leak_onto_pages_below_a_similar_path(client):
    make_home_site()
    response = client.get("/administration/")

    assert response.status_code == 404
    assert policy(response) == SITE_POLICY


def test_served_documents_keep_wagtails_own_stricter_policy(client, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    document = DocumentFactory()

    response = client.get(document.url)
    b"".join(response.streaming_content)
    response.close()

    assert response.status_code == 200
    assert response["Content-Security-Policy"] == "default-src 'none'"


def test_production_cookies_are_secure_httponly_and_same_site(client, settings):
    """The production values (tests.settings only turn `Secure` off for the plain-HTTP live server)."""
    settings.SESSION_COOKIE_SECURE = True
    settings.CSRF_COOKIE_SECURE = True
    settings.LANGUAGE_COOKIE_SECURE = True
    make_home_site()
    user = UserFactory()

    login_page = client.get("/accounts/login/", secure=True)
    csrf_cookie = login_page.cookies["csrftoken"]
    response = client.post(
        "/accounts/login/",
        {"login": user.email, "password": DEFAULT_PASSWORD, "csrfmiddlewaretoken": csrf_cookie.value},
        secure=True,
    )
    language = client.post("/i18n/setlang/", {"language": "nl", "next": "/"}, secure=True)

    assert response.status_code == 302
    for cookie in (csrf_cookie, response.cookies["sessionid"], language.cookies["django_language"]):
        assert cookie["secure"] is True, cookie.key
        assert cookie["httponly"] is True, cookie.key
        assert cookie["samesite"] == "Lax", cookie.key


@override_settings(SECURE_SSL_REDIRECT=True)
def test_plain_http_is_sent_to_https_in_production(client):
    response = client.get("/accounts/login/")

    assert response.status_code == 301
    assert response["Location"] == "https://testserver/accounts/login/"


# What the policy forbids, in the markup and scripts of our apps and the site (django-csp cannot see them).
TEMPLATE_DIRS = ["cms", "working_groups", "events", "library", "forums", "insights", "api", "site/templates"]
SCRIPT_DIRS = ["cms", "working_groups", "events", "library", "forums", "insights", "api", "site/static"]
FORBIDDEN_IN_TEMPLATES = {
    "style attribute": re.compile(r"""\sstyle\s*=\s*["'{]""", re.IGNORECASE),
    "<style> element": re.compile(r"<style[\s>]", re.IGNORECASE),
    "inline event handler": re.compile(r"""\son[a-z]+\s*=\s*["'{]""", re.IGNORECASE),
    "javascript: URL": re.compile(r"javascript:", re.IGNORECASE),
    "inline script": re.compile(
        r"<script(?![^>]*\ssrc=)(?![^>]*type=\"application/(?:ld\+)?json\")[^>]*>", re.IGNORECASE
    ),
}
FORBIDDEN_IN_SCRIPTS = {
    "style attribute set from script": re.compile(r"""setAttribute\(\s*["']style|\.style\s*=[^=]|cssText"""),
    "eval": re.compile(r"\beval\s*\(|new\s+Function\s*\(|set(?:Timeout|Interval)\(\s*[\"'`]"),
    "inline event handler set from script": re.compile(r"""setAttribute\(\s*["']on"""),
}


def files_under(directories: list[str], suffix: str) -> list[Path]:
    found = []
    for directory in directories:
        found.extend(p for p in (REPO / directory).rglob(f"*{suffix}") if "migrations" not in p.parts)
    return found


def test_templates_hold_nothing_the_policy_forbids():
    templates = files_under(TEMPLATE_DIRS, ".html")
    assert len(templates) > 50
    offences = [
        f"{path.relative_to(REPO)}: {what}"
        for path in templates
        for what, pattern in FORBIDDEN_IN_TEMPLATES.items()
        if pattern.search(path.read_text())
    ]
    assert not offences, "\n".join(offences)


def test_scripts_neither_evaluate_code_nor_write_style_attributes():
    scripts = files_under(SCRIPT_DIRS, ".js")
    assert len(scripts) >= 3
    offences = [
        f"{path.relative_to(REPO)}: {what}"
        for path in scripts
        for what, pattern in FORBIDDEN_IN_SCRIPTS.items()
        if pattern.search(path.read_text())
    ]
    assert not offences, "\n".join(offences)


def test_the_pattern_scan_catches_what_it_looks_for():
    samples = {
        "style attribute": '<span style="width: 4%">',
        "<style> element": "<style>p{}</style>",
        "inline event handler": '<button onclick="go()">',
        "javascript: URL": '<a href="javascript:void(0)">',
        "inline script": "<script>alert(1)</script>",
    }
    for what, sample in samples.items():
        assert FORBIDDEN_IN_TEMPLATES[what].search(sample), what
    assert not FORBIDDEN_IN_TEMPLATES["inline script"].search('<script src="/static/x.js" defer></script>')
    assert not FORBIDDEN_IN_TEMPLATES["inline script"].search('<script id="d" type="application/json">')
    assert FORBIDDEN_IN_SCRIPTS["style attribute set from script"].search('el.setAttribute("style", "x")')
    assert not FORBIDDEN_IN_SCRIPTS["style attribute set from script"].search("el.style.width === '2px'")
    assert FORBIDDEN_IN_SCRIPTS["eval"].search("eval(code)")
