"""A site that ran commitments inside working_groups loses nothing when they become an app of their own.

The data is made at the state before the move (working_groups 0007, with the relations of library and forums
as they were), through the historical models, as an installed site would hold it: a register page (a Wagtail
page whose content type was working_groups.commitmentregisterpage), a published commitment, and a person in a
group holding the "change commitment" permission. Then the migrations run forward and the same rows are read
through today's models.
"""

import datetime

from django.apps import apps as django_apps
from django.contrib.auth import get_user_model
from django.contrib.contenttypes.models import ContentType
from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from django.utils import timezone

import pytest

from commitments.models import Commitment, CommitmentRegisterPage

BEFORE_THE_MOVE = [
    ("working_groups", "0007_commitment_source"),
    ("library", "0002_secretariat_permissions"),
    ("forums", "0006_secretariat_poll_permissions"),
    ("commitments", None),
]
MOVED = ["commitment", "commitmentregisterpage", "duediligencestep", "indicator", "indicatorvalue"]


def _migrate(targets):
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(targets)
    ContentType.objects.clear_cache()
    return executor.loader.project_state([target for target in targets if target[1]]).apps


def _seed_before_the_move(apps) -> dict:
    """The rows an installed site had, written with the models of that time."""
    old_content_type = apps.get_model("contenttypes", "ContentType")
    page_model = apps.get_model("wagtailcore", "Page")
    register_model = apps.get_model("working_groups", "CommitmentRegisterPage")
    commitment_model = apps.get_model("working_groups", "Commitment")
    permission_model = apps.get_model("auth", "Permission")
    group_model = apps.get_model("auth", "Group")
    user_model = apps.get_model("auth", "User")

    home = page_model.objects.get(depth=2)
    register_type, _ = old_content_type.objects.get_or_create(
        app_label="working_groups", model="commitmentregisterpage"
    )
    register = register_model.objects.create(
        title="Register of commitments",
        draft_title="Register of commitments",
        slug="register",
        path=f"{home.path}0001",
        depth=home.depth + 1,
        numchild=0,
        url_path=f"{home.url_path}register/",
        content_type=register_type,
        live=True,
        locale_id=home.locale_id,
        introduction="Every promise the parties made.",
    )
    page_model.objects.filter(pk=home.pk).update(numchild=home.numchild + 1)
    today = timezone.localdate()
    commitment = commitment_model.objects.create(
        title="Audit every smelter by 2027",
        description="Third-party audits of all smelters in the supply chain.",
        start_date=today - datetime.timedelta(days=100),
        target_date=today + datetime.timedelta(days=500),
        status="in_progress",
        visibility="public",
        workflow_state="published",
        published_at=timezone.now(),
    )
    reviewers = group_model.objects.create(name="Commitment reviewers")
    reviewers.permissions.add(
        permission_model.objects.get(codename="change_commitment", content_type__app_label="working_groups")
    )
    reviewer = user_model.objects.create(username="reviewer", email="reviewer@example.org", is_active=True)
    reviewer.groups.add(reviewers)
    return {"register": register.pk, "commitment": commitment.pk, "reviewer": reviewer.pk}


@pytest.fixture
def content_type_cache_warm_afterwards():
    """The migrations clear the content type cache. Warm it again from the (unchanged) rows before the
    database is flushed: the next test that restores the serialized database would otherwise have
    `get_for_model` create content type rows while it loads them, and collide with its own."""
    yield
    ContentType.objects.clear_cache()
    ContentType.objects.get_for_models(*django_apps.get_models(), for_concrete_models=False)


@pytest.mark.usefixtures("content_type_cache_warm_afterwards")
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_a_site_from_before_the_move_keeps_its_register_commitments_and_permissions(client):
    old = _seed_before_the_move(_migrate(BEFORE_THE_MOVE))
    old_type_ids = dict(
        ContentType.objects.filter(app_label="working_groups", model__in=MOVED).values_list("model", "pk")
    )

    executor = MigrationExecutor(connection)
    _migrate(executor.loader.graph.leaf_nodes())

    # The same content type rows now carry the new app's label: whatever points at them keeps pointing.
    moved = dict(
        ContentType.objects.filter(app_label="commitments", model__in=MOVED).values_list("model", "pk")
    )
    assert moved == old_type_ids
    assert not ContentType.objects.filter(app_label="working_groups", model__in=MOVED).exists()

    from wagtail.models import Page

    page = Page.objects.get(pk=old["register"]).specific
    assert isinstance(page, CommitmentRegisterPage)
    assert page.introduction == "Every promise the parties made."

    commitment = Commitment.objects.get(pk=old["commitment"])
    assert commitment.title == "Audit every smelter by 2027"

    response = client.get(page.url)
    assert response.status_code == 200
    assert "Every promise the parties made." in response.text
    detail = client.get(page.commitment_url(commitment))
    assert detail.status_code == 200
    assert "Third-party audits of all smelters" in detail.text

    reviewer = get_user_model().objects.get(pk=old["reviewer"])
    assert reviewer.has_perm("commitments.change_commitment")
    assert not reviewer.has_perm("commitments.delete_commitment")
