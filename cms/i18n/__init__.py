"""Content in several languages.

The interface language and the content language are two things here. The interface follows the visitor
(language cookie, member preference); the content follows the address: pages of the default language keep
their addresses without a prefix, pages of another content language live under `/<code>/` (`/nl/...`).
Django's `i18n_patterns` would tie the interface to the address on every URL of the site, so a Dutch member
reading English-only forum pages would get an English interface; the pattern below only prefixes Wagtail's
page serving.
"""
