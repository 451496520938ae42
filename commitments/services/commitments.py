"""Writes to action commitments: create, edit, submit for review, approve, return with a comment.

Who: people of one of the commitment's parties (their member profile names the party) draft and submit; the
secretariat reviews, and may also edit. Each service checks permission and input first (NotAllowed /
ValidationError, nothing changed), then writes in one transaction and queues e-mails on commit.
"""

from dataclasses import dataclass
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from wagtail.documents import get_document_model
from wagtail.search import index

from commitments.models import Commitment, Indicator, IndicatorValue, ProgressUpdate
from commitments.models.choices import (
    CommitmentKind,
    WorkflowState,
)
from commitments.models.commitment import party_organisation_id
from commitments.models.progress import mean_progress
from commitments.services.review import (
    CommitmentError,
    Reviewable,
    ReviewSubject,
    review_approve,
    review_return,
    review_submit,
)
from working_groups import access
from working_groups.models import WorkingGroupPage
from working_groups.services.errors import NotAllowed

COMMITMENT_FIELDS = (
    "title",
    "description",
    "kind",
    "group",
    "start_date",
    "target_date",
    "status",
    "visibility",
    "contact_person",
)
COMMITMENT_M2M = ("parties", "themes", "due_diligence_steps", "sdg_targets")
INDICATOR_FIELDS = ("name", "unit", "baseline", "target", "direction")


@dataclass
class IndicatorInput:
    """One row of the indicators formset: `pk` None for a new indicator; `delete` removes an existing one."""

    name: str
    unit: str
    baseline: Decimal
    target: Decimal
    direction: str
    pk: int | None = None
    delete: bool = False


def may_edit(user, commitment: Commitment) -> bool:
    """Whether `user` may work on this commitment: the one rule is Commitment.objects.editable_by."""
    if user is None or not user.is_authenticated:
        return False
    return Commitment.objects.editable_by(user).filter(pk=commitment.pk).exists()


def _require_party_member(actor, commitment: Commitment) -> None:
    if actor is None or not actor.is_authenticated:
        raise NotAllowed(_("Please sign in first."))
    if not may_edit(actor, commitment):
        raise NotAllowed(_("Only people of the commitment's parties and the secretariat can do this."))


def document_from_upload(uploaded_file, title: str, actor):
    """A Wagtail document made from an uploaded file (plan documents, evidence)."""
    document = get_document_model()(title=title[:255], file=uploaded_file, uploaded_by_user=actor)
    document.full_clean(exclude=["collection"])
    document.save()
    return document


def _check_group(actor, group: WorkingGroupPage | None) -> None:
    if group is not None and not access.can_see_group(actor, group):
        raise ValidationError({"group": _("Choose a working group you belong to or that is public.")})


def _check_parties(actor, parties) -> None:
    if not parties:
        raise ValidationError({"parties": _("Choose at least one party.")})
    if access.is_secretariat(actor):
        return
    organisation_id = party_organisation_id(actor)
    if organisation_id is None or all(party.pk != organisation_id for party in parties):
        raise ValidationError({"parties": _("Your own party must be one of the parties.")})


def _save_indicators(commitment: Commitment, indicators: list[IndicatorInput]) -> None:
    """Indicators that progress updates report on are never deleted (Indicator.objects.deletion_refusals)."""
    existing = {indicator.pk: indicator for indicator in commitment.indicators.all()}
    if any(row.pk is not None and row.pk not in existing for row in indicators):
        raise ValidationError(_("An indicator of another commitment cannot be changed here."))
    deleting = [row.pk for row in indicators if row.delete and row.pk is not None]
    refusals = Indicator.objects.filter(pk__in=deleting).deletion_refusals() if deleting else {}
    if refusals:
        raise ValidationError(list(refusals.values()))
    position = 0
    for row in indicators:
        if row.delete:
            if row.pk is not None:
                existing[row.pk].delete()
            continue
        indicator = existing.get(row.pk) or Indicator(commitment=commitment)
        for field in INDICATOR_FIELDS:
            setattr(indicator, field, getattr(row, field))
        indicator.sort_order = position
        indicator.full_clean(exclude=["commitment"])
        indicator.save()
        position += 1


def _apply(commitment: Commitment, actor, fields: dict, indicators, plan_file) -> Commitment:
    m2m = {name: list(fields[name]) for name in COMMITMENT_M2M if name in fields}
    _check_parties(actor, m2m.get("parties", list(commitment.parties.all()) if commitment.pk else []))
    _check_group(actor, fields.get("group"))
    for name in COMMITMENT_FIELDS:
        if name in fields:
            setattr(commitment, name, fields[name])
    if commitment.kind != CommitmentKind.GENDER_ACTION_PLAN:
        commitment.plan_document = None
    with transaction.atomic():
        if plan_file is not None and commitment.kind == CommitmentKind.GENDER_ACTION_PLAN:
            commitment.plan_document = document_from_upload(plan_file, commitment.title, actor)
        commitment.full_clean()
        commitment.save()
        for name, values in m2m.items():
            getattr(commitment, name).set(values)
        if indicators is not None:
            _save_indicators(commitment, indicators)
        index.insert_or_update_object(commitment)
    return commitment


