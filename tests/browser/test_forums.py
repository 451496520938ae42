"""Forums in a real browser: a member starts a thread, another replies with a quote and a mention, and the
first sees the notification (unread count in the header); a moderator hides a flagged post; an outsider cannot
reach a private group's thread by URL or by search. Plus axe-core checks of the forum and thread pages."""

import re

from django.utils.text import slugify

import pytest
from playwright.sync_api import expect

from forums.models import Post, Thread
from tests.factories.forums import ForumFactory, ThreadFactory, add_posts
from tests.factories.users import UserFactory
from tests.factories.working_groups import OrganisationFactory, add_member, make_group, make_group_index
from working_groups.choices import Role, Visibility
from working_groups.models import StakeholderType

TITLE = "Sharing smelter audit results"
OPENING = "Should we publish the **audit summaries** of every smelter we source from?"


@pytest.fixture
def forums(db, settings):
    settings.ROUNDTABLE_FORUMS_NEW_ACCOUNT_HOURS = 0
    index = make_group_index()
    company = OrganisationFactory(name="Nordvik Mining", stakeholder_type=StakeholderType.COMPANY)
    union = OrganisationFactory(name="Metal Workers' Union", stakeholder_type=StakeholderType.TRADE_UNION)
    closed = make_group(index, Visibility.CLOSED, title="Responsible smelters", slug="smelters")
    private = make_group(index, Visibility.PRIVATE, title="Procurement panel", slug="procurement")
    chair = UserFactory(first_name="Lotte", last_name="Jansen", email="lotte@example.org")
    samuel = UserFactory(first_name="Samuel", last_name="Mensah", email="samuel@example.org")
    priya = UserFactory(first_name="Priya", last_name="Raman", email="priya@example.org")
    outsider = UserFactory(first_name="Olga", last_name="Outsider", email="olga@example.org")
    add_member(closed, chair, Role.CHAIR, organisation=company)
    add_member(closed, samuel, organisation=union)
    add_member(closed, priya)
    add_member(private, chair, Role.CHAIR)
    forum = ForumFactory(title="Smelter dialogue", slug="smelter-dialogue", group=closed)
    private_forum = ForumFactory(title="Procurement forum", slug="procurement-forum", group=private)
    secret = ThreadFactory(forum=private_forum, title="Confidential tender evaluation", author=chair)
    add_posts(secret, [chair], 1, "Tender evaluation scores for the cobalt framework.")
    return {
        "forum": forum,
        "secret": secret,
        "chair": chair,
        "samuel": samuel,
        "priya": priya,
        "outsider": outsider,
    }


def test_thread_reply_mention_notification_and_moderation(new_page, login, forums, assert_accessible):
    forum = forums["forum"]
    samuel_page = new_page()
    login(samuel_page, forums["samuel"])
    samuel_page.goto(forum.get_absolute_url())
    assert_accessible(samuel_page)
    samuel_page.get_by_role("link", name="Start a thread").click()
    samuel_page.get_by_label("Title").fill(TITLE)
    samuel_page.get_by_label("Your post").fill(OPENING)
    samuel_page.get_by_role("button", name="Start the thread").click()
    samuel_page.wait_for_load_state()
    expect(samuel_page.locator("h1")).to_have_text(TITLE)
    thread = Thread.objects.get(title=TITLE)

    priya_page = new_page()
    login(priya_page, forums["priya"])
    priya_page.goto(thread.get_absolute_url())
    priya_page.get_by_role("link", name="Quote post 1").click()
    body = priya_page.get_by_label("Your post")
    expect(body).to_have_value(re.compile(r"audit summaries"))
    body.fill(body.input_value() + "Yes. @[Samuel Mensah], could the union draft the summary format?")
    priya_page.get_by_role("button", name="Send reply").click()
    priya_page.wait_for_load_state()
    reply = Post.objects.get(thread=thread, sequence=2)
    expect(priya_page.locator("#post-2 .post__body")).to_contain_text("could the union draft")
    expect(priya_page.locator("#post-2 blockquote")).to_contain_text("audit summaries")

    samuel_page.goto(forum.get_absolute_url())
    notifications = samuel_page.get_by_role("link", name=re.compile(r"Notifications 1 unread"))
    expect(notifications).to_be_visible()
    notifications.click()
    expect(samuel_page.get_by_text("mentioned you")).to_be_visible()
    assert_accessible(samuel_page)
    samuel_page.get_by_role("link", name=re.compile(TITLE)).click()
    samuel_page.wait_for_load_state()
    assert f"#post-{reply.sequence}" in samuel_page.url
    expect(samuel_page.get_by_role("link", name=re.compile(r"^Notifications"))).to_have_text("Notifications")

    # Samuel flags the reply; the chair hides it from the flag queue.
    samuel_page.get_by_role("link", name="Flag post 2").click()
    samuel_page.get_by_label("Off topic").check()
    samuel_page.get_by_role("button", name="Send to the moderators").click()
    samuel_page.wait_for_load_state()
    expect(samuel_page.get_by_text("the moderators will look at this post")).to_be_visible()

    chair_page = new_page()
    login(chair_page, forums["chair"])
    chair_page.goto("/forums/moderation/flags/")
    expect(chair_page.get_by_text("could the union draft")).to_be_visible()
    assert_accessible(chair_page)
    chair_page.get_by_role("button", name=re.compile("Hide the post")).click()
    chair_page.wait_for_load_state()
    expect(chair_page.get_by_text("No open flags")).to_be_visible()
    reply.refresh_from_db()
    assert reply.hidden

    samuel_page.goto(thread.get_absolute_url())
    expect(samuel_page.locator("#post-2")).to_contain_text("A moderator has hidden this post.")
    expect(samuel_page.locator("#post-2")).not_to_contain_text("could the union draft")
    assert_accessible(samuel_page)


def test_outsider_cannot_reach_a_private_thread_by_url_or_search(
    page, new_page, login, forums, assert_accessible
):
    secret = forums["secret"]
    login(page, forums["outsider"])
    assert page.goto(secret.get_absolute_url()).status == 404
    assert page.goto(f"/forums/t/{secret.pk}/{slugify(secret.title)}/").status == 404
    page.goto("/forums/")
    page.get_by_label("Search the discussions").fill("tender evaluation")
    page.get_by_role("button", name="Search", exact=True).last.click()
    page.wait_for_load_state()
    expect(page.get_by_text("0 posts found")).to_be_visible()
    assert_accessible(page)
    assert page.get_by_text("Confidential tender evaluation").count() == 0
    assert page.get_by_text("Procurement forum").count() == 0

    chair_page = new_page()
    login(chair_page, forums["chair"])
    chair_page.goto("/forums/search/?q=tender+evaluation")
    expect(chair_page.get_by_role("link", name=re.compile("Confidential tender evaluation"))).to_be_visible()
    chair_page.goto("/forums/threads/")
    expect(chair_page.get_by_role("link", name="Confidential tender evaluation")).to_be_visible()
    assert_accessible(chair_page)
