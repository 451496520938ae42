"""A session's discussion as Markdown and CSV, for its moderators.

An export travels further than the room: in a Chatham House room it names nobody, not even for the
moderator who downloads it. Every CSV cell that a spreadsheet would run as a formula is quoted.
"""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass

from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from forums.models import LiveRoom, Post, Question
from forums.presenters import ThreadPresenter

FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r", "|")


def csv_cell(value) -> str:
    """Text for a spreadsheet cell; a formula character at the start (even after spaces) is neutralised."""
    text = "" if value is None else str(value)
    return "'" + text if text.lstrip(" ").startswith(FORMULA_PREFIXES) else text


@dataclass(frozen=True)
class ExportRow:
    sequence: int | str  # "" for a poll's result or an action point
    posted: str
    author: str
    stakeholder: str
    kind: str
    votes: int | None
    answered: bool
    highlighted: bool
    hidden: bool
    text: str


def export_rows(room: LiveRoom) -> list[ExportRow]:
    thread = room.thread
    # Nobody is the viewer: names are revealed only where the thread is not under the Chatham House Rule.
    presenter = ThreadPresenter(thread, None)
    posts = (
        Post.objects.filter(thread=thread, deleted_at__isnull=True)
        .select_related("author__profile__organisation", "question")
        .order_by("sequence")
    )
    rows = []
    for post in posts:
        author = presenter.author(post.author)
        try:
            question = post.question
        except Question.DoesNotExist:
            question = None
        rows.append(
            ExportRow(
                sequence=post.sequence,
                posted=timezone.localtime(post.created_at).strftime("%Y-%m-%d %H:%M"),
                author=str(author.label),
                stakeholder=str(author.stakeholder_label) if not author.deleted else "",
                kind=_("question") if question else _("message"),
                votes=question.vote_count if question else None,
                answered=bool(question and question.answered),
                highlighted=bool(question and question.highlighted),
                hidden=post.hidden,
                text=post.body_markdown,
            )
        )
    return rows + poll_rows(room) + action_rows(room)


def _poll_results(room: LiveRoom):
    """The room's polls that were opened, with every result (moderators export them); voters' names only
    for polls that are neither anonymous nor in a Chatham House room."""
    from forums.live.polls import poll_views

    return [view for view in poll_views(room, None, moderate=True, may_vote=False) if not view.poll.is_draft]


def _when(moment) -> str:
    return timezone.localtime(moment).strftime("%Y-%m-%d %H:%M") if moment else ""


def poll_rows(room: LiveRoom) -> list[ExportRow]:
    rows = []
    for view in _poll_results(room):
        for choice in view.choices:
            text = f"{view.poll.question} — {choice.label} ({choice.percent}%)"
            if view.voters_visible and choice.voters:
                text += " — " + _("voted by %(names)s") % {"names": ", ".join(choice.voters)}
            rows.append(
                ExportRow(
                    sequence="",
                    posted=_when(view.poll.closed_at or view.poll.opened_at),
                    author="",
                    stakeholder="",
                    kind=_("poll result") if view.closed else _("poll result (still open)"),
                    votes=choice.votes,
                    answered=False,
                    highlighted=False,
                    hidden=False,
                    text=text,
                )
            )
    return rows


def action_rows(room: LiveRoom) -> list[ExportRow]:
    from forums.live.actions import room_action_points

    return [
        ExportRow(
            sequence="",
            posted=_when(row.point.created_at),
            author=row.point.owner.name,
            stakeholder="",
            kind=_("action point"),
            votes=None,
            answered=False,
            highlighted=False,
            hidden=False,
            text=_("%(title)s (due %(due)s)")
            % {"title": row.point.title, "due": row.point.due_date.isoformat()}
            + (f" — {row.source}" if row.source else ""),
        )
        for row in room_action_points(room, None)
    ]


