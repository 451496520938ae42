"""Sign-up, e-mail verification, password reset, e-mail change, rate limits, the Wagtail admin's sign-in."""

import re

from django.contrib.auth import get_user_model
from django.core import mail
from django.core.cache import cache
from django.urls import reverse

import pytest
from allauth.account.models import EmailAddress

from tests.factories.users import DEFAULT_PASSWORD, UserFactory
from working_groups.models import MemberProfile

NEW_PASSWORD = "a-quite-different-passphrase-42"


@pytest.fixture(autouse=True)
def _fresh_cache():
    cache.clear()
    yield
    cache.clear()


def first_link(body: str) -> str:
    match = re.search(r"https?://testserver(/\S+)", body)
    assert match, body
    return match.group(1)


def sign_in(client, email, password=DEFAULT_PASSWORD):
    return client.post(reverse("account_login"), {"login": email, "password": password})


@pytest.mark.django_db
def test_signup_sends_verification_and_blocks_sign_in_until_confirmed(client):
    response = client.post(
        reverse("account_signup"),
        {
            "email": "Ines.Garcia@example.org",
            "display_name": "Inés García",
            "organisation_name": "Ministry of Foreign Affairs",
            "password1": "a-long-enough-passphrase",
            "password2": "a-long-enough-passphrase",
        },
    )
    assert response.status_code == 302
    assert response.url == reverse("account_email_verification_sent")

    user = get_user_model().objects.get(email="ines.garcia@example.org")
    profile = MemberProfile.objects.get(user=user)
    assert (profile.display_name, profile.organisation_name) == ("Inés García", "Ministry of Foreign Affairs")
    assert "_auth_user_id" not in client.session

    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == ["ines.garcia@example.org"]
    assert message.subject == "[Roundtable] Welcome to Roundtable: confirm your e-mail address"
    assert "confirm that this address is yours" in message.body
    confirm_url = first_link(message.body)

    # Not verified yet: signing in sends another link instead of signing in.
    response = sign_in(client, "ines.garcia@example.org", "a-long-enough-passphrase")
    assert response.status_code == 302
    assert response.url == reverse("account_email_verification_sent")
    assert "_auth_user_id" not in client.session

    response = client.post(confirm_url)
    assert response.status_code == 302
    assert EmailAddress.objects.get(user=user).verified
    assert client.session["_auth_user_id"] == str(user.pk)


@pytest.mark.django_db
def test_signup_asks_for_name_and_organisation(client):
    response = client.post(
        reverse("account_signup"),
        {
            "email": "someone@example.org",
            "password1": "a-long-enough-passphrase",
            "password2": "a-long-enough-passphrase",
        },
    )
    assert response.status_code == 200
    assert response.context["form"].errors.keys() == {"display_name", "organisation_name"}
    assert not get_user_model().objects.filter(email="someone@example.org").exists()
    assert mail.outbox == []


@pytest.mark.django_db
def test_account_emails_are_handed_to_a_task(client, settings):
    """Nobody waits on SMTP: with a queueing backend the request only enqueues the rendered message."""
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.dummy.DummyBackend"}}
    from django_tasks import default_task_backend

    UserFactory(email="queued@example.org")
    client.post(reverse("account_reset_password"), {"email": "queued@example.org"})
    assert mail.outbox == []
    [result] = default_task_backend.results
    assert result.task.name == "send_account_email"
    subject, body, _html, _from, to = result.args
    assert to == ["queued@example.org"]
    assert subject.startswith("[Roundtable] ")
    assert "/accounts/password/reset/key/" in body


@pytest.mark.django_db
def test_password_reset_by_email(client):
    user = UserFactory(email="reset.me@example.org")
    response = client.post(reverse("account_reset_password"), {"email": "reset.me@example.org"})
    assert response.status_code == 302
    assert len(mail.outbox) == 1
    assert mail.outbox[0].subject == "[Roundtable] Choose a new password for Roundtable"

    response = client.get(first_link(mail.outbox[0].body))
    assert response.status_code == 302  # allauth moves the key out of the URL into the session
    form_url = response.url
    response = client.get(form_url)
    assert response.status_code == 200
    assert b'autocomplete="new-password"' in response.content

    response = client.post(form_url, {"password1": NEW_PASSWORD, "password2": NEW_PASSWORD})
    assert response.status_code == 302
    assert response.url == reverse("account_reset_password_from_key_done")
    user.refresh_from_db()
    assert user.check_password(NEW_PASSWORD)
    assert sign_in(client, "reset.me@example.org", NEW_PASSWORD).status_code == 302
    assert client.session["_auth_user_id"] == str(user.pk)


@pytest.mark.django_db
def test_email_change_needs_verification_before_it_takes_over(client):
    user = UserFactory(email="old@example.org")
    sign_in(client, "old@example.org")
    response = client.post(reverse("account_email"), {"action_add": "", "email": "new@example.org"})
    assert response.status_code == 302
    pending = EmailAddress.objects.get(user=user, email="new@example.org")
    assert not pending.verified and not pending.primary
    assert EmailAddress.objects.get(user=user, email="old@example.org").primary
    assert len(mail.outbox) == 1 and mail.outbox[0].to == ["new@example.org"]
    assert mail.outbox[0].subject == "[Roundtable] Confirm your e-mail address for Roundtable"

    page = client.get(reverse("account_email"))
    assert "new@example.org" in page.content.decode()

    client.post(first_link(mail.outbox[0].body))
    addresses = list(EmailAddress.objects.filter(user=user).values_list("email", "verified", "primary"))
    assert addresses == [("new@example.org", True, True)]
    user.refresh_from_db()
    assert user.email == "new@example.org"


@pytest.mark.django_db
def test_repeated_failed_sign_ins_are_refused(client, settings):
    settings.ACCOUNT_RATE_LIMITS = {"login_failed": "3/5m/key"}
    UserFactory(email="target@example.org")
    for _attempt in range(3):
        response = sign_in(client, "target@example.org", "wrong-password")
        assert "not correct" in response.content.decode()
    response = sign_in(client, "target@example.org", DEFAULT_PASSWORD)
    assert response.status_code == 200
    assert "Too many failed login attempts" in response.content.decode()
    assert "_auth_user_id" not in client.session


@pytest.mark.django_db
def test_anonymous_admin_ends_at_the_site_sign_in(client):
    response = client.get("/admin/", follow=True)
    assert response.redirect_chain[-1][0].startswith(reverse("account_login"))
    assert response.status_code == 200
    assert "account/login.html" in [t.name for t in response.templates]


def test_wagtail_admin_login_redirects_keeping_next(client):
    response = client.get("/admin/login/?next=/admin/pages/")
    assert response.status_code == 302
    assert response.url == reverse("account_login") + "?next=/admin/pages/"


@pytest.mark.django_db
def test_wagtail_password_management_is_off(client):
    admin = UserFactory(is_superuser=True, is_staff=True)
    client.force_login(admin)
    assert client.get("/admin/password_reset/").status_code == 404
    account = client.get("/admin/account/")
    assert account.status_code == 200
    assert 'name="password-old_password"' not in account.content.decode()
