"""Settings for the test suite: production settings (DEBUG off) served over plain HTTP on this machine."""

import os
import tempfile

os.environ.setdefault("SECRET_KEY", "test-suite-secret-key-not-for-production")
# Uploads of the suite (public media, and private files beside them: cms.storage) go to a temporary folder,
# never the checkout's; servers the tests start inherit it through the environment.
os.environ.setdefault("MEDIA_ROOT", os.path.join(tempfile.mkdtemp(prefix="roundtable-tests-"), "media"))
os.environ.setdefault("ALLOWED_HOSTS", "testserver,localhost,127.0.0.1")
os.environ.setdefault("SECURE_SSL_REDIRECT", "0")

from config.settings import *  # noqa: F403

# The test server and the live server speak HTTP; production cookies are Secure.
SESSION_COOKIE_SECURE = False
CSRF_COOKIE_SECURE = False
# No collectstatic before tests: serve static files straight from the finders.
STORAGES = {**STORAGES, "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"}}  # noqa: F405
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
ACCOUNT_RATE_LIMITS = False
ROUNDTABLE_RATE_LIMITS = False  # tests/security/test_rate_limits.py turns them on
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
# Whitenoise finds files through the staticfiles finders instead of scanning a collected STATIC_ROOT.
WHITENOISE_USE_FINDERS = True
WHITENOISE_AUTOREFRESH = True
# A TOTP code computed by a test may reach the server in the next 30-second step; accept one step either side.
MFA_TOTP_TOLERANCE = 1
# Private uploads follow a test's MEDIA_ROOT (to a `private-media` folder beside it), see cms.storage.
PRIVATE_MEDIA_ROOT = None
# The page cache stays out of tests that do not ask for it (tests/cms/test_page_cache.py turns it on), so a
# page that one test stored never answers another; the benches turn it on through PAGE_CACHE_SECONDS.
ROUNDTABLE_PAGE_CACHE_SECONDS = int(os.environ.get("PAGE_CACHE_SECONDS", "0"))

# `make unit` runs the suite in two processes (pytest-xdist). Each keeps its own Redis database, so one
# process's cache entries (and its cache.clear(), a FLUSHDB) never reach the other's tests: the first worker
# uses the database REDIS_URL names, the next the one after it.
_WORKER = os.environ.get("PYTEST_XDIST_WORKER", "")
if REDIS_URL and _WORKER.startswith("gw"):  # noqa: F405
    from urllib.parse import urlsplit, urlunsplit

    _redis = urlsplit(REDIS_URL)  # noqa: F405
    _database = int(_redis.path.strip("/") or 0) + int(_WORKER[2:])
    REDIS_URL = urlunsplit(_redis._replace(path=f"/{_database}"))
    CACHES["default"]["LOCATION"] = REDIS_URL  # noqa: F405
    CHANNEL_LAYERS["default"]["CONFIG"]["hosts"][0]["address"] = REDIS_URL  # noqa: F405
