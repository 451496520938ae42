"""The pages people post through: a refused post comes back with its text, quotes prefill the reply, the
mention autocomplete names only mentionable people, and attachments reach only the thread's readers."""

from django.core.files.uploadedfile import SimpleUploadedFile

import pytest

from forums.models import Attachment, Post, Thread
from working_groups.choices import Visibility


@pytest.fixture(autouse=True)
def private_files(settings, tmp_path):
    settings.ROUNDTABLE_FORUMS_ATTACHMENT_ROOT = str(tmp_path / "attachments")


def test_a_reply_is_posted_and_lands_on_its_post(dialogue, client_for):
    thread = dialogue.threads[Visibility.OPEN]
    response = client_for(dialogue.people["member"]).post(
        f"/forums/t/{thread.pk}/reply/", {"body": "We use the **RMI** list.", "client_id": "c1"}
    )
    post = thread.posts.get(sequence=2)
    assert response.status_code == 302 and response["Location"] == post.get_absolute_url()
    assert post.body_html == "<p>We use the <strong>RMI</strong> list.</p>\n"


def test_a_refused_post_comes_back_with_its_text(dialogue, client_for, settings):
    settings.ROUNDTABLE_FORUMS_MAX_POST_LENGTH = 50
    thread = dialogue.threads[Visibility.OPEN]
    text = "A long and careful answer about grievance mechanisms " * 2
    response = client_for(dialogue.people["member"]).post(f"/forums/t/{thread.pk}/reply/", {"body": text})
    assert response.status_code == 400
    content = response.content.decode()
    assert "the limit is 50" in content
    assert text.strip() in content
    assert "Your text is kept below" in content
    assert thread.posts.count() == 1


def test_a_refused_thread_comes_back_with_title_and_text(dialogue, client_for):
    forum = dialogue.forums[Visibility.OPEN]
    response = client_for(dialogue.people["member"]).post(
        f"/forums/f/{forum.slug}/new/", {"title": "Gap", "body": "Living wage gaps in smelter towns."}
    )
    content = response.content.decode()
    assert "at least five characters" in content
    assert "Living wage gaps in smelter towns." in content and 'value="Gap"' in content


def test_starting_a_thread_through_the_form(dialogue, client_for):
    forum = dialogue.forums["public"]
    response = client_for(dialogue.people["outsider"]).post(
        f"/forums/f/{forum.slug}/new/",
        {
            "title": "Draft guidance on recycling: scope",
            "body": "Does the scope include e-waste exports?",
            "tags": "recycling, scope",
            "chatham_house": "on",
        },
    )
    thread = Thread.objects.get(title="Draft guidance on recycling: scope")
    assert response["Location"] == thread.get_absolute_url()
    assert thread.chatham_house and sorted(thread.tags.names()) == ["recycling", "scope"]


def test_observer_cannot_open_the_new_thread_form(dialogue, client_for):
    forum = dialogue.forums[Visibility.OPEN]
    response = client_for(dialogue.people["observer"]).get(f"/forums/f/{forum.slug}/new/")
    assert response.status_code == 302 and response["Location"] == forum.get_absolute_url()


def test_quote_link_prefills_the_reply(dialogue, client_for):
    thread = dialogue.threads[Visibility.OPEN]
    first = thread.posts.get()
    content = client_for(dialogue.people["member"]).get(f"/forums/t/{thread.pk}/reply/?quote={first.pk}")
    text = content.content.decode()
    assert "&gt; @[Lotte Jansen] wrote in [#1]" in text
    assert f'name="reply_to" value="{first.pk}"' in text


def test_edit_and_delete_own_post(dialogue, client_for):
    thread = dialogue.threads[Visibility.OPEN]
    client = client_for(dialogue.people["chair"])
    post = thread.posts.get()
    assert client.get(f"/forums/p/{post.pk}/edit/").status_code == 200
    client.post(f"/forums/p/{post.pk}/edit/", {"body": "Edited: how do we share audits?"})
    post.refresh_from_db()
    assert post.body_markdown == "Edited: how do we share audits?"
    assert "Edit history" in client.get(thread.get_absolute_url()).content.decode()
    assert "How do we share" in client.get(f"/forums/p/{post.pk}/history/").content.decode()
    client.post(f"/forums/p/{post.pk}/delete/")
    post.refresh_from_db()
    assert post.deleted_at is not None
    assert "This post was deleted." in client.get(thread.get_absolute_url()).content.decode()


def test_others_cannot_edit_and_members_see_no_history(dialogue, client_for):
    post = dialogue.threads[Visibility.OPEN].posts.get()
    client = client_for(dialogue.people["member"])
    response = client.post(f"/forums/p/{post.pk}/edit/", {"body": "Not mine to change"})
    assert response.status_code == 400
    assert "only edit your own posts" in response.content.decode()
    assert client.get(f"/forums/p/{post.pk}/history/").status_code == 404


def test_reacting_through_the_form(dialogue, client_for):
    post = dialogue.threads[Visibility.OPEN].posts.get()
    client = client_for(dialogue.people["member"])
    client.post(f"/forums/p/{post.pk}/react/", {"kind": "insightful"})
    assert post.reactions.get().kind == "insightful"
    content = client.get(post.thread.get_absolute_url()).content.decode()
    assert 'aria-pressed="true"' in content


