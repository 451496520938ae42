"""Every allauth page renders in the site's own layout: header, one h1, site form markup, side navigation."""

import re

from django.core import mail
from django.core.cache import cache
from django.urls import reverse

import pytest
from allauth.account.models import EmailAddress, EmailConfirmationHMAC
from allauth.mfa.recovery_codes.internal.auth import RecoveryCodes
from allauth.mfa.totp.internal.auth import TOTP, generate_totp_secret

from tests.factories.users import DEFAULT_PASSWORD, UserFactory


@pytest.fixture(autouse=True)
def _fresh_cache():
    cache.clear()
    yield
    cache.clear()


def assert_site_layout(response, layout: str) -> str:
    assert response.status_code == 200, response
    html = response.content.decode()
    assert 'class="site-header"' in html
    assert f"account-page--{layout}" in html
    assert len(re.findall(r"<h1[\s>]", html)) == 1
    assert "Menu:" not in html  # allauth's own bare layout
    assert "<title> · " not in html and "<title>\n" not in html
    return html


def signed_in(client, user, reauthenticated=False):
    client.post(reverse("account_login"), {"login": user.email, "password": DEFAULT_PASSWORD})
    if reauthenticated:
        client.post(reverse("account_reauthenticate"), {"password": DEFAULT_PASSWORD})
    return client


@pytest.mark.parametrize(
    "name",
    [
        "account_login",
        "account_signup",
        "account_reset_password",
        "account_reset_password_done",
        "account_reset_password_from_key_done",
        "account_email_verification_sent",
        "account_inactive",
    ],
)
@pytest.mark.django_db
def test_entrance_pages(client, name):
    assert_site_layout(client.get(reverse(name)), "entrance")


@pytest.mark.django_db
def test_login_page_fields_and_links(client):
    html = assert_site_layout(client.get(reverse("account_login")), "entrance")
    assert 'autocomplete="email"' in html
    assert 'autocomplete="current-password"' in html
    assert '<label for="id_login">' in html
    assert f'href="{reverse("account_reset_password")}"' in html
    assert f'href="{reverse("account_signup")}"' in html


@pytest.mark.django_db
def test_signup_page_explains_verification_and_ties_errors_to_fields(client):
    html = assert_site_layout(client.get(reverse("account_signup")), "entrance")
    assert "send a link to your e-mail address" in html
    for token in (
        'autocomplete="email"',
        'autocomplete="name"',
        'autocomplete="organization"',
        'autocomplete="new-password"',
    ):
        assert token in html
    html = client.post(reverse("account_signup"), {"email": "not-an-address"}).content.decode()
    assert 'class="error-summary"' in html
    assert re.search(r'<input[^>]*aria-describedby="[^"]*id_email_error"[^>]*>', html) or re.search(
        r'aria-describedby="id_email_error"', html
    )
    assert 'id="id_email_error"' in html
    assert 'aria-invalid="true"' in html
    assert 'href="#id_display_name"' in html


@pytest.mark.django_db
def test_confirm_email_and_bad_key_pages(client):
    user = UserFactory(verified_email=False)
    address = EmailAddress.objects.get(user=user)
    key = EmailConfirmationHMAC(address).key
    assert_site_layout(client.get(reverse("account_confirm_email", args=[key])), "entrance")
    html = assert_site_layout(client.get(reverse("account_confirm_email", args=["nonsense"])), "entrance")
    assert "has expired or is not valid" in html


@pytest.mark.django_db
def test_password_reset_from_key_pages(client):
    user = UserFactory()
    client.post(reverse("account_reset_password"), {"email": user.email})
    path = re.search(r"https?://testserver(/\S+)", mail.outbox[0].body).group(1)
    response = client.get(path, follow=True)
    assert_site_layout(response, "entrance")
    bad = client.get(
        reverse("account_reset_password_from_key", kwargs={"uidb36": "zz", "key": "bad-key"}), follow=True
    )
    assert_site_layout(bad, "entrance")


@pytest.mark.parametrize(
    "name", ["account_email", "account_change_password", "mfa_index", "mfa_activate_totp", "account_logout"]
)
@pytest.mark.django_db
def test_manage_pages(client, name):
    user = UserFactory()
    signed_in(client, user, reauthenticated=True)
    html = assert_site_layout(client.get(reverse(name)), "manage")
    assert 'class="account-manage__nav"' in html


@pytest.mark.django_db
def test_manage_navigation_marks_the_current_page(client):
    signed_in(client, UserFactory())
    html = client.get(reverse("account_change_password")).content.decode()
    assert f'<a href="{reverse("account_change_password")}" aria-current="page">' in html
    assert html.count('aria-current="page"') == 1


@pytest.mark.django_db
def test_set_password_page_for_accounts_without_one(client):
    user = UserFactory()
    user.set_unusable_password()
    user.save()
    client.force_login(user)
    assert_site_layout(client.get(reverse("account_set_password")), "manage")


@pytest.mark.django_db
def test_reauthenticate_page(client):
    signed_in(client, UserFactory())
    response = client.get(reverse("account_reauthenticate"))
    html = assert_site_layout(response, "entrance")
    assert 'autocomplete="current-password"' in html


@pytest.mark.parametrize(
    "name", ["mfa_deactivate_totp", "mfa_generate_recovery_codes", "mfa_view_recovery_codes"]
)
@pytest.mark.django_db
def test_mfa_manage_pages(client, name):
    user = UserFactory()
    signed_in(client, user, reauthenticated=True)
    TOTP.activate(user, generate_totp_secret())
    RecoveryCodes.activate(user)
    assert_site_layout(client.get(reverse(name)), "manage")


@pytest.mark.django_db
def test_recovery_codes_are_listed_without_inline_scripts(client):
    user = UserFactory()
    signed_in(client, user, reauthenticated=True)
    TOTP.activate(user, generate_totp_secret())
    codes = RecoveryCodes.activate(user).get_unused_codes()
    html = assert_site_layout(client.get(reverse("mfa_view_recovery_codes")), "manage")
    assert all(f"<li><code>{code}</code></li>" in html for code in codes)
    assert "<script" not in html.split('<main id="main"', 1)[1]


@pytest.mark.django_db
def test_recovery_codes_download(client):
    user = UserFactory()
    signed_in(client, user, reauthenticated=True)
    TOTP.activate(user, generate_totp_secret())
    codes = RecoveryCodes.activate(user).get_unused_codes()
    response = client.get(reverse("mfa_download_recovery_codes"))
    assert response.status_code == 200
    assert codes[0] in response.content.decode()


@pytest.mark.django_db
def test_mfa_reauthenticate_page(client):
    user = UserFactory()
    TOTP.activate(user, generate_totp_secret())
    client.force_login(user)
    html = assert_site_layout(client.get(reverse("mfa_reauthenticate")), "entrance")
    assert 'autocomplete="one-time-code"' in html
