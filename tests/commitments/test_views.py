"""The pages of the workflow: "My commitments", the commitment and update forms (with the indicator formset
and values, and their errors), the secretariat's review page, and the Wagtail admin views."""

import datetime
from decimal import Decimal

from django.contrib.auth.models import Group, Permission
from django.core import mail
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

import pytest

from commitments.models import Commitment, DueDiligenceStep, IndicatorValue, ProgressUpdate
from commitments.models.choices import WorkflowState
from tests.factories.users import UserFactory

pytestmark = pytest.mark.django_db


def commitment_post(covenant, **overrides) -> dict:
    data = {
        "title": "Cut direct CO2 emissions 30% by 2027",
        "description": "Electric loaders and a heat pump at the concentrator.",
        "kind": "ordinary",
        "parties": [covenant.parties["company"].pk],
        "visibility": "public",
        "due_diligence_steps": [DueDiligenceStep.objects.get(number=3).pk],
        "start_date": "2025-01-01",
        "target_date": "2027-12-31",
        "status": "planned",
        "indicators-TOTAL_FORMS": "2",
        "indicators-INITIAL_FORMS": "0",
        "indicators-MIN_NUM_FORMS": "0",
        "indicators-MAX_NUM_FORMS": "1000",
        "indicators-0-name": "Direct emissions",
        "indicators-0-unit": "t CO2",
        "indicators-0-baseline": "12000",
        "indicators-0-target": "8400",
        "indicators-0-direction": "decrease",
        "indicators-1-direction": "increase",  # the empty extra row, as a browser sends it
    }
    data.update(overrides)
    return data


@pytest.mark.parametrize("url_name", ["commitment_mine", "commitment_create", "commitment_review"])
def test_pages_ask_anonymous_visitors_to_sign_in_or_hide(client, covenant, url_name):
    from django.urls import reverse

    response = client.get(reverse(url_name))
    assert response.status_code == (404 if url_name == "commitment_review" else 302)


def test_party_member_creates_a_commitment_with_indicators(client_for, covenant):
    client = client_for(covenant.user("party_member"))
    assert client.get("/commitments/new/").status_code == 200
    response = client.post("/commitments/new/", commitment_post(covenant))
    assert response.status_code == 302
    commitment = Commitment.objects.get(title="Cut direct CO2 emissions 30% by 2027", workflow_state="draft")
    assert [(i.name, i.direction) for i in commitment.indicators.all()] == [("Direct emissions", "decrease")]
    mine = client.get("/commitments/mine/")
    assert commitment.title in mine.text and "Submit for review" in mine.text


def test_commitment_form_errors_keep_the_input(client_for, covenant):
    client = client_for(covenant.user("party_member"))
    response = client.post(
        "/commitments/new/",
        commitment_post(
            covenant, target_date="2024-01-01", **{"indicators-0-baseline": "about twelve thousand"}
        ),
    )
    assert response.status_code == 400
    assert "Nothing has been saved yet" in response.text
    assert "Enter a number." in response.text
    assert 'value="about twelve thousand"' in response.text
    assert 'value="Cut direct CO2 emissions 30% by 2027"' in response.text
    assert not Commitment.objects.filter(
        title__startswith="Cut direct CO2 emissions 30% by 2027", workflow_state="draft"
    ).exists()


def test_gender_action_plan_upload(client_for, covenant):
    client = client_for(covenant.user("party_member"))
    plan = SimpleUploadedFile("gender-action-plan.pdf", b"%PDF-1.4 plan", content_type="application/pdf")
    response = client.post(
        "/commitments/new/",
        commitment_post(
            covenant, title="Publish a gender action plan", kind="gender_action_plan", plan_file=plan
        ),
    )
    assert response.status_code == 302
    commitment = Commitment.objects.get(title="Publish a gender action plan")
    assert commitment.plan_document.title == "Publish a gender action plan"
    bad = SimpleUploadedFile("plan.exe", b"MZ", content_type="application/octet-stream")
    response = client.post(
        "/commitments/new/", commitment_post(covenant, kind="gender_action_plan", plan_file=bad)
    )
    assert response.status_code == 400


