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

from forums.models import LiveRoom, Post, Question
from forums.presenters import ThreadPresenter

FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r", "|")


def csv_cell(value) -> str:
    """Text for a spreadsheet cell; a formula character at the start (even after spaces) is neutralised."""
    text = "" if value is None else str(value)
    return "'" + text if text.lstrip(" ").startswith(FORMULA_PREFIXES) else text


@dataclass(frozen=True)
class ExportRow:
    sequence: int
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
    return rows


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
        (row for row in rows if row.votes is not None and not row.hidden), key=lambda r: -r.votes
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
    lines += [f"## {_('Discussion')}", ""]
    for row in rows:
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
