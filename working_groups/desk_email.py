"""The desk as a daily e-mail: the counts of "Waiting for you" for each secretariat member who asked for it
(their profile's "daily e-mail of what waits"), in their language, with links; nothing on a day when nothing
waits. Run `manage.py send_desk_digests` once a day from cron, or schedule the task `send_desk_digests`."""

from django.conf import settings
from django.core.mail import send_mail
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation

from django_tasks import task

from working_groups import access, app_settings
from working_groups.desk import desk_items, total
from working_groups.emails import absolute_url, current_recipient, recipient_language


def desk_digest_recipient_ids() -> list[int]:
    """Active secretariat members (and superusers) who asked for the daily e-mail."""
    from django.contrib.auth import get_user_model
    from django.db.models import Q

    users = get_user_model().objects.filter(is_active=True, profile__desk_email=True)
    users = users.filter(Q(is_superuser=True) | Q(groups__name=access.SECRETARIAT_GROUP_NAME))
    return sorted(set(users.values_list("pk", flat=True)))


@task()
def send_desk_digest(user_id: int) -> bool:
    """Send one person their desk's counts; False (nothing sent) when they no longer may or want to have it,
    or when nothing waits."""
    user = current_recipient(user_id)
    if user is None or not user.email or not user.profile.desk_email or not access.is_secretariat(user):
        return False
    with translation.override(recipient_language(user) or settings.LANGUAGE_CODE):
        items = desk_items(user)
        if not total(items):
            return False
        context = {
            "items": [
                {"label": item.label, "count": item.count, "url": absolute_url(item.url) if item.url else ""}
                for item in items
                if item.count
            ],
            "total": total(items),
            "dashboard_url": absolute_url(reverse("wagtailadmin_home")),
            "profile_url": absolute_url(reverse("profile")),
        }
        subject = render_to_string("working_groups/emails/desk_digest_subject.txt", context).strip()
        body = render_to_string("working_groups/emails/desk_digest_body.txt", context)
    send_mail(app_settings.email_subject_prefix() + " ".join(subject.split()), body, None, [user.email])
    return True


@task()
def send_desk_digests() -> int:
    """Queue today's desk e-mail of everyone who asked for it; returns how many were queued."""
    user_ids = desk_digest_recipient_ids()
    for user_id in user_ids:
        send_desk_digest.enqueue(user_id)
    return len(user_ids)
