"""Following and being told: subscriptions, on-site notifications, e-mail settings and unread markers."""

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from forums import app_settings
from forums.choices import NotificationKind, SubscriptionLevel


class Subscription(models.Model):
    """A person following one thread or one whole forum (exactly one of the two)."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="forum_subscriptions"
    )
    thread = models.ForeignKey(
        "forums.Thread", null=True, blank=True, on_delete=models.CASCADE, related_name="subscriptions"
    )
    forum = models.ForeignKey(
        "forums.Forum", null=True, blank=True, on_delete=models.CASCADE, related_name="subscriptions"
    )
    level = models.CharField(
        _("level"), max_length=16, choices=SubscriptionLevel.choices, default=SubscriptionLevel.WATCHING
    )
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("subscription")
        verbose_name_plural = _("subscriptions")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(thread__isnull=True, forum__isnull=False)
                | models.Q(thread__isnull=False, forum__isnull=True),
                name="forums_subscription_thread_xor_forum",
            ),
            models.UniqueConstraint(
                fields=["user", "thread"],
                condition=models.Q(thread__isnull=False),
                name="forums_subscription_unique_thread",
            ),
            models.UniqueConstraint(
                fields=["user", "forum"],
                condition=models.Q(forum__isnull=False),
                name="forums_subscription_unique_forum",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.user} → {self.thread or self.forum} ({self.get_level_display()})"


class Notification(models.Model):
    """Something a person is told on the site (and, per their settings, by e-mail).

    `actor` is who caused it; show them only through forums.presenters (Chatham House threads)."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="forum_notifications"
    )
    kind = models.CharField(_("kind"), max_length=16, choices=NotificationKind.choices)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    thread = models.ForeignKey(
        "forums.Thread", null=True, blank=True, on_delete=models.CASCADE, related_name="notifications"
    )
    post = models.ForeignKey(
        "forums.Post", null=True, blank=True, on_delete=models.CASCADE, related_name="notifications"
    )
    created_at = models.DateTimeField(default=timezone.now, db_index=True)
    read_at = models.DateTimeField(null=True, blank=True)
    emailed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("notification")
        verbose_name_plural = _("notifications")
        ordering = ["-created_at", "-pk"]
        indexes = [models.Index(fields=["user", "read_at"])]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} → {self.user}"


class NotificationSettings(models.Model):
    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="forum_notification_settings"
    )
    email_enabled = models.BooleanField(_("e-mail me about notifications"), default=True)
    #: People who never chose get the daily digest (ROUNDTABLE_FORUMS_DIGEST_BY_DEFAULT): a followed thread
    #: may be a busy live room, and one e-mail a day is the kinder default.
    daily_digest = models.BooleanField(
        _("one daily digest instead of an e-mail each time"), default=app_settings.digest_by_default
    )
    last_digest_at = models.DateTimeField(null=True, blank=True, editable=False)

    class Meta:
        verbose_name = _("notification settings")
        verbose_name_plural = _("notification settings")

    def __str__(self) -> str:
        return str(self.user)


class ThreadReadState(models.Model):
    """How far a person has read a thread (unread markers compare it with Thread.last_sequence)."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    thread = models.ForeignKey("forums.Thread", on_delete=models.CASCADE, related_name="read_states")
    last_read_sequence = models.PositiveIntegerField(default=0)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("read marker")
        verbose_name_plural = _("read markers")
        constraints = [
            models.UniqueConstraint(fields=["user", "thread"], name="forums_read_state_unique"),
        ]

    def __str__(self) -> str:
        return f"{self.user} read {self.thread} to #{self.last_read_sequence}"
