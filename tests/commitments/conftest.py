"""A covenant with a register, two parties, an open, a closed and a private group, and people in every role
around a public, a group-only and a draft commitment."""

from dataclasses import dataclass

import pytest

from commitments.models.choices import CommitmentVisibility, WorkflowState
from tests.factories.cms import make_home_site
from tests.factories.commitments import CommitmentFactory, CommitmentRegisterPageFactory, IndicatorFactory
from tests.factories.users import UserFactory
from tests.factories.working_groups import (
    OrganisationFactory,
    WorkingGroupIndexPageFactory,
    add_member,
    make_group,
    make_secretariat_user,
)
from tests.working_groups.conftest import client_for, committed, email_queue  # noqa: F401  (shared fixtures)
from working_groups.choices import Visibility
from working_groups.models import StakeholderType

PERSONAS = ["anonymous", "outsider", "party_member", "group_member", "secretariat"]


@dataclass
class Covenant:
    register: object
    groups: dict
    parties: dict
    people: dict
    commitments: dict

    def user(self, persona):
        return self.people[persona]


@pytest.fixture
def covenant(db):
    home = make_home_site()
    register = CommitmentRegisterPageFactory(parent=home)
    index = WorkingGroupIndexPageFactory(parent=home)
    groups = {
        "open": make_group(index, Visibility.OPEN, title="Gender lens"),
        "closed": make_group(index, Visibility.CLOSED, title="Child rights"),
        "private": make_group(index, Visibility.PRIVATE, title="Public procurement"),
    }
    parties = {
        "company": OrganisationFactory(name="Nordvik Mining", stakeholder_type=StakeholderType.COMPANY),
        "union": OrganisationFactory(
            name="Metal Workers Union", stakeholder_type=StakeholderType.TRADE_UNION
        ),
    }
    party_member = UserFactory(email="lotte@example.org")
    party_member.profile.organisation = parties["company"]
    party_member.profile.save()
    group_member = UserFactory()
    for group in groups.values():
        add_member(group, group_member)
    people = {
        "anonymous": None,
        "outsider": UserFactory(),
        "party_member": party_member,
        "group_member": group_member,
        "secretariat": make_secretariat_user(),
    }
    company = [parties["company"]]
    commitments = {
        "public": CommitmentFactory(title="Cut direct CO2 emissions 30% by 2027", parties=company),
        "group_only": CommitmentFactory(
            title="Remediation fund for child labour cases",
            parties=company,
            group=groups["closed"],
            visibility=CommitmentVisibility.GROUP,
        ),
        "draft": CommitmentFactory(
            title="Living wage gap analysis",
            parties=company,
            workflow_state=WorkflowState.DRAFT,
            published_at=None,
            author=party_member,
        ),
    }
    IndicatorFactory(
        commitment=commitments["public"],
        name="Direct emissions",
        unit="t CO2",
        baseline=1000,
        target=700,
        direction="decrease",
    )
    return Covenant(register, groups, parties, people, commitments)


@pytest.fixture(autouse=True)
def media_in_tmp(settings, tmp_path):
    """Uploaded plan and evidence documents go to a temporary directory."""
    settings.MEDIA_ROOT = str(tmp_path / "media")
