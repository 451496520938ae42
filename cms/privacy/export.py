"""The download of everything the site holds about one person, as one JSON document.

The account part is built here; every installed app adds its own sections through ``PERSONAL_DATA_HOOK``
(see cms.privacy). The same parts say in words what each section holds, for the "Your data" page, so the
page lists exactly what the download holds on this host site. Secrets (password hash, MFA secrets, the
calendar feed key, invitation tokens) never appear; only the fact that they exist.
"""

import json
from typing import Any

from django.core.serializers.json import DjangoJSONEncoder
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from wagtail import hooks

from allauth.account.models import EmailAddress
from allauth.mfa.models import Authenticator

from cms.hooks import PERSONAL_DATA_HOOK
from cms.privacy import PersonalData

EXPORT_FORMAT = "roundtable-personal-data"
EXPORT_VERSION = 1


def _account_section(user) -> dict[str, Any]:
    addresses = EmailAddress.objects.filter(user=user).order_by("-primary", "email")
    authenticators = Authenticator.objects.filter(user=user).order_by("created_at")
    return {
        "username": user.get_username(),
        "email": user.email,
        "first_name": user.first_name,
        "last_name": user.last_name,
        "date_joined": user.date_joined,
        "last_login": user.last_login,
        "is_active": user.is_active,
        "email_addresses": [
            {"email": address.email, "verified": address.verified, "primary": address.primary}
            for address in addresses
        ],
        "two_factor_methods": [
            {"type": item.type, "created_at": item.created_at, "last_used_at": item.last_used_at}
            for item in authenticators
        ],
        "permission_groups": sorted(user.groups.values_list("name", flat=True)),
    }


class AccountPersonalData(PersonalData):
    """cms's own part: the account every host site has."""

    title = _("Your account")
    sections = {
        "account": _(
            "Your name, username and e-mail addresses, when you joined and last signed in, your two-factor "
            "methods (never their secrets) and your permission groups"
        ),
    }
    erased = (
        _(
            "Your account: your name, e-mail addresses, password and two-factor methods; you are signed out "
            "everywhere."
        ),
    )
    kept = (_("The record of changes to your permissions keeps what happened, not who you were."),)

    def export(self, user) -> dict[str, Any]:
        return {"account": _account_section(user)}


#: The download's own keys, which no section may take.
ENVELOPE = ("format", "version", "exported_at")


def personal_data_parts() -> list[PersonalData]:
    """cms's account part, then each installed app's in the order of INSTALLED_APPS; no section name twice."""
    parts = [AccountPersonalData(), *(part() for part in hooks.get_hooks(PERSONAL_DATA_HOOK))]
    taken = set(ENVELOPE)
    for part in parts:
        for name in part.sections:
            if name in taken:
                raise ValueError(f"Two apps export a personal data section called {name!r}.")
            taken.add(name)
    return parts


def personal_data_export(user) -> dict[str, Any]:
    """Everything about `user`, in sections: ``account`` and whatever the installed apps add."""
    data: dict[str, Any] = {
        "format": EXPORT_FORMAT,
        "version": EXPORT_VERSION,
        "exported_at": timezone.now(),
    }
    for part in personal_data_parts():
        contents = part.export(user)
        if contents.keys() != part.sections.keys():
            raise ValueError(
                f"{type(part).__qualname__} exports the sections {sorted(contents)} "
                f"but describes {sorted(part.sections)}."
            )
        data.update((name, contents[name]) for name in part.sections)
    return data


def personal_data_json(user) -> str:
    return json.dumps(personal_data_export(user), cls=DjangoJSONEncoder, ensure_ascii=False, indent=2)