def _poll_markdown(room: LiveRoom) -> list[str]:
    lines = []
    views = _poll_results(room)
    if views:
        lines += [f"## {_('Polls')}", ""]
    for view in views:
        state = _("closed") if view.closed else _("still open")
        people = ngettext("%(count)d person voted", "%(count)d people voted", view.voters) % {
            "count": view.voters
        }
        anonymous = _("anonymous") if view.anonymous or room.thread.chatham_house else ""
        lines += [
            f"### {view.poll.question}",
            "",
            f"({', '.join(p for p in (state, people, anonymous) if p)})",
            "",
        ]
        for choice in view.choices:
            line = (
                f"- {choice.label}: "
                + ngettext("%(count)d vote", "%(count)d votes", choice.votes) % {"count": choice.votes}
                + f" ({choice.percent}%)"
            )
            if view.voters_visible and choice.voters:
                line += " — " + ", ".join(choice.voters)
            lines.append(line)
        lines.append("")
    return lines


def _actions_markdown(room: LiveRoom) -> list[str]:
    from forums.live.actions import room_action_points

    rows = room_action_points(room, None)
    if not rows:
        return []
    lines = [f"## {_('Action points')}", ""]
    for row in rows:
        point = row.point
        line = f"- **{point.title}** — " + _("owner: %(owner)s, due %(due)s") % {
            "owner": point.owner.name,
            "due": point.due_date.isoformat(),
        }
        if row.source:
            line += f" ({row.source})"
        lines.append(line)
        if point.description:
            lines += ["", _quote(point.description)]
        lines.append("")
    return lines


def to_csv(rows: list[ExportRow]) -> str:
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(
        [
            _("Number"),
            _("Posted"),
            _("Author"),
            _("Stakeholder type"),
            _("Kind"),
            _("Votes"),
            _("Answered"),
            _("Highlighted"),
            _("Hidden"),
            _("Text"),
        ]
    )
    for row in rows:
        writer.writerow(
            [
                csv_cell(value)
                for value in (
                    row.sequence,
                    row.posted,
                    row.author,
                    row.stakeholder,
                    row.kind,
                    "" if row.votes is None else row.votes,
                    _("yes") if row.answered else "",
                    _("yes") if row.highlighted else "",
                    _("yes") if row.hidden else "",
                    row.text,
                )
            ]
        )
    return buffer.getvalue()


def _quote(text: str) -> str:
    return "\n".join(f"> {line}".rstrip() for line in text.splitlines())


def to_markdown(room: LiveRoom, rows: list[ExportRow]) -> str:
    thread, event = room.thread, room.thread.event
    lines = [f"# {thread.title}", ""]
    if event is not None:
        start = event.local_start.strftime("%Y-%m-%d %H:%M")
        lines += [
            _("Session: %(title)s, %(start)s (%(zone)s)")
            % {"title": event.title, "start": start, "zone": event.time_zone},
            "",
        ]
    if thread.chatham_house:
        lines += [_("Held under the Chatham House Rule: speakers are shown by stakeholder type only."), ""]
    questions = sorted(
        (row for row in rows if row.votes is not None and not row.hidden and row.sequence != ""),
        key=lambda r: -r.votes,
    )
    if questions:
        lines += [f"## {_('Questions')}", ""]
        for row in questions:
            marks = [_("%(count)d votes") % {"count": row.votes}]
            if row.answered:
                marks.append(_("answered"))
            if row.highlighted:
                marks.append(_("highlighted"))
            lines += [f"- **#{row.sequence}** ({', '.join(marks)}) — {row.author}", "", _quote(row.text), ""]
    lines += _poll_markdown(room) + _actions_markdown(room)
    lines += [f"## {_('Discussion')}", ""]
    for row in rows:
        if row.sequence == "":
            continue
        if row.hidden:
            lines += [f"**#{row.sequence}** · {row.posted} · {_('hidden by a moderator')}", ""]
            continue
        lines += [
            f"**#{row.sequence}** · {row.posted} · {row.author} ({row.stakeholder})",
            "",
            _quote(row.text),
            "",
        ]
    return "\n".join(lines).rstrip() + "\n"