def served(client, url) -> int:
    response = client.get(url)
    if response.streaming:
        b"".join(response.streaming_content)  # reading to the end closes the file, as a server would
    return response.status_code


def test_plan_document_is_public_only_once_published(client_for, covenant):
    from commitments.services.commitments import commitment_approve, commitment_submit

    member = covenant.user("party_member")
    client = client_for(member)
    plan = SimpleUploadedFile("gap.pdf", b"%PDF-1.4 plan", content_type="application/pdf")
    client.post(
        "/commitments/new/",
        commitment_post(covenant, title="Gender action plan 2026", kind="gender_action_plan", plan_file=plan),
    )
    commitment = Commitment.objects.get(title="Gender action plan 2026")
    url = commitment.plan_document.url
    assert served(client, url) == 200
    assert served(client_for(None), url) == 404
    commitment_submit(actor=member, commitment=commitment)
    commitment_approve(actor=covenant.user("secretariat"), commitment=commitment)
    assert served(client_for(None), url) == 200
    assert (
        "Read the gender action plan"
        in client_for(None).get(covenant.register.commitment_url(commitment)).text
    )


def test_other_parties_cannot_open_the_edit_form(client_for, covenant):
    draft = covenant.commitments["draft"]
    assert client_for(covenant.user("outsider")).get(f"/commitments/{draft.pk}/edit/").status_code == 404
    assert client_for(covenant.user("party_member")).get(f"/commitments/{draft.pk}/edit/").status_code == 200


def values_post(commitment, value: str, **overrides) -> dict:
    indicator = commitment.indicators.get()
    return {
        "reported_on": timezone.localdate().isoformat(),
        "narrative": "The heat pump runs since March; loaders arrive in autumn.",
        "evidence_url": "https://example.org/energy-report-2025.pdf",
        "new_status": "",
        f"values-indicator_{indicator.pk}": value,
        **overrides,
    }


def test_progress_update_non_number_is_a_clear_error_and_nothing_is_saved(client_for, covenant):
    commitment = covenant.commitments["public"]
    client = client_for(covenant.user("party_member"))
    response = client.post(f"/commitments/{commitment.pk}/updates/new/", values_post(commitment, "about 850"))
    assert response.status_code == 400
    assert "Enter a number in t CO2, such as 42 or 12.5." in response.text
    assert 'value="about 850"' in response.text
    assert "The heat pump runs since March" in response.text
    assert not ProgressUpdate.objects.filter(commitment=commitment).exists()


def test_progress_update_submit_review_and_publish(client_for, covenant, committed):
    commitment = covenant.commitments["public"]
    client = client_for(covenant.user("party_member"))
    assert (
        client.post(
            f"/commitments/{commitment.pk}/updates/new/", values_post(commitment, "850.5")
        ).status_code
        == 302
    )
    update = ProgressUpdate.objects.get(commitment=commitment)
    assert update.values.get().value == Decimal("850.5")
    with committed():
        client.post(f"/commitments/updates/{update.pk}/submit/")
    assert mail.outbox[-1].to == [covenant.user("secretariat").email]

    client = client_for(covenant.user("secretariat"))
    review = client.get("/commitments/review/")
    assert "The heat pump runs since March" in review.text
    with committed():
        response = client.post(f"/commitments/review/update/{update.pk}/approve/")
    assert response.status_code == 302
    update.refresh_from_db()
    assert update.workflow_state == WorkflowState.PUBLISHED
    commitment.refresh_from_db()
    assert commitment.progress == Decimal("49.8")  # 1000 → 700 t CO2: 850.5 is 49.8 % of the way
    page = client_for(None).get(covenant.register.commitment_url(commitment)).text
    assert "The heat pump runs since March" in page


