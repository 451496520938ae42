"""Helpers for the tests of the "Your data" page: which download sections a page lists, and a host site with
fewer apps, simulated by keeping only the personal-data parts that the given apps register."""

import re

from wagtail import hooks

from cms.hooks import PERSONAL_DATA_HOOK
from cms.privacy.export import ENVELOPE

SECTION_NAME = re.compile(r'<code lang="en">([a-z_]+)</code>')


def listed_sections(html: str) -> list[str]:
    """The section names the "Your data" page lists, in their order."""
    return SECTION_NAME.findall(html)


def downloaded_sections(data: dict) -> list[str]:
    """The section names of a download, in their order (the envelope aside)."""
    return [name for name in data if name not in ENVELOPE]


def keep_parts_of(monkeypatch, apps: set[str]) -> None:
    """From now on in this test, cms.privacy sees only the personal-data parts registered by `apps`, as on a
    host site that installs only those apps above cms (every other hook answers as before)."""
    get_hooks = hooks.get_hooks

    def installed_only(hook_name):
        registered = get_hooks(hook_name)
        if hook_name != PERSONAL_DATA_HOOK:
            return registered
        return [part for part in registered if part.__module__.partition(".")[0] in apps]

    monkeypatch.setattr(hooks, "get_hooks", installed_only)
