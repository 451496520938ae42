"""The member profile: lazy creation, the profile page, and language and time zone taking effect."""

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.cache import cache
from django.urls import reverse
from django.utils import timezone, translation

import pytest

from tests.factories.users import DEFAULT_PASSWORD, UserFactory
from working_groups.models import MemberProfile
from working_groups.services.profile import (
    SESSION_LANGUAGE_KEY,
    SESSION_TIME_ZONE_KEY,
    profile_create,
    profile_get_or_create,
    profile_update,
)


@pytest.fixture(autouse=True)
def _fresh_cache():
    cache.clear()
    yield
    cache.clear()


def sign_in(client, user):
    response = client.post(reverse("account_login"), {"login": user.email, "password": DEFAULT_PASSWORD})
    assert response.status_code == 302
    return response


@pytest.mark.django_db
def test_profile_is_created_lazily_with_a_sensible_name():
    named = get_user_model().objects.create_user(
        "ada", "ada@example.org", "pw", first_name="Ada", last_name="Obi"
    )
    nameless = get_user_model().objects.create_superuser("root", "root.admin@example.org", "pw")
    assert profile_get_or_create(named).display_name == "Ada Obi"
    assert profile_get_or_create(nameless).display_name == "root.admin"
    assert profile_get_or_create(nameless).pk == MemberProfile.objects.get(user=nameless).pk
    assert MemberProfile.objects.count() == 2


@pytest.mark.django_db
def test_profile_services_validate():
    user = UserFactory(profile=False)
    with pytest.raises(Exception, match="time zone"):
        profile_create(user=user, display_name="X", time_zone="Mars/Olympus_Mons")
    profile = profile_create(user=user, display_name="  Ama  ", preferred_language="xx")
    assert (profile.display_name, profile.preferred_language) == ("Ama", settings.LANGUAGE_CODE)
    with pytest.raises(ValueError, match="user"):
        profile_update(profile=profile, user=UserFactory())


def test_profile_page_requires_sign_in(client):
    response = client.get(reverse("profile"))
    assert response.status_code == 302
    assert response.url.startswith(reverse("account_login"))


@pytest.mark.django_db
def test_profile_page_shows_and_saves(client):
    user = UserFactory(profile=False)  # e.g. made with createsuperuser: no profile yet
    sign_in(client, user)
    page = client.get(reverse("profile"))
    assert page.status_code == 200
    html = page.content.decode()
    assert 'aria-current="page"' in html and "account-manage__nav" in html
    assert 'autocomplete="organization-title"' in html
    assert '<option value="Asia/Jakarta"' in html

    response = client.post(
        reverse("profile"),
        {
            "display_name": "Wanjiru Kamau",
            "job_title": "Senior researcher",
            "organisation_name": "Fair Metals Watch",
            "preferred_language": "nl",
            "time_zone": "Africa/Nairobi",
        },
    )
    assert response.status_code == 302
    profile = MemberProfile.objects.get(user=user)
    assert (profile.display_name, profile.job_title, profile.organisation_name) == (
        "Wanjiru Kamau",
        "Senior researcher",
        "Fair Metals Watch",
    )
    assert (profile.preferred_language, profile.time_zone) == ("nl", "Africa/Nairobi")
    assert client.session[SESSION_LANGUAGE_KEY] == "nl"
    assert client.session[SESSION_TIME_ZONE_KEY] == "Africa/Nairobi"


@pytest.mark.django_db
def test_profile_page_refuses_unknown_time_zone_and_language(client):
    user = UserFactory()
    sign_in(client, user)
    response = client.post(
        reverse("profile"),
        {"display_name": "", "preferred_language": "xx", "time_zone": "Europe/Atlantis"},
    )
    assert response.status_code == 200
    assert set(response.context["form"].errors) == {"display_name", "preferred_language", "time_zone"}
    assert 'class="error-summary"' in response.content.decode()
    assert MemberProfile.objects.get(user=user).time_zone == settings.TIME_ZONE


@pytest.mark.django_db
def test_preferences_take_effect_after_sign_in(client):
    user = UserFactory(profile__preferred_language="nl", profile__time_zone="America/Lima")
    response = sign_in(client, user)
    assert client.session[SESSION_LANGUAGE_KEY] == "nl"
    assert client.session[SESSION_TIME_ZONE_KEY] == "America/Lima"
    # The language cookie follows, so LocaleMiddleware agrees even after signing out.
    assert response.cookies[settings.LANGUAGE_COOKIE_NAME].value == "nl"

    page = client.get(reverse("profile"))
    assert page["Content-Language"] == "nl"
    assert page.wsgi_request.LANGUAGE_CODE == "nl"


@pytest.mark.django_db
def test_middleware_activates_time_zone_without_queries(client, django_assert_num_queries, rf):
    from working_groups.middleware import MemberPreferencesMiddleware

    seen = {}

    def view(request):
        seen["zone"] = timezone.get_current_timezone_name()
        seen["language"] = translation.get_language()
        from django.http import HttpResponse

        return HttpResponse("ok")

    user = UserFactory(profile__preferred_language="nl", profile__time_zone="Asia/Manila")
    sign_in(client, user)
    request = rf.get("/")
    request.COOKIES[settings.SESSION_COOKIE_NAME] = client.cookies[settings.SESSION_COOKIE_NAME].value
    request.session = client.session
    request.session.accessed = False
    dict(request.session)  # load the session before counting queries
    with django_assert_num_queries(0):
        MemberPreferencesMiddleware(view)(request)
    assert seen == {"zone": "Asia/Manila", "language": "nl"}
    assert timezone.get_current_timezone_name() == settings.TIME_ZONE


@pytest.mark.django_db
def test_explicit_language_switch_wins_for_the_session(client):
    user = UserFactory(profile__preferred_language="nl")
    sign_in(client, user)
    client.post(reverse("set_language"), {"language": "en", "next": "/"})
    assert client.session[SESSION_LANGUAGE_KEY] == "en"
    page = client.get(reverse("profile"))
    assert page["Content-Language"] == "en"


@pytest.mark.django_db
def test_anonymous_visitors_are_left_alone(client):
    response = client.get(reverse("account_login"))
    assert settings.LANGUAGE_COOKIE_NAME not in response.cookies
    assert translation.get_language() == settings.LANGUAGE_CODE
