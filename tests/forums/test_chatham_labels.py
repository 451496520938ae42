"""Chatham House labels never single a speaker out: a stakeholder type is shown only where at least five
member organisations of that type could have written in the thread (the group's members' organisations, or
every organisation with an account for a forum outside any group); otherwise the speaker is "A participant".
The same rule holds on every path: pages, thread lists and filters, search, quotes, mentions, e-mails, live
frames and the live room's export — all through forums.presenters.chatham_type_label."""

import pytest

from forums import services
from forums.emails import email_presenter, speaker
from forums.live.selectors import post_frames
from forums.models import Thread
from forums.presenters import ThreadPresenter, chatham_shown_types
from forums.search import search_posts
from tests.factories.users import UserFactory
from tests.factories.working_groups import OrganisationFactory, add_member
from working_groups.choices import Visibility
from working_groups.models import StakeholderType

BADGE = '<span class="visually-hidden">Stakeholder type: </span>{}</span>'


@pytest.fixture
def chatham(dialogue):
    """A Chatham House thread in the open group, whose members belong to one company, one union and one
    NGO: the chair (the company) starts it, the member (the union) replies mentioning the chair."""
    thread = services.thread_create(
        author=dialogue.people["chair"],
        forum=dialogue.forums[Visibility.OPEN],
        title="Remediation budgets we could not agree",
        body_markdown="Our remediation budget was cut by the board last quarter.",
        chatham_house=True,
    )
    services.post_create(
        author=dialogue.people["member"],
        thread=thread,
        body_markdown="Thank you @[Lotte Jansen], the union saw the same cut.",
        reply_to=thread.posts.get(),
    )
    return Thread.objects.select_related("forum").get(pk=thread.pk)


def more_companies(dialogue, count: int) -> None:
    """`count` more companies, each with one person in the open group."""
    for number in range(count):
        organisation = OrganisationFactory(name=f"Smelter Company {number}", stakeholder_type="company")
        person = UserFactory()
        person.profile.organisation = organisation
        person.profile.save()
        add_member(dialogue.groups[Visibility.OPEN], person)


def test_a_type_with_fewer_than_five_organisations_in_the_group_is_not_shown(dialogue, chatham, client):
    client.force_login(dialogue.people["outsider"])
    content = client.get(chatham.get_absolute_url()).content.decode()
    assert "A participant" in content
    for label in ("Company", "Trade union"):
        assert BADGE.format(label) not in content
    assert "@A participant" in content  # the mention of the chair


def test_with_five_organisations_of_a_type_the_type_is_shown_and_the_others_still_not(
    dialogue, chatham, client
):
    more_companies(dialogue, 4)
    client.force_login(dialogue.people["outsider"])
    content = client.get(chatham.get_absolute_url()).content.decode()
    assert BADGE.format("Company") in content
    assert "@Company" in content
    assert BADGE.format("Trade union") not in content
    assert chatham_shown_types(Thread.objects.get(pk=chatham.pk)) == {StakeholderType.COMPANY}


def test_organisations_outside_the_group_do_not_count(dialogue, chatham):
    for number in range(6):
        OrganisationFactory(name=f"Faraway Company {number}", stakeholder_type="company")
    assert chatham_shown_types(chatham) == frozenset()


def test_search_results_follow_the_rule(dialogue, chatham):
    results = search_posts(dialogue.people["outsider"], "remediation budget")
    assert results
    for result in results:
        assert result.author.label == "A participant"
        assert result.author.stakeholder_label == ""


def test_a_quote_names_no_type_that_singles_out(dialogue, chatham):
    first = chatham.posts.get(sequence=1)
    quote = services.post_quote(user=dialogue.people["member"], post=first)
    assert quote.startswith("> A participant wrote in [#1]")
    assert "Company" not in quote
    more_companies(dialogue, 4)
    assert services.post_quote(user=dialogue.people["member"], post=first).startswith(
        "> A participant (Company) wrote in [#1]"
    )


def test_emails_follow_the_rule(dialogue, chatham):
    reply = chatham.posts.get(sequence=2)
    presenter = email_presenter(chatham, dialogue.people["chair"])
    assert speaker(presenter.author(reply.author)) == "A participant"
    assert "Trade union" not in speaker(presenter.author(reply.author))


def test_live_frames_and_the_export_follow_the_rule(dialogue, chatham):
    from forums.live.export import export_rows
    from forums.models.live import LiveRoom

    posts = list(chatham.posts.select_related("author__profile__organisation").order_by("sequence"))
    frames = post_frames(posts, chatham, dialogue.people["outsider"], moderate=False)
    assert [frame["author"]["label"] for frame in frames] == ["A participant", "A participant"]
    assert [frame["author"]["stakeholder"] for frame in frames] == ["", ""]
    assert "Company" not in frames[1]["html"] and "Lotte" not in frames[1]["html"]
    room, _ = LiveRoom.objects.get_or_create(thread=chatham)
    for row in export_rows(room):
        assert row.author == "A participant" and row.stakeholder == ""


def test_the_thread_filter_by_stakeholder_type_skips_chatham_house_threads(dialogue, chatham, client):
    client.force_login(dialogue.people["outsider"])
    content = client.get("/forums/threads/?stakeholder_type=company").content.decode()
    assert dialogue.threads[Visibility.OPEN].title in content  # the chair's ordinary thread
    assert chatham.title not in content


def test_the_presenter_is_the_one_place(dialogue, chatham):
    """Moderators still see names; readers get the type only as the rule allows."""
    chair = dialogue.people["chair"]
    assert ThreadPresenter(chatham, chair).author(dialogue.people["member"]).name == "Samuel Mensah"
    display = ThreadPresenter(chatham, dialogue.people["observer"]).author(chair)
    assert (display.label, display.stakeholder_label, display.stakeholder_type) == ("A participant", "", "")


def test_a_long_lived_presenter_reads_the_types_again(dialogue, chatham, monkeypatch):
    """A live connection keeps its presenter: when organisations leave, the type goes within a minute."""
    from forums import presenters

    more_companies(dialogue, 4)
    presenter = ThreadPresenter(chatham, dialogue.people["observer"])
    assert presenter.author(dialogue.people["chair"]).stakeholder_label == "Company"
    dialogue.groups[Visibility.OPEN].memberships.filter(
        user__profile__organisation__name__startswith="Smelter Company"
    ).first().delete()
    assert presenter.author(dialogue.people["chair"]).stakeholder_label == "Company"  # remembered
    clock = presenters.time.monotonic()
    monkeypatch.setattr(presenters.time, "monotonic", lambda: clock + presenters.CHATHAM_TYPES_MAX_AGE + 1)
    assert presenter.author(dialogue.people["chair"]).stakeholder_label == ""
