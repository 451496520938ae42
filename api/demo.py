"""Demo data of the API app: an "Open data" page that points developers at the API, linked from the footer.

The API itself needs no data of its own: it publishes what the other apps' seeds made. Runs after the cms
seed (INSTALLED_APPS order), which made the home page and the site settings. Idempotent: the page is looked up
by slug, and the footer link is added with the page only.
"""

import json
import uuid

from wagtail.models import Site

from cms.models import FooterLink, HomePage, SiteContactSettings, StandardPage

SLUG = "open-data"
INTRO = (
    "The covenant's events, commitments, parties, working groups, news and knowledge library as open data: a "
    "read-only API for researchers, journalists and the parties' own reporting tools."
)
PARAGRAPHS = [
    '<p>Start at the <a href="/api/v1/docs/">API reference</a>, try it in the '
    '<a href="/api/v1/explorer/">explorer</a>, or read the '
    '<a href="/api/v1/schema/">OpenAPI description</a>. '
    'The <a href="/api/v1/">API index</a> lists every resource.</p>',
    "<p>The API publishes exactly what any visitor of this site may see: no private working groups, no "
    "members-only meetings, no draft or group-only commitments, no meeting links and no e-mail addresses. "
    "It needs no account and no key; please keep to 120 requests a minute.</p>",
    '<p>For example, <a href="/api/v1/commitments/?status=delayed">/api/v1/commitments/?status=delayed</a> '
    "lists the delayed commitments of the register, with their parties, indicators and progress.</p>",
    '<p>The library\'s guidance on tin: <a href="/api/v1/library-resources/?mineral=tin&amp;kind=guidance">'
    "/api/v1/library-resources/?mineral=tin&amp;kind=guidance</a>.</p>",
]


def seed(context) -> None:
    site = Site.objects.filter(is_default_site=True).select_related("root_page").first()
    if site is None or not isinstance(site.root_page.specific, HomePage):
        return
    home = site.root_page.specific
    page = StandardPage.objects.child_of(home).filter(slug=SLUG).first()
    if page is None:
        body = [
            {"type": "paragraph", "value": text, "id": str(uuid.uuid5(uuid.NAMESPACE_URL, text))}
            for text in PARAGRAPHS
        ]
        page = StandardPage(
            slug=SLUG, title="Open data", intro=INTRO, body=json.dumps(body), show_in_menus=False
        )
        home.add_child(instance=page)
        page.save_revision().publish()
        # Only with a new page: a secretariat that took the link out of the footer keeps it out.
        settings = SiteContactSettings.for_site(site)
        settings.footer_links.add(FooterLink(title="Open data (API)", link_page=page))
        settings.save()
    context.stdout.write("  the open data API at /api/v1/ (reference at /api/v1/docs/, page at /open-data/)")
