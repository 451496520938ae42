"""Commitments as links into the public register: the register page itself, one commitment's address, and
the short lists on party and group pages (registered as panels in commitments/wagtail_hooks.py)."""

from commitments.models import Commitment, CommitmentRegisterPage
from commitments.models.choices import WorkflowState
from working_groups.models import Organisation, WorkingGroupPage


def register_page() -> CommitmentRegisterPage | None:
    return CommitmentRegisterPage.objects.live().public().first()


def commitment_url(commitment: Commitment, register: CommitmentRegisterPage | None) -> str:
    return register.commitment_url(commitment) if register is not None else ""


def _with_urls(commitments: list[Commitment], request=None) -> list[Commitment]:
    """Give each commitment its `page_url` on the register (blank when there is no register page)."""
    register = register_page()
    base = register.get_url(request) if register is not None else None
    for commitment in commitments:
        commitment.page_url = register.commitment_url(commitment, base=base) if register is not None else ""
    return commitments


def party_commitments(organisation: Organisation, request=None) -> list[Commitment]:
    """The party's commitments in the public register (party pages are public)."""
    through = Commitment.parties.through.objects.filter(organisation=organisation)
    commitments = (
        Commitment.objects.public_register()
        .filter(pk__in=through.values("commitment_id"))
        .order_by("target_date", "title")
    )
    return _with_urls(list(commitments), request)


def group_commitments(group: WorkingGroupPage, request) -> list[Commitment]:
    """The group's published commitments this visitor may see (group-only ones need read access)."""
    commitments = (
        Commitment.objects.visible_to(request.user)
        .filter(group=group, workflow_state=WorkflowState.PUBLISHED)
        .order_by("target_date", "title")
    )
    return _with_urls(list(commitments), request)
