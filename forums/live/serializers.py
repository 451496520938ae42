"""The frames a live connection sends: small typed dicts, JSON as they are.

A frame never holds a name the reader may not know: authors come from forums.presenters (a Chatham House
thread shows stakeholder types only) and bodies are the posts' stored, sanitised HTML with mentions filled in
for the reader.
"""

from typing import Literal, NotRequired, TypedDict


class AuthorFrame(TypedDict):
    label: str
    organisation: str
    stakeholder: str
    is_viewer: bool


class QuestionFrame(TypedDict):
    votes: int
    voted: bool
    answered: bool
    highlighted: bool
    hidden: bool


class PostFrame(TypedDict):
    id: int
    sequence: int
    #: The thread's change number of the post's last change (0: unchanged since it was written).
    change: int
    url: str
    created_at: str
    edited: bool
    author: AuthorFrame
    html: str
    reply_to: int | None
    deleted: bool
    hidden: bool
    reactions: dict[str, int]
    question: QuestionFrame | None


class PostCreated(TypedDict):
    type: Literal["post.created"]
    post: PostFrame


class Posts(TypedDict):
    """Several posts in order: a joiner's replay (one frame per batch, then `replay.done`) and the answer to a
    client's `fetch`."""

    type: Literal["posts"]
    posts: list[PostFrame]
    #: A fetch's answer leaves out posts after these (the client fetches again); a replay's batches say False.
    more: bool


class PostUpdated(TypedDict):
    type: Literal["post.updated"]
    post: PostFrame


class ReplayDone(TypedDict):
    type: Literal["replay.done"]
    last_sequence: int
    #: The resume cursor: every change numbered up to this one has been sent (or was not the reader's).
    last_change: int
    more: bool


class Ack(TypedDict):
    type: Literal["ack"]
    client_id: str
    sequence: int


class ErrorFrame(TypedDict):
    type: Literal["error"]
    code: str
    message: str
    client_id: NotRequired[str]
    retry_after: NotRequired[int]


class RoomFrame(TypedDict):
    type: Literal["room"]
    open: bool
    read_only: bool
    opens_at: str
    closes_at: str
    slow_mode_seconds: int
    may_post: bool
    may_moderate: bool
    posting_refusal: str


class PresenceFrame(TypedDict):
    type: Literal["presence"]
    count: int
    people: NotRequired[list[str]]


class Pong(TypedDict):
    """The answer to a heartbeat, sent after anything the connection had missed: where the thread is."""

    type: Literal["pong"]
    last_sequence: int
    last_change: int


class Hello(TypedDict):
    type: Literal["hello"]
    thread: int
    last_sequence: int
    last_change: int
    chatham_house: bool
    room: bool


def error(code: str, message: str, **extra) -> ErrorFrame:
    return ErrorFrame(type="error", code=code, message=str(message), **extra)
