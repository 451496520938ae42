"""E-mail plumbing every app shares: the language to write to a person in, absolute links (to a page's
translation in that language when it has one), and ONE way to
render a message (subject, text and optional HTML from an app's templates, in the recipient's language).

Each app keeps its own templates, named `<prefix>_subject.txt`, `<prefix>_body.txt` and optionally
`<prefix>_body.html`; `render_mail` renders them with the language switched, puts the site's subject prefix in
front and returns an unsent message, so the caller may attach files (an .ics) or send it from a task.
"""

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.template import TemplateDoesNotExist
from django.template.loader import get_template, render_to_string
from django.utils import translation

from cms import app_settings, links


def recipient_language(user) -> str:
    """The language to write to this person in: their profile's preferred language if the site offers it,
    else settings.LANGUAGE_CODE (also for no user or no profile). Every app's e-mails use this."""
    profile = getattr(user, "profile", None)
    code = (getattr(profile, "preferred_language", "") or "").lower()
    if code:
        try:
            return translation.get_supported_language_variant(code)
        except LookupError:
            pass
    return settings.LANGUAGE_CODE


def absolute_url(path: str) -> str:
    """An absolute link for an e-mail, on the site's one public address (cms.links); page URLs that are
    already absolute pass through."""
    return links.absolute_url(path)


def page_in_language(page, language: str | None = None):
    """The page an e-mail about `page` links to for a reader of `language` (default: the active one): its
    live translation in that language when there is one, else the page itself (cms.i18n.translations)."""
    from cms.i18n.translations import translation_in_language

    return translation_in_language(page, language or translation.get_language() or settings.LANGUAGE_CODE)


def page_url(page, language: str | None = None) -> str:
    """The absolute address of page_in_language(page, language)."""
    return absolute_url(page_in_language(page, language).get_url() or "")


def render_mail(
    template_prefix: str,
    context: dict,
    *,
    to: list[str],
    language: str | None = None,
    headers: dict | None = None,
) -> EmailMultiAlternatives:
    """The message rendered from `<template_prefix>_subject.txt`, `_body.txt` and, if it exists, `_body.html`,
    in `language` (default: the active one). The subject is one line with the site's prefix in front."""
    with translation.override(language or translation.get_language() or settings.LANGUAGE_CODE):
        subject = render_to_string(f"{template_prefix}_subject.txt", context).strip()
        body = render_to_string(f"{template_prefix}_body.txt", context)
        try:
            html = get_template(f"{template_prefix}_body.html").render(context)
        except TemplateDoesNotExist:
            html = ""
    message = EmailMultiAlternatives(
        app_settings.email_subject_prefix() + " ".join(subject.split()), body, None, to, headers=headers or {}
    )
    if html:
        message.attach_alternative(html, "text/html")
    return message
