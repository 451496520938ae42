from django.apps import apps
from django.conf import settings
from django.urls import include, path

from wagtail.admin import urls as wagtailadmin_urls
from wagtail.contrib.sitemaps.views import sitemap
from wagtail.documents import urls as wagtaildocs_urls

from cms import urls as cms_urls
from cms import views as cms_views
from cms.i18n.urls import wagtail_serve_patterns
from cms.i18n.views import switch_language
from cms.sitemaps import sitemaps

#: Where each installed plugin's URLs go; a plugin that is not installed (settings.ROUNDTABLE_APPS) has none.
PLUGIN_URLS = [
    ("api/v1/", "api"),
    ("", "working_groups"),
    ("", "commitments"),
    ("", "events"),
    ("", "library"),
    ("forums/", "forums"),
    ("insights/", "insights"),
]

urlpatterns = [
    # Wagtail's own password-only sign-in would bypass two-factor: send it to the site's sign-in.
    path("admin/login/", cms_views.admin_login, name="cms_admin_login"),
    path("admin/", include(wagtailadmin_urls)),
    path("accounts/", include("allauth.urls")),
    path("i18n/switch/", switch_language, name="switch_language"),
    path("i18n/", include("django.conf.urls.i18n")),
    path("documents/", include(wagtaildocs_urls)),
    path("sitemap.xml", sitemap, {"sitemaps": sitemaps}, name="sitemap"),
    path("", include(cms_urls)),
    *(path(prefix, include(f"{app}.urls")) for prefix, app in PLUGIN_URLS if apps.is_installed(app)),
]

if settings.SERVE_MEDIA:
    # Public uploads only (images): documents live outside MEDIA_ROOT and are served by Wagtail's guarded
    # /documents/ view. Production may let the web server serve /media/ instead (docs/operations.md,
    # SERVE_MEDIA=0).
    media_prefix = settings.MEDIA_URL.strip("/")
    urlpatterns += [path(f"{media_prefix}/<path:path>", cms_views.public_media, name="media")]

urlpatterns += wagtail_serve_patterns()

handler404 = "cms.views.page_not_found"
handler500 = "cms.views.server_error"
