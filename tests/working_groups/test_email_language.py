"""E-mails to an account are written in the recipient's language, not in the language of whoever acted.

The language is the one the recipient's profile names when the task runs (settings.LANGUAGE_CODE if it names
none the site offers); labels in the context (a role, what was reviewed) travel as codes and are translated
in that language. The acting person's request runs in English throughout.
"""

from django.core import mail
from django.utils import translation

import pytest

from cms.emails import recipient_language
from tests.factories.users import UserFactory
from tests.factories.working_groups import add_member
from working_groups import services
from working_groups.choices import Role
from working_groups.emails import send_templated_email
from working_groups.models import MemberProfile

pytestmark = pytest.mark.django_db

MOTIVATION = "We run a smelter audit programme and would like to share what we learn."


@pytest.fixture
def group(request_group):
    return request_group


@pytest.fixture
def chair(group):
    chair = add_member(group, UserFactory(email="chair@example.org"), Role.CHAIR).user
    MemberProfile.objects.filter(user=chair).update(preferred_language="en")
    return chair


def person_speaking(language: str | None, email: str):
    """A person whose profile names `language`; None: a profile that names none, "-": no profile at all."""
    if language == "-":
        return UserFactory(email=email, profile=False)
    person = UserFactory(email=email)
    MemberProfile.objects.filter(user=person).update(preferred_language=language or "")
    return person


def approve_request_of(person, group, chair, committed, acting_language="en"):
    """The chair approves the person's request; the e-mail is sent while the chair's language is active."""
    join_request = services.join_request_create(user=person, group=group, motivation=MOTIVATION)
    mail.outbox.clear()
    with translation.override(acting_language), committed():
        services.join_request_approve(actor=chair, join_request=join_request)
    (message,) = [message for message in mail.outbox if message.to == [person.email]]
    return message


def test_a_dutch_member_approved_by_an_english_chair_reads_dutch(group, chair, committed):
    person = person_speaking("nl", "anouk@example.org")
    message = approve_request_of(person, group, chair, committed)
    assert message.subject == "[Roundtable] Welkom bij Cobalt traceability"
    assert "Uw verzoek om lid te worden van Cobalt traceability is goedgekeurd. Welkom!" in message.body
    assert "Welcome" not in message.subject + message.body


def test_an_english_member_reads_english(group, chair, committed):
    person = person_speaking("en", "ann@example.org")
    message = approve_request_of(person, group, chair, committed, acting_language="nl")
    assert message.subject == "[Roundtable] Welcome to Cobalt traceability"
    assert "Your request to join Cobalt traceability has been approved." in message.body


@pytest.mark.parametrize("language", [None, "de", "-"], ids=["unset", "not offered", "no profile"])
def test_without_a_language_the_site_default_is_used(group, chair, committed, settings, language):
    settings.LANGUAGE_CODE = "nl"
    person = person_speaking(language, "nobody.said@example.org")
    message = approve_request_of(person, group, chair, committed)
    assert message.subject == "[Roundtable] Welkom bij Cobalt traceability"


def test_the_language_is_the_one_the_profile_names_when_the_task_runs(group, chair, email_queue, committed):
    person = person_speaking("en", "switcher@example.org")
    join_request = services.join_request_create(user=person, group=group, motivation=MOTIVATION)
    with committed(), translation.override("en"):
        services.join_request_decline(actor=chair, join_request=join_request, note="Full this year.")
    queued = email_queue.results[-1]
    assert queued.args[3] is None  # nothing decided at queue time
    MemberProfile.objects.filter(user=person).update(preferred_language="nl")

    mail.outbox.clear()
    assert email_queue.run()[-1] is True
    assert mail.outbox[-1].subject == "[Roundtable] Uw verzoek om lid te worden van Cobalt traceability"


def test_a_removal_and_a_forced_language(group, chair, committed):
    person = person_speaking("nl", "removed@example.org")
    add_member(group, person)
    with translation.override("en"), committed():
        services.membership_remove(actor=chair, membership=group.memberships.get(user=person))
    assert mail.outbox[-1].subject == "[Roundtable] U bent geen lid meer van Cobalt traceability"

    context = {"group_title": "Cobalt traceability", "group_url": "https://example.org/", "name": "Ana"}
    assert send_templated_email.call("", "membership_removed", context, "en", user_id=person.pk) is True
    assert mail.outbox[-1].subject == "[Roundtable] You are no longer a member of Cobalt traceability"


def test_an_invitation_translates_the_role_in_its_own_language(group, chair, email_queue, committed):
    with committed(), translation.override("nl"):
        services.invitation_create(actor=chair, group=group, email="nieuw@example.org", role=Role.OBSERVER)
    (queued,) = email_queue.results
    assert queued.args[2]["role"] == "observer" and queued.args[3] == "nl"

    assert email_queue.run() == [True]
    assert "als Waarnemer deel te nemen" in mail.outbox[-1].body


@pytest.mark.parametrize(
    ("preferred", "expected"), [("nl", "nl"), ("NL", "nl"), ("en", "en"), ("", "en"), ("fr", "en")]
)
def test_recipient_language(preferred, expected):
    person = UserFactory()
    person.profile.preferred_language = preferred
    assert recipient_language(person) == expected
    assert recipient_language(None) == "en"
