"""Demo commitments: the register page (in the main menu), the themes the issue names, and some twenty-five
commitments of the demo parties with indicators and progress updates (see commitment_data).

Among them: a gender action plan with its plan document, a commitment for a working group only, a withdrawn
one that keeps its history, one submitted and one update waiting for the secretariat, one returned with a
comment, a draft of member@example.org's union, and overdue ones. Idempotent: a commitment is looked up by its
title and left alone when it exists; the register page by its slug.
"""

import datetime
from decimal import Decimal

from django.contrib.auth import get_user_model
from django.core.files.base import ContentFile
from django.utils import timezone

from wagtail.documents.models import Document
from wagtail.search import index

from cms.demo_pages import add_to_main_menu, default_home_page, ensure_child_page
from commitments.demo.commitment_data import (
    DEMO_COMMITMENTS,
    GENDER_ACTION_PLAN_TITLE,
    UNION,
    UPDATE_FOR_REVIEW,
    DemoCommitment,
    DemoUpdate,
)
from commitments.models import (
    Commitment,
    CommitmentRegisterPage,
    DueDiligenceStep,
    Indicator,
    IndicatorValue,
    ProgressUpdate,
    SdgTarget,
)
from commitments.services.commitments import commitment_refresh_progress
from working_groups.demo.accounts import DEMO_MEMBER_EMAIL
from working_groups.models import MemberProfile, Organisation, Theme, WorkingGroupPage

REGISTER_SLUG = "commitments"
REGISTER_TITLE = "Commitment register"
REGISTER_INTRODUCTION = (
    "What the parties promised to do, how they measure it, and how far they got. Every commitment and every "
    "progress report is checked by the secretariat before it appears here."
)
#: Themes the register needs beside the working groups' own (slug: name); existing names are kept.
THEMES = {
    "human-rights": "Human rights",
    "child-labour": "Child labour",
    "gender-equality": "Gender equality",
    "environment-climate": "Environment and climate",
    "conflict-minerals": "Conflict minerals",
    "circular-economy": "Recycling and secondary raw materials",
    "decent-work": "Decent work",
    "public-procurement": "Public procurement",
    "due-diligence": "Due diligence",
}
MONTH = datetime.timedelta(days=30)


def seed_commitments(context) -> None:
    register = _register_page()
    themes = {
        slug: Theme.objects.originals().get_or_create(slug=slug, defaults={"name": name})[0]
        for slug, name in THEMES.items()
    }
    today = timezone.localdate()
    made = 0
    for spec in DEMO_COMMITMENTS:
        if not Commitment.objects.filter(title=spec.title).exists():
            commitment_from_spec(spec, themes, today)
            made += 1
    _update_for_review(today)
    context.stdout.write(
        f"  {made} new commitments; {Commitment.objects.count()} in all, register at {register.url}"
    )


def _register_page() -> CommitmentRegisterPage:
    home = default_home_page()
    register = ensure_child_page(
        home,
        CommitmentRegisterPage,
        slug=REGISTER_SLUG,
        title=REGISTER_TITLE,
        introduction=REGISTER_INTRODUCTION,
    )
    add_to_main_menu(home, register, title="Commitments", position=2)
    return register


def _representative(party: Organisation):
    """The person who speaks for a party: member@example.org for the union, else its first representative."""
    if party.slug == UNION:
        return get_user_model().objects.get(email__iexact=DEMO_MEMBER_EMAIL)
    profile = MemberProfile.objects.filter(organisation=party).select_related("user").order_by("pk").first()
    return profile.user if profile else None


def _plan_document(spec: DemoCommitment) -> Document:
    text = "\n\n".join(
        [
            spec.title.upper(),
            spec.description,
            "TARGETS",
            *(f"- {i.name}: from {i.baseline} to {i.target} {i.unit}" for i in spec.indicators),
            "We report on these indicators twice a year in the covenant's public commitment register.",
        ]
    )
    return Document.objects.create(
        title="Gender action plan 2025-2028, Nordvik Mining & Metals",
        file=ContentFile(text.encode(), name="nordvik-gender-action-plan.txt"),
    )


def commitment_from_spec(spec: DemoCommitment, themes: dict, today: datetime.date) -> Commitment:
    """Create a commitment as the spec says, with its indicators and updates (other demos use it too)."""
    parties = [Organisation.objects.get(slug=slug) for slug in spec.parties]
    contact = _representative(parties[0])
    start = today - spec.started_months_ago * MONTH
    published = spec.workflow == "published"
    now = timezone.now()
    commitment = Commitment.objects.create(
        title=spec.title,
        description=spec.description,
        kind=spec.kind,
        group=WorkingGroupPage.objects.get(slug=spec.group) if spec.group else None,
        visibility=spec.visibility,
        start_date=start,
        target_date=start + spec.months * MONTH,
        status=spec.status,
        contact_person=contact,
        author=contact,
        workflow_state=spec.workflow,
        review_comment=spec.review_comment,
        submitted_at=now if spec.workflow != "draft" else None,
        published_at=timezone.now() - (spec.started_months_ago - 1) * MONTH if published else None,
        plan_document=_plan_document(spec) if spec.title == GENDER_ACTION_PLAN_TITLE else None,
    )
    commitment.parties.set(parties)
    commitment.themes.set([themes[slug] for slug in spec.themes])
    commitment.due_diligence_steps.set(DueDiligenceStep.objects.originals().filter(number__in=spec.steps))
    commitment.sdg_targets.set(SdgTarget.objects.originals().filter(code__in=spec.sdgs))
    indicators = [
        Indicator.objects.create(
            commitment=commitment,
            name=i.name,
            unit=i.unit,
            baseline=Decimal(i.baseline),
            target=Decimal(i.target),
            direction=i.direction,
            sort_order=position,
        )
        for position, i in enumerate(spec.indicators)
    ]
    for update in spec.updates:
        _update(commitment, indicators, update, today, contact)
    commitment_refresh_progress(commitment)
    index.insert_or_update_object(commitment)
    return commitment


def _update(commitment, indicators, spec: DemoUpdate, today, author) -> ProgressUpdate:
    update = ProgressUpdate.objects.create(
        commitment=commitment,
        reported_on=today - spec.months_ago * MONTH,
        narrative=spec.narrative,
        new_status=spec.new_status,
        workflow_state=spec.workflow,
        author=author,
        submitted_at=timezone.now(),
        published_at=timezone.now() if spec.workflow == "published" else None,
    )
    for indicator, value in zip(indicators, spec.values, strict=False):
        IndicatorValue.objects.create(update=update, indicator=indicator, value=Decimal(value))
    values = [
        indicator.progress_for(Decimal(value))
        for indicator, value in zip(indicators, spec.values, strict=False)
    ]
    if values:
        ProgressUpdate.objects.filter(pk=update.pk).update(progress=sum(values) / len(values))
    return update


def _update_for_review(today) -> None:
    title, spec = UPDATE_FOR_REVIEW
    commitment = Commitment.objects.filter(title=title).first()
    if commitment is None or commitment.updates.filter(narrative=spec.narrative).exists():
        return
    author = get_user_model().objects.get(email__iexact=DEMO_MEMBER_EMAIL)
    _update(commitment, list(commitment.indicators.all()), spec, today, author)
