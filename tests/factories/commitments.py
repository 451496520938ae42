"""Factories for commitments, indicators and progress updates, and the register page."""

import datetime
from decimal import Decimal

from django.utils import timezone

from wagtail.search import index
from wagtail.test.utils.wagtail_factories import PageFactory

import factory

from commitments.models import Commitment, CommitmentRegisterPage, Indicator, IndicatorValue, ProgressUpdate
from commitments.models.choices import (
    CommitmentStatus,
    CommitmentVisibility,
    Direction,
    WorkflowState,
)
from tests.factories.working_groups import OrganisationFactory


class CommitmentRegisterPageFactory(PageFactory):
    title = "Commitments"
    slug = "commitments"
    introduction = "What the parties promised, and how far they got."

    class Meta:
        model = CommitmentRegisterPage


class CommitmentFactory(factory.django.DjangoModelFactory):
    """A published, public commitment in progress; `parties=[...]` to choose them (else one new party)."""

    class Meta:
        model = Commitment
        skip_postgeneration_save = True

    title = factory.Sequence(lambda n: f"Map smelters in our tin supply chain, phase {n}")
    description = "We map every smelter in our tin supply chain and compare it with the RMI assessment list."
    start_date = datetime.date(2025, 1, 1)
    target_date = datetime.date(2027, 12, 31)
    status = CommitmentStatus.IN_PROGRESS
    visibility = CommitmentVisibility.PUBLIC
    workflow_state = WorkflowState.PUBLISHED
    published_at = factory.LazyFunction(timezone.now)
    last_reported_on = factory.LazyFunction(timezone.localdate)

    @factory.post_generation
    def parties(commitment, create, extracted, **kwargs):
        if create:
            commitment.parties.set(extracted if extracted is not None else [OrganisationFactory()])

    @factory.post_generation
    def themes(commitment, create, extracted, **kwargs):
        if create and extracted:
            commitment.themes.set(extracted)

    @factory.post_generation
    def reindex(commitment, create, extracted, **kwargs):
        if create:
            index.insert_or_update_object(commitment)


class IndicatorFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Indicator

    commitment = factory.SubFactory(CommitmentFactory)
    name = factory.Sequence(lambda n: f"Smelters mapped {n}")
    unit = "%"
    baseline = Decimal(0)
    target = Decimal(100)
    direction = Direction.INCREASE
    sort_order = factory.Sequence(lambda n: n)


class ProgressUpdateFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ProgressUpdate

    commitment = factory.SubFactory(CommitmentFactory)
    reported_on = datetime.date(2025, 6, 30)
    narrative = "We sent the questionnaire to all 48 suppliers; 30 answered with their smelter lists."
    workflow_state = WorkflowState.PUBLISHED
    published_at = factory.LazyFunction(timezone.now)


class IndicatorValueFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = IndicatorValue

    update = factory.SubFactory(ProgressUpdateFactory)
    indicator = factory.SubFactory(IndicatorFactory)
    value = Decimal(50)
