"""A member answers the optional gender question in a real browser: "In your own words" appears only for
"I describe myself another way" (plain JS under the strict CSP), the page passes axe, withdrawing works."""

from django.contrib.auth import get_user_model

import pytest

from tests.factories.cms import make_home_site
from tests.factories.users import UserFactory
from working_groups.choices import ConsentAction, Gender
from working_groups.models import GenderConsentRecord


@pytest.fixture
def member(db):
    make_home_site()
    return UserFactory()


def test_a_member_describes_themselves_and_then_withdraws(page, member, login, assert_accessible):
    login(page, member, next_url="/account/profile/")
    page.goto("/account/profile/")
    own_words = page.get_by_label("In your own words")
    assert own_words.is_hidden()
    assert_accessible(page)

    page.get_by_label("I describe myself another way").check()
    assert own_words.is_visible()
    own_words.fill("Genderqueer")
    page.get_by_label("Count my answer in anonymous statistics").check()
    page.get_by_role("button", name="Save profile").click()
    page.wait_for_url("**/account/profile/")
    assert "counted anonymously" in page.locator("main").inner_text()
    profile = get_user_model().objects.get(pk=member.pk).profile
    assert (profile.gender, profile.gender_self_description) == (Gender.SELF_DESCRIBED, "Genderqueer")
    assert page.get_by_label("In your own words").is_visible()

    page.get_by_label("Woman", exact=True).check()
    assert page.get_by_label("In your own words").is_hidden()

    page.get_by_role("button", name="Withdraw my answer about gender").click()
    page.wait_for_url("**/account/profile/")
    profile.refresh_from_db()
    assert (profile.gender, profile.gender_self_description, profile.gender_consent_at) == ("", "", None)
    assert list(
        GenderConsentRecord.objects.filter(user=member).order_by("pk").values_list("action", flat=True)
    ) == [
        ConsentAction.GIVEN,
        ConsentAction.WITHDRAWN,
    ]
    assert page.get_by_label("In your own words").is_hidden()
