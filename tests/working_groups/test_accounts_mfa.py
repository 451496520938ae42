"""Two-factor sign-in with an authenticator app and recovery codes."""

from django.core.cache import cache
from django.urls import reverse

import pytest
from allauth.mfa.models import Authenticator
from allauth.mfa.recovery_codes.internal.auth import RecoveryCodes
from allauth.mfa.totp.internal.auth import (
    TOTP,
    format_hotp_value,
    generate_totp_secret,
    hotp_value,
    yield_hotp_counters_from_time,
)

from tests.factories.users import DEFAULT_PASSWORD, UserFactory


@pytest.fixture(autouse=True)
def _fresh_cache():
    # allauth remembers used TOTP codes in the cache; keep tests independent.
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def secret():
    return generate_totp_secret()


@pytest.fixture
def mfa_user(db, secret):
    user = UserFactory(email="two.factor@example.org")
    TOTP.activate(user, secret)
    RecoveryCodes.activate(user)
    return user


def current_code(secret: str) -> str:
    counters = list(yield_hotp_counters_from_time())
    return format_hotp_value(hotp_value(secret, counters[len(counters) // 2]))


def sign_in_with_password(client):
    response = client.post(
        reverse("account_login"), {"login": "two.factor@example.org", "password": DEFAULT_PASSWORD}
    )
    assert response.status_code == 302
    return response


def test_sign_in_requires_the_second_step(client, mfa_user, secret):
    response = sign_in_with_password(client)
    assert response.url == reverse("mfa_authenticate")
    assert "_auth_user_id" not in client.session

    page = client.get(reverse("mfa_authenticate"))
    assert page.status_code == 200
    assert 'autocomplete="one-time-code"' in page.content.decode()
    assert page.content.decode().count("<h1") == 1
    assert "recovery codes" in page.content.decode()

    response = client.post(reverse("mfa_authenticate"), {"code": current_code(secret)})
    assert response.status_code == 302
    assert client.session["_auth_user_id"] == str(mfa_user.pk)


def test_wrong_code_is_refused(client, mfa_user, secret):
    sign_in_with_password(client)
    good = current_code(secret)
    wrong = f"{(int(good) + 1) % 1_000_000:06d}"
    response = client.post(reverse("mfa_authenticate"), {"code": wrong})
    assert response.status_code == 200
    assert "Incorrect code" in response.content.decode()
    assert 'aria-invalid="true"' in response.content.decode()
    assert "_auth_user_id" not in client.session


def test_recovery_code_works_once(client, mfa_user):
    codes = RecoveryCodes(Authenticator.objects.get(user=mfa_user, type=Authenticator.Type.RECOVERY_CODES))
    code = codes.get_unused_codes()[0]

    sign_in_with_password(client)
    response = client.post(reverse("mfa_authenticate"), {"code": code})
    assert response.status_code == 302
    assert client.session["_auth_user_id"] == str(mfa_user.pk)

    client.post(reverse("account_logout"))
    sign_in_with_password(client)
    response = client.post(reverse("mfa_authenticate"), {"code": code})
    assert response.status_code == 200
    assert "_auth_user_id" not in client.session


def test_activating_totp_from_the_settings_pages(client, db):
    user = UserFactory(email="two.factor@example.org")
    sign_in_with_password(client)
    index = client.get(reverse("mfa_index"))
    assert index.status_code == 200
    assert "account-manage__nav" in index.content.decode()

    # Changing two-factor settings asks for the password again first.
    response = client.get(reverse("mfa_activate_totp"))
    assert response.status_code == 302
    assert response.url.startswith(reverse("account_reauthenticate"))
    reauthenticate = client.get(response.url)
    assert reauthenticate.status_code == 200
    assert 'autocomplete="current-password"' in reauthenticate.content.decode()
    response = client.post(response.url, {"password": DEFAULT_PASSWORD})
    assert response.status_code == 302
    assert response.url == reverse("mfa_activate_totp")

    page = client.get(reverse("mfa_activate_totp"))
    assert page.status_code == 200
    assert 'class="account-qr"' in page.content.decode()
    secret = page.context["form"].secret
    response = client.post(reverse("mfa_activate_totp"), {"code": current_code(secret)})
    assert response.status_code == 302
    assert Authenticator.objects.filter(user=user, type=Authenticator.Type.TOTP).exists()
    # allauth hands out recovery codes together with the first authenticator.
    assert Authenticator.objects.filter(user=user, type=Authenticator.Type.RECOVERY_CODES).exists()