def test_review_return_with_comment(client_for, covenant, committed):
    draft = covenant.commitments["draft"]
    client_for(covenant.user("party_member")).post(f"/commitments/{draft.pk}/submit/")
    client = client_for(covenant.user("secretariat"))
    client.post(f"/commitments/review/commitment/{draft.pk}/return/", {"comment": ""})
    assert Commitment.objects.get(pk=draft.pk).workflow_state == WorkflowState.SUBMITTED
    with committed():
        client.post(
            f"/commitments/review/commitment/{draft.pk}/return/", {"comment": "Please add a baseline."}
        )
    draft.refresh_from_db()
    assert draft.workflow_state == WorkflowState.RETURNED
    assert (
        "Please add a baseline." in client_for(covenant.user("party_member")).get("/commitments/mine/").text
    )


@pytest.mark.parametrize("persona", ["outsider", "party_member", "group_member"])
def test_review_page_does_not_exist_for_others(client_for, covenant, persona):
    client = client_for(covenant.user(persona))
    assert client.get("/commitments/review/").status_code == 404
    draft = covenant.commitments["draft"]
    assert client.post(f"/commitments/review/commitment/{draft.pk}/approve/").status_code == 404


def test_admin_lists_and_edits_commitments(client_for, covenant):
    client = client_for(covenant.user("secretariat"))
    listing = client.get("/admin/snippets/commitments/commitment/", {"workflow_state": "draft"})
    assert listing.status_code == 200
    assert "Living wage gap analysis" in listing.text
    assert "Cut direct CO2" not in listing.text
    commitment = covenant.commitments["public"]
    edit = client.get(f"/admin/snippets/commitments/commitment/edit/{commitment.pk}/")
    assert edit.status_code == 200
    assert "Direct emissions" in edit.text  # the inline indicators
    assert client.get("/admin/snippets/commitments/progressupdate/").status_code == 200


def test_admin_cannot_delete_published_commitments(client_for, covenant):
    client = client_for(covenant.user("secretariat"))
    published = covenant.commitments["public"]
    client.post(f"/admin/snippets/commitments/commitment/delete/{published.pk}/")
    assert Commitment.objects.filter(pk=published.pk).exists()
    draft = covenant.commitments["draft"]
    client.post(f"/admin/snippets/commitments/commitment/delete/{draft.pk}/")
    assert not Commitment.objects.filter(pk=draft.pk).exists()


def test_updates_dated_before_the_start_are_refused(client_for, covenant):
    commitment = covenant.commitments["public"]
    client = client_for(covenant.user("party_member"))
    data = values_post(
        commitment, "900", reported_on=(commitment.start_date - datetime.timedelta(days=1)).isoformat()
    )
    response = client.post(f"/commitments/{commitment.pk}/updates/new/", data)
    assert response.status_code == 400
    assert "before the commitment started" in response.text


def admin_form_data(form) -> dict:
    """The POST data of a Wagtail admin edit form (with its inline formsets) as the page shows it."""
    data = {}

    def add(bound_form):
        for name in bound_form.fields:
            field = bound_form[name]
            value = field.value()
            if isinstance(value, list | tuple):
                data[field.html_name] = [str(item) for item in value]
            elif isinstance(value, bool):
                if value:
                    data[field.html_name] = "on"
            elif value is not None:
                data[field.html_name] = str(value)

    add(form)
    for formset in getattr(form, "formsets", {}).values():
        add(formset.management_form)
        for child in formset.forms:
            add(child)
    return data


def admin_edit(client, instance, **changes):
    model = type(instance)._meta.model_name
    url = f"/admin/snippets/commitments/{model}/edit/{instance.pk}/"
    data = admin_form_data(client.get(url).context["form"])
    data.update(changes)
    return client.post(url, data)


@pytest.fixture
def submitted(covenant):
    draft = covenant.commitments["draft"]
    Commitment.objects.filter(pk=draft.pk).update(workflow_state=WorkflowState.SUBMITTED)
    draft.refresh_from_db()
    return draft


