"""Roundtable settings: one module, every value that differs between environments read from the environment.

Embedded defaults need no services (SQLite, in-memory channel layer, immediate tasks, console e-mail).
Production sets DEBUG=0, SECRET_KEY, ALLOWED_HOSTS, DATABASE_URL, REDIS_URL, EMAIL_URL and BASE_URL.
"""

import ipaddress
import os
import secrets
from pathlib import Path
from urllib.parse import parse_qs, unquote, urlsplit

from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _

import csp.constants as csp
import dj_database_url

BASE_DIR = Path(__file__).resolve().parent.parent


def env_bool(name: str, default: bool) -> bool:
    value = os.environ.get(name)
    if value is None or value == "":
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def env_list(name: str, default: str = "") -> list[str]:
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


DEBUG = env_bool("DEBUG", False)


def local_secret_key(path: Path) -> str:
    """The demo's own secret key: made at random on first run and kept in a git-ignored file (mode 0600), so
    no two checkouts share one and no key in the repository can forge the demo's signed links."""
    try:
        key = path.read_text().strip()
    except FileNotFoundError:
        key = ""
    if len(key) >= 50:
        return key
    key = secrets.token_urlsafe(50)
    path.parent.mkdir(parents=True, exist_ok=True)
    descriptor = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(descriptor, "w") as handle:
        handle.write(key + "\n")
    return key


SECRET_KEY = os.environ.get("SECRET_KEY", "")
if not SECRET_KEY:
    if not DEBUG:
        raise ImproperlyConfigured("SECRET_KEY must be set when DEBUG is off.")
    SECRET_KEY = local_secret_key(Path(os.environ.get("SECRET_KEY_FILE") or BASE_DIR / ".secret-key"))

ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", "127.0.0.1,localhost" if DEBUG else "")
BASE_URL = os.environ.get("BASE_URL", "http://127.0.0.1:8000").rstrip("/")
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS", BASE_URL)

#: The Roundtable plugins, bottom up: each one needs only those before it (docs/host-site.md). A host site
#: installs any cut of this list from the bottom: ROUNDTABLE_APPS="cms,working_groups,events" (default: all).
#: CI installs every cut listed in .ci/cuts (make cuts).
ROUNDTABLE_SUITE = ["cms", "working_groups", "commitments", "events", "library", "forums", "insights", "api"]


def roundtable_apps(value: str) -> list[str]:
    chosen = [name.strip() for name in value.split(",") if name.strip()] or ROUNDTABLE_SUITE
    unknown = sorted(set(chosen) - set(ROUNDTABLE_SUITE))
    if unknown:
        raise ImproperlyConfigured(f"ROUNDTABLE_APPS names apps that are not part of the suite: {unknown}")
    return [name for name in ROUNDTABLE_SUITE if name in chosen]


ROUNDTABLE_APPS = roundtable_apps(os.environ.get("ROUNDTABLE_APPS", ""))

INSTALLED_APPS = [
    # Our apps first, so their templates override those of the libraries below.
    *ROUNDTABLE_APPS,
    "wagtail.contrib.forms",
    "wagtail.contrib.redirects",
    "wagtail.contrib.settings",
    "wagtail.contrib.routable_page",
    "wagtail.contrib.sitemaps",
    "wagtail_localize",
    "wagtail_localize.locales",
    "wagtail.embeds",
    "wagtail.sites",
    "wagtail.users",
    "wagtail.snippets",
    "wagtail.documents",
    "wagtail.images",
    "wagtail.search",
    "wagtail.admin",
    "wagtail",
    "modelcluster",
    "taggit",
    "django_filters",
    "rest_framework",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "allauth",
    "allauth.account",
    "allauth.mfa",
    "channels",
    "csp",
    "django_tasks",
    "django_tasks_db",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.sitemaps",
    "django.contrib.humanize",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "cms.security_headers.ContentSecurityPolicyMiddleware",
    "cms.security_headers.PermissionsPolicyMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "cms.page_cache.AnonymousPageCacheMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    *(
        ["working_groups.middleware.MemberPreferencesMiddleware"]
        if "working_groups" in ROUNDTABLE_APPS
        else []
    ),
    "allauth.account.middleware.AccountMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "wagtail.contrib.redirects.middleware.RedirectMiddleware",
]

