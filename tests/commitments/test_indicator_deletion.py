"""Deleting an indicator that progress updates already report on is refused with a clear message, in the
Wagtail admin's inline indicators and on the site's own commitment form; nothing of the submission is saved.
An indicator nobody reported on can still be deleted."""

from django.db import connection
from django.test.utils import CaptureQueriesContext

import pytest

from commitments.models import Indicator, IndicatorValue
from commitments.models.choices import WorkflowState
from tests.commitments.test_views import admin_form_data
from tests.factories.commitments import IndicatorFactory, IndicatorValueFactory, ProgressUpdateFactory

pytestmark = pytest.mark.django_db

NEW_TITLE = "Cut direct CO2 emissions 40% by 2028"


@pytest.fixture
def commitment(covenant):
    return covenant.commitments["public"]


@pytest.fixture
def reported(commitment):
    """The commitment's "Direct emissions" indicator, with values in a published and a draft update."""
    indicator = commitment.indicators.get()
    for state in (WorkflowState.PUBLISHED, WorkflowState.DRAFT):
        update = ProgressUpdateFactory(commitment=commitment, workflow_state=state)
        IndicatorValueFactory(update=update, indicator=indicator, value=900)
    return indicator


@pytest.fixture
def unused(commitment, reported):
    """A second indicator of the same commitment that no update reports on."""
    return IndicatorFactory(commitment=commitment, name="Diesel burnt", unit="m3", sort_order=1)


def admin_url(commitment) -> str:
    return f"/admin/snippets/commitments/commitment/edit/{commitment.pk}/"


def admin_delete(client, commitment, indicator, **changes):
    """Post the admin edit form as the page shows it, with `indicator` marked deleted by its bin button."""
    form = client.get(admin_url(commitment)).context["form"]
    data = admin_form_data(form)
    (row,) = [child for child in form.formsets["indicators"].forms if child.instance.pk == indicator.pk]
    data[f"{row.prefix}-DELETE"] = "1"
    data.update(changes)
    return client.post(admin_url(commitment), data), row.prefix


def test_admin_refuses_to_delete_an_indicator_with_reported_values(
    client_for, covenant, commitment, reported
):
    client = client_for(covenant.user("secretariat"))
    response, prefix = admin_delete(client, commitment, reported, title=NEW_TITLE)
    assert response.status_code == 200
    assert (
        "“Direct emissions” has reported values in 2 progress updates, so it cannot be deleted"
        in response.text
    )
    formset = response.context["form"].formsets["indicators"]
    assert formset.non_form_errors()
    # Nothing changed: the indicator and its values stay, and the other edit of the submission is not saved.
    assert Indicator.objects.filter(pk=reported.pk, name="Direct emissions").exists()
    assert IndicatorValue.objects.filter(indicator=reported).count() == 2
    commitment.refresh_from_db()
    assert commitment.title == "Cut direct CO2 emissions 30% by 2027"
    # The form comes back with what was typed, and the refused row is no longer marked for deletion, so
    # saving again keeps the indicator instead of running into the same refusal.
    assert f'value="{NEW_TITLE}"' in response.text
    assert f'name="{prefix}-DELETE" value="1"' not in response.text
    assert f'name="{prefix}-name" value="Direct emissions"' in response.text
    saved_again = client.post(admin_url(commitment), admin_form_data(response.context["form"]))
    assert saved_again.status_code == 302
    commitment.refresh_from_db()
    assert commitment.title == NEW_TITLE
    assert list(commitment.indicators.values_list("pk", flat=True)) == [reported.pk]


def test_admin_names_every_refused_indicator_and_keeps_an_unused_one(
    client_for, covenant, commitment, reported, unused
):
    client = client_for(covenant.user("secretariat"))
    form = client.get(admin_url(commitment)).context["form"]
    data = admin_form_data(form)
    for child in form.formsets["indicators"].forms:
        data[f"{child.prefix}-DELETE"] = "1"
    response = client.post(admin_url(commitment), data)
    assert response.status_code == 200
    assert "“Direct emissions” has reported values in 2 progress updates" in response.text
    assert "Diesel burnt" not in str(response.context["form"].formsets["indicators"].non_form_errors())
    assert set(commitment.indicators.values_list("pk", flat=True)) == {reported.pk, unused.pk}


def refuse_all(client, commitment) -> list[str]:
    """Post the admin edit form with every indicator marked deleted; the queries that read reported values."""
    form = client.get(admin_url(commitment)).context["form"]
    data = admin_form_data(form)
    for child in form.formsets["indicators"].forms:
        data[f"{child.prefix}-DELETE"] = "1"
    with CaptureQueriesContext(connection) as queries:
        response = client.post(admin_url(commitment), data)
    assert response.status_code == 200
    return [query["sql"] for query in queries if IndicatorValue._meta.db_table in query["sql"]]


