"""A filter naming a row by an integer key no database can hold is an invalid choice, not a 500 — on the
pages as in the API (they share the FilterSets)."""

import pytest

from cms.filter_fields import MAX_INTEGER_KEY, integer_key_out_of_range
from tests.factories.cms import make_home_site
from tests.factories.commitments import CommitmentFactory, CommitmentRegisterPageFactory
from working_groups.models import DueDiligenceStep, Organisation, Theme, WorkingGroupPage

HUGE = str(MAX_INTEGER_KEY + 1)


def test_only_integer_keys_beyond_64_bits_are_out_of_range():
    assert integer_key_out_of_range(WorkingGroupPage, None, HUGE)
    assert integer_key_out_of_range(WorkingGroupPage, None, "-" + HUGE)
    assert integer_key_out_of_range(DueDiligenceStep, "number", "9" * 30)
    assert not integer_key_out_of_range(WorkingGroupPage, None, str(MAX_INTEGER_KEY))
    assert not integer_key_out_of_range(WorkingGroupPage, None, "abc")
    assert not integer_key_out_of_range(Theme, "slug", "9" * 30), "a slug may be all digits"
    assert not integer_key_out_of_range(Organisation, "slug", "")


@pytest.mark.django_db
@pytest.mark.parametrize("query", [f"group={HUGE}", "step=" + "9" * 30, f"group=-{HUGE}"])
def test_the_register_refuses_an_impossible_key_with_a_message(client, query):
    home = make_home_site()
    register = CommitmentRegisterPageFactory(parent=home)
    CommitmentFactory(title="Map smelters")
    response = client.get(f"{register.url}?{query}")
    assert response.status_code == 200
    assert response.context["filterset"].errors
    assert "Map smelters" not in response.content.decode()


@pytest.mark.django_db
def test_the_parties_directory_refuses_an_impossible_group(client):
    make_home_site()
    response = client.get(f"/parties/?working_group={HUGE}")
    assert response.status_code == 200
    assert "working_group" in response.context["filterset"].errors
