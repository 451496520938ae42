"""Drafting, submitting, approving and returning commitments and progress updates; who may do each step; the
e-mails each step sends; validation; history that survives withdrawal; reminders once per period."""

import datetime
from decimal import Decimal

from django.core import mail
from django.core.exceptions import ValidationError
from django.core.management import call_command
from django.utils import timezone

import pytest

from commitments.models import Commitment, DueDiligenceStep, IndicatorValue, ProgressUpdate
from commitments.models.choices import CommitmentStatus, WorkflowState
from commitments.services import commitments as services
from commitments.services import updates as updates
from tests.factories.commitments import CommitmentFactory, IndicatorFactory, ProgressUpdateFactory
from tests.factories.users import UserFactory
from working_groups.services.errors import MembershipError, NotAllowed

pytestmark = pytest.mark.django_db


def fields(covenant, **overrides) -> dict:
    return {
        "title": "Map smelters in our tin supply chain against the RMI assessment",
        "description": "We list every smelter and check its RMI status every quarter.",
        "kind": "ordinary",
        "parties": [covenant.parties["company"]],
        "group": None,
        "visibility": "public",
        "themes": [],
        "due_diligence_steps": list(DueDiligenceStep.objects.filter(number=2)),
        "sdg_targets": [],
        "start_date": datetime.date(2025, 1, 1),
        "target_date": datetime.date(2026, 12, 31),
        "status": "planned",
        "contact_person": None,
        **overrides,
    }


def smelters() -> services.IndicatorInput:
    return services.IndicatorInput(
        name="Smelters checked", unit="%", baseline=Decimal(0), target=Decimal(100), direction="increase"
    )


def test_full_commitment_and_update_workflow_with_emails(covenant, committed):
    member, secretariat = covenant.user("party_member"), covenant.user("secretariat")
    with committed():
        commitment = services.commitment_create(
            actor=member, fields=fields(covenant), indicators=[smelters()]
        )
    assert commitment.workflow_state == WorkflowState.DRAFT
    assert commitment.author == member and commitment.contact_person == member
    assert [i.name for i in commitment.indicators.all()] == ["Smelters checked"]
    assert mail.outbox == []

    with committed():
        services.commitment_submit(actor=member, commitment=commitment, review_url="/commitments/review/")
    assert [m.to for m in mail.outbox] == [[secretariat.email]]
    assert "To review" in mail.outbox[0].subject

    with committed():
        services.commitment_approve(actor=secretariat, commitment=commitment, url="/commitments/1/x/")
    commitment.refresh_from_db()
    assert commitment.workflow_state == WorkflowState.PUBLISHED and commitment.published_at
    assert mail.outbox[-1].to == [member.email] and "Published" in mail.outbox[-1].subject

    indicator = commitment.indicators.get()
    with committed():
        update = updates.update_create(
            actor=member,
            commitment=commitment,
            fields={
                "reported_on": timezone.localdate(),
                "narrative": "30 of 48 smelters checked.",
                "evidence_url": "https://example.org/smelters.pdf",
                "new_status": "in_progress",
            },
            values={indicator.pk: Decimal("62.5")},
        )
        updates.update_submit(actor=member, update=update)
    assert mail.outbox[-1].to == [secretariat.email]
    with committed():
        updates.update_approve(actor=secretariat, update=update)
    commitment.refresh_from_db()
    assert commitment.status == CommitmentStatus.IN_PROGRESS
    assert commitment.progress == Decimal("62.5")
    assert commitment.last_reported_on == timezone.localdate()
    assert mail.outbox[-1].to == [member.email]


def test_return_needs_a_comment_and_sends_it(covenant, committed):
    member, secretariat = covenant.user("party_member"), covenant.user("secretariat")
    commitment = covenant.commitments["draft"]
    services.commitment_submit(actor=member, commitment=commitment)
    with pytest.raises(MembershipError):
        services.commitment_return(actor=secretariat, commitment=commitment, comment="  ")
    with committed():
        services.commitment_return(actor=secretariat, commitment=commitment, comment="Add a baseline year.")
    commitment.refresh_from_db()
    assert commitment.workflow_state == WorkflowState.RETURNED
    assert commitment.review_comment == "Add a baseline year."
    assert "Add a baseline year." in mail.outbox[-1].body
    services.commitment_update(
        actor=member, commitment=commitment, fields={"title": "Living wage gap analysis 2026"}
    )
    services.commitment_submit(actor=member, commitment=commitment)
    assert Commitment.objects.get(pk=commitment.pk).workflow_state == WorkflowState.SUBMITTED


