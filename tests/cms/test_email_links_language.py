"""E-mails link to the translation of the page they are about, in the recipient's language: a Dutch reader
gets the Dutch page (and its title) when there is one, the English page otherwise; an English reader always
gets the English page, whoever acted and in whatever language."""

from django.core import mail
from django.utils import translation

import pytest

from cms.i18n.translations import translate_page
from events.services.registrations import registration_create
from tests.factories.events import EventPageFactory, make_event_index
from tests.factories.users import UserFactory
from tests.factories.working_groups import add_member, make_group, make_group_index
from working_groups import services
from working_groups.choices import JoiningPolicy, Role, Visibility
from working_groups.models import MemberProfile

pytestmark = pytest.mark.django_db

BASE = "https://covenant.example.org"


@pytest.fixture(autouse=True)
def public_address(settings):
    settings.BASE_URL = BASE


@pytest.fixture
def committed(django_capture_on_commit_callbacks):
    return lambda: django_capture_on_commit_callbacks(execute=True)


def person_speaking(language: str):
    person = UserFactory()
    MemberProfile.objects.filter(user=person).update(preferred_language=language)
    return person


@pytest.fixture
def webinar(home):
    return EventPageFactory(
        parent=make_event_index(home), title="Tin smelters webinar", registration_open=True
    )


def test_a_dutch_reader_is_sent_to_the_dutch_event_page(webinar, committed):
    dutch_page = translate_page(webinar, "nl", title="Webinar over tinsmelters", slug="webinar-tinsmelters")
    dutch, english = person_speaking("nl"), person_speaking("en")
    with translation.override("en"), committed():
        registration_create(user=dutch, event=webinar)
    with translation.override("nl"), committed():
        registration_create(user=english, event=webinar)
    by_recipient = {message.to[0]: message for message in mail.outbox}
    dutch_body = by_recipient[dutch.email].body
    assert dutch_page.url.startswith("/nl/") and f"{BASE}{dutch_page.url}" in dutch_body
    assert "Webinar over tinsmelters" in by_recipient[dutch.email].subject
    english_body = by_recipient[english.email].body
    assert f"{BASE}{webinar.url}" in english_body and "/nl/" not in english_body


def test_without_a_translation_the_dutch_reader_gets_the_english_page(webinar, committed):
    dutch = person_speaking("nl")
    with committed():
        registration_create(user=dutch, event=webinar)
    (message,) = mail.outbox
    assert f"{BASE}{webinar.url}" in message.body and "Tin smelters webinar" in message.subject


def test_a_group_e_mail_links_to_the_groups_page_in_the_recipients_language(committed):
    index = make_group_index()
    group = make_group(
        index, Visibility.CLOSED, title="Cobalt traceability", joining_policy=JoiningPolicy.REQUEST
    )
    translate_page(index.get_parent(), "nl", title="Thuis")
    translate_page(index, "nl", title="Werkgroepen", slug="werkgroepen")
    dutch_group = translate_page(group, "nl", title="Kobalt traceerbaarheid", slug="kobalt")
    chair = add_member(group, person_speaking("en"), Role.CHAIR).user
    dutch, english = person_speaking("nl"), person_speaking("en")
    for person in (dutch, english):
        join_request = services.join_request_create(
            user=person, group=group, motivation="We audit smelters and would like to share what we learn."
        )
        mail.outbox.clear()
        with translation.override("en"), committed():
            services.join_request_approve(actor=chair, join_request=join_request)
        (message,) = [message for message in mail.outbox if message.to == [person.email]]
        if person is dutch:
            assert f"{BASE}{dutch_group.url}" in message.body and "Kobalt traceerbaarheid" in message.body
        else:
            assert f"{BASE}{group.url}" in message.body and "Cobalt traceability" in message.body
            assert "/nl/" not in message.body
