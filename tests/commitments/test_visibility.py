"""Who sees which commitment: the matrix of personas by public / group-only / draft, on the commitment's page,
in the queryset triad, and the rule that the register, its exports and party pages show public ones only."""

import pytest

from commitments.models import Commitment, ProgressUpdate
from commitments.models.choices import CommitmentVisibility, WorkflowState
from tests.factories.commitments import CommitmentFactory, ProgressUpdateFactory

pytestmark = pytest.mark.django_db

EXPECTED = {
    # persona:        public, group_only, draft
    "anonymous": (200, 404, 404),
    "outsider": (200, 404, 404),
    "party_member": (200, 200, 200),
    "group_member": (200, 200, 404),
    "secretariat": (200, 200, 200),
}
KINDS = ("public", "group_only", "draft")


def page_url(covenant, commitment) -> str:
    return covenant.register.commitment_url(commitment)


@pytest.mark.parametrize("persona", list(EXPECTED))
@pytest.mark.parametrize("kind", KINDS)
def test_commitment_page_matrix(covenant, client_for, persona, kind):
    commitment = covenant.commitments[kind]
    response = client_for(covenant.user(persona)).get(page_url(covenant, commitment))
    assert response.status_code == EXPECTED[persona][KINDS.index(kind)]
    if response.status_code == 200:
        assert commitment.title in response.text


@pytest.mark.parametrize("persona", list(EXPECTED))
def test_queryset_triad_agrees_with_the_matrix(covenant, persona):
    user = covenant.user(persona)
    visible = set(Commitment.objects.visible_to(user).values_list("title", flat=True))
    hidden = set(Commitment.objects.not_visible_to(user).values_list("title", flat=True))
    expected = {
        covenant.commitments[k].title for k, code in zip(KINDS, EXPECTED[persona], strict=True) if code == 200
    }
    assert visible == expected
    assert hidden == {c.title for c in covenant.commitments.values()} - expected
    assert Commitment.objects.visible_to(user).count() == len(expected)  # no duplicate rows through parties


def test_shared_commitment_is_one_row_for_every_party_member(covenant):
    shared = CommitmentFactory(parties=list(covenant.parties.values()), workflow_state=WorkflowState.DRAFT)
    user = covenant.user("party_member")
    assert list(Commitment.objects.visible_to(user).filter(pk=shared.pk)) == [shared]
    assert Commitment.objects.editable_by(user).filter(pk=shared.pk).count() == 1


def test_group_only_commitment_of_a_private_group(covenant, client_for):
    private = CommitmentFactory(
        parties=[covenant.parties["union"]],
        group=covenant.groups["private"],
        visibility=CommitmentVisibility.GROUP,
    )
    url = page_url(covenant, private)
    assert client_for(covenant.user("outsider")).get(url).status_code == 404
    assert client_for(covenant.user("group_member")).get(url).status_code == 200


def test_wrong_slug_redirects_to_the_right_one(covenant, client):
    commitment = covenant.commitments["public"]
    response = client.get(covenant.register.url + f"{commitment.pk}/old-title/")
    assert response.status_code == 301
    assert response["Location"].endswith(f"/{commitment.pk}/{commitment.slug}/")


@pytest.mark.parametrize("persona", list(EXPECTED))
@pytest.mark.parametrize("route", ["", "export/csv/", "export/json/"])
def test_register_and_exports_show_public_commitments_only(covenant, client_for, persona, route):
    response = client_for(covenant.user(persona)).get(covenant.register.url + route)
    assert response.status_code == 200
    text = response.content.decode()
    assert covenant.commitments["public"].title in text
    assert covenant.commitments["group_only"].title not in text
    assert covenant.commitments["draft"].title not in text


def test_register_search_never_finds_group_only_or_drafts(covenant, client_for):
    client = client_for(covenant.user("secretariat"))
    for word in ("Remediation", "Living"):
        response = client.get(covenant.register.url, {"q": word})
        assert "No commitment matches these filters." in response.text


@pytest.mark.parametrize("persona", ["anonymous", "group_member", "secretariat"])
def test_party_page_lists_public_commitments_only(covenant, client_for, persona):
    response = client_for(covenant.user(persona)).get(covenant.parties["company"].get_absolute_url())
    assert covenant.commitments["public"].title in response.text
    assert covenant.commitments["group_only"].title not in response.text
    assert covenant.commitments["draft"].title not in response.text


@pytest.mark.parametrize(("persona", "sees_group_only"), [("anonymous", False), ("group_member", True)])
def test_group_page_lists_what_the_visitor_may_see(covenant, client_for, persona, sees_group_only):
    public_in_group = CommitmentFactory(title="Shared smelter audits", group=covenant.groups["closed"])
    response = client_for(covenant.user(persona)).get(covenant.groups["closed"].url)
    assert public_in_group.title in response.text
    assert (covenant.commitments["group_only"].title in response.text) is sees_group_only


def test_unpublished_updates_stay_with_the_party(covenant, client_for):
    commitment = covenant.commitments["public"]
    ProgressUpdateFactory(commitment=commitment, narrative="Published narrative about smelters.")
    draft = ProgressUpdateFactory(
        commitment=commitment,
        narrative="Draft narrative not yet reviewed.",
        workflow_state=WorkflowState.DRAFT,
    )
    response = client_for(None).get(page_url(covenant, commitment))
    assert "Published narrative about smelters." in response.text
    assert "Draft narrative not yet reviewed." not in response.text
    assert draft in ProgressUpdate.objects.visible_to(covenant.user("party_member"))
    assert draft not in ProgressUpdate.objects.visible_to(covenant.user("outsider"))
    assert draft in ProgressUpdate.objects.not_visible_to(None)


def test_written_out_url_matches_the_route(covenant):
    commitment = covenant.commitments["public"]
    route = covenant.register.reverse_subpage(
        "commitment", kwargs={"pk": commitment.pk, "slug": commitment.slug}
    )
    assert covenant.register.commitment_url(commitment) == covenant.register.url + route
