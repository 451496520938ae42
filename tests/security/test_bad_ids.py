"""Ids no row can have — 30 digits, below zero — answer 404, or 400 with the filter's own message, never 500
(issue 14, finding 4): in URLs, in every filter of every list, and in the attendee list and its CSV."""

import inspect
from importlib import import_module
from pathlib import Path

from django.apps import apps
from django.contrib.auth.models import AnonymousUser
from django.test import RequestFactory

import django_filters
import pytest

from tests.factories.cms import make_home_site
from tests.factories.commitments import CommitmentFactory, CommitmentRegisterPageFactory
from tests.factories.events import EventPageFactory, make_event_index
from tests.factories.working_groups import (
    OrganisationFactory,
    make_group,
    make_group_index,
    make_secretariat_user,
)
from working_groups.choices import Visibility

pytestmark = pytest.mark.django_db

ROOT = Path(__file__).resolve().parents[2]

HUGE = "1" * 30
BAD_IDS = [HUGE, f"-{HUGE}", "-1"]


@pytest.mark.parametrize("bad", BAD_IDS)
def test_the_party_directory_says_which_filter_it_could_not_use(client, bad):
    group = make_group(make_group_index(), Visibility.OPEN, title="Gender lens")
    party = OrganisationFactory(name="Nordvik Mining")
    response = client.get("/parties/", {"working_group": bad})
    assert response.status_code == 400
    html = response.content.decode()
    assert "Select a valid choice" in html
    assert party.name not in html  # nothing is listed for a filter that could not be read
    assert group.title in html  # still offered in the form


@pytest.mark.parametrize("name", ["group", "party", "theme", "step", "sdg"])
@pytest.mark.parametrize("bad", BAD_IDS)
def test_the_commitment_register_says_which_filter_it_could_not_use(client, name, bad):
    home = make_home_site()
    register = CommitmentRegisterPageFactory(parent=home)
    CommitmentFactory(title="Due diligence for every mine")
    response = client.get(register.url, {name: bad})
    assert response.status_code == 400
    assert "Select a valid choice" in response.content.decode()


@pytest.mark.parametrize("suffix", ["attendees/", "attendees.csv"])
@pytest.mark.parametrize("bad", [HUGE, "9223372036854775808"])
def test_an_attendee_list_of_an_impossible_event_is_not_found(client, suffix, bad):
    event = EventPageFactory(parent=make_event_index(), title="Real event")
    client.force_login(make_secretariat_user())
    assert client.get(f"/events/{event.pk}/{suffix}").status_code == 200
    assert client.get(f"/events/{bad}/{suffix}").status_code == 404
    assert client.post(f"/events/{bad}/attendees/add/", {"email": "a@example.org"}).status_code == 404


def _our_filtersets():
    """Every FilterSet class defined in one of the project's own apps."""
    ours = {
        config.name for config in apps.get_app_configs() if not config.name.startswith(("django", "wagtail"))
    }
    found = {}
    for app in ours:
        for module_name in ("filters", "admin_filters", "admin_viewsets"):
            try:
                module = import_module(f"{app}.{module_name}")
            except ModuleNotFoundError:
                continue
            for value in vars(module).values():
                if (
                    inspect.isclass(value)
                    and issubclass(value, django_filters.FilterSet)
                    and value.__module__ == module.__name__
                    and value._meta.model is not None
                ):
                    found[f"{value.__module__}.{value.__name__}"] = value
    return sorted(found.items())


def test_the_sweep_finds_the_site_filters():
    names = [name for name, _cls in _our_filtersets()]
    assert "working_groups.filters.PartyFilterSet" in names
    assert "commitments.filters.CommitmentRegisterFilterSet" in names


def _bound(filterset_class, data, request):
    for extra in ({"request": request}, {"user": request.user}, {}):
        try:
            return filterset_class(data, **extra)
        except TypeError:
            continue
    raise AssertionError(f"cannot build {filterset_class}")


@pytest.mark.parametrize("name,filterset_class", _our_filtersets())
def test_every_choice_filter_of_the_site_refuses_impossible_ids_without_an_error(name, filterset_class):
    make_home_site()
    request = RequestFactory().get("/")
    request.user = AnonymousUser()
    choice_filters = [
        key
        for key, value in filterset_class.base_filters.items()
        if isinstance(value, django_filters.ModelChoiceFilter | django_filters.ModelMultipleChoiceFilter)
        and value.extra.get("to_field_name") in (None, "pk", "id")  # slug choices cannot overflow
    ]
    for key in choice_filters:
        for bad in BAD_IDS:
            many = isinstance(filterset_class.base_filters[key], django_filters.ModelMultipleChoiceFilter)
            data = {key: [bad]} if many else {key: bad}
            filterset = _bound(filterset_class, data, request)
            assert not filterset.is_valid(), f"{name}.{key}={bad}"
            assert key in filterset.form.errors
