"""Every hook the cms base app offers to the apps above it. All Roundtable hook names follow one style,
`roundtable_<app>_<what>`, and each app declares its own in its `hooks.py` (working_groups/hooks.py,
events/hooks.py, forums/hooks.py, …). An app registers with `@wagtail.hooks.register(<app>.hooks.NAME)`;
an app *below* the one that declares a hook may register by the string, so it never imports a later app.

Pages and search:

- ``HIDDEN_PAGES_HOOK``: ``fn(user) -> Q | None`` — pages of the app this user may not see (cms.visibility).
- ``SEARCH_PROVIDERS_HOOK``: ``fn() -> SearchProvider`` — a section of the site search (cms.search).
- ``MENU_DESTINATIONS_HOOK``: ``fn(register) -> None`` — named destinations the main menu may link to
  (cms.destinations).
- ``HOME_SECTIONS_HOOK``: ``fn(request, page) -> str`` — safe HTML shown on the home page.

The site's chrome (so no template of cms or site names a later app's URL):

- ``HEADER_LINKS_HOOK``: ``fn(request) -> list[NavLink]`` — links in the header's account menu, shown to a
  signed-in person, ordered by `NavLink.order`.
- ``ACCOUNT_MENU_HOOK``: ``fn(request) -> list[NavLink]`` — links in the side menu of the account settings.

A member's rights over their own data (the download and the deletion of the account):

- ``PERSONAL_DATA_HOOK``: ``fn() -> cms.privacy.PersonalData`` (register the subclass) — the app's part of the
  download: its sections, what each holds in words (listed on the "Your data" page) and ``export(user)``,
  which returns exactly those sections, JSON-serialisable with DjangoJSONEncoder, in a fixed number of
  queries however much the person wrote; and what of it the account's deletion removes and keeps (listed on
  the deletion page).
- ``ERASURE_BLOCKERS_HOOK``: ``fn(user) -> list[str]`` — reasons why the account cannot be deleted yet; an
  empty list lets the deletion go ahead.
- ``ERASE_HOOK``: ``fn(user) -> None`` — remove or unlink the app's personal data; runs inside the erasure's
  transaction, before the user row is deleted.
- ``ACCOUNT_ERASERS_HOOK``: ``fn(user) -> bool`` — whether this person, not a superuser, may delete other
  people's accounts from the admin (working_groups: the secretariat). Superusers always may.
- ``ACCOUNT_DIRECTORY_HOOK``: ``fn() -> cms.privacy.AccountDirectory`` — how the admin's account search finds
  and names people (working_groups adds the profile's display name and party); the last one registered wins,
  cms's own searches the user row only.

The secretariat's audit log (cms.audit, Wagtail's Site history):

- ``AUDIT_ENTRIES_ABOUT_HOOK``: ``fn(user, emails) -> Q`` — the app's log entries (a ``Q`` over
  ``wagtail.models.ModelLogEntry``) that are about this person, so the erasure relabels them too; an entry
  whose data names a ``group`` keeps it in its label.
"""

HIDDEN_PAGES_HOOK = "roundtable_cms_hidden_pages_q"
SEARCH_PROVIDERS_HOOK = "roundtable_cms_search_providers"
MENU_DESTINATIONS_HOOK = "roundtable_cms_menu_destinations"
HOME_SECTIONS_HOOK = "roundtable_cms_home_sections"
HEADER_LINKS_HOOK = "roundtable_cms_header_links"
ACCOUNT_MENU_HOOK = "roundtable_cms_account_menu"
PERSONAL_DATA_HOOK = "roundtable_cms_personal_data"
ERASURE_BLOCKERS_HOOK = "roundtable_cms_erasure_blockers"
ERASE_HOOK = "roundtable_cms_erase_personal_data"
ACCOUNT_ERASERS_HOOK = "roundtable_cms_account_erasers"
ACCOUNT_DIRECTORY_HOOK = "roundtable_cms_account_directory"
AUDIT_ENTRIES_ABOUT_HOOK = "roundtable_cms_audit_entries_about"
