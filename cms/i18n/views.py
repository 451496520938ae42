"""Serving a page in the content language its address names."""

from urllib.parse import urlsplit

from django.conf import settings
from django.contrib import messages
from django.http import HttpResponseForbidden
from django.shortcuts import redirect
from django.utils import translation
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import get_language_info
from django.utils.translation import gettext as _
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_POST

from wagtail import views as wagtail_views
from wagtail.models import Page, Site


def serve(request, path: str):
    """Wagtail's serve, routed from the site's root in `content_language`.

    Under a language prefix (`/nl/...`) the interface speaks that language too; on unprefixed addresses the
    interface keeps the visitor's language and only the routing uses the default content language.
    Access checks (view restrictions, private groups) are Wagtail's `before_serve_page` hooks, unchanged.
    """
    from cms.i18n.urls import content_language_of, default_language

    content_language = content_language_of(request.path_info)
    if content_language != default_language():
        translation.activate(content_language)
        request.LANGUAGE_CODE = content_language
    request.content_language = content_language
    with translation.override(content_language):
        _route(request, path)
    route = getattr(request, "_wagtail_route_for_request", None)
    if route is not None:
        _share_view_restrictions(route[0], request)
    return wagtail_views.serve(request, path)


def _route(request, path: str) -> None:
    """Wagtail's `Page.route_for_request` (the result cached on the request where Wagtail looks for it),
    without its per-request reads of what hardly changes: the active language's Locale comes from
    `locale_id_for` (read once per process), and the site's root page is made its own page type from what
    the site's query read (`specific_deferred`) when it only routes on to a child. The home page itself is
    still served as Wagtail reads it."""
    from django.http import Http404

    from cms.i18n.translations import locale_id_for

    if hasattr(request, "_wagtail_route_for_request"):
        return
    try:
        site = Site.find_for_request(request)
        if site is None:
            request._wagtail_route_for_request = None
            return
        root = site.root_page
        if getattr(settings, "WAGTAIL_I18N_ENABLED", False):
            locale_id = locale_id_for(translation.get_language())
            if locale_id is not None and locale_id != root.locale_id:
                root = root.localized
        components = [component for component in path.split("/") if component]
        root = root.specific_deferred if components else root.specific
        request._wagtail_route_for_request = root.route(request, components)
    except Http404:
        request._wagtail_route_for_request = None


def _share_view_restrictions(page: Page, request) -> None:
    """Wagtail's view-restriction check (`before_serve_page`) asks the served page for its restrictions; it
    is answered from the site's restrictions read once for this request (`cms.visibility`), which the page's
    language alternates read too. Only this request's page object is given the answer."""
    from cms.visibility import restrictions_of_page, view_restrictions

    restrictions = view_restrictions(request)
    page.get_view_restrictions = lambda: restrictions_of_page(page, restrictions)


@csrf_exempt
@require_POST
def switch_language(request):
    """The language switcher: the same page in the chosen language, or that language's home page with a notice
    when the page has no translation the visitor may open. Sets the interface language cookie as
    Django's `set_language` does (the member-preferences middleware follows that cookie).

    Guarded by the request's origin instead of a CSRF token: the footer's language form is on every page, and
    a token in it would make every page unique to its visitor, so none could be served from the anonymous
    page cache (cms.page_cache). Switching the language is only a preference cookie, and browsers say where a
    POST comes from, so another site cannot switch a visitor's language (cms.views.from_this_site)."""
    from cms.i18n.translations import home_for, routable_sub_path, translation_for
    from cms.views import from_this_site

    if not from_this_site(request):
        return HttpResponseForbidden()

    language = request.POST.get("language", "")
    languages = {code for code, _name in settings.LANGUAGES}
    page_id = request.POST.get("page", "")
    target = None
    if language in languages and page_id.isdigit():
        page = Page.objects.filter(pk=int(page_id)).first()
        if page is not None:
            translated = translation_for(page, language, request.user)
            if translated is not None:
                target = translated.get_url(request)
                if target:
                    target += routable_sub_path(page, urlsplit(request.POST.get("next", "")).path, request)
            else:
                site = Site.find_for_request(request)
                if site is not None:
                    target = home_for(site, language).get_url(request)
                    with translation.override(language):
                        messages.info(
                            request,
                            _("This page is not translated into %(language)s yet. Here is the home page.")
                            % {"language": get_language_info(language)["name_local"]},
                        )
    if not target:
        # Django's set_language would "translate" a page address to `/nl/<English slug>/`, which is no page.
        next_url = request.POST.get("next", "")
        safe = url_has_allowed_host_and_scheme(next_url, {request.get_host()}, request.is_secure())
        target = next_url if safe and next_url else "/"
    response = redirect(target)
    if language in languages:
        response.set_cookie(
            settings.LANGUAGE_COOKIE_NAME,
            language,
            max_age=settings.LANGUAGE_COOKIE_AGE,
            path=settings.LANGUAGE_COOKIE_PATH,
            domain=settings.LANGUAGE_COOKIE_DOMAIN,
            secure=settings.LANGUAGE_COOKIE_SECURE,
            httponly=settings.LANGUAGE_COOKIE_HTTPONLY,
            samesite=settings.LANGUAGE_COOKIE_SAMESITE,
        )
    return response
