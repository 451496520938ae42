"""The review workflow that commitments and progress updates share, written once.

submit: a draft or returned item goes to the secretariat (each of them is e-mailed);
approve: the secretariat publishes a submitted item (its author is e-mailed);
return: the secretariat sends a submitted item back with a required comment (its author is e-mailed).

Each step locks the row, checks the state it starts from, writes, and queues the e-mails on commit. What is
particular to one kind (the plan document a gender action plan needs; the status change an update applies)
comes in as `check` / `on_approve` callbacks, which run on the locked row inside the transaction.
"""

from collections.abc import Callable
from dataclasses import dataclass

from django.contrib.auth import get_user_model
from django.db import models, transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from cms.emails import absolute_url
from commitments.models.choices import EDITABLE_STATES, WorkflowState
from working_groups import access
from working_groups.emails import email_on_commit
from working_groups.services.errors import MembershipError, NotAllowed
from working_groups.services.membership import display_name


class CommitmentError(MembershipError):
    """A workflow step that cannot be taken now (e.g. approving a draft); the message says why."""


class ReviewSubject(models.TextChoices):
    """What a review e-mail is about (the `kind` in the commitment_* e-mails)."""

    COMMITMENT = "commitment", gettext_lazy("commitment")
    PROGRESS_UPDATE = "progress_update", gettext_lazy("progress update")


def _refusals(kind: str) -> dict[str, str]:
    """Why a step cannot be taken, per kind (translated when asked for)."""
    if kind == ReviewSubject.COMMITMENT:
        return {
            "submit": _("Only a draft or a returned commitment can be submitted."),
            "approve": _("Only a submitted commitment can be approved."),
            "return": _("Only a submitted commitment can be returned."),
        }
    return {
        "submit": _("Only a draft or a returned update can be submitted."),
        "approve": _("Only a submitted update can be approved."),
        "return": _("Only a submitted update can be returned."),
    }


@dataclass(frozen=True)
class Reviewable:
    """One kind of reviewed item: its model, its ReviewSubject code, and the commitment title e-mails name."""

    model: type[models.Model]
    kind: str
    title_of: Callable[[models.Model], str]


def email_template(name: str) -> str:
    """The commitments app's e-mail templates (commitments/emails/<name>_subject.txt and _body.txt)."""
    return f"commitments/emails/{name}"


def require_secretariat(actor) -> None:
    if not access.is_secretariat(actor):
        raise NotAllowed(_("Only the secretariat reviews commitments and progress updates."))


def secretariat_user_ids() -> list[int]:
    """The secretariat's people with an address; e-mails to them are addressed when they are sent."""
    return list(
        get_user_model()
        .objects.filter(groups__name=access.SECRETARIAT_GROUP_NAME, is_active=True)
        .exclude(email="")
        .values_list("pk", flat=True)
        .distinct()
    )


def lock(model, obj):
    return model.objects.select_for_update(of=("self",)).get(pk=obj.pk)


def review_context(kind: str, title: str, url: str, comment: str = "", actor=None) -> dict:
    """The context of a commitment_* e-mail; `kind` is a ReviewSubject code, translated for the recipient."""
    return {
        "kind": kind,
        "title": title,
        "url": absolute_url(url),
        "comment": comment,
        "actor_name": display_name(actor) if actor is not None else "",
    }


def notify_author(author, template: str, context: dict) -> None:
    if author is not None and author.is_active and author.email:
        email_on_commit("", email_template(template), context, user_id=author.pk)


def review_submit(item: Reviewable, obj, *, actor, review_url: str = "", check=None):
    """Draft or returned → submitted; the secretariat hears of it. The caller checked who `actor` is."""
    with transaction.atomic():
        locked = lock(item.model, obj)
        if locked.workflow_state not in EDITABLE_STATES:
            raise CommitmentError(_refusals(item.kind)["submit"])
        if check is not None:
            check(locked)
        locked.workflow_state = WorkflowState.SUBMITTED
        locked.submitted_at = timezone.now()
        locked.save(update_fields=["workflow_state", "submitted_at", "updated_at"])
        context = review_context(item.kind, item.title_of(locked), review_url, actor=actor)
        for user_id in secretariat_user_ids():
            email_on_commit("", email_template("commitment_submitted"), context, user_id=user_id)
    return locked


def review_approve(item: Reviewable, obj, *, actor, url: str = "", on_approve=None):
    """Submitted → published (first publication date kept); the author hears of it."""
    require_secretariat(actor)
    with transaction.atomic():
        locked = lock(item.model, obj)
        if locked.workflow_state != WorkflowState.SUBMITTED:
            raise CommitmentError(_refusals(item.kind)["approve"])
        locked.workflow_state = WorkflowState.PUBLISHED
        locked.review_comment = ""
        locked.published_at = locked.published_at or timezone.now()
        locked.save(update_fields=["workflow_state", "review_comment", "published_at", "updated_at"])
        if on_approve is not None:
            on_approve(locked)
        context = review_context(item.kind, item.title_of(locked), url, actor=actor)
        notify_author(locked.author, "commitment_approved", context)
    return locked


def review_return(item: Reviewable, obj, *, actor, comment: str, url: str = ""):
    """Submitted → returned with the secretariat's (required) comment; the author hears of it."""
    require_secretariat(actor)
    comment = (comment or "").strip()
    if not comment:
        raise CommitmentError(_("Tell the party what to change: the comment is required."))
    with transaction.atomic():
        locked = lock(item.model, obj)
        if locked.workflow_state != WorkflowState.SUBMITTED:
            raise CommitmentError(_refusals(item.kind)["return"])
        locked.workflow_state = WorkflowState.RETURNED
        locked.review_comment = comment
        locked.save(update_fields=["workflow_state", "review_comment", "updated_at"])
        context = review_context(item.kind, item.title_of(locked), url, comment, actor)
        notify_author(locked.author, "commitment_returned", context)
    return locked
