"""The desk as a daily e-mail: the counts of "Waiting for you" for each secretariat member who asked for it
(their profile's "daily e-mail of what waits"), in their language, with links; nothing on a day when nothing
waits. Run `manage.py send_desk_digests` once a day from cron, or schedule the task `send_desk_digests`."""

from django.urls import reverse
from django.utils import translation

from django_tasks import task

from cms.emails import absolute_url, recipient_language, render_mail
from working_groups import access
from working_groups.desk import desk_items, total
from working_groups.emails import current_recipient


def desk_digest_recipient_ids() -> list[int]:
    """Active secretariat members (and superusers) who asked for the daily e-mail."""
    users = access.secretariat_members().filter(profile__desk_email=True)
    return sorted(set(users.values_list("pk", flat=True)))


@task()
def send_desk_digest(user_id: int) -> bool:
    """Send one person their desk's counts; False (nothing sent) when they no longer may or want to have it,
    or when nothing waits."""
    user = current_recipient(user_id)
    if user is None or not user.email or not user.profile.desk_email or not access.is_secretariat(user):
        return False
    language = recipient_language(user)
    with translation.override(language):
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
    render_mail("working_groups/emails/desk_digest", context, to=[user.email], language=language).send()
    return True


@task()
def send_desk_digests() -> int:
    """Queue today's desk e-mail of everyone who asked for it; returns how many were queued."""
    user_ids = desk_digest_recipient_ids()
    for user_id in user_ids:
        send_desk_digest.enqueue(user_id)
    return len(user_ids)
