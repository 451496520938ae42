"""The desk's daily e-mail: only secretariat members who opted in, the same counts as the dashboard, in their
language, nothing when nothing waits; the preference on the profile is offered to the secretariat only."""

from io import StringIO

from django.core import mail
from django.core.management import call_command
from django.urls import reverse

import pytest

from tests.factories.users import UserFactory
from tests.factories.working_groups import add_member, make_group, make_group_index, make_secretariat_user
from working_groups.choices import Role
from working_groups.desk_email import desk_digest_recipient_ids, send_desk_digests
from working_groups.models import JoinRequest
from working_groups.services.profile import profile_get_or_create


def opted_in(user, language="en"):
    profile = profile_get_or_create(user)
    profile.desk_email = True
    profile.preferred_language = language
    profile.save()
    return user


@pytest.fixture
def group(db):
    return make_group(make_group_index(), title="Tin group")


def test_opted_in_secretariat_members_get_the_counts_with_links(group):
    secretariat = opted_in(make_secretariat_user())
    make_secretariat_user()  # not opted in
    JoinRequest.objects.create(group=group, user=UserFactory(), motivation="Please")
    JoinRequest.objects.create(group=group, user=UserFactory(), motivation="Please too")
    out = StringIO()
    call_command("send_desk_digests", stdout=out)
    assert "1 desk e-mail(s) queued" in out.getvalue()
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == [secretariat.email]
    assert "2 items wait for you" in message.subject
    assert "Join requests: 2" in message.body
    assert "?status=pending" in message.body and message.body.count("http") >= 3
    assert "Open flags" not in message.body  # zero counts are left out


def test_nothing_is_sent_when_nothing_waits(group):
    opted_in(make_secretariat_user())
    assert send_desk_digests.call() == 1
    assert mail.outbox == []


def test_a_chair_or_member_who_opted_in_gets_nothing(group):
    chair, member = UserFactory(), UserFactory()
    add_member(group, chair, role=Role.CHAIR)
    add_member(group, member)
    opted_in(chair), opted_in(member)
    JoinRequest.objects.create(group=group, user=UserFactory(), motivation="Please")
    assert desk_digest_recipient_ids() == []
    send_desk_digests.call()
    assert mail.outbox == []


def test_the_e_mail_is_written_in_the_recipients_language(group):
    opted_in(make_secretariat_user(), language="nl")
    JoinRequest.objects.create(group=group, user=UserFactory(), motivation="Graag")
    send_desk_digests.call()
    body = mail.outbox[0].body
    assert "Verzoeken om lid te worden: 1" in body and "Dit wacht vandaag op u:" in body


def test_the_preference_is_on_the_secretariats_profile_only(client, group):
    secretariat, member = make_secretariat_user(), UserFactory()
    add_member(group, member, role=Role.CHAIR)
    client.force_login(member)
    assert "desk_email" not in client.get(reverse("profile")).content.decode()
    client.force_login(secretariat)
    html = client.get(reverse("profile")).content.decode()
    assert 'name="desk_email"' in html
    profile = profile_get_or_create(secretariat)
    data = {
        "display_name": "Marieke",
        "job_title": "",
        "organisation_name": "",
        "preferred_language": "en",
        "time_zone": "Europe/Amsterdam",
        "desk_email": "on",
    }
    response = client.post(reverse("profile"), data)
    assert response.status_code == 302
    profile.refresh_from_db()
    assert profile.desk_email is True


def test_a_member_cannot_opt_in_by_posting_the_field(client, group):
    member = UserFactory()
    client.force_login(member)
    data = {
        "display_name": "Sam",
        "job_title": "",
        "organisation_name": "",
        "preferred_language": "en",
        "time_zone": "Europe/Amsterdam",
        "desk_email": "on",
    }
    client.post(reverse("profile"), data)
    assert profile_get_or_create(member).desk_email is False
