"""The header's "Sign in" brings the visitor back to the page they were reading (allauth's `next`, which it
checks is a local address), not to the home page; on the sign-in and sign-up pages themselves it adds
nothing. Found walking the integrated demo: signing in from an event page landed on the home page."""

import pytest

from tests.factories.cms import make_home_site

pytestmark = pytest.mark.django_db


def test_sign_in_from_a_page_comes_back_to_it(client):
    make_home_site()
    html = client.get("/search/?q=tin&kind=events").content.decode()
    assert 'href="/accounts/login/?next=/search/%3Fq%3Dtin%26kind%3Devents"' in html


def test_the_sign_in_page_links_to_itself_plainly(client):
    make_home_site()
    html = client.get("/accounts/login/?next=/forums/live/11/").content.decode()
    assert 'href="/accounts/login/"' in html
    assert 'href="/accounts/login/?next=/accounts/' not in html