def test_admin_approval_emails_the_author_like_the_review_page(client_for, covenant, committed, submitted):
    client = client_for(covenant.user("secretariat"))
    with committed():
        response = admin_edit(client, submitted, workflow_state=WorkflowState.PUBLISHED)
    assert response.status_code == 302
    submitted.refresh_from_db()
    assert submitted.workflow_state == WorkflowState.PUBLISHED
    assert submitted.published_at is not None
    assert [m.to for m in mail.outbox] == [["lotte@example.org"]]
    assert "Published: commitment “Living wage gap analysis”" in mail.outbox[0].subject
    assert covenant.register.commitment_url(submitted) in mail.outbox[0].body


def test_admin_return_emails_the_comment_and_requires_one(client_for, covenant, committed, submitted):
    client = client_for(covenant.user("secretariat"))
    with committed():
        refused = admin_edit(client, submitted, workflow_state=WorkflowState.RETURNED, review_comment="")
    assert refused.status_code == 200
    assert "the comment is required" in refused.text
    assert Commitment.objects.get(pk=submitted.pk).workflow_state == WorkflowState.SUBMITTED
    assert mail.outbox == []

    with committed():
        response = admin_edit(
            client, submitted, workflow_state=WorkflowState.RETURNED, review_comment="Please add a baseline."
        )
    assert response.status_code == 302
    submitted.refresh_from_db()
    assert (submitted.workflow_state, submitted.review_comment) == (
        WorkflowState.RETURNED,
        "Please add a baseline.",
    )
    assert [m.to for m in mail.outbox] == [["lotte@example.org"]]
    assert "Please add a baseline." in mail.outbox[0].body


def test_admin_approval_of_an_update_applies_it_and_emails_the_author(client_for, covenant, committed):
    commitment = covenant.commitments["public"]
    update = ProgressUpdate.objects.create(
        commitment=commitment,
        reported_on=timezone.localdate(),
        narrative="The heat pump runs since March.",
        new_status="achieved",
        workflow_state=WorkflowState.SUBMITTED,
        author=covenant.user("party_member"),
    )
    IndicatorValue.objects.create(update=update, indicator=commitment.indicators.get(), value=Decimal(700))
    client = client_for(covenant.user("secretariat"))
    with committed():
        response = admin_edit(client, update, workflow_state=WorkflowState.PUBLISHED)
    assert response.status_code == 302
    commitment.refresh_from_db()
    assert (commitment.status, commitment.progress) == ("achieved", Decimal("100.0"))
    assert [m.to for m in mail.outbox] == [["lotte@example.org"]]
    assert "Published: progress update" in mail.outbox[0].subject


def test_admin_edits_that_decide_nothing_send_nothing(client_for, covenant, committed, submitted):
    client = client_for(covenant.user("secretariat"))
    with committed():
        response = admin_edit(client, submitted, title="Living wage gap analysis, all suppliers")
    assert response.status_code == 302
    submitted.refresh_from_db()
    assert (submitted.title, submitted.workflow_state) == (
        "Living wage gap analysis, all suppliers",
        WorkflowState.SUBMITTED,
    )
    assert mail.outbox == []


def test_admin_editors_outside_the_secretariat_cannot_decide(client, covenant, committed, submitted):
    editors = Group.objects.create(name="Commitment editors")
    editors.permissions.add(
        Permission.objects.get(codename="access_admin"),
        Permission.objects.get(codename="change_commitment"),
    )
    editor = UserFactory()
    editor.groups.add(editors)
    client.force_login(editor)
    with committed():
        refused = admin_edit(
            client, submitted, workflow_state=WorkflowState.PUBLISHED, title="Living wage gap analysis, v2"
        )
    assert refused.status_code == 200
    assert "Only the secretariat reviews commitments" in refused.text
    submitted.refresh_from_db()
    assert submitted.title == "Living wage gap analysis"
    assert submitted.workflow_state == WorkflowState.SUBMITTED
    assert mail.outbox == []