def test_admin_checks_all_deleted_indicators_in_one_query(client_for, covenant, commitment, reported):
    """(Each row still costs the formset's own lookup of its id, as in every Django model formset.)"""
    client = client_for(covenant.user("secretariat"))
    assert len(refuse_all(client, commitment)) == 1
    for number in range(3):
        indicator = IndicatorFactory(commitment=commitment, name=f"Diesel burnt {number}", unit="m3")
        IndicatorValueFactory(update=reported.values.first().update, indicator=indicator)
    assert len(refuse_all(client, commitment)) == 1
    assert commitment.indicators.count() == 4


def test_admin_deletes_an_indicator_without_values(client_for, covenant, commitment, reported, unused):
    client = client_for(covenant.user("secretariat"))
    response, _prefix = admin_delete(client, commitment, unused, title=NEW_TITLE)
    assert response.status_code == 302
    assert list(commitment.indicators.values_list("pk", flat=True)) == [reported.pk]
    commitment.refresh_from_db()
    assert commitment.title == NEW_TITLE


def test_admin_message_counts_one_update_in_the_singular(client_for, covenant, commitment):
    indicator = commitment.indicators.get()
    IndicatorValueFactory(update=ProgressUpdateFactory(commitment=commitment), indicator=indicator)
    client = client_for(covenant.user("secretariat"))
    response, _prefix = admin_delete(client, commitment, indicator)
    assert "“Direct emissions” has reported values in 1 progress update, so" in response.text
    assert Indicator.objects.filter(pk=indicator.pk).exists()


def site_post(commitment, indicators, delete_pk, **changes) -> dict:
    """The site's edit form as the page shows it, with the indicator `delete_pk` ticked for deletion."""
    data = {
        "title": commitment.title,
        "description": commitment.description,
        "kind": commitment.kind,
        "parties": [party.pk for party in commitment.parties.all()],
        "visibility": commitment.visibility,
        "start_date": commitment.start_date.isoformat(),
        "target_date": commitment.target_date.isoformat(),
        "status": commitment.status,
        "indicators-TOTAL_FORMS": str(len(indicators)),
        "indicators-INITIAL_FORMS": str(len(indicators)),
        "indicators-MIN_NUM_FORMS": "0",
        "indicators-MAX_NUM_FORMS": "1000",
    }
    for index, indicator in enumerate(indicators):
        data.update(
            {
                f"indicators-{index}-id": str(indicator.pk),
                f"indicators-{index}-name": indicator.name,
                f"indicators-{index}-unit": indicator.unit,
                f"indicators-{index}-baseline": str(indicator.baseline),
                f"indicators-{index}-target": str(indicator.target),
                f"indicators-{index}-direction": indicator.direction,
            }
        )
        if indicator.pk == delete_pk:
            data[f"indicators-{index}-DELETE"] = "on"
    data.update(changes)
    return data


@pytest.fixture
def draft(covenant):
    """The site's form edits drafts: make the public commitment a draft again, with its indicator."""
    draft = covenant.commitments["public"]
    draft.workflow_state = WorkflowState.DRAFT
    draft.save(update_fields=["workflow_state"])
    return draft


def test_site_form_refuses_to_delete_an_indicator_with_reported_values(client_for, covenant, draft, reported):
    client = client_for(covenant.user("party_member"))
    data = site_post(draft, [reported], reported.pk, title=NEW_TITLE)
    response = client.post(f"/commitments/{draft.pk}/edit/", data)
    assert response.status_code == 400
    assert "“Direct emissions” has reported values in 2 progress updates" in response.text
    assert f'value="{NEW_TITLE}"' in response.text
    assert Indicator.objects.filter(pk=reported.pk).exists()
    assert IndicatorValue.objects.filter(indicator=reported).count() == 2
    draft.refresh_from_db()
    assert draft.title == "Cut direct CO2 emissions 30% by 2027"


def test_site_form_deletes_an_indicator_without_values(client_for, covenant, draft, reported, unused):
    client = client_for(covenant.user("party_member"))
    data = site_post(draft, [reported, unused], unused.pk, title=NEW_TITLE)
    response = client.post(f"/commitments/{draft.pk}/edit/", data)
    assert response.status_code == 302
    assert list(draft.indicators.values_list("pk", flat=True)) == [reported.pk]
    draft.refresh_from_db()
    assert draft.title == NEW_TITLE