@pytest.mark.parametrize("persona", ["outsider", "group_member"])
def test_only_party_members_draft_and_submit(covenant, persona):
    user = covenant.user(persona)
    with pytest.raises(NotAllowed):
        services.commitment_create(actor=user, fields=fields(covenant))
    with pytest.raises(NotAllowed):
        services.commitment_submit(actor=user, commitment=covenant.commitments["draft"])
    with pytest.raises(NotAllowed):
        services.commitment_update(
            actor=user, commitment=covenant.commitments["draft"], fields={"title": "x"}
        )


@pytest.mark.parametrize("persona", ["outsider", "party_member", "group_member"])
def test_only_the_secretariat_reviews(covenant, persona):
    commitment = covenant.commitments["draft"]
    services.commitment_submit(actor=covenant.user("party_member"), commitment=commitment)
    with pytest.raises(NotAllowed):
        services.commitment_approve(actor=covenant.user(persona), commitment=commitment)
    with pytest.raises(NotAllowed):
        services.commitment_return(actor=covenant.user(persona), commitment=commitment, comment="No")


def test_a_party_member_cannot_commit_another_party(covenant):
    with pytest.raises(ValidationError) as error:
        services.commitment_create(
            actor=covenant.user("party_member"), fields=fields(covenant, parties=[covenant.parties["union"]])
        )
    assert "parties" in error.value.error_dict


def test_workflow_steps_out_of_order_are_refused(covenant):
    secretariat = covenant.user("secretariat")
    with pytest.raises(MembershipError):
        services.commitment_approve(actor=secretariat, commitment=covenant.commitments["draft"])
    with pytest.raises(MembershipError):
        services.commitment_submit(
            actor=covenant.user("party_member"), commitment=covenant.commitments["public"]
        )
    with pytest.raises(MembershipError):
        services.commitment_update(
            actor=covenant.user("party_member"),
            commitment=covenant.commitments["public"],
            fields={"title": "x"},
        )
    with pytest.raises(MembershipError):
        updates.update_create(
            actor=covenant.user("party_member"),
            commitment=covenant.commitments["draft"],
            fields={"reported_on": timezone.localdate(), "narrative": "Too early"},
            values={},
        )


def test_target_date_must_follow_start(covenant):
    with pytest.raises(ValidationError) as error:
        services.commitment_create(
            actor=covenant.user("party_member"),
            fields=fields(
                covenant, start_date=datetime.date(2026, 1, 1), target_date=datetime.date(2025, 1, 1)
            ),
        )
    assert "target_date" in error.value.error_dict
    assert not Commitment.objects.filter(title__startswith="Map smelters").exists()


def test_group_only_needs_a_group(covenant):
    with pytest.raises(ValidationError) as error:
        services.commitment_create(
            actor=covenant.user("party_member"), fields=fields(covenant, visibility="group")
        )
    assert "group" in error.value.error_dict


def test_gender_action_plan_needs_its_document_before_submitting(covenant):
    member = covenant.user("party_member")
    plan = services.commitment_create(actor=member, fields=fields(covenant, kind="gender_action_plan"))
    with pytest.raises(MembershipError, match="plan document"):
        services.commitment_submit(actor=member, commitment=plan)


def test_indicator_direction_must_match_its_target(covenant):
    wrong = services.IndicatorInput(
        name="Emissions", unit="t", baseline=Decimal(10), target=Decimal(20), direction="decrease"
    )
    with pytest.raises(ValidationError):
        services.commitment_create(
            actor=covenant.user("party_member"), fields=fields(covenant), indicators=[wrong]
        )
    assert not Commitment.objects.filter(title__startswith="Map smelters").exists()


def test_value_for_another_commitments_indicator_is_refused(covenant):
    commitment = covenant.commitments["public"]
    foreign = IndicatorFactory(commitment=covenant.commitments["group_only"])
    with pytest.raises(ValidationError):
        updates.update_create(
            actor=covenant.user("party_member"),
            commitment=commitment,
            fields={"reported_on": timezone.localdate(), "narrative": "Numbers"},
            values={foreign.pk: Decimal(5)},
        )
    assert not ProgressUpdate.objects.filter(commitment=commitment).exists()
    update = ProgressUpdateFactory(commitment=commitment)
    value = IndicatorValue(update=update, indicator=foreign, value=Decimal(1))
    with pytest.raises(ValidationError):
        value.full_clean()


