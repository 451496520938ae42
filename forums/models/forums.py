"""Forums: one per working group (or more), and public forums the secretariat opens."""

from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from wagtail.admin.panels import FieldPanel

from forums import access


class ForumQuerySet(models.QuerySet):
    """Visibility as a queryset triad, like Wagtail's live_q() / live() / not_live()."""

    def visible_to_q(self, user) -> models.Q:
        return access.forum_readable_q(user)

    def visible_to(self, user) -> "ForumQuerySet":
        return self.filter(self.visible_to_q(user))

    def not_visible_to(self, user) -> "ForumQuerySet":
        return self.exclude(self.visible_to_q(user))

    def postable_by(self, user) -> "ForumQuerySet":
        return self.filter(access.forum_postable_q(user))

    def moderated_by(self, user) -> "ForumQuerySet":
        return self.filter(access.forum_moderated_q(user))


class Forum(models.Model):
    """A place for threads. With a group it belongs to that group and follows the group's visibility;
    without one it is a public forum: anyone reads, anyone signed in with a verified address posts."""

    title = models.CharField(_("title"), max_length=200)
    slug = models.SlugField(_("slug"), max_length=200, unique=True)
    description = models.TextField(_("description"), max_length=1000, blank=True)
    group = models.ForeignKey(
        "working_groups.WorkingGroupPage",
        verbose_name=_("working group"),
        null=True,
        blank=True,
        # Protect rather than set null: a private group's forum must never become public by accident.
        on_delete=models.PROTECT,
        related_name="forums",
        help_text=_("Leave empty for a public forum that anyone can read and anyone signed in can join."),
    )
    sort_order = models.IntegerField(_("order"), default=0)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    objects = ForumQuerySet.as_manager()

    panels = [
        FieldPanel("title"),
        FieldPanel("slug"),
        FieldPanel("description"),
        FieldPanel("group"),
        FieldPanel("sort_order"),
    ]

    class Meta:
        ordering = ["sort_order", "title"]
        verbose_name = _("forum")
        verbose_name_plural = _("forums")

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("forums:forum", kwargs={"slug": self.slug})

    @property
    def is_public(self) -> bool:
        return self.group_id is None
