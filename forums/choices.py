"""Choice sets of the forums app (kept apart from the models so services and forms import them cheaply)."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class ReactionKind(models.TextChoices):
    THUMBS_UP = "thumbs_up", _("Thumbs up")
    HEART = "heart", _("Heart")
    INSIGHTFUL = "insightful", _("Insightful")
    AGREE = "agree", _("Agree")


#: What each reaction looks like on the page (decorative: the label is what screen readers announce).
REACTION_SYMBOLS = {
    ReactionKind.THUMBS_UP: "👍",
    ReactionKind.HEART: "❤️",
    ReactionKind.INSIGHTFUL: "💡",
    ReactionKind.AGREE: "🤝",
}


class FlagReason(models.TextChoices):
    ABUSIVE = "abusive", _("Abusive or disrespectful")
    OFF_TOPIC = "off_topic", _("Off topic")
    SPAM = "spam", _("Spam or advertising")
    CONFIDENTIAL = "confidential", _("Breaks confidentiality or the Chatham House Rule")
    OTHER = "other", _("Something else")


class FlagOutcome(models.TextChoices):
    HIDDEN = "hidden", _("Post hidden")
    DISMISSED = "dismissed", _("Flag dismissed")


class ModerationAction(models.TextChoices):
    PIN = "pin", _("pinned a thread")
    UNPIN = "unpin", _("unpinned a thread")
    LOCK = "lock", _("locked a thread")
    UNLOCK = "unlock", _("unlocked a thread")
    CLOSE = "close", _("closed a thread")
    REOPEN = "reopen", _("reopened a thread")
    MOVE = "move", _("moved a thread")
    HIDE_POST = "hide_post", _("hid a post")
    UNHIDE_POST = "unhide_post", _("showed a hidden post again")
    EDIT_POST = "edit_post", _("edited someone else's post")
    DELETE_POST = "delete_post", _("deleted someone else's post")
    RESOLVE_FLAG = "resolve_flag", _("resolved a flag")


class SubscriptionLevel(models.TextChoices):
    WATCHING = "watching", _("Watching: every new post")
    TRACKING = "tracking", _("Tracking: mentions, replies and unread counts")
    MUTED = "muted", _("Muted: nothing")


class NotificationKind(models.TextChoices):
    MENTION = "mention", _("mentioned you")
    REPLY = "reply", _("replied to your post")
    QUOTE = "quote", _("quoted your post")
    NEW_THREAD = "new_thread", _("started a thread")
    NEW_POST = "new_post", _("posted in a thread you watch")
    REACTION = "reaction", _("reacted to your post")
    MODERATION = "moderation", _("moderated your post")
