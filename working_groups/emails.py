"""E-mails of the working-groups app, sent as django-tasks tasks after the transaction commits."""

from django.conf import settings
from django.core.mail import send_mail
from django.db import transaction
from django.template.loader import render_to_string
from django.utils import translation

from django_tasks import task

from working_groups import app_settings


@task()
def send_templated_email(recipient: str, template: str, context: dict, language: str | None = None) -> None:
    """Render working_groups/emails/<template>_subject.txt and _body.txt and send them to one address.

    Arguments are plain JSON values, so the task runs the same on the immediate and the database backend.
    """
    with translation.override(language or settings.LANGUAGE_CODE):
        subject = render_to_string(f"working_groups/emails/{template}_subject.txt", context).strip()
        body = render_to_string(f"working_groups/emails/{template}_body.txt", context)
    send_mail(
        app_settings.email_subject_prefix() + " ".join(subject.split()),
        body,
        None,
        [recipient],
    )


def email_on_commit(recipient: str, template: str, context: dict, language: str | None = None) -> None:
    """Queue the e-mail once the surrounding transaction commits, so nobody hears of a rolled-back change."""
    transaction.on_commit(
        lambda: send_templated_email.enqueue(
            recipient, template, context, language or translation.get_language()
        )
    )


def absolute_url(path: str) -> str:
    """An absolute link for an e-mail; page URLs that are already absolute pass through."""
    if path.startswith(("http://", "https://")):
        return path
    return app_settings.base_url().rstrip("/") + path
