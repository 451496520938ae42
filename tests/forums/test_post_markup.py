"""forums.post_markup writes each post exactly as forums/includes/post.html does (whitespace included), for
every kind of post and reader, in both languages and in other time zones; a project's own post.html is
still used when it overrides the app's."""

import itertools
from datetime import UTC, datetime
from types import SimpleNamespace

from django.contrib.auth.models import AnonymousUser
from django.template import Context, Template
from django.template.loader import render_to_string
from django.test import RequestFactory, override_settings
from django.utils import timezone, translation
from django.utils.safestring import mark_safe

import pytest

from forums import post_markup
from forums.access import ForumAccess
from forums.models import Attachment
from forums.presenters import AuthorDisplay, PostLabeller, PostLinks, post_control_labels
from forums.selectors import PostView, ReactionSummary

TOKEN = "t" * 64
LINKS = PostLinks(
    permalink="/forums/p/7/",
    reply="/forums/t/3/reply/?reply_to=7",
    quote="/forums/t/3/reply/?quote=7",
    edit="/forums/p/7/edit/",
    delete="/forums/p/7/delete/",
    history="/forums/p/7/history/",
    react="/forums/p/7/react/",
    hide="/forums/p/7/hide/",
    unhide="/forums/p/7/unhide/",
    flag="/forums/p/7/flag/",
)
AUTHORS = {
    "named": AuthorDisplay("Ama <Mensah>", "Kivu & Tin", "company", "Company"),
    "me": AuthorDisplay("Lotte", "", "", "No party listed", is_viewer=True),
    "chatham": AuthorDisplay("", "", "trade_union", "Trade union", anonymised=True),
    "gone": AuthorDisplay("", "", "", "", deleted=True),
}


def reactions(mine: bool, counts: tuple) -> list[ReactionSummary]:
    kinds = [
        ("like", "Like", "👍"),
        ("heart", "Heart", "❤️"),
        ("idea", "Idea <!>", "💡"),
        ("thanks", "Thanks", "🙏"),
    ]
    return [
        ReactionSummary(kind=kind, label=label, symbol=symbol, count=count, mine=mine and count > 0)
        for (kind, label, symbol), count in zip(kinds, counts, strict=True)
    ]


def post_view(**changes) -> PostView:
    sequence = changes.pop("sequence", 1234)
    reply_to = changes.pop("reply_to_sequence", None)
    values = {
        "pk": 7,
        "sequence": sequence,
        "links": LINKS,
        "labels": PostLabeller()(sequence, reply_to),
        "created_at": datetime(2026, 3, 29, 0, 59, 30, 123456, tzinfo=UTC),  # the night clocks change
        "edited_at": None,
        "author": AUTHORS["named"],
        "body_html": mark_safe('<p>Grievances & <a href="https://example.org">audits</a></p>'),
        "reply_to_sequence": reply_to,
        "deleted": False,
        "hidden": False,
        "hidden_reason": "",
        "show_body": True,
        "may_edit": False,
        "may_react": False,
        "reactions": reactions(False, (0, 0, 0, 0)),
        "attachments": [],
    }
    values.update(changes)
    return PostView(**values)


def attachments() -> list[Attachment]:
    return [
        Attachment(pk=11, filename="audit <2026>.pdf", size=1_234_567),
        Attachment(pk=12, filename="notes.txt", size=12),
    ]


POSTS = {
    "plain": lambda: post_view(),
    "edited reply with reactions": lambda: post_view(
        edited_at=datetime(2026, 7, 1, 12, 0, tzinfo=UTC),
        reply_to_sequence=3,
        reactions=reactions(True, (2, 0, 1, 1234)),
        may_react=True,
        may_edit=True,
    ),
    "own post": lambda: post_view(
        author=AUTHORS["me"], may_edit=True, reactions=reactions(False, (1, 0, 0, 0))
    ),
    "chatham speaker with attachments": lambda: post_view(
        author=AUTHORS["chatham"], attachments=attachments(), may_react=True
    ),
    "hidden, shown to a moderator": lambda: post_view(
        hidden=True, hidden_reason="Names <a> person & more", may_edit=True, attachments=attachments()
    ),
    "hidden, withheld": lambda: post_view(hidden=True, show_body=False, body_html=mark_safe("")),
    "deleted": lambda: post_view(
        deleted=True, show_body=False, body_html=mark_safe(""), author=AUTHORS["gone"], sequence=1
    ),
}
READERS = {
    "anonymous": (AnonymousUser(), ForumAccess(read=True, post=False, moderate=False), False, TOKEN),
    "member": (
        SimpleNamespace(is_authenticated=True),
        ForumAccess(read=True, post=True, moderate=False),
        True,
        TOKEN,
    ),
    "moderator": (
        SimpleNamespace(is_authenticated=True),
        ForumAccess(read=True, post=True, moderate=True),
        True,
        TOKEN,
    ),
    "observer, closed thread": (
        SimpleNamespace(is_authenticated=True),
        ForumAccess(read=True, post=False, moderate=False),
        False,
        TOKEN,
    ),
    "moderator without a token": (
        SimpleNamespace(is_authenticated=True),
        ForumAccess(read=True, post=True, moderate=True),
        True,
        "",
    ),
}


