"""A member's rights over their own data, for every host site: download it (export) and delete the account
(erasure), by the member ("My account → Your data") or by the secretariat (admin, Settings → "Delete an
account").

cms owns the orchestration and the account's own part (the user row, e-mail addresses, two-factor methods,
permission groups, sessions, the audit log entries about the person); every installed app adds its part
through the hooks declared in cms/hooks.py, registered in its own wagtail_hooks.py:

- ``PERSONAL_DATA_HOOK``: the app's part of the download (a ``PersonalData`` subclass): its sections and what
  each holds in words, so the "Your data" page lists exactly the sections the download holds
  (export.personal_data_parts, export.personal_data_export);
- ``ERASURE_BLOCKERS_HOOK`` and ``ERASE_HOOK``: why the deletion must wait, and what the cascade of the
  user row does not remove (erasure.account_erase);
- ``ACCOUNT_ERASERS_HOOK`` and ``ACCOUNT_DIRECTORY_HOOK``: who besides superusers deletes accounts from the
  admin, and how the admin's account search finds and names people (admin_views);
- ``AUDIT_ENTRIES_ABOUT_HOOK`` (cms.audit): the app's log entries about the person, relabelled on erasure.
"""

from typing import Any

from django.contrib.auth import get_user_model
from django.db.models import Q, QuerySet
from django.utils.functional import Promise

from wagtail import hooks

from cms.hooks import ACCOUNT_DIRECTORY_HOOK


class PersonalData:
    """One app's part of a person's data, in words and in the download.

    The "Your data" page lists `sections` under `title`, and the download holds exactly the sections that
    `export` returns, which must be the names in `sections` (export.personal_data_export refuses any other),
    so the page and the file cannot drift apart. The account deletion page lists every part's `erased` under
    "What goes" and `kept` under "What stays", so it too speaks only of the installed apps' data. An app
    registers its subclass on ``PERSONAL_DATA_HOOK``; cms's own part is the account
    (export.AccountPersonalData)."""

    #: The heading of the app's part on the "Your data" page (gettext_lazy).
    title: Promise | str = ""
    #: Each section's name in the download → what it holds, for the "Your data" page (gettext_lazy), in the
    #: order of the download.
    sections: dict[str, Promise | str] = {}
    #: What deleting the account removes of the app's data, one sentence each, addressed to the member.
    erased: tuple[Promise | str, ...] = ()
    #: What stays after the deletion, and in what form, one sentence each, addressed to the member.
    kept: tuple[Promise | str, ...] = ()

    def export(self, user) -> dict[str, Any]:
        """The sections' contents keyed by their names, JSON-serialisable with DjangoJSONEncoder, in a fixed
        number of queries however much the person wrote."""
        raise NotImplementedError


class AccountDirectory:
    """How the admin's account search finds and names people. cms's own reads the user row only; an app that
    knows more about people (working_groups: the profile) registers a subclass on ``ACCOUNT_DIRECTORY_HOOK``.
    ``accounts_matching`` is one query whatever the number of matches."""

    #: The heading of the column `organisation` fills in, or None for no such column.
    organisation_heading = None

    def word_q(self, word: str) -> Q:
        """The accounts one word of the query finds."""
        return Q(email__icontains=word) | Q(first_name__icontains=word) | Q(last_name__icontains=word)

    def prepare(self, queryset: QuerySet) -> QuerySet:
        """Load only what a list of people shows."""
        return queryset.only("email", "first_name", "last_name", "date_joined", "is_superuser")

    def name(self, person) -> str:
        return person.get_full_name()

    def organisation(self, person) -> str:
        return ""

    def accounts_matching(self, query: str) -> QuerySet:
        """Accounts that every word of the query finds (so "ana lima" finds Ana Lima), ordered by name."""
        condition = Q()
        for word in query.split():
            condition &= self.word_q(word)
        queryset = get_user_model().objects.filter(condition)
        return self.prepare(queryset).order_by("last_name", "first_name", "email", "pk")


def account_directory() -> AccountDirectory:
    """The directory the last installed app registered, else cms's own."""
    registered = hooks.get_hooks(ACCOUNT_DIRECTORY_HOOK)
    return registered[-1]() if registered else AccountDirectory()
