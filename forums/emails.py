"""Forum e-mails: one message per notification, or one daily digest, sent as django-tasks tasks.

Tasks take ids and read everything when they run, so what they send is true at send time: a post the
recipient can no longer read (they left the group, the post was hidden or deleted, the thread moved) is never
e-mailed, checked with `Post.objects.visible_to(recipient)`. Speakers appear only through forums.presenters,
so an e-mail about a Chatham House thread names nobody. Every message carries RFC 8058 one-click unsubscribe
headers and links that work without signing in (forums.notifications.tokens).
"""

from __future__ import annotations

import html
import re
from collections import OrderedDict
from datetime import timedelta

from django.conf import settings
from django.core.mail import EmailMessage
from django.db import transaction
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.html import strip_tags
from django.utils.text import Truncator
from django.utils.translation import gettext as _

from django_tasks import task

from cms.emails import absolute_url, recipient_language, render_mail
from forums import app_settings as forum_settings
from forums.choices import NotificationKind, SubscriptionLevel
from forums.notifications.tokens import unsubscribe_path
from forums.presenters import AuthorDisplay, ThreadPresenter

EXCERPT_CHARS = 1200
#: A digest goes out at most once in this many hours, however often the command runs.
DIGEST_MIN_HOURS = 20
AUTHOR_FIELDS = ("author__profile__organisation",)


def email_notifications_on_commit(notifications) -> None:
    """Queue an e-mail for each notification whose recipient wants one at once, after the writes commit."""
    ids = [notification.pk for notification in notifications]
    if not ids:
        return
    from forums.models import NotificationSettings

    settings_by_user = {
        row.user_id: row
        for row in NotificationSettings.objects.filter(user_id__in={n.user_id for n in notifications})
    }
    immediate = []
    for notification in notifications:
        user_settings = settings_by_user.get(notification.user_id)
        if _at_once(user_settings):
            immediate.append(notification.pk)
    for notification_id in immediate:
        transaction.on_commit(lambda pk=notification_id: send_notification_email.enqueue(pk))


def speaker(display: AuthorDisplay) -> str:
    """A speaker in plain text: their name and organisation, or in a Chatham House thread only the type."""
    if display.deleted:
        return str(display.label)
    if display.anonymised:
        if not display.stakeholder_label:
            return str(display.label)
        return _("A participant (%(type)s)") % {"type": display.stakeholder_label}
    if display.organisation:
        return f"{display.name} ({display.organisation})"
    return display.name


def email_presenter(thread, user) -> ThreadPresenter:
    """Speakers as an e-mail may show them. E-mails get forwarded: in a Chatham House thread they name
    nobody, not even to the moderators who see the names on the site."""
    presenter = ThreadPresenter(thread, user)
    if thread.chatham_house:
        presenter.reveal = False
    return presenter


def post_text(presenter: ThreadPresenter, post) -> str:
    """The post as plain text for this reader: mentions filled in as the presenter allows."""
    mentioned = {mention.user_id: mention.user for mention in post.mentions.all()}
    rendered = str(presenter.body_html(post.body_html, mentioned))
    text = html.unescape(strip_tags(re.sub(r"</(p|li|blockquote|h\d|pre)>|<br\s*/?>", "\n", rendered)))
    text = re.sub(r"\n{3,}", "\n\n", text).strip()
    return Truncator(text).chars(EXCERPT_CHARS)


def _unsubscribe_headers(url: str) -> dict:
    return {"List-Unsubscribe": f"<{url}>", "List-Unsubscribe-Post": "List-Unsubscribe=One-Click"}


def _common_context(user) -> dict:
    return {
        "settings_url": absolute_url(reverse("forums:notification_settings")),
        "unsubscribe_all_url": absolute_url(unsubscribe_path(user.pk, "all")),
        "site_name": getattr(settings, "WAGTAIL_SITE_NAME", "Roundtable"),
    }


def _visible_post(user, post_id: int):
    from django.db.models import Prefetch

    from forums.models import Mention, Post

    return (
        Post.objects.visible_to(user)
        .filter(pk=post_id, hidden=False)
        .select_related("thread__forum__group", *AUTHOR_FIELDS)
        .prefetch_related(
            Prefetch("mentions", queryset=Mention.objects.select_related("user__profile__organisation"))
        )
        .first()
    )


def build_notification_email(notification, post) -> EmailMessage:
    user = notification.user
    thread = post.thread
    presenter = email_presenter(thread, user)
    if notification.kind == NotificationKind.NEW_THREAD:
        unsubscribe_url = absolute_url(unsubscribe_path(user.pk, "forum", thread.forum_id))
    else:
        unsubscribe_url = absolute_url(unsubscribe_path(user.pk, "thread", thread.pk))
    with translation.override(recipient_language(user)):
        context = {
            **_common_context(user),
            "kind": notification.kind,
            "speaker": speaker(presenter.author(post.author)),
            "thread_title": thread.title,
            "forum_title": thread.forum.title,
            "chatham_house": thread.chatham_house,
            "post_url": absolute_url(post.get_absolute_url()),
            "text": post_text(presenter, post),
            "unsubscribe_url": unsubscribe_url,
        }
        return render_mail(
            "forums/email/notification",
            context,
            to=[user.email],
            headers=_unsubscribe_headers(unsubscribe_url),
        )


def _wants_email_now(user) -> bool:
    from forums.models import NotificationSettings

    return _at_once(NotificationSettings.objects.filter(user=user).first())


def _at_once(user_settings) -> bool:
    """An e-mail for each notification? People who never chose get the default (forums.app_settings)."""
    if user_settings is None:
        return not forum_settings.digest_by_default()
    return user_settings.email_enabled and not user_settings.daily_digest


