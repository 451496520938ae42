"""Deleting a person's account: their personal data goes, the dialogue they took part in stays.

Why the user row is deleted rather than anonymised in place: every model that must outlive the person (posts,
threads, commitments, progress updates, membership and moderation history, flags, invitations they sent)
already points at the user with ``on_delete=SET_NULL`` and shows a missing author as a deleted account, and
everything that is only about them (profile, e-mail addresses, MFA authenticators, memberships, registrations,
subscriptions, notifications, reactions, votes, calendar key, consent records…) hangs on the row with CASCADE.
Deleting the row therefore leaves no name, e-mail address or username anywhere for a page, feed, export, admin
list or search index to show, without every query having to remember to skip an "anonymised" row.

Each app adds what the cascade does not cover through the hooks in cms.privacy; the Wagtail log entries
about the person are relabelled (cms.audit.forget_person) and their sessions ended.
"""

from importlib import import_module

from django.conf import settings
from django.contrib.auth import SESSION_KEY
from django.db import transaction
from django.utils import timezone

from wagtail import hooks

from allauth.account.models import EmailAddress

from cms import audit
from cms.hooks import ERASE_HOOK, ERASURE_BLOCKERS_HOOK

SESSION_SCAN_CHUNK = 500


class ErasureRefused(Exception):
    """The account cannot be deleted yet; `reasons` say what the person must do first."""

    def __init__(self, reasons: list[str]) -> None:
        super().__init__(" ".join(reasons))
        self.reasons = reasons


def account_erasure_blockers(user) -> list[str]:
    return [reason for check in hooks.get_hooks(ERASURE_BLOCKERS_HOOK) for reason in check(user)]


def _end_sessions(user) -> None:
    """Delete the person's sessions where they are stored in the database.

    Sessions do not point at their user, so this reads the unexpired ones (once, at deletion time). With any
    other session engine the sessions die anyway: Django drops a session whose user no longer exists.
    """
    store = import_module(settings.SESSION_ENGINE).SessionStore
    if not hasattr(store, "get_model_class"):
        return
    model = store.get_model_class()
    user_id = str(user.pk)
    doomed = [
        session.pk
        for session in model.objects.filter(expire_date__gt=timezone.now()).iterator(
            chunk_size=SESSION_SCAN_CHUNK
        )
        if str(store().decode(session.session_data).get(SESSION_KEY)) == user_id
    ]
    model.objects.filter(pk__in=doomed).delete()


def account_erase(*, user, actor) -> None:
    """Delete `user`'s account and personal data; `actor` is the person themselves or the secretariat.

    Refuses (ErasureRefused, nothing changed) while an app has a reason to wait, such as the person being the
    only chair of a group. The caller signs the person out if it is their own request.
    """
    reasons = account_erasure_blockers(user)
    if reasons:
        raise ErasureRefused(reasons)
    with transaction.atomic():
        emails = list(EmailAddress.objects.filter(user=user).values_list("email", flat=True))
        if user.email:
            emails.append(user.email)
        for erase in hooks.get_hooks(ERASE_HOOK):
            erase(user)
        audit.forget_person(user, emails)
        audit.account_erased(user, actor)
        _end_sessions(user)
        user.delete()
