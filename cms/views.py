import logging
from urllib.parse import urlsplit

from django.conf import settings
from django.contrib.auth.views import redirect_to_login
from django.http import Http404, HttpResponse, HttpResponseServerError
from django.shortcuts import redirect, render
from django.template import loader
from django.utils.html import format_html
from django.utils.http import url_has_allowed_host_and_scheme, urlencode
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.http import require_safe
from django.views.defaults import page_not_found as django_page_not_found
from django.views.static import serve as static_serve

from cms.context_processors import site_chrome
from cms.search import site_search
from cms.storage import is_private_name

logger = logging.getLogger(__name__)

SEARCH_RESULTS_PER_PAGE = 10
SEARCH_QUERY_MAX_LENGTH = 200


def _fallback_500_html() -> str:
    """Served only when the 500 template itself cannot render (a static file missing from the manifest)."""
    return format_html(
        '<!doctype html><html lang="{}"><head><meta charset="utf-8"><title>{}</title></head>'
        '<body><main><h1>{}</h1><p>{}</p><p><a href="/">{}</a></p></main></body></html>',
        get_language() or "en",
        _("Server error"),
        _("Server error"),
        _("Sorry, something went wrong. Please try again later."),
        _("Go to the home page"),
    )


def search(request):
    """One search across the covenant, grouped by kind with counts; the query stays in the header's field."""
    query = request.GET.get("q", "").strip()[:SEARCH_QUERY_MAX_LENGTH]
    kind = request.GET.get("kind", "")
    result = site_search(query, request, kind, request.GET.get("page"))
    return render(
        request,
        "cms/search.html",
        {
            "search_query": query,
            "search": result,
            "results_page": result.page_obj,
            "page_range": result.page_range,
            "filter_query": urlencode({"q": query, "kind": result.kind}) if query else "",
        },
    )


ROBOTS_DISALLOW = ("/admin/", "/accounts/", "/search/")


def robots_txt(request):
    """Crawlers may read the public site, which the sitemap lists; sign-in, the admin and search result
    pages are left out."""
    lines = ["User-agent: *", *(f"Disallow: {path}" for path in ROBOTS_DISALLOW)]
    lines.append(f"Sitemap: {request.build_absolute_uri('/sitemap.xml')}")
    return HttpResponse("\n".join(lines) + "\n", content_type="text/plain; charset=utf-8")


def from_this_site(request) -> bool:
    """Whether a POST comes from a page of this site, as the browser says (`Sec-Fetch-Site`, `Origin` or,
    without them, `Referer`): the guard of forms that carry no CSRF token (the footer's language form)."""
    fetch_site = request.headers.get("Sec-Fetch-Site")
    if fetch_site is not None and fetch_site not in ("same-origin", "none"):
        return False
    source = request.headers.get("Origin") or request.headers.get("Referer")
    return bool(source) and urlsplit(source).netloc == request.get_host()


def admin_login(request):
    """Where the Wagtail admin sends people it will not serve (`WAGTAILADMIN_LOGIN_URL`).

    Visitors who are not signed in go to the site's own sign-in (with two-factor; Wagtail's password-only
    form is never used). People who are signed in but may not use the admin are told so here: sending them
    to the sign-in would bounce them straight back to the admin, in a loop.
    """
    next_url = request.GET.get("next", "")
    if not url_has_allowed_host_and_scheme(next_url, {request.get_host()}, request.is_secure()):
        next_url = "/admin/"
    if not request.user.is_authenticated:
        return redirect_to_login(next_url, login_url="account_login")
    if request.user.has_perm("wagtailadmin.access_admin"):
        return redirect(next_url)
    return render(request, "cms/admin_denied.html", status=403)


def page_not_found(request, exception):
    return django_page_not_found(request, exception, template_name="404.html")


def server_error(request):
    """The 500 page with the site's header and footer when they can be had, and without them when not.

    Rendered without context processors or a request context: the error may be the database, the cache
    or a context processor itself. The chrome is a best effort (from the cache, after Wagtail's site lookup);
    if that fails too, the page still renders with the site name from the settings.
    """
    context = {"site_name": settings.WAGTAIL_SITE_NAME, "LANGUAGE_CODE": get_language()}
    try:
        context.update(site_chrome(request))
    except Exception:
        logger.warning("500 page rendered without the site chrome", exc_info=True)
    try:
        html = loader.get_template("500.html").render(context)
    except Exception:
        logger.exception("500 page template failed; serving the plain fallback")
        html = _fallback_500_html()
    return HttpResponseServerError(html)


@require_safe
def public_media(request, path: str):
    """A public upload (an image or one of its renditions) from MEDIA_ROOT, for sites without a web server
    in front that serves `/media/` itself. Private files are never under MEDIA_ROOT (cms.storage), and a
    name under a private prefix answers 404 here even if an old copy were left there."""
    if is_private_name(path):
        raise Http404
    response = static_serve(request, path, document_root=settings.MEDIA_ROOT)
    response["Cache-Control"] = "public, max-age=86400"
    return response
