"""The demo's commitments: about twenty-five across parties, themes and statuses, with the special cases the
demo shows (gender action plan with document, group-only, withdrawn with history, waiting for review,
overdue), and a second run changes nothing."""

from io import StringIO

from django.core.management.color import no_style

import pytest

from cms import demo as cms_demo
from cms.demo_context import DemoContext
from commitments import demo as commitments_demo
from commitments.filters import overdue_q
from commitments.models import Commitment, IndicatorValue, ProgressUpdate
from commitments.models.choices import WorkflowState
from commitments.services.commitments import may_edit
from working_groups import demo as working_groups_demo
from working_groups.models import Theme

pytestmark = pytest.mark.django_db


def seed():
    context = DemoContext(password="roundtable-demo", stdout=StringIO(), style=no_style())
    cms_demo.seed(context)
    working_groups_demo.seed(context)
    commitments_demo.seed(context)


def counts():
    return (Commitment.objects.count(), ProgressUpdate.objects.count(), IndicatorValue.objects.count())


def test_demo_commitments(client, settings, tmp_path):
    settings.MEDIA_ROOT = str(tmp_path)
    seed()
    first = counts()
    seed()
    assert counts() == first
    assert 23 <= first[0] <= 30
    published = Commitment.objects.public_register()
    assert published.count() >= 18
    assert set(published.values_list("status", flat=True)) == {
        "planned",
        "in_progress",
        "achieved",
        "delayed",
        "withdrawn",
    }
    for slug in (
        "human-rights",
        "child-labour",
        "gender-equality",
        "environment-climate",
        "conflict-minerals",
        "circular-economy",
        "decent-work",
        "public-procurement",
    ):
        assert Theme.objects.originals().get(slug=slug).commitments.exists(), slug
    assert Commitment.objects.filter(kind="gender_action_plan", plan_document__isnull=False).exists()
    assert Commitment.objects.filter(visibility="group", workflow_state="published").exists()
    withdrawn = Commitment.objects.get(status="withdrawn")
    assert withdrawn.updates.filter(workflow_state=WorkflowState.PUBLISHED).count() >= 3
    assert Commitment.objects.filter(workflow_state="submitted").exists()
    assert ProgressUpdate.objects.filter(workflow_state="submitted").exists()
    assert published.filter(overdue_q()).exists()
    assert published.filter(progress__gt=0).count() >= 10

    from django.contrib.auth import get_user_model

    member = get_user_model().objects.get(email="member@example.org")
    mine = Commitment.objects.editable_by(member)
    assert mine.filter(workflow_state="draft").exists()
    assert all(may_edit(member, commitment) for commitment in mine)

    response = client.get("/commitments/", {"q": "gender action plan"})
    assert response.status_code == 200
    assert "Publish a gender action plan for our mines and suppliers" in response.text
    assert "Remediation fund for children" not in client.get("/commitments/", {"q": "remediation"}).text