def test_update_cannot_be_dated_in_the_future(covenant):
    with pytest.raises(ValidationError):
        updates.update_create(
            actor=covenant.user("party_member"),
            commitment=covenant.commitments["public"],
            fields={"reported_on": timezone.localdate() + datetime.timedelta(days=3), "narrative": "Later"},
            values={},
        )


def test_withdrawn_commitment_keeps_its_history(covenant, client):
    member, secretariat = covenant.user("party_member"), covenant.user("secretariat")
    commitment = covenant.commitments["public"]
    ProgressUpdateFactory(commitment=commitment, narrative="First smelters checked in the spring.")
    update = updates.update_create(
        actor=member,
        commitment=commitment,
        fields={
            "reported_on": timezone.localdate(),
            "narrative": "We stop: the plant was sold.",
            "new_status": "withdrawn",
        },
        values={},
    )
    updates.update_submit(actor=member, update=update)
    updates.update_approve(actor=secretariat, update=update)
    commitment.refresh_from_db()
    assert commitment.status == CommitmentStatus.WITHDRAWN
    page = client.get(covenant.register.commitment_url(commitment)).text
    assert "First smelters checked in the spring." in page and "We stop: the plant was sold." in page
    with pytest.raises(MembershipError):
        updates.update_create(
            actor=member,
            commitment=commitment,
            fields={"reported_on": timezone.localdate(), "narrative": "More"},
            values={},
        )
    from django.db.models import ProtectedError

    with pytest.raises(ProtectedError):
        commitment.delete()


def overdue_commitment(covenant, contact):
    return CommitmentFactory(
        title="Grievance mechanism for the Katanga sites",
        contact_person=contact,
        last_reported_on=timezone.localdate() - datetime.timedelta(days=200),
    )


def test_reminders_go_to_the_contact_once_per_period(covenant, committed, settings):
    settings.ROUNDTABLE_COMMITMENT_REPORT_DAYS = 180
    contact = UserFactory(email="contact@example.org")
    overdue = overdue_commitment(covenant, contact)
    CommitmentFactory(contact_person=contact, last_reported_on=timezone.localdate())  # reported recently
    CommitmentFactory(contact_person=contact, status="achieved", last_reported_on=datetime.date(2020, 1, 1))
    with committed():
        assert updates.commitment_reminders_send() == 1
    assert [m.to for m in mail.outbox] == [["contact@example.org"]]
    assert overdue.title in mail.outbox[0].subject
    with committed():
        assert updates.commitment_reminders_send() == 0
    later = timezone.now() + datetime.timedelta(days=181)
    with committed():  # a period later: reminded again, and the one reported today is now overdue too
        assert updates.commitment_reminders_send(now=later) == 2
    assert sum(overdue.title in m.subject for m in mail.outbox) == 2


def test_reminder_command(covenant, committed):
    overdue_commitment(covenant, UserFactory(email="reminded@example.org"))
    with committed():
        call_command("send_commitment_reminders", stdout=__import__("io").StringIO())
    assert mail.outbox[-1].to == ["reminded@example.org"]
    assert Commitment.objects.filter(reminder_sent_at__isnull=False).count() == 1


def test_reminder_task_runs_the_same(covenant, committed):
    overdue_commitment(covenant, UserFactory(email="task@example.org"))
    with committed():
        result = updates.send_commitment_reminders.enqueue()
    assert result.return_value == 1
    assert mail.outbox[-1].to == ["task@example.org"]


def test_admin_edits_refresh_the_register_figures(covenant):
    from commitments.services.commitments import commitment_after_admin_save

    commitment = covenant.commitments["public"]
    update = ProgressUpdateFactory(
        commitment=commitment,
        workflow_state=WorkflowState.SUBMITTED,
        published_at=None,
        reported_on=timezone.localdate(),
    )
    IndicatorValue.objects.create(update=update, indicator=commitment.indicators.get(), value=Decimal(850))
    update.workflow_state = WorkflowState.PUBLISHED  # as the secretariat saves it in the admin
    update.save()
    commitment_after_admin_save(update)
    update.refresh_from_db()
    commitment.refresh_from_db()
    assert update.published_at is not None
    assert commitment.progress == Decimal("50.0")
    assert commitment.last_reported_on == timezone.localdate()
