from forums.models.forums import Forum
from forums.models.live import LiveRoom, Question, QuestionVote, RoomPresence, RoomRemoval
from forums.models.moderation import Flag, ModerationLogEntry
from forums.models.notifications import Notification, NotificationSettings, Subscription, ThreadReadState
from forums.models.polls import ActionPoint, Poll, PollChoice, PollState, PollVote, PollVoteChoice
from forums.models.posts import Attachment, Mention, Post, PostRevision, Reaction
from forums.models.threads import Thread, ThreadTag

__all__ = [
    "ActionPoint",
    "Attachment",
    "Flag",
    "Forum",
    "LiveRoom",
    "Mention",
    "ModerationLogEntry",
    "Notification",
    "NotificationSettings",
    "Poll",
    "PollChoice",
    "PollState",
    "PollVote",
    "PollVoteChoice",
    "Post",
    "PostRevision",
    "Question",
    "QuestionVote",
    "Reaction",
    "RoomPresence",
    "RoomRemoval",
    "Subscription",
    "Thread",
    "ThreadReadState",
    "ThreadTag",
]
