"""The demo accounts: one per role, verified, with profiles, and the same after a second run."""

import io

from django.contrib.auth import get_user_model
from django.core.cache import cache
from django.urls import reverse

import pytest
from allauth.account.models import EmailAddress

from cms.demo_context import DemoContext
from working_groups.demo.accounts import (
    DEMO_ADMIN_EMAIL,
    DEMO_CHAIR_EMAIL,
    DEMO_MEMBER_EMAIL,
    DEMO_REGISTERED_EMAIL,
    DEMO_SECRETARIAT_EMAIL,
    seed_accounts,
)
from working_groups.models import MemberProfile

DEMO_EMAILS = [
    DEMO_SECRETARIAT_EMAIL,
    DEMO_ADMIN_EMAIL,
    DEMO_CHAIR_EMAIL,
    DEMO_MEMBER_EMAIL,
    DEMO_REGISTERED_EMAIL,
]


DEMO_PASSWORD = "demo-password-123"


def run_seed(password=DEMO_PASSWORD):
    context = DemoContext(password=password, stdout=io.StringIO(), style=None)
    seed_accounts(context)
    return context


def snapshot():
    users = get_user_model().objects.filter(email__in=DEMO_EMAILS).order_by("email")
    return [
        (
            user.email,
            user.is_superuser,
            sorted(user.groups.values_list("name", flat=True)),
            list(EmailAddress.objects.filter(user=user).values_list("email", "verified", "primary")),
            MemberProfile.objects.filter(user=user)
            .values_list("display_name", "job_title", "organisation_name")
            .get(),
        )
        for user in users
    ]


@pytest.mark.django_db
def test_seed_accounts_is_idempotent_and_complete(client):
    cache.clear()
    context = run_seed()
    first = snapshot()
    assert [email for _role, email, _password in context.accounts] == DEMO_EMAILS
    run_seed()
    assert snapshot() == first
    assert get_user_model().objects.filter(email__in=DEMO_EMAILS).count() == 5

    by_email = {row[0]: row for row in first}
    assert by_email[DEMO_ADMIN_EMAIL][1] is True
    assert by_email[DEMO_SECRETARIAT_EMAIL][2] == ["Secretariat"]
    assert all(row[3] == [(row[0], True, True)] for row in first)
    assert all(row[4][0] and row[4][1] and row[4][2] for row in first)

    response = client.post(reverse("account_login"), {"login": DEMO_MEMBER_EMAIL, "password": DEMO_PASSWORD})
    assert response.status_code == 302
    assert "_auth_user_id" in client.session