def test_hidden_posts_show_a_notice_to_readers_and_the_text_to_moderators(dialogue, client_for):
    thread = dialogue.threads[Visibility.OPEN]
    Post.objects.filter(thread=thread).update(hidden=True, hidden_reason="Off topic.")
    reader = client_for(dialogue.people["member"]).get(thread.get_absolute_url()).content.decode()
    assert "A moderator has hidden this post." in reader and "audit results" not in reader
    chair = client_for(dialogue.people["chair"]).get(thread.get_absolute_url()).content.decode()
    assert "audit results" in chair and "Off topic." in chair


def test_mention_autocomplete_offers_only_mentionable_people(dialogue, client_for):
    thread = dialogue.threads[Visibility.PRIVATE]
    client = client_for(dialogue.people["member"])
    names = lambda query: [  # noqa: E731
        item["name"] for item in client.get(f"/forums/t/{thread.pk}/mentions/?q={query}").json()["results"]
    ]
    assert names("Lot") == ["Lotte Jansen"]
    assert names("Jans") == ["Lotte Jansen"]
    assert names("Olga") == []  # not a member of the private group
    assert names("Samuel") == []  # the author themselves
    assert names("L") == []
    item = client.get(f"/forums/t/{thread.pk}/mentions/?q=Lot").json()["results"][0]
    assert item == {"name": "Lotte Jansen", "stakeholder_type": "Company", "insert": "@[Lotte Jansen]"}


def test_mention_autocomplete_is_for_people_who_may_post(dialogue, client_for):
    thread = dialogue.threads[Visibility.OPEN]
    assert (
        client_for(dialogue.people["outsider"]).get(f"/forums/t/{thread.pk}/mentions/?q=Lo").status_code
        == 404
    )
    assert client_for(None).get(f"/forums/t/{thread.pk}/mentions/?q=Lo").status_code == 404


def test_public_forum_mentions_people_who_wrote_there(dialogue, client_for):
    thread = dialogue.threads["public"]
    client = client_for(dialogue.people["outsider"])
    url = f"/forums/t/{thread.pk}/mentions/?q="
    assert [item["name"] for item in client.get(url + "Lotte").json()["results"]] == ["Lotte Jansen"]
    assert client.get(url + "Samuel").json()["results"] == []  # never wrote in this forum


def _attach(client, thread):
    upload = SimpleUploadedFile("audit summary.pdf", b"%PDF-1.4 audit", content_type="application/pdf")
    return client.post(
        f"/forums/t/{thread.pk}/reply/", {"body": "The summary is attached.", "attachments": upload}
    )


@pytest.mark.parametrize(
    ("persona", "expected"),
    [("anonymous", 404), ("outsider", 404), ("observer", 200), ("member", 200), ("secretariat", 200)],
)
def test_attachments_are_served_only_to_readers(dialogue, client_for, persona, expected):
    thread = dialogue.threads[Visibility.CLOSED]
    _attach(client_for(dialogue.people["member"]), thread)
    attachment = Attachment.objects.get()
    assert attachment.filename == "audit_summary.pdf"
    response = client_for(dialogue.people[persona]).get(attachment.get_absolute_url())
    assert response.status_code == expected
    if expected == 200:
        assert b"".join(response.streaming_content) == b"%PDF-1.4 audit"
        assert response["Content-Disposition"].startswith("inline;")  # a checked PDF opens in the browser


def test_attachments_are_stored_beside_media_root_by_default(settings, tmp_path):
    from forums import app_settings

    del settings.ROUNDTABLE_FORUMS_ATTACHMENT_ROOT
    settings.MEDIA_ROOT = str(tmp_path / "media")
    assert app_settings.attachment_root() == tmp_path / "private-media" / "forums"


def test_attachments_live_outside_media_root(dialogue, client_for, settings):
    _attach(client_for(dialogue.people["member"]), dialogue.threads[Visibility.CLOSED])
    path = Attachment.objects.get().file.path
    assert not path.startswith(str(settings.MEDIA_ROOT))
    with pytest.raises(ValueError):
        Attachment.objects.get().file.url  # noqa: B018


def test_attachments_of_wrong_type_are_refused_and_the_text_kept(dialogue, client_for):
    thread = dialogue.threads[Visibility.OPEN]
    upload = SimpleUploadedFile("run.exe", b"MZ", content_type="application/octet-stream")
    response = client_for(dialogue.people["member"]).post(
        f"/forums/t/{thread.pk}/reply/", {"body": "See the file.", "attachments": upload}
    )
    assert response.status_code == 400
    assert "cannot be uploaded" in response.content.decode() and "See the file." in response.content.decode()
    assert not Attachment.objects.exists()


def test_thread_url_with_a_wrong_slug_redirects(dialogue, client_for):
    thread = dialogue.threads[Visibility.OPEN]
    response = client_for(None).get(f"/forums/t/{thread.pk}/old-title/?page=1")
    assert response.status_code == 302 and response["Location"] == thread.get_absolute_url() + "?page=1"
