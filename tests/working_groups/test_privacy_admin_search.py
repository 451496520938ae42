"""The secretariat finds the account to delete by name or part of the e-mail address, opens it by its number,
and reaches the same page from Settings → Users; nobody else can, and the list never shows a gender answer."""

from urllib.parse import quote

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Permission
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

import pytest

from cms.privacy.admin_views import SEARCH_LIMIT
from tests.factories.users import UserFactory
from tests.factories.working_groups import OrganisationFactory, make_secretariat_user
from working_groups.choices import Gender
from working_groups.models import MemberProfile

pytestmark = pytest.mark.django_db

User = get_user_model()
SELF_DESCRIPTION = "Genderfluid, in my own words"
LISTING = '<table class="listing">'


@pytest.fixture
def url():
    return reverse("roundtable_admin_account_delete")


@pytest.fixture
def person():
    party = OrganisationFactory(name="Tin Smelter Kappa")
    return UserFactory(
        first_name="Wilhelmina",
        last_name="Quarshie",
        email="w.quarshie@smelter-kappa.example",
        profile__organisation=party,
        profile__gender=Gender.SELF_DESCRIBED,
        profile__gender_self_description=SELF_DESCRIPTION,
        profile__gender_consent_at=timezone.now(),
    )


@pytest.fixture
def secretariat(client):
    user = make_secretariat_user()
    client.force_login(user)
    return user


def confirmation_link(user) -> str:
    return f'href="{reverse("roundtable_admin_account_delete")}?account={user.pk}"'


def staff_with_admin_access(*codenames):
    user = UserFactory(is_staff=True)
    user.user_permissions.add(*Permission.objects.filter(codename__in=["access_admin", *codenames]))
    return user


def test_search_by_first_and_last_name_finds_the_person(client, url, secretariat, person):
    other = UserFactory(first_name="Pieter", last_name="Jansen")

    page = client.get(url, {"q": "wilhelmina quarsh"}).content.decode()

    assert confirmation_link(person) in page
    assert person.email in page and "Tin Smelter Kappa" in page
    assert person.date_joined.strftime("%Y") in page
    assert confirmation_link(other) not in page


def test_search_by_display_name_and_by_part_of_the_email_address(client, url, secretariat, person):
    MemberProfile.objects.filter(user=person).update(display_name="Mina Q.")

    assert confirmation_link(person) in client.get(url, {"q": "Mina Q"}).content.decode()
    assert confirmation_link(person) in client.get(url, {"q": "SMELTER-kappa"}).content.decode()
    assert confirmation_link(person) not in client.get(url, {"q": "nobody-like-this"}).content.decode()


def test_the_list_never_shows_a_gender_answer(client, url, secretariat, person):
    page = client.get(url, {"q": "Quarshie"}).content.decode()

    assert confirmation_link(person) in page
    assert SELF_DESCRIPTION not in page
    assert str(Gender.SELF_DESCRIBED.label) not in page


@pytest.mark.parametrize("query", ["", "  ", "wi", " q "])
def test_an_empty_or_short_query_asks_for_more_and_lists_nobody(client, url, secretariat, person, query):
    response = client.get(url, {"q": query})

    page = response.content.decode()
    assert response.status_code == 200
    assert "Type at least 3 characters to search." in page
    assert LISTING not in page and confirmation_link(person) not in page


def test_no_match_says_so(client, url, secretariat, person):
    page = client.get(url, {"q": "Zyxwvu"}).content.decode()

    assert "No account matches “Zyxwvu”." in page
    assert LISTING not in page


def test_at_most_twenty_matches_are_listed_and_the_rest_announced(client, url, secretariat):
    UserFactory.create_batch(SEARCH_LIMIT + 2, last_name="Mwangi")

    page = client.get(url, {"q": "mwangi"}).content.decode()

    assert page.count("?account=") == SEARCH_LIMIT
    assert f"More than {SEARCH_LIMIT} accounts match" in page


