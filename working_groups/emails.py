"""E-mails of the working-groups app, sent as django-tasks tasks after the transaction commits.

A message to a person with an account names them by `user_id`, and the task reads the account when it runs:
it goes to their address at that moment, and not at all once the account is deleted or deactivated (a
database worker may run it long after it was queued). Only a message meant for an address as such, an
invitation, is sent to the address it was given.
"""

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.mail import send_mail
from django.db import transaction
from django.template.loader import render_to_string
from django.utils import translation

from django_tasks import task

from working_groups import app_settings


def current_address(user_id: int) -> str:
    """The person's primary address now, or "" if the account is gone, deactivated or has no address.

    allauth keeps `user.email` in step with the primary EmailAddress when the person changes it.
    """
    user = get_user_model().objects.filter(pk=user_id, is_active=True).only("email").first()
    return (user.email or "") if user is not None else ""


@task()
def send_templated_email(
    recipient: str, template: str, context: dict, language: str | None = None, user_id: int | None = None
) -> bool:
    """Render working_groups/emails/<template>_subject.txt and _body.txt and send them to one address.

    With `user_id`, the address is the account's current one and `recipient` is ignored; nothing is sent if
    the account no longer exists or is inactive. Returns whether a message was sent. Arguments are plain
    JSON values, so the task runs the same on the immediate and the database backend.
    """
    if user_id is not None:
        recipient = current_address(user_id)
    if not recipient:
        return False
    with translation.override(language or settings.LANGUAGE_CODE):
        subject = render_to_string(f"working_groups/emails/{template}_subject.txt", context).strip()
        body = render_to_string(f"working_groups/emails/{template}_body.txt", context)
    send_mail(
        app_settings.email_subject_prefix() + " ".join(subject.split()),
        body,
        None,
        [recipient],
    )
    return True


def email_on_commit(
    recipient: str, template: str, context: dict, language: str | None = None, *, user_id: int | None = None
) -> None:
    """Queue the e-mail once the surrounding transaction commits, so nobody hears of a rolled-back change.

    Pass `user_id` whenever the recipient has an account: the task then looks the address up when it runs,
    and the queued task holds no address (an erased person's address does not linger in the task table).
    """
    if user_id is not None:
        recipient = ""
    language = language or translation.get_language()
    transaction.on_commit(
        lambda: send_templated_email.enqueue(recipient, template, context, language, user_id=user_id)
    )


def absolute_url(path: str) -> str:
    """An absolute link for an e-mail; page URLs that are already absolute pass through."""
    if path.startswith(("http://", "https://")):
        return path
    return app_settings.base_url().rstrip("/") + path