ROOT_URLCONF = "config.urls"
WSGI_APPLICATION = "config.wsgi.application"
ASGI_APPLICATION = "config.asgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "site" / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.debug",
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "wagtail.contrib.settings.context_processors.settings",
                "cms.context_processors.site_chrome",
                "cms.navigation.navigation",
            ],
        },
    },
]

# --- Data ---
DATABASES = {
    "default": dj_database_url.parse(
        os.environ.get("DATABASE_URL") or f"sqlite:///{BASE_DIR / 'db.sqlite3'}",
        conn_max_age=int(os.environ.get("CONN_MAX_AGE", "0")),
        conn_health_checks=True,
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # The embedded database: write-ahead logging lets pages read while a message is written, and NORMAL
    # syncs the log at checkpoints instead of on every commit (a power cut can lose the last commits, it
    # cannot corrupt the file; production runs PostgreSQL).
    sqlite_options = DATABASES["default"].setdefault("OPTIONS", {})
    sqlite_options.setdefault("init_command", "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL")
    # A transaction takes the write lock when it begins, so a writer waits its turn (up to `timeout`
    # seconds) instead of failing at once with "database is locked" when it turns from reading to writing
    # while another connection writes: the live room's database thread and the pages' request threads
    # write at the same moments.
    sqlite_options.setdefault("transaction_mode", "IMMEDIATE")
    sqlite_options.setdefault("timeout", 20)
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"
if DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql":
    INSTALLED_APPS.append("django.contrib.postgres")

#: The GIL's switch interval in ASGI processes (config/asgi.py): short, so that the database thread is not
#: kept waiting by an event loop that is busy sending frames.
ASGI_SWITCH_INTERVAL_SECONDS = float(os.environ.get("ASGI_SWITCH_INTERVAL_SECONDS", "0.0005"))

REDIS_URL = os.environ.get("REDIS_URL", "")
if REDIS_URL:
    # Pages, rate limits and presence keep working while Redis is away (cms/cache_backend.py); OPTIONS go to
    # redis-py's connection pool, and short timeouts make an unreachable Redis cost about a second, not five.
    CACHES = {
        "default": {
            "BACKEND": "cms.cache_backend.ResilientRedisCache",
            "LOCATION": REDIS_URL,
            "OPTIONS": {"socket_connect_timeout": 1, "socket_timeout": 1},
        }
    }
    # Redis pub/sub: a group message is published once and each process hands it to its own connections
    # (the list-based layer queued and popped it once per connection: 200 round trips per message in a room
    # of 200). What pub/sub does not keep — a message published while a process was disconnected — the live
    # room makes good from the database (heartbeat, sequence gaps), as it does for any dropped notice.
    CHANNEL_LAYERS = {
        "default": {
            "BACKEND": "channels_redis.pubsub.RedisPubSubChannelLayer",
            "CONFIG": {"hosts": [{"address": REDIS_URL, "socket_timeout": 15}]},
        }
    }
else:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
    CHANNEL_LAYERS = {"default": {"BACKEND": "cms.channel_layers.SweepingInMemoryChannelLayer"}}

TASKS = {
    "default": {
        "BACKEND": os.environ.get("TASKS_BACKEND", "django_tasks.backends.immediate.ImmediateBackend"),
    }
}

# --- Accounts ---
AUTHENTICATION_BACKENDS = [
    "django.contrib.auth.backends.ModelBackend",
    "allauth.account.auth_backends.AuthenticationBackend",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator", "OPTIONS": {"min_length": 10}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "account_login"
LOGIN_REDIRECT_URL = "/"
ACCOUNT_LOGIN_METHODS = {"email"}
ACCOUNT_SIGNUP_FIELDS = ["email*", "password1*", "password2*"]
ACCOUNT_EMAIL_VERIFICATION = "mandatory"
if "working_groups" in ROUNDTABLE_APPS:  # member profiles: a name and an organisation at sign-up
    ACCOUNT_ADAPTER = "working_groups.adapter.AccountAdapter"
    ACCOUNT_FORMS = {"signup": "working_groups.forms.profile.SignupForm"}
ACCOUNT_UNIQUE_EMAIL = True
ACCOUNT_CHANGE_EMAIL = True
ACCOUNT_LOGIN_ON_EMAIL_CONFIRMATION = True
ACCOUNT_LOGOUT_ON_PASSWORD_CHANGE = False
ACCOUNT_SESSION_REMEMBER = None
ACCOUNT_EMAIL_SUBJECT_PREFIX = "[Roundtable] "
ACCOUNT_DEFAULT_HTTP_PROTOCOL = "https" if BASE_URL.startswith("https") else "http"
ACCOUNT_RATE_LIMITS = {
    "login": "30/m/ip",
    "login_failed": "5/5m/key,20/5m/ip",
    "signup": "10/h/ip",
    "reset_password": "5/h/ip,3/h/key",
    "reset_password_from_key": "20/m/ip",
    "confirm_email": "3/10m/key",
    "change_email": "3/h/user",
}
# The client's address for per-address limits (cms.ratelimits.client_ip, also allauth's through the adapter):
# X-Forwarded-For is read only when TRUSTED_PROXY_COUNT proxies are set AND the connection comes from one
# of TRUSTED_PROXY_IPS (addresses or networks of the reverse proxy; default loopback). docs/operations.md.
ALLAUTH_TRUSTED_PROXY_COUNT = int(os.environ.get("TRUSTED_PROXY_COUNT", "0"))
ROUNDTABLE_TRUSTED_PROXY_IPS = env_list("TRUSTED_PROXY_IPS", "127.0.0.1,::1")
try:
    [ipaddress.ip_network(network, strict=False) for network in ROUNDTABLE_TRUSTED_PROXY_IPS]
except ValueError as error:
    raise ImproperlyConfigured(f"TRUSTED_PROXY_IPS: {error}") from error
MFA_SUPPORTED_TYPES = ["totp", "recovery_codes"]
MFA_TOTP_ISSUER = os.environ.get("SITE_NAME", "Roundtable")

# --- E-mail ---
DEFAULT_FROM_EMAIL = os.environ.get("DEFAULT_FROM_EMAIL", "Roundtable <noreply@localhost>")
SERVER_EMAIL = DEFAULT_FROM_EMAIL


def email_settings_from_url(url: str) -> dict:
    """Turn EMAIL_URL (smtp://user:pass@host:587?tls=1, smtps://…, console://) into Django e-mail settings."""
    if not url or url.startswith("console:"):
        return {"EMAIL_BACKEND": "django.core.mail.backends.console.EmailBackend"}
    parts = urlsplit(url)
    if parts.scheme not in {"smtp", "smtps"}:
        raise ImproperlyConfigured(f"EMAIL_URL scheme must be smtp, smtps or console, not {parts.scheme!r}.")
    query = parse_qs(parts.query)
    return {
        "EMAIL_BACKEND": "django.core.mail.backends.smtp.EmailBackend",
        "EMAIL_HOST": parts.hostname or "localhost",
        "EMAIL_PORT": parts.port or (465 if parts.scheme == "smtps" else 587),
        "EMAIL_HOST_USER": unquote(parts.username or ""),
        "EMAIL_HOST_PASSWORD": unquote(parts.password or ""),
        "EMAIL_USE_SSL": parts.scheme == "smtps",
        "EMAIL_USE_TLS": parts.scheme == "smtp" and query.get("tls", ["1"])[0] not in {"0", "false"},
        "EMAIL_TIMEOUT": 10,
    }


globals().update(email_settings_from_url(os.environ.get("EMAIL_URL", "")))

# --- Internationalisation ---
LANGUAGE_CODE = "en"
LANGUAGES = [("en", _("English")), ("nl", _("Dutch"))]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = os.environ.get("TIME_ZONE", "Europe/Amsterdam")
USE_I18N = True
USE_TZ = True
WAGTAIL_I18N_ENABLED = True
WAGTAIL_CONTENT_LANGUAGES = LANGUAGES

# --- Static and media ---
STATIC_URL = "/static/"
STATIC_ROOT = Path(os.environ.get("STATIC_ROOT", BASE_DIR / "staticfiles"))
STATICFILES_DIRS = [BASE_DIR / "site" / "static"]
MEDIA_URL = "/media/"
MEDIA_ROOT = Path(os.environ.get("MEDIA_ROOT", BASE_DIR / "media"))
# Documents (and forum attachments) may be private: they live here, outside MEDIA_ROOT, so no web server's
# /media/ alias can ever serve them; only the guarded views do (cms.storage).
# Default: a `private-media` folder beside MEDIA_ROOT; forum attachments go to its `forums` folder.
PRIVATE_MEDIA_ROOT = Path(
    os.environ.get("PRIVATE_MEDIA_ROOT") or MEDIA_ROOT.resolve().with_name("private-media")
)
if PRIVATE_MEDIA_ROOT.resolve().is_relative_to(MEDIA_ROOT.resolve()):
    raise ImproperlyConfigured("PRIVATE_MEDIA_ROOT must lie outside MEDIA_ROOT, or /media/ would serve it.")
if os.environ.get("PRIVATE_MEDIA_ROOT"):
    ROUNDTABLE_FORUMS_ATTACHMENT_ROOT = PRIVATE_MEDIA_ROOT / "forums"
# Django serves the public uploads (images) itself unless the web server in front does (docs/operations.md).
SERVE_MEDIA = env_bool("SERVE_MEDIA", True)
STORAGES = {
    "default": {"BACKEND": "cms.storage.MediaStorage"},
    "staticfiles": {
        "BACKEND": "whitenoise.storage.CompressedStaticFilesStorage"
        if DEBUG
        else "whitenoise.storage.CompressedManifestStaticFilesStorage"
    },
}
WHITENOISE_USE_FINDERS = DEBUG
WHITENOISE_AUTOREFRESH = DEBUG
DATA_UPLOAD_MAX_NUMBER_FIELDS = 10_000

# --- Wagtail ---
WAGTAIL_SITE_NAME = os.environ.get("SITE_NAME", "Roundtable")
WAGTAILADMIN_BASE_URL = BASE_URL
WAGTAILADMIN_LOGIN_URL = "cms_admin_login"  # sends to allauth, or says "no access" to the signed-in
WAGTAIL_PASSWORD_MANAGEMENT_ENABLED = False
WAGTAIL_PASSWORD_RESET_ENABLED = False
WAGTAILUSERS_PASSWORD_ENABLED = False
WAGTAIL_EMAIL_MANAGEMENT_ENABLED = False
WAGTAILSEARCH_BACKENDS = {"default": {"BACKEND": "modelsearch.backends.database"}}
# Uploads: documents are checked by their content, not only their extension (cms.uploads); no SVG or HTML.
# Documents are always streamed by Wagtail's serve view, after the access policy's before_serve_document
# hooks (working_groups and events wagtail_hooks).
WAGTAILDOCS_SERVE_METHOD = "serve_view"
WAGTAILDOCS_EXTENSIONS = ["csv", "docx", "odt", "pdf", "pptx", "rtf", "txt", "xlsx"]
WAGTAILDOCS_MAX_UPLOAD_SIZE = 10 * 1024 * 1024
WAGTAILDOCS_DOCUMENT_FORM_BASE = "cms.document_forms.CheckedDocumentForm"
WAGTAILIMAGES_EXTENSIONS = ["gif", "jpg", "jpeg", "png", "webp"]
WAGTAILIMAGES_MAX_UPLOAD_SIZE = 10 * 1024 * 1024
WAGTAILIMAGES_MAX_IMAGE_PIXELS = 40_000_000
WAGTAILEMBEDS_RESPONSIVE_HTML = True
# YouTube and Vimeo only, from their privacy-friendly players: what the Content-Security-Policy lets frame.
WAGTAILEMBEDS_FINDERS = [{"class": "cms.embeds.PrivacyFriendlyVideoFinder"}]

# --- Security ---
# --- Public API (api/) ---
# Only the schema class is global: every API view sets its own (empty) authentication, permissions and
# throttling in api.views.base, so Wagtail's own DRF views keep theirs.
REST_FRAMEWORK = {"DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema"}
SPECTACULAR_SETTINGS = {
    "TITLE": "Roundtable open data API",
    "DESCRIPTION": (
        "Read-only public data of the covenant: events, commitments, parties, working groups, news and "
        "the knowledge library. "
        "Only what an anonymous visitor of the site may see; no personal data beyond the names the pages "
        "show. See docs/api.md."
    ),
    "VERSION": "1.1.0",
    "SERVE_INCLUDE_SCHEMA": False,
    "SERVE_AUTHENTICATION": [],
    "SERVE_PERMISSIONS": ["rest_framework.permissions.AllowAny"],
    "SCHEMA_PATH_PREFIX": r"/api/v1",
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "COMPONENT_SPLIT_REQUEST": True,
    "PREPROCESSING_HOOKS": ["api.schema.only_public_api"],
}
# The API's own limits and page sizes have defaults in api/app_settings.py (ROUNDTABLE_API_*).

# Limits on what one person may do: the defaults are cms.ratelimits.DEFAULT_RATE_LIMITS; a host site overrides
# single scopes with ROUNDTABLE_RATE_LIMITS = {"forum_post": "30/m"} ("amount/period[,…]", "" for no limit).
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
CSRF_COOKIE_HTTPONLY = True
CSRF_COOKIE_SAMESITE = "Lax"
LANGUAGE_COOKIE_HTTPONLY = True
LANGUAGE_COOKIE_SAMESITE = "Lax"
X_FRAME_OPTIONS = "DENY"  # Wagtail's page preview answers SAMEORIGIN itself, for the admin's preview panel
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
# Admin avatars from Gravatar would send a hash of every editor's e-mail address to a third party.
WAGTAIL_GRAVATAR_PROVIDER_URL = None
# The recordings that events embed play from these privacy-friendly hosts only (events/recordings.py).
VIDEO_PLAYER_ORIGINS = ["https://www.youtube-nocookie.com", "https://player.vimeo.com"]
# No inline script or style anywhere on the site: scripts and styles are static files, data reaches scripts
# through json_script. The middleware adds this host's ws:/wss: origin to connect-src for the live rooms.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [csp.SELF],
        "script-src": [csp.SELF],
        "style-src": [csp.SELF],
        "img-src": [csp.SELF, "data:"],  # data: for the two-factor QR code
        "font-src": [csp.SELF],
        "media-src": [csp.SELF],
        "frame-src": VIDEO_PLAYER_ORIGINS,
        "connect-src": [csp.SELF],
        "form-action": [csp.SELF],
        "frame-ancestors": [csp.NONE],
        "base-uri": [csp.SELF],
        "object-src": [csp.NONE],
        "upgrade-insecure-requests": BASE_URL.startswith("https://"),
    },
}
# Wagtail's admin still relies on inline scripts and styles: it gets its own policy, only under /admin/, that
# allows those and stays strict about everything else (cms.security_headers.ContentSecurityPolicyMiddleware).
# frame-src/frame-ancestors 'self' let the editor show its live preview of a page.
ROUNDTABLE_ADMIN_CONTENT_SECURITY_POLICY = {
    "URL_PREFIXES": ["/admin/"],
    "DIRECTIVES": {
        **CONTENT_SECURITY_POLICY["DIRECTIVES"],
        "script-src": [csp.SELF, csp.UNSAFE_INLINE],
        "style-src": [csp.SELF, csp.UNSAFE_INLINE],
        "img-src": [csp.SELF, "data:", "blob:"],
        "frame-src": [csp.SELF, *VIDEO_PLAYER_ORIGINS],
        "frame-ancestors": [csp.SELF],
    },
}
# Browser features no page of ours uses, switched off for our pages and everything they embed.
PERMISSIONS_POLICY = {
    feature: []
    for feature in (
        "accelerometer",
        "browsing-topics",
        "camera",
        "display-capture",
        "geolocation",
        "gyroscope",
        "hid",
        "idle-detection",
        "magnetometer",
        "microphone",
        "midi",
        "payment",
        "screen-wake-lock",
        "serial",
        "usb",
        "xr-spatial-tracking",
    )
}
if not DEBUG:
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True
    LANGUAGE_COOKIE_SECURE = True
    SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", True)
    SECURE_HSTS_SECONDS = int(os.environ.get("SECURE_HSTS_SECONDS", str(60 * 60 * 24 * 365)))
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    SECURE_HSTS_PRELOAD = env_bool("SECURE_HSTS_PRELOAD", True)
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": os.environ.get("LOG_LEVEL", "WARNING")},
}

# --- Page cache (cms/page_cache.py, docs/page-cache.md) ---
# Anonymous visitors get stored copies of HTML pages for this many seconds at most (any relevant database
# write clears them at once); 0 turns the page cache off.
ROUNDTABLE_PAGE_CACHE_SECONDS = int(os.environ.get("PAGE_CACHE_SECONDS", "60"))
# Tables of our apps that only hold private bookkeeping: writing them leaves every public page as it was.
ROUNDTABLE_PAGE_CACHE_IGNORED_TABLES = [
    "forums_threadreadstate",
    "forums_notification",
    "forums_notificationsettings",
    "forums_subscription",
    "forums_roompresence",
    "events_calendarfeedkey",
]