def test_the_link_opens_the_existing_confirmation_and_deletion_still_works(client, url, secretariat, person):
    page = client.get(url, {"account": person.pk}).content.decode()

    assert f'action="{url}?email={quote(person.email, safe="/")}"' in page
    assert f'name="lookup" value="{person.email}"' in page

    response = client.post(
        f"{url}?email={person.email}", {"lookup": person.email, "email": "wrong@example.org"}
    )
    assert response.status_code == 200 and User.objects.filter(pk=person.pk).exists()
    response = client.post(f"{url}?email={person.email}", {"lookup": person.email, "email": person.email})
    assert response.status_code == 302
    assert not User.objects.filter(pk=person.pk).exists()


def test_accounts_the_secretariat_may_not_delete_are_listed_without_a_link(client, url, secretariat):
    root = UserFactory(is_superuser=True, is_staff=True, last_name="Okonkwo")
    no_address = UserFactory(email="", last_name="Okonkwo", verified_email=False)

    page = client.get(url, {"q": "okonkwo"}).content.decode()

    assert confirmation_link(root) not in page and confirmation_link(no_address) not in page
    assert page.count("(cannot be deleted from here)") == 2
    assert client.get(url, {"account": root.pk}).status_code == 403
    assert client.get(url, {"account": secretariat.pk}).status_code == 403
    refused = client.get(url, {"account": no_address.pk}).content.decode()
    assert "has no e-mail address to confirm with" in refused and 'name="lookup"' not in refused


@pytest.mark.parametrize("account", ["abc", "99999999", "\uff11\uff12", "9" * 40])
def test_an_unknown_account_number_says_so(client, url, secretariat, account):
    response = client.get(url, {"account": account})

    assert response.status_code == 200
    assert "This account does not exist (any more)." in response.content.decode()


def test_others_are_refused_the_search(client, url, person):
    client.force_login(staff_with_admin_access("change_user", "delete_user"))
    response = client.get(url, {"q": "Quarshie"})
    assert (response.status_code, response["Location"]) == (302, reverse("wagtailadmin_home"))
    assert person.email not in response.content.decode()
    response = client.get(url, {"account": person.pk})
    assert (response.status_code, response["Location"]) == (302, reverse("wagtailadmin_home"))

    client.force_login(UserFactory())
    response = client.get(url, {"q": "Quarshie"})
    assert response.status_code in (302, 403)
    assert person.email not in response.content.decode()


def count_search_queries(client, url, query) -> int:
    with CaptureQueriesContext(connection) as context:
        response = client.get(url, {"q": query})
    assert response.status_code == 200
    return len(context)


def test_the_search_costs_the_same_queries_for_one_and_for_twenty_matches(
    client, url, secretariat, person, django_assert_num_queries
):
    for _n in range(SEARCH_LIMIT):
        UserFactory(last_name="Mensah", profile__organisation=OrganisationFactory())
    client.get(url, {"q": "warm up"})
    one = count_search_queries(client, url, "Quarshie")

    with django_assert_num_queries(one):
        page = client.get(url, {"q": "Mensah"}).content.decode()
    assert page.count("?account=") == SEARCH_LIMIT


def test_the_user_listing_links_to_the_page_for_the_secretariat_only(client, person):
    users_url = reverse("wagtailusers_users:index")
    secretariat = make_secretariat_user()
    secretariat.user_permissions.add(Permission.objects.get(codename="change_user"))
    client.force_login(secretariat)

    page = client.get(users_url).content.decode()

    assert confirmation_link(person) in page
    assert confirmation_link(secretariat) not in page  # not one's own account

    client.force_login(staff_with_admin_access("change_user", "delete_user"))
    response = client.get(users_url)
    assert response.status_code == 200
    assert person.email in response.content.decode() or person.get_username() in response.content.decode()
    assert "?account=" not in response.content.decode()
