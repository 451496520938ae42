"""The download of everything the site holds about one person, as one JSON document.

The account part is built here; every installed app adds its own sections through ``PERSONAL_DATA_HOOK``
(see cms.privacy). Secrets (password hash, MFA secrets, the calendar feed key, invitation
tokens) never appear; only the fact that they exist.
"""

import json
from typing import Any

from django.core.serializers.json import DjangoJSONEncoder
from django.utils import timezone

from wagtail import hooks

from allauth.account.models import EmailAddress
from allauth.mfa.models import Authenticator

from cms.hooks import PERSONAL_DATA_HOOK

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


def personal_data_export(user) -> dict[str, Any]:
    """Everything about `user`, in sections: ``account`` and whatever the installed apps add."""
    data: dict[str, Any] = {
        "format": EXPORT_FORMAT,
        "version": EXPORT_VERSION,
        "exported_at": timezone.now(),
        "account": _account_section(user),
    }
    for section_builder in hooks.get_hooks(PERSONAL_DATA_HOOK):
        for name, section in section_builder(user).items():
            if name in data:
                raise ValueError(f"Two apps export a personal data section called {name!r}.")
            data[name] = section
    return data


def personal_data_json(user) -> str:
    return json.dumps(personal_data_export(user), cls=DjangoJSONEncoder, ensure_ascii=False, indent=2)
