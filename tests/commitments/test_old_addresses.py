"""The addresses the commitments had inside working_groups keep working now that they are an app of their own:
every URL name of the app's urlconf still reverses to its old path and serves it, and so do the register
page's own routes (the list, its exports, one page per commitment)."""

from django.urls import resolve, reverse

import pytest

from commitments import urls as commitments_urls
from commitments.models import ProgressUpdate
from commitments.models.choices import WorkflowState
from tests.factories.commitments import ProgressUpdateFactory

pytestmark = pytest.mark.django_db

#: name → (the path it had under working_groups, the keyword arguments, the method that serves it)
OLD_ADDRESSES = {
    "commitment_mine": ("/commitments/mine/", {}, "get"),
    "commitment_create": ("/commitments/new/", {}, "get"),
    "commitment_edit": ("/commitments/{draft}/edit/", {"pk": "draft"}, "get"),
    "commitment_submit": ("/commitments/{draft}/submit/", {"pk": "draft"}, "post"),
    "commitment_update_create": ("/commitments/{public}/updates/new/", {"pk": "public"}, "get"),
    "commitment_update_edit": ("/commitments/updates/{update}/edit/", {"pk": "update"}, "get"),
    "commitment_update_submit": ("/commitments/updates/{update}/submit/", {"pk": "update"}, "post"),
    "commitment_review": ("/commitments/review/", {}, "get"),
    "commitment_review_decide": (
        "/commitments/review/commitment/{draft}/approve/",
        {"kind": "commitment", "pk": "draft", "decision": "approve"},
        "post",
    ),
}


def test_every_name_of_the_urlconf_is_listed():
    assert {pattern.name for pattern in commitments_urls.urlpatterns} == set(OLD_ADDRESSES)


@pytest.mark.parametrize("name", sorted(OLD_ADDRESSES))
def test_each_old_address_reverses_and_serves_as_before(client_for, covenant, name):
    draft = covenant.commitments["draft"]
    update = ProgressUpdateFactory(
        commitment=covenant.commitments["public"],
        author=covenant.user("party_member"),
        workflow_state=WorkflowState.DRAFT,
        published_at=None,
    )
    ids = {"draft": draft.pk, "public": covenant.commitments["public"].pk, "update": update.pk}
    template, kwargs, method = OLD_ADDRESSES[name]
    path = template.format(**ids)
    kwargs = {key: ids.get(value, value) for key, value in kwargs.items()}

    assert reverse(name, kwargs=kwargs) == path
    assert resolve(path).url_name == name

    if name == "commitment_review_decide":
        draft.workflow_state = WorkflowState.SUBMITTED
        draft.save(update_fields=["workflow_state"])
        client = client_for(covenant.user("secretariat"))
    elif name == "commitment_review":
        client = client_for(covenant.user("secretariat"))
    else:
        client = client_for(covenant.user("party_member"))

    response = getattr(client, method)(path)
    if method == "get":
        assert response.status_code == 200
        return
    assert response.status_code == 302
    if name == "commitment_submit":
        draft.refresh_from_db()
        assert draft.workflow_state == WorkflowState.SUBMITTED
    elif name == "commitment_update_submit":
        assert ProgressUpdate.objects.get(pk=update.pk).workflow_state == WorkflowState.SUBMITTED
    else:
        draft.refresh_from_db()
        assert draft.workflow_state == WorkflowState.PUBLISHED


def test_the_register_pages_routes_keep_their_addresses(client, covenant):
    register = covenant.register
    public = covenant.commitments["public"]
    base = register.url
    assert client.get(base).status_code == 200
    assert client.get(f"{base}export/csv/")["Content-Type"].startswith("text/csv")
    assert client.get(f"{base}export/json/")["Content-Type"] == "application/json"
    page = client.get(f"{base}{public.pk}/{public.slug}/")
    assert page.status_code == 200
    assert public.title in page.text
    renamed = client.get(f"{base}{public.pk}/an-old-title/")
    assert renamed.status_code == 301
    assert renamed["Location"].endswith(f"{base}{public.pk}/{public.slug}/")
