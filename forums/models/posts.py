"""Posts and what hangs on them: edit history, reactions, mentions and attachments."""

from pathlib import PurePath

from django.conf import settings
from django.core.files.storage import FileSystemStorage
from django.db import models, transaction
from django.db.models import F
from django.db.models.functions import Now
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from forums import access, app_settings
from forums.choices import ReactionKind


class PostQuerySet(models.QuerySet):
    """Visibility as a queryset triad: the posts of visible threads that are not deleted, and not hidden
    unless the user moderates the forum (for search, feeds and e-mails; the thread page shows tombstones)."""

    def visible_to_q(self, user) -> models.Q:
        return (
            access.forum_readable_q(user, "thread__forum")
            & models.Q(deleted_at__isnull=True)
            & (models.Q(hidden=False) | access.forum_moderated_q(user, "thread__forum"))
        )

    def visible_to(self, user) -> "PostQuerySet":
        return self.filter(self.visible_to_q(user))

    def not_visible_to(self, user) -> "PostQuerySet":
        return self.exclude(self.visible_to_q(user))

    def live(self) -> "PostQuerySet":
        """Neither deleted nor hidden."""
        return self.filter(deleted_at__isnull=True, hidden=False)


class Post(models.Model):
    """One message. `body_html` is rendered and sanitised when the post is written (forums.rendering); it
    never holds anyone's name for a mention, only a placeholder the presenter fills in for each reader."""

    #: Wagtail's reference index ("used by") has nothing to say about a post's thread or the post it answers,
    #: and indexing cost every chat message three more statements.
    wagtail_reference_index_ignore = True

    thread = models.ForeignKey(
        "forums.Thread", verbose_name=_("thread"), on_delete=models.CASCADE, related_name="posts"
    )
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("author"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="forum_posts",
    )
    sequence = models.PositiveIntegerField(_("number"), editable=False)
    # NULL when the client sent no id: the unique constraint below then does not apply.
    client_id = models.CharField(max_length=64, null=True, blank=True, editable=False)  # noqa: DJ001
    reply_to = models.ForeignKey(
        "self",
        verbose_name=_("in reply to"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="replies",
    )
    body_markdown = models.TextField(_("text"))
    body_html = models.TextField(editable=False)
    created_at = models.DateTimeField(_("posted"), default=timezone.now, db_index=True)
    edited_at = models.DateTimeField(_("edited"), null=True, blank=True, editable=False)
    hidden = models.BooleanField(_("hidden by a moderator"), default=False)
    hidden_reason = models.CharField(_("reason for hiding"), max_length=300, blank=True)
    deleted_at = models.DateTimeField(_("deleted"), null=True, blank=True, editable=False)
    # When the post last changed in a way readers see (text, hiding, deletion, reactions, question marks),
    # by the database's clock; `change` is the thread's change counter then (post_change_record).
    updated_at = models.DateTimeField(_("updated"), default=timezone.now, editable=False)
    change = models.PositiveBigIntegerField(default=0, editable=False)

    objects = PostQuerySet.as_manager()

    class Meta:
        verbose_name = _("post")
        verbose_name_plural = _("posts")
        ordering = ["thread", "sequence"]
        constraints = [
            models.UniqueConstraint(fields=["thread", "sequence"], name="forums_post_unique_sequence"),
            models.UniqueConstraint(
                fields=["thread", "author", "client_id"],
                condition=models.Q(client_id__isnull=False),
                name="forums_post_unique_client_id",
            ),
        ]
        indexes = [models.Index(fields=["thread", "change"], name="forums_post_thread_change")]

    def __str__(self) -> str:
        return f"{self.thread} #{self.sequence}"

    def get_absolute_url(self) -> str:
        return reverse("forums:post", kwargs={"pk": self.pk})

    @property
    def is_deleted(self) -> bool:
        return self.deleted_at is not None


def post_change_record(*, thread_id: int, post_id: int) -> int:
    """Mark a post changed: it takes its thread's next change number and `updated_at` from the database.

    Call it in the transaction of the change itself, best first (every writer then locks the thread's row
    before the post's, as post_create and post_delete do, so writers never wait for each other in a
    circle). The UPDATE holds the thread's row lock until the change commits, so change numbers are handed
    out in commit order, whatever the clocks of the workers say: a reader that saw the thread's
    `last_change` = n can trust that every change numbered up to n is in the database (live delivery's
    resume cursor). Returns the number.
    """
    from forums.models.threads import Thread

    with transaction.atomic():
        Thread.objects.filter(pk=thread_id).update(last_change=F("last_change") + 1)
        number = Thread.objects.filter(pk=thread_id).values_list("last_change", flat=True).get()
        Post.objects.filter(pk=post_id).update(change=number, updated_at=Now())
    return number


class PostRevision(models.Model):
    """The text of a post before an edit (shown to moderators as the post's history)."""

    post = models.ForeignKey(Post, on_delete=models.CASCADE, related_name="revisions")
    body_markdown = models.TextField(_("previous text"))
    editor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("edited by"),
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    created_at = models.DateTimeField(_("edited"), default=timezone.now)

    class Meta:
        verbose_name = _("post revision")
        verbose_name_plural = _("post revisions")
        ordering = ["post", "-created_at", "-pk"]

    def __str__(self) -> str:
        return f"{self.post} ({self.created_at:%Y-%m-%d %H:%M})"


class Reaction(models.Model):
    post = models.ForeignKey(Post, on_delete=models.CASCADE, related_name="reactions")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    kind = models.CharField(_("reaction"), max_length=16, choices=ReactionKind.choices)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("reaction")
        verbose_name_plural = _("reactions")
        constraints = [
            models.UniqueConstraint(fields=["post", "user", "kind"], name="forums_reaction_unique"),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} on {self.post}"


class Mention(models.Model):
    """A person a post mentions; the post's HTML holds a placeholder that refers to this row's user."""

    post = models.ForeignKey(Post, on_delete=models.CASCADE, related_name="mentions")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="forum_mentions"
    )

    class Meta:
        verbose_name = _("mention")
        verbose_name_plural = _("mentions")
        constraints = [models.UniqueConstraint(fields=["post", "user"], name="forums_mention_unique")]

    def __str__(self) -> str:
        return f"{self.user} in {self.post}"


class PrivateFileStorage(FileSystemStorage):
    """Files with no public URL: only a view that checks who asks may serve them."""

    def url(self, name):
        raise ValueError("Forum attachments have no public URL; link to Attachment.get_absolute_url().")


def attachment_storage() -> FileSystemStorage:
    """Private storage outside MEDIA_ROOT; files are served by forums.views.files.attachment only."""
    return PrivateFileStorage(location=app_settings.attachment_root())


def attachment_path(instance: "Attachment", filename: str) -> str:
    return f"{timezone.now():%Y/%m}/{PurePath(filename).name}"


class Attachment(models.Model):
    post = models.ForeignKey(Post, on_delete=models.CASCADE, related_name="attachments")
    file = models.FileField(_("file"), upload_to=attachment_path, storage=attachment_storage, max_length=255)
    filename = models.CharField(_("file name"), max_length=200)
    size = models.PositiveBigIntegerField(_("size in bytes"), default=0)
    content_type = models.CharField(max_length=100, blank=True)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("attachment")
        verbose_name_plural = _("attachments")
        ordering = ["post", "pk"]

    def __str__(self) -> str:
        return self.filename

    def get_absolute_url(self) -> str:
        return reverse("forums:attachment", kwargs={"pk": self.pk, "filename": self.filename})
