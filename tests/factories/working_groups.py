"""Factories for parties, working groups and memberships."""

import datetime

from django.contrib.auth.models import Group
from django.utils.text import slugify

from wagtail.test.utils.wagtail_factories import PageFactory

import factory

from tests.factories.cms import make_home_site
from tests.factories.users import UserFactory
from working_groups.access import SECRETARIAT_GROUP_NAME
from working_groups.choices import JoiningPolicy, Role, Visibility
from working_groups.models import (
    Membership,
    Organisation,
    PartyStatus,
    StakeholderType,
    Theme,
    WorkingGroupIndexPage,
    WorkingGroupPage,
)


class OrganisationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Organisation

    name = factory.Sequence(lambda n: f"Metal Party {n}")
    slug = factory.LazyAttribute(lambda obj: slugify(obj.name))
    stakeholder_type = StakeholderType.COMPANY
    country = "NL"
    party_status = PartyStatus.SIGNATORY
    signatory_since = datetime.date(2022, 6, 1)
    description = "Works on responsible sourcing of tin, tungsten, tantalum and gold."


class ThemeFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Theme
        django_get_or_create = ("slug",)

    name = factory.Sequence(lambda n: f"Theme {n}")
    slug = factory.LazyAttribute(lambda obj: slugify(obj.name))


class WorkingGroupIndexPageFactory(PageFactory):
    title = "Working groups"
    slug = "working-groups"
    introduction = "Where the parties work on the covenant's themes together."

    class Meta:
        model = WorkingGroupIndexPage


class WorkingGroupPageFactory(PageFactory):
    title = factory.Sequence(lambda n: f"Working group {n}")
    slug = factory.LazyAttribute(lambda obj: slugify(obj.title))
    introduction = "Parties compare their due-diligence practice in the minerals supply chain."
    visibility = Visibility.OPEN
    joining_policy = JoiningPolicy.REQUEST

    class Meta:
        model = WorkingGroupPage


class MembershipFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Membership

    group = None
    user = factory.SubFactory(UserFactory)
    role = Role.MEMBER


def make_group_index(**fields) -> WorkingGroupIndexPage:
    """A home site with a working-group index below it."""
    home = make_home_site()
    return WorkingGroupIndexPageFactory(parent=home, **fields)


def make_group(index: WorkingGroupIndexPage, visibility: str = Visibility.OPEN, **fields) -> WorkingGroupPage:
    return WorkingGroupPageFactory(parent=index, visibility=visibility, **fields)


def add_member(group: WorkingGroupPage, user=None, role: str = Role.MEMBER, organisation=None) -> Membership:
    user = user or UserFactory()
    if organisation is not None:
        user.profile.organisation = organisation
        user.profile.save(update_fields=["organisation"])
    return Membership.objects.create(group=group, user=user, role=role)


def make_secretariat_user():
    person = UserFactory()
    group, _created = Group.objects.get_or_create(name=SECRETARIAT_GROUP_NAME)
    person.groups.add(group)
    return person
