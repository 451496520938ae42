"""E-mails to people with an account are addressed when the task runs, not when it was queued.

With the database task backend an e-mail may be sent long after the change that caused it. The tasks are
queued here on django-tasks' DummyBackend (which only records them), the person then changes their address,
deletes their account or is deactivated, and the queued tasks are run as a worker would.
"""

from django.core import mail

import pytest
from allauth.account.models import EmailAddress

from cms.privacy.erasure import account_erase
from tests.factories.users import UserFactory
from tests.factories.working_groups import add_member, make_secretariat_user
from working_groups import services
from working_groups.choices import Role
from working_groups.emails import send_templated_email
from working_groups.models import JoinRequest

pytestmark = pytest.mark.django_db

MOTIVATION = "We run a smelter audit programme and would like to share what we learn."


@pytest.fixture
def group(request_group):
    return request_group


@pytest.fixture
def chair(group):
    return add_member(group, UserFactory(email="chair@example.org"), Role.CHAIR).user


def pending_request(group, email="applicant@example.org") -> JoinRequest:
    person = UserFactory(email=email)
    return services.join_request_create(user=person, group=group, motivation=MOTIVATION)


def change_address(person, new_address: str) -> None:
    """What allauth does when a person confirms a new address and makes it their primary one."""
    address = EmailAddress.objects.create(user=person, email=new_address, verified=True, primary=False)
    address.set_as_primary()
    EmailAddress.objects.filter(user=person).exclude(pk=address.pk).delete()


def test_queued_email_goes_to_the_new_address_after_a_change(group, chair, email_queue, committed):
    join_request = pending_request(group)
    with committed():
        services.join_request_approve(actor=chair, join_request=join_request)
    queued = email_queue.results[-1]
    assert queued.kwargs == {"user_id": join_request.user_id}
    assert "applicant@example.org" not in repr(queued.args)  # the queued task holds no address of its own

    change_address(join_request.user, "applicant.new@example.org")
    mail.outbox.clear()
    assert email_queue.run()[-1] is True
    assert [message.to for message in mail.outbox][-1] == ["applicant.new@example.org"]
    assert "Cobalt traceability" in mail.outbox[-1].subject


def test_nothing_is_sent_once_the_account_is_deleted(group, chair, email_queue, committed):
    join_request = pending_request(group)
    with committed():
        services.join_request_decline(actor=chair, join_request=join_request, note="Full for this year.")
    person = join_request.user

    account_erase(user=person, actor=person)

    mail.outbox.clear()
    assert email_queue.run()[-1] is False
    assert mail.outbox == []


def test_nothing_is_sent_to_a_deactivated_account(group, chair, email_queue, committed):
    member = add_member(group, UserFactory(email="leaver@example.org")).user
    with committed():
        services.membership_remove(actor=chair, membership=group.memberships.get(user=member))
    member.is_active = False
    member.save(update_fields=["is_active"])

    assert email_queue.run() == [False]
    assert mail.outbox == []


def test_join_request_notice_skips_a_chair_deleted_meanwhile(group, chair, email_queue, committed):
    """The notice goes to each chair's account; one whose account was deleted meanwhile gets nothing."""
    second = add_member(group, UserFactory(email="second.chair@example.org"), Role.CHAIR).user
    with committed():
        pending_request(group)
    account_erase(user=second, actor=make_secretariat_user())

    assert sorted(email_queue.run()) == [False, True]
    assert [message.to for message in mail.outbox] == [["chair@example.org"]]


def test_invitations_to_an_address_without_an_account_are_still_sent(group, chair, email_queue, committed):
    with committed():
        services.invitation_create(actor=chair, group=group, email="Newcomer@Example.org")
    (queued,) = email_queue.results
    assert queued.args[0] == "newcomer@example.org" and queued.kwargs == {"user_id": None}

    assert email_queue.run() == [True]
    assert [message.to for message in mail.outbox] == [["newcomer@example.org"]]
    assert "/invitations/" in mail.outbox[0].body


def test_the_task_sends_nothing_for_an_unknown_account_or_one_without_an_address(db):
    context = {"group_title": "Cobalt traceability", "group_url": "https://example.org/", "name": "Ana"}
    assert send_templated_email.call("", "membership_removed", context, "en", user_id=987654) is False
    no_address = UserFactory(email="", verified_email=False)
    assert send_templated_email.call("", "membership_removed", context, "en", user_id=no_address.pk) is False
    person = UserFactory(email="ana@example.org")
    assert send_templated_email.call("", "membership_removed", context, "en", user_id=person.pk) is True
    assert [message.to for message in mail.outbox] == [["ana@example.org"]]
