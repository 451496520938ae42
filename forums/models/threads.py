"""Threads: a title, tags and a sequence of posts in one forum (optionally the discussion of an event)."""

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from taggit.managers import TaggableManager
from taggit.models import TaggedItemBase

from forums import access


class ThreadQuerySet(models.QuerySet):
    """Visibility as a queryset triad: a thread is visible to whoever may read its forum."""

    def visible_to_q(self, user) -> models.Q:
        return access.forum_readable_q(user, "forum")

    def visible_to(self, user) -> "ThreadQuerySet":
        return self.filter(self.visible_to_q(user))

    def not_visible_to(self, user) -> "ThreadQuerySet":
        return self.exclude(self.visible_to_q(user))

    def postable_by(self, user) -> "ThreadQuerySet":
        """Threads the user may reply in now: postable forum, not closed, and not locked unless moderating."""
        return self.filter(access.forum_postable_q(user, "forum"), closed=False).filter(
            models.Q(locked=False) | access.forum_moderated_q(user, "forum")
        )

    def moderated_by(self, user) -> "ThreadQuerySet":
        return self.filter(access.forum_moderated_q(user, "forum"))

    def in_list_order(self) -> "ThreadQuerySet":
        """Pinned threads first, then the most recently active."""
        return self.order_by("-pinned", "-last_post_at", "-pk")


class ThreadTag(TaggedItemBase):
    content_object = models.ForeignKey("forums.Thread", on_delete=models.CASCADE, related_name="tagged_items")


class Thread(models.Model):
    """A conversation. `last_sequence` hands out the per-thread post numbers (under a row lock) and
    `last_change` the numbers of changes to its posts (forums.models.posts.post_change_record);
    `post_count`, `last_post_at` and `last_post` are kept up to date by the services for cheap listings.

    In a Chatham House thread readers see each speaker's stakeholder type but never their name or
    organisation: render authors only through forums.presenters.
    """

    forum = models.ForeignKey(
        "forums.Forum", verbose_name=_("forum"), on_delete=models.CASCADE, related_name="threads"
    )
    title = models.CharField(_("title"), max_length=200)
    slug = models.SlugField(_("slug"), max_length=200, allow_unicode=False)
    tags = TaggableManager(through=ThreadTag, blank=True, verbose_name=_("tags"))
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("started by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="forum_threads",
    )
    event = models.ForeignKey(
        "events.EventPage",
        verbose_name=_("event session"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="discussion_threads",
        help_text=_("When this thread is the discussion of an event session."),
    )
    created_at = models.DateTimeField(_("started"), default=timezone.now, db_index=True)
    last_post_at = models.DateTimeField(_("last post"), default=timezone.now, db_index=True)
    last_post = models.ForeignKey(
        "forums.Post", null=True, blank=True, on_delete=models.SET_NULL, related_name="+", editable=False
    )
    post_count = models.PositiveIntegerField(_("posts"), default=0, editable=False)
    last_sequence = models.PositiveIntegerField(default=0, editable=False)
    # The thread's change counter: every change to one of its posts takes the next number (Post.change).
    last_change = models.PositiveBigIntegerField(default=0, editable=False)
    pinned = models.BooleanField(_("pinned"), default=False, help_text=_("Shown above the other threads."))
    locked = models.BooleanField(
        _("locked"), default=False, help_text=_("Only moderators can post, edit or react.")
    )
    closed = models.BooleanField(
        _("closed"), default=False, help_text=_("The discussion is over: nobody can post any more.")
    )
    chatham_house = models.BooleanField(
        _("Chatham House Rule"),
        default=False,
        help_text=_("Readers see each speaker's stakeholder type, never their name or organisation."),
    )

    objects = ThreadQuerySet.as_manager()

    class Meta:
        verbose_name = _("thread")
        verbose_name_plural = _("threads")
        ordering = ["-pinned", "-last_post_at", "-pk"]
        indexes = [models.Index(fields=["forum", "pinned", "last_post_at"])]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("forums:thread", kwargs={"pk": self.pk, "slug": self.slug or "thread"})

    @property
    def reply_count(self) -> int:
        return max(self.post_count - 1, 0)
