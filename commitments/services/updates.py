"""Writes to progress updates (draft, submit, approve, return) and the reminders for overdue updates.

An update carries a value for some or all of its commitment's indicators. Approving it publishes it, applies
the status change it proposes, and refreshes the commitment's progress figures. Published updates are never
deleted: a withdrawn commitment keeps its whole history.
"""

from datetime import timedelta
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from django_tasks import task

from cms.emails import absolute_url
from commitments import app_settings
from commitments.models import Commitment, IndicatorValue, ProgressUpdate
from commitments.models.choices import (
    EDITABLE_STATES,
    CommitmentStatus,
    WorkflowState,
)
from commitments.models.progress import mean_progress
from commitments.services.commitments import (
    _require_party_member,
    commitment_refresh_progress,
    document_from_upload,
)
from commitments.services.review import (
    CommitmentError,
    Reviewable,
    ReviewSubject,
    email_template,
    lock,
    review_approve,
    review_return,
    review_submit,
)
from working_groups.emails import email_on_commit

UPDATE_FIELDS = ("reported_on", "narrative", "evidence_url", "new_status")


def _apply(
    update: ProgressUpdate, actor, fields: dict, values: dict[int, Decimal], evidence_file
) -> ProgressUpdate:
    commitment = update.commitment
    indicators = {indicator.pk: indicator for indicator in commitment.indicators.all()}
    foreign = [pk for pk in values if pk not in indicators]
    if foreign:
        raise ValidationError(_("A value was given for an indicator of another commitment."))
    for name in UPDATE_FIELDS:
        if name in fields:
            value = fields[name]
            setattr(update, name, value or "" if name in ("evidence_url", "new_status") else value)
    if update.reported_on and update.reported_on > timezone.localdate():
        raise ValidationError({"reported_on": _("The date of an update cannot be in the future.")})
    if update.reported_on and update.reported_on < commitment.start_date:
        raise ValidationError({"reported_on": _("The update cannot be dated before the commitment started.")})
    with transaction.atomic():
        if evidence_file is not None:
            update.evidence_document = document_from_upload(
                evidence_file, _("Evidence: %(title)s") % {"title": commitment.title}, actor
            )
        update.full_clean(exclude=["progress"])
        update.progress = mean_progress(indicators[pk].progress_for(value) for pk, value in values.items())
        update.save()
        update.values.exclude(indicator_id__in=list(values)).delete()
        for indicator_id, value in values.items():
            IndicatorValue.objects.update_or_create(
                update=update, indicator_id=indicator_id, defaults={"value": value}
            )
    return update


def update_create(
    *, actor, commitment: Commitment, fields: dict, values: dict[int, Decimal], evidence_file=None
) -> ProgressUpdate:
    """A draft progress update on a published commitment, by a person of one of its parties."""
    _require_party_member(actor, commitment)
    if not commitment.is_published:
        raise CommitmentError(_("Progress can be reported once the commitment is published."))
    if commitment.status == CommitmentStatus.WITHDRAWN:
        raise CommitmentError(
            _("This commitment was withdrawn; its history stays, but it takes no new updates.")
        )
    update = ProgressUpdate(commitment=commitment, author=actor, workflow_state=WorkflowState.DRAFT)
    return _apply(update, actor, fields, values, evidence_file)


def update_edit(
    *, actor, update: ProgressUpdate, fields: dict, values: dict[int, Decimal], evidence_file=None
) -> ProgressUpdate:
    _require_party_member(actor, update.commitment)
    if update.workflow_state not in EDITABLE_STATES:
        raise CommitmentError(_("Only a draft or a returned update can be changed."))
    return _apply(update, actor, fields, values, evidence_file)


UPDATE = Reviewable(ProgressUpdate, ReviewSubject.PROGRESS_UPDATE, lambda update: update.commitment.title)


def update_submit(*, actor, update: ProgressUpdate, review_url: str = "") -> ProgressUpdate:
    _require_party_member(actor, update.commitment)
    return review_submit(UPDATE, update, actor=actor, review_url=review_url)


def _apply_to_commitment(update: ProgressUpdate) -> None:
    """An approved update's status change reaches its commitment, and the progress figures are refreshed."""
    commitment = lock(Commitment, update.commitment)
    if update.new_status and update.new_status != commitment.status:
        commitment.status = update.new_status
        commitment.save(update_fields=["status", "updated_at"])
    commitment_refresh_progress(commitment)


def update_approve(*, actor, update: ProgressUpdate, url: str = "") -> ProgressUpdate:
    """Publish a submitted update, apply its status change and refresh the commitment's progress."""
    return review_approve(UPDATE, update, actor=actor, url=url, on_approve=_apply_to_commitment)


def update_return(*, actor, update: ProgressUpdate, comment: str, url: str = "") -> ProgressUpdate:
    return review_return(UPDATE, update, actor=actor, comment=comment, url=url)


def commitments_due_for_reminder(now=None) -> QuerySet[Commitment]:
    """Published commitments in progress whose last approved update (or, without one, their publication) is
    older than the reporting period, and whose contact person has not been reminded within that period."""
    now = now or timezone.now()
    period = timedelta(days=app_settings.commitment_report_days())
    cutoff = timezone.localdate(now) - period
    return (
        Commitment.objects.filter(
            workflow_state=WorkflowState.PUBLISHED,
            status=CommitmentStatus.IN_PROGRESS,
            contact_person__is_active=True,
        )
        .exclude(contact_person__email="")
        .filter(
            Q(last_reported_on__lt=cutoff) | Q(last_reported_on__isnull=True, published_at__lt=now - period)
        )
        .filter(Q(reminder_sent_at__isnull=True) | Q(reminder_sent_at__lt=now - period))
        .select_related("contact_person__profile")
    )


def commitment_reminders_send(*, now=None, url_for=None) -> int:
    """E-mail the contact person of every commitment due for a reminder; returns how many were sent.

    `url_for(commitment)` gives the page where the update is written (the "add an update" form by default).
    """
    from django.urls import reverse

    now = now or timezone.now()
    period = timedelta(days=app_settings.commitment_report_days())
    sent = 0
    for commitment in commitments_due_for_reminder(now):
        with transaction.atomic():
            locked = Commitment.objects.select_for_update(of=("self",)).get(pk=commitment.pk)
            if locked.reminder_sent_at and locked.reminder_sent_at >= now - period:
                continue  # another run reminded them in the meantime
            Commitment.objects.filter(pk=commitment.pk).update(reminder_sent_at=now)
            url = (
                url_for(commitment) if url_for else reverse("commitment_update_create", args=[commitment.pk])
            )
            contact = commitment.contact_person
            last = commitment.last_reported_on or timezone.localdate(commitment.published_at)
            email_on_commit(
                contact.email,
                email_template("commitment_reminder"),
                {
                    "title": commitment.title,
                    "url": absolute_url(url),
                    "last_reported_on": last.isoformat(),
                    "days": app_settings.commitment_report_days(),
                },
                user_id=contact.pk,
            )
            sent += 1
    return sent


@task()
def send_commitment_reminders() -> int:
    """The reminders as a background task (for a scheduler with the database backend's worker)."""
    return commitment_reminders_send()
