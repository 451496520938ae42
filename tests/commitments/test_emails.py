"""The review and reminder e-mails of commitments: written in the recipient's language (the reviewed kind
travels as a code and is translated there), and addressed when the task runs, not when it was queued (see
tests/working_groups/test_email_language.py and test_emails_recipient.py for the mechanism)."""

import json
from datetime import timedelta

from django.core import mail
from django.utils import timezone, translation

import pytest

from commitments.models import Commitment
from commitments.models.choices import WorkflowState
from commitments.services import commitments as commitment_services
from commitments.services import updates as commitment_updates
from tests.factories.commitments import CommitmentFactory
from tests.factories.users import UserFactory
from tests.factories.working_groups import make_secretariat_user
from tests.working_groups.test_email_language import person_speaking
from tests.working_groups.test_emails_recipient import change_address
from working_groups.models import MemberProfile

pytestmark = pytest.mark.django_db


def test_review_labels_travel_as_codes_and_read_in_the_authors_language(email_queue, committed):
    author = person_speaking("nl", "auteur@example.org")
    secretariat = make_secretariat_user()
    MemberProfile.objects.filter(user=secretariat).update(preferred_language="en")
    commitment = CommitmentFactory(
        workflow_state=WorkflowState.SUBMITTED, author=author, published_at=None, title="Smelter audits"
    )
    with committed(), translation.override("en"):
        commitment_services.commitment_approve(actor=secretariat, commitment=commitment)
    (queued,) = email_queue.results
    assert queued.args[2]["kind"] == "commitment"
    json.dumps([queued.args, queued.kwargs])  # what the database backend stores

    assert email_queue.run() == [True]
    subject = mail.outbox[-1].subject
    assert subject.startswith("[Roundtable] Gepubliceerd: toezegging ") and "Smelter audits" in subject


def test_commitment_decisions_and_submissions_follow_the_accounts(email_queue, committed):
    author, secretariat = UserFactory(email="author@example.org"), make_secretariat_user()
    gone = make_secretariat_user()
    submitted = CommitmentFactory(workflow_state=WorkflowState.SUBMITTED, author=author, published_at=None)
    draft = CommitmentFactory(workflow_state=WorkflowState.DRAFT, author=author, published_at=None)
    with committed():
        commitment_services.commitment_approve(actor=secretariat, commitment=submitted)
        commitment_services.commitment_submit(actor=secretariat, commitment=draft)
    change_address(author, "author.new@example.org")
    gone.is_active = False
    gone.save(update_fields=["is_active"])

    assert sorted(email_queue.run()) == [False, True, True]
    assert sorted(message.to[0] for message in mail.outbox) == ["author.new@example.org", secretariat.email]


def test_overdue_reminder_goes_to_the_contact_persons_current_address(email_queue, committed):
    contact = UserFactory(email="contact@example.org")
    commitment = CommitmentFactory(contact_person=contact, last_reported_on=None)
    Commitment.objects.filter(pk=commitment.pk).update(published_at=timezone.now() - timedelta(days=400))
    with committed():
        assert commitment_updates.commitment_reminders_send() == 1
    change_address(contact, "contact.new@example.org")

    assert email_queue.run() == [True]
    assert [message.to for message in mail.outbox] == [["contact.new@example.org"]]