@dataclass(frozen=True)
class CommitmentSource:
    """Where a draft comes from (e.g. a session's action point): shown on the commitment's pages to those
    who may read `group`'s content (its members only when `members_only`; everyone when there is no group)."""

    title: str
    url: str
    group: WorkingGroupPage | None = None
    members_only: bool = False


def commitment_create(
    *,
    actor,
    fields: dict,
    indicators: list[IndicatorInput] | None = None,
    plan_file=None,
    source: CommitmentSource | None = None,
) -> Commitment:
    """A new draft by a person of one of its parties (or the secretariat)."""
    if actor is None or not actor.is_authenticated:
        raise NotAllowed(_("Please sign in first."))
    if not access.is_secretariat(actor) and party_organisation_id(actor) is None:
        raise NotAllowed(_("Link your profile to your party first: only parties make commitments."))
    commitment = Commitment(author=actor, workflow_state=WorkflowState.DRAFT)
    if source is not None:
        commitment.source_title = source.title[:300]
        commitment.source_url = source.url[:500]
        commitment.source_group = source.group
        commitment.source_members_only = source.members_only
    if not fields.get("contact_person"):
        fields = {**fields, "contact_person": actor}
    return _apply(commitment, actor, fields, indicators or [], plan_file)


def commitment_update(
    *,
    actor,
    commitment: Commitment,
    fields: dict,
    indicators: list[IndicatorInput] | None = None,
    plan_file=None,
) -> Commitment:
    """Change a draft or returned commitment; the secretariat may also correct submitted or published ones."""
    _require_party_member(actor, commitment)
    if not commitment.is_editable and not access.is_secretariat(actor):
        raise CommitmentError(
            _("This commitment is with the secretariat or published; report progress with an update instead.")
        )
    return _apply(commitment, actor, fields, indicators, plan_file)


COMMITMENT = Reviewable(Commitment, ReviewSubject.COMMITMENT, lambda commitment: commitment.title)


def _check_plan_document(commitment: Commitment) -> None:
    if commitment.is_gender_action_plan and not commitment.plan_document_id:
        raise CommitmentError(_("Add the plan document before submitting a gender action plan."))


def commitment_submit(*, actor, commitment: Commitment, review_url: str = "") -> Commitment:
    """Send a draft (or returned) commitment to the secretariat for review."""
    _require_party_member(actor, commitment)
    return review_submit(
        COMMITMENT, commitment, actor=actor, review_url=review_url, check=_check_plan_document
    )


def commitment_approve(*, actor, commitment: Commitment, url: str = "") -> Commitment:
    """Publish a submitted commitment; its author hears of it."""
    return review_approve(COMMITMENT, commitment, actor=actor, url=url)


def commitment_return(*, actor, commitment: Commitment, comment: str, url: str = "") -> Commitment:
    """Send a submitted commitment back to its parties with the secretariat's comment."""
    return review_return(COMMITMENT, commitment, actor=actor, comment=comment, url=url)


def commitment_refresh_progress(commitment: Commitment) -> Commitment:
    """Recompute the figures the register sorts and filters on, from the published updates.

    Each indicator counts with the value of its latest published update (0 % while it has none); the
    commitment's progress is the mean over its indicators, None without indicators.
    """
    indicators = list(commitment.indicators.all())
    values = (
        IndicatorValue.objects.filter(
            update__commitment=commitment, update__workflow_state=WorkflowState.PUBLISHED
        )
        .order_by("update__reported_on", "update__pk")
        .values_list("indicator_id", "value")
    )
    latest = dict(values)
    commitment.progress = mean_progress(
        indicator.progress_for(latest[indicator.pk]) if indicator.pk in latest else Decimal(0)
        for indicator in indicators
    )
    last = (
        ProgressUpdate.objects.published()
        .filter(commitment=commitment)
        .order_by("-reported_on")
        .values_list("reported_on", flat=True)
        .first()
    )
    commitment.last_reported_on = last
    commitment.save(update_fields=["progress", "last_reported_on", "updated_at"])
    return commitment


def commitment_after_admin_save(instance) -> None:
    """After the secretariat saved a commitment or an update in the Wagtail admin: stamp the publication
    date, recompute progress and reindex, as the services do for changes made on the site."""
    update = instance if isinstance(instance, ProgressUpdate) else None
    commitment = update.commitment if update is not None else instance
    now = timezone.now()
    for obj in filter(None, (update, commitment)):
        if obj.workflow_state == WorkflowState.PUBLISHED and obj.published_at is None:
            type(obj).objects.filter(pk=obj.pk).update(published_at=now)
            obj.published_at = now
    commitment = Commitment.objects.get(pk=commitment.pk)
    commitment_refresh_progress(commitment)
    index.insert_or_update_object(commitment)
