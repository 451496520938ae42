"""People of a party cite a resource they may see in their own commitments and progress updates; nobody
cites in another party's commitment, or a resource they may not see."""

import pytest

from library.models import ResourceCitation
from tests.factories.commitments import CommitmentFactory, ProgressUpdateFactory
from tests.factories.working_groups import OrganisationFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def party_member(library_world):
    party = OrganisationFactory()
    member = library_world.member
    member.profile.organisation = party
    member.profile.save()
    own = CommitmentFactory(parties=[party], title="Our smelter mapping")
    other = CommitmentFactory(title="Someone else's commitment")
    return member, own, other


def _cite(client, resource, target, purpose="guidance"):
    return client.post(f"/library-cite/{resource.pk}/", {"target": target, "purpose": purpose})


def test_a_party_member_cites_in_their_commitment_and_update(client, library_world, party_member):
    member, own, _other = party_member
    update = ProgressUpdateFactory(commitment=own)
    client.force_login(member)
    page = client.get(
        library_world.library.resource_url_for(library_world.public.pk, library_world.public.title)
    )
    assert "Cite it in your commitment" in page.content.decode()
    assert "Our smelter mapping" in page.content.decode()

    assert _cite(client, library_world.public, f"c:{own.pk}").status_code == 302
    assert _cite(client, library_world.group_only, f"u:{own.pk}/{update.pk}", "evidence").status_code == 302

    citations = set(
        ResourceCitation.objects.values_list("resource_id", "commitment_id", "progress_update_id", "purpose")
    )
    assert citations == {
        (library_world.public.pk, own.pk, None, "guidance"),
        (library_world.group_only.pk, own.pk, update.pk, "evidence"),
    }


@pytest.mark.parametrize("case", ["other party", "foreign update", "bad target", "bad purpose"])
def test_refused_citations_change_nothing(client, library_world, party_member, case):
    member, own, other = party_member
    foreign_update = ProgressUpdateFactory(commitment=other)
    client.force_login(member)
    target, purpose = {
        "other party": (f"c:{other.pk}", "guidance"),
        "foreign update": (f"u:{own.pk}/{foreign_update.pk}", "guidance"),
        "bad target": ("x:1", "guidance"),
        "bad purpose": (f"c:{own.pk}", "decoration"),
    }[case]

    response = _cite(client, library_world.public, target, purpose)

    assert response.status_code == 302
    assert not ResourceCitation.objects.exists()


def test_outsiders_cannot_cite_a_resource_they_may_not_see(client, library_world, party_member):
    _member, own, _other = party_member
    client.force_login(library_world.outsider)
    assert _cite(client, library_world.group_only, f"c:{own.pk}").status_code == 404
    client.logout()
    assert _cite(client, library_world.public, f"c:{own.pk}").status_code == 302  # to the sign-in
    assert not ResourceCitation.objects.exists()