@pytest.mark.parametrize(
    ("language", "zone"), [("en", "UTC"), ("nl", "Europe/Amsterdam"), ("en", "America/Lima")]
)
@pytest.mark.parametrize("reader", READERS)
def test_post_markup_is_the_template_character_for_character(reader, language, zone):
    user, forum_access, can_reply, token = READERS[reader]
    with translation.override(language), timezone.override(zone):
        labels = post_control_labels()
        markup = post_markup.PostMarkup(labels, forum_access, can_reply, user, token)
        for name, make in POSTS.items():
            post = make()
            context = {
                "post": post,
                "control_labels": labels,
                "forum_access": forum_access,
                "can_reply": can_reply,
                "user": user,
                "csrf_token": token,
            }
            expected = render_to_string(post_markup.TEMPLATE, context)
            assert markup(post) == expected, name


def test_the_page_and_the_fragments_use_a_projects_own_post_template(tmp_path):
    override = tmp_path / "forums" / "includes" / "post.html"
    override.parent.mkdir(parents=True)
    override.write_text('<p class="own">{{ post.sequence }} {{ control_labels.reply }}</p>')
    templates = [
        {
            "BACKEND": "django.template.backends.django.DjangoTemplates",
            "DIRS": [tmp_path],
            "APP_DIRS": True,
            "OPTIONS": {"context_processors": ["django.template.context_processors.request"]},
        }
    ]
    posts = [post_view(sequence=1), post_view(sequence=2)]
    controls = {
        "control_labels": post_control_labels(),
        "forum_access": ForumAccess(read=True, post=True, moderate=False),
        "can_reply": True,
    }
    assert post_markup.uses_own_template()
    with override_settings(TEMPLATES=templates):
        assert not post_markup.uses_own_template()
        page = Template("{% load forums_posts %}{% post_articles posts %}").render(
            Context({**controls, "posts": posts})
        )
        assert page == '<p class="own">1 Reply</p><p class="own">2 Reply</p>'
        request = RequestFactory().get("/")
        request.user = AnonymousUser()
        fragments = post_markup.post_fragments(request, controls, posts)
        assert fragments == ['<p class="own">1 Reply</p>', '<p class="own">2 Reply</p>']


def test_the_markup_reads_the_csrf_token_only_for_a_post_with_a_form(rf):
    request = rf.get("/")
    request.user = AnonymousUser()
    controls = {
        "control_labels": post_control_labels(),
        "forum_access": ForumAccess(read=True, post=False, moderate=False),
        "can_reply": False,
    }
    post_markup.post_fragments(request, controls, [post_view()])
    assert "CSRF_COOKIE" not in request.META  # no form, no token (as the template's lazy token)
    (html,) = post_markup.post_fragments(request, controls, [post_view(may_react=True)])
    assert 'name="csrfmiddlewaretoken"' in html
    assert "CSRF_COOKIE" in request.META


@pytest.mark.parametrize("combination", list(itertools.product([False, True], repeat=3)))
def test_every_combination_of_flags_matches(combination):
    """Each control's condition on its own and together: hidden, edited and able to react."""
    hidden, edited, may_react = combination
    post = post_view(
        hidden=hidden,
        edited_at=datetime(2026, 1, 2, 3, 4, tzinfo=UTC) if edited else None,
        may_react=may_react,
        may_edit=True,
        reactions=reactions(True, (1, 2, 0, 0)),
    )
    for user, forum_access, can_reply, token in READERS.values():
        labels = post_control_labels()
        context = {
            "post": post,
            "control_labels": labels,
            "forum_access": forum_access,
            "can_reply": can_reply,
            "user": user,
            "csrf_token": token,
        }
        markup = post_markup.PostMarkup(labels, forum_access, can_reply, user, token)
        assert markup(post) == render_to_string(post_markup.TEMPLATE, context)
