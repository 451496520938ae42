"""The commitments app adds itself to a party's page and a group's front page through working_groups' panel
hooks: the party's page lists its commitments in the public register (never group-only ones or drafts) and
says so when there are none; a group's page lists the published ones the visitor may see."""

import pytest

from commitments.models.choices import WorkflowState
from tests.factories.commitments import CommitmentFactory
from tests.factories.working_groups import OrganisationFactory

pytestmark = pytest.mark.django_db


def test_a_partys_page_lists_its_public_commitments_only(client, covenant):
    page = client.get(covenant.parties["company"].get_absolute_url()).content.decode()
    public = covenant.commitments["public"]
    assert f'href="{covenant.register.commitment_url(public)}"' in page
    assert covenant.commitments["group_only"].title not in page
    assert covenant.commitments["draft"].title not in page
    assert "This party has no published commitments yet." not in page


def test_a_party_without_commitments_is_said_to_have_none(client, covenant):
    page = client.get(OrganisationFactory(name="Quiet Traders").get_absolute_url()).content.decode()
    assert "This party has no published commitments yet." in page


def test_a_groups_page_lists_the_published_commitments_the_visitor_may_see(client_for, covenant):
    closed = covenant.groups["closed"]
    CommitmentFactory(
        title="Grievance line in three languages",
        parties=[covenant.parties["company"]],
        group=closed,
        workflow_state=WorkflowState.DRAFT,
        published_at=None,
    )
    outsider = client_for(covenant.user("outsider")).get(closed.url).content.decode()
    member = client_for(covenant.user("group_member")).get(closed.url).content.decode()
    group_only = covenant.commitments["group_only"].title
    assert group_only not in outsider
    assert group_only in member
    assert "Grievance line in three languages" not in member
