"""E-mails of the working-groups app, sent as django-tasks tasks after the transaction commits.

A message to a person with an account names them by `user_id`, and the task reads the account when it runs:
it goes to their address at that moment, in the language their profile names at that moment (not the language
of whoever caused the message), and not at all once the account is deleted or deactivated (a database worker
may run it long after it was queued). Only a message meant for an address as such, an invitation, is sent to
the address it was given, in the language it was queued with.

Labels in a context (a role, what is under review) travel as codes and are translated when the message is
rendered, in the language it is written in: see LABELLED_CODES. A group travels as its page id (PAGE_ID_KEY),
so the message links to the group's page in that language.
"""

from django.conf import settings
from django.contrib.auth import get_user_model
from django.db import models, transaction
from django.utils import translation

from wagtail import hooks

from django_tasks import task

from cms.emails import absolute_url, page_in_language, recipient_language, render_mail
from working_groups.choices import Role
from working_groups.hooks import EMAIL_LABELLED_CODES_HOOK

#: Context keys whose value is a code; the template gets `<key>_label`, the code's label in the message's
#: language. A code that is not (or no longer) a choice is shown as it is. Other apps add theirs through the
#: EMAIL_LABELLED_CODES_HOOK: `fn() -> dict[str, type[TextChoices]]`.
LABELLED_CODES: dict[str, type[models.TextChoices]] = {"role": Role}


def labelled_codes() -> dict[str, type[models.TextChoices]]:
    codes = dict(LABELLED_CODES)
    for contribute in hooks.get_hooks(EMAIL_LABELLED_CODES_HOOK):
        codes.update(contribute())
    return codes


def current_recipient(user_id: int):
    """The account (with its profile) if it still exists and is active, else None.

    Its `email` is the person's primary address now: allauth keeps `user.email` in step with the primary
    EmailAddress when the person changes it.
    """
    return (
        get_user_model()
        .objects.select_related("profile")
        .filter(pk=user_id, is_active=True)
        .only("email", "profile__preferred_language")
        .first()
    )


#: The context key naming the page a message is about (its id); the template gets `group_title` and
#: `group_url` of its translation in the message's language when it has one (cms.emails.page_in_language).
PAGE_ID_KEY = "group_page_id"


def _with_page_in_language(context: dict, language: str) -> dict:
    """The context with the title and address of the page it names, in `language` (the translation when the
    page has one, the page itself otherwise; unchanged if the page is gone)."""
    page_id = context.get(PAGE_ID_KEY)
    if page_id is None:
        return context
    from wagtail.models import Page

    page = Page.objects.filter(pk=page_id).first()
    if page is None:
        return context
    shown = page_in_language(page, language)
    return {**context, "group_title": shown.title, "group_url": absolute_url(shown.get_url() or "")}


def _with_labels(context: dict) -> dict:
    """The context plus `<key>_label` for each coded value, translated in the active language."""
    labels = {}
    for key, choices in labelled_codes().items():
        if key in context:
            labels[f"{key}_label"] = str(dict(choices.choices).get(context[key], context[key]))
    return {**context, **labels}


@task()
def send_templated_email(
    recipient: str, template: str, context: dict, language: str | None = None, user_id: int | None = None
) -> bool:
    """Render working_groups/emails/<template>_subject.txt and _body.txt and send them to one address (a
    `template` with a slash names another app's templates: "commitments/emails/commitment_approved").

    With `user_id`, the address is the account's current one and `recipient` is ignored; nothing is sent if
    the account no longer exists or is inactive. The message is written in `language` if the caller forced
    one, else in the account's language now (recipient_language), else in settings.LANGUAGE_CODE. Returns
    whether a message was sent. Arguments are plain JSON values, so the task runs the same on the immediate
    and the database backend.
    """
    if user_id is not None:
        user = current_recipient(user_id)
        recipient = (user.email or "") if user is not None else ""
        language = language or recipient_language(user)
    if not recipient:
        return False
    language = language or settings.LANGUAGE_CODE
    with translation.override(language):
        context = _with_labels(_with_page_in_language(context, language))
    prefix = template if "/" in template else f"working_groups/emails/{template}"
    render_mail(prefix, context, to=[recipient], language=language).send()
    return True


def email_on_commit(
    recipient: str, template: str, context: dict, language: str | None = None, *, user_id: int | None = None
) -> None:
    """Queue the e-mail once the surrounding transaction commits, so nobody hears of a rolled-back change.

    Pass `user_id` whenever the recipient has an account: the task then looks the address and the language up
    when it runs, and the queued task holds no address (an erased person's address does not linger in the task
    table). Pass `language` only to force one; without `user_id` it defaults to the active language (an
    invitation is written in its sender's language). Coded labels (LABELLED_CODES) go in as codes.
    """
    if user_id is not None:
        recipient = ""
    else:
        language = language or translation.get_language()
    transaction.on_commit(
        lambda: send_templated_email.enqueue(recipient, template, context, language, user_id=user_id)
    )
