"""The demo gives the demo chair an open flag to resolve and the demo member the daily digest, once."""

from io import StringIO

import pytest

from cms import demo as cms_demo
from cms.demo_context import DemoContext
from commitments import demo as commitments_demo
from forums import demo as forums_demo
from forums.models import Flag, NotificationSettings
from working_groups import demo as working_groups_demo
from working_groups.demo.accounts import DEMO_CHAIR_EMAIL, DEMO_MEMBER_EMAIL

pytestmark = pytest.mark.django_db


def seed() -> None:
    context = DemoContext(password="demo-password-for-tests", stdout=StringIO(), style=None)
    for app_demo in (cms_demo, working_groups_demo, commitments_demo, forums_demo):
        app_demo.seed(context)


def test_demo_flag_waits_in_the_chairs_queue(client, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.ROUNDTABLE_FORUMS_ATTACHMENT_ROOT = str(tmp_path / "attachments")
    seed()
    seed()
    flag = Flag.objects.open().get(reporter__email=DEMO_MEMBER_EMAIL)
    assert NotificationSettings.objects.get(user__email=DEMO_MEMBER_EMAIL).daily_digest
    from django.contrib.auth import get_user_model

    client.force_login(get_user_model().objects.get(email=DEMO_CHAIR_EMAIL))
    queue = client.get("/forums/moderation/flags/")
    assert queue.status_code == 200
    assert flag.post.thread.title in queue.content.decode()