def _muted(user, thread_id: int) -> bool:
    from forums.models import Subscription

    return Subscription.objects.filter(user=user, thread_id=thread_id, level=SubscriptionLevel.MUTED).exists()


@task()
def send_notification_email(notification_id: int) -> bool:
    """E-mail a notification if it is still unread, the person still wants it and may still read the post."""
    from forums.models import Notification

    notification = Notification.objects.select_related("user__profile").filter(pk=notification_id).first()
    if (
        notification is None
        or notification.emailed_at
        or notification.read_at
        or notification.post_id is None
    ):
        return False
    user = notification.user
    if not user.is_active or not user.email or not _wants_email_now(user):
        return False
    post = _visible_post(user, notification.post_id)
    if post is None or _muted(user, post.thread_id):
        return False
    updated = Notification.objects.filter(pk=notification.pk, emailed_at__isnull=True).update(
        emailed_at=timezone.now()
    )
    if not updated:
        return False  # another worker sent it meanwhile
    build_notification_email(notification, post).send()
    return True


# --- Daily digest ---------------------------------------------------------------------------------------


def digest_due_user_ids() -> list[int]:
    """People who chose the daily digest, have not had one for DIGEST_MIN_HOURS and have something pending."""
    from forums.models import Notification, NotificationSettings

    cutoff = timezone.now() - timedelta(hours=DIGEST_MIN_HOURS)
    not_due = NotificationSettings.objects.filter(
        Q(email_enabled=False) | Q(daily_digest=False) | Q(last_digest_at__gt=cutoff)
    ).values("user_id")
    pending = Notification.objects.filter(emailed_at__isnull=True, read_at__isnull=True, user__is_active=True)
    if not forum_settings.digest_by_default():  # only people who chose the digest
        pending = pending.filter(user__forum_notification_settings__daily_digest=True)
    return list(
        pending.exclude(user_id__in=not_due).order_by("user_id").values_list("user_id", flat=True).distinct()
    )


def build_digest_email(user, sections) -> EmailMessage:
    unsubscribe_url = absolute_url(unsubscribe_path(user.pk, "all"))
    with translation.override(recipient_language(user)):
        context = {**_common_context(user), "sections": sections, "unsubscribe_url": unsubscribe_url}
        context["count"] = sum(len(section["items"]) for section in sections)
        return render_mail(
            "forums/email/digest", context, to=[user.email], headers=_unsubscribe_headers(unsubscribe_url)
        )


def digest_sections(user, notifications) -> list[dict]:
    """The pending notifications whose posts the person may still read, grouped by thread."""
    from django.db.models import Prefetch

    from forums.models import Mention, Post

    post_ids = [notification.post_id for notification in notifications if notification.post_id]
    posts = {
        post.pk: post
        for post in Post.objects.visible_to(user)
        .filter(pk__in=post_ids, hidden=False)
        .select_related("thread__forum__group", *AUTHOR_FIELDS)
        .prefetch_related(
            Prefetch("mentions", queryset=Mention.objects.select_related("user__profile__organisation"))
        )
    }
    muted = set(
        user.forum_subscriptions.filter(level=SubscriptionLevel.MUTED).values_list("thread_id", flat=True)
    )
    sections: OrderedDict[int, dict] = OrderedDict()
    for notification in sorted(notifications, key=lambda n: (n.created_at, n.pk)):
        post = posts.get(notification.post_id)
        if post is None or post.thread_id in muted:
            continue
        thread = post.thread
        if thread.pk not in sections:
            sections[thread.pk] = {
                "thread_title": thread.title,
                "forum_title": thread.forum.title,
                "thread_url": absolute_url(thread.get_absolute_url()),
                "unsubscribe_url": absolute_url(unsubscribe_path(user.pk, "thread", thread.pk)),
                "presenter": email_presenter(thread, user),
                "items": [],
            }
        section = sections[thread.pk]
        section["items"].append(
            {
                "kind": notification.kind,
                "speaker": speaker(section["presenter"].author(post.author)),
                "post_url": absolute_url(post.get_absolute_url()),
                "text": Truncator(post_text(section["presenter"], post)).chars(400),
            }
        )
    return list(sections.values())


@task()
def send_digest(user_id: int) -> bool:
    """One person's daily digest of notifications not yet e-mailed or read; returns whether it was sent."""
    from django.contrib.auth import get_user_model

    from forums.models import Notification, NotificationSettings

    user = get_user_model().objects.select_related("profile").filter(pk=user_id, is_active=True).first()
    if user is None or not user.email:
        return False
    now = timezone.now()
    with transaction.atomic():
        NotificationSettings.objects.get_or_create(user=user)  # the defaults (the digest) if never chosen
        user_settings = NotificationSettings.objects.select_for_update().filter(user=user).first()
        if not user_settings.email_enabled or not user_settings.daily_digest:
            return False
        if user_settings.last_digest_at and user_settings.last_digest_at > now - timedelta(
            hours=DIGEST_MIN_HOURS
        ):
            return False
        pending = list(Notification.objects.filter(user=user, emailed_at__isnull=True, read_at__isnull=True))
        with translation.override(recipient_language(user)):  # speakers' labels are rendered here
            sections = digest_sections(user, pending)
        Notification.objects.filter(pk__in=[n.pk for n in pending]).update(emailed_at=now)
        user_settings.last_digest_at = now
        user_settings.save(update_fields=["last_digest_at"])
    if not sections:
        return False
    build_digest_email(user, sections).send()
    return True
