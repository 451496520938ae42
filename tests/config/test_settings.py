"""Settings come from the environment only; each case imports them fresh in a child process."""

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from config.settings import email_settings_from_url

REPO = Path(__file__).resolve().parents[2]
PRODUCTION_ENV = {
    "DEBUG": "0",
    "SECRET_KEY": "k3y-" + "x7Qp9vLm2RzT8wYb5NcF1hJd6GsK4aEu0" * 2,
    "ALLOWED_HOSTS": "covenant.example.org",
    "BASE_URL": "https://covenant.example.org",
}


CONFIGURATION_VARIABLES = {
    "DJANGO_SETTINGS_MODULE",
    "DEBUG",
    "SECRET_KEY",
    "SECRET_KEY_FILE",
    "MEDIA_ROOT",
    "PRIVATE_MEDIA_ROOT",
    "ALLOWED_HOSTS",
    "SECURE_SSL_REDIRECT",
    "DATABASE_URL",
    "REDIS_URL",
    "EMAIL_URL",
    "TIME_ZONE",
    "BASE_URL",
    "CSRF_TRUSTED_ORIGINS",
    "SECURE_HSTS_SECONDS",
    "SECURE_HSTS_PRELOAD",
}


def child_env(**env: str) -> dict[str, str]:
    """This process's environment without the suite's own configuration, plus `env`."""
    inherited = {key: value for key, value in os.environ.items() if key not in CONFIGURATION_VARIABLES}
    return {**inherited, **env}


def run_python(code: str, **env: str) -> subprocess.CompletedProcess:
    return subprocess.run(  # noqa: S603
        [sys.executable, "-c", code],
        cwd=REPO,
        env=child_env(**env),
        capture_output=True,
        text=True,
        timeout=120,
    )


def settings_as_json(names: list[str], **env: str) -> dict:
    code = (
        "import json, config.settings as s; "
        f"print(json.dumps({{n: getattr(s, n) for n in {names!r}}}, default=str))"
    )
    result = run_python(code, **env)
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout)


def test_production_refuses_to_start_without_secret_key():
    result = run_python("import config.settings", DEBUG="0", SECRET_KEY="")
    assert result.returncode != 0
    assert "SECRET_KEY must be set" in result.stderr


def test_private_files_may_not_live_inside_media_root(tmp_path):
    inside = run_python(
        "import config.settings",
        **PRODUCTION_ENV,
        MEDIA_ROOT=str(tmp_path / "media"),
        PRIVATE_MEDIA_ROOT=str(tmp_path / "media" / "private"),
    )
    assert inside.returncode != 0
    assert "PRIVATE_MEDIA_ROOT must lie outside MEDIA_ROOT" in inside.stderr
    values = settings_as_json(
        ["PRIVATE_MEDIA_ROOT", "MEDIA_ROOT"], **PRODUCTION_ENV, MEDIA_ROOT=str(tmp_path / "media")
    )
    assert values["PRIVATE_MEDIA_ROOT"] == str(tmp_path / "private-media")


def test_the_demo_makes_its_own_secret_key_once_and_keeps_it_outside_the_repository(tmp_path):
    """`make demo` runs with DEBUG=1 and no SECRET_KEY: the key is random per checkout, never a default from
    the repository, and stays the same from run to run (sessions and links survive a restart)."""
    key_file = tmp_path / "data" / ".secret-key"
    first = settings_as_json(["SECRET_KEY"], DEBUG="1", SECRET_KEY="", SECRET_KEY_FILE=str(key_file))
    again = settings_as_json(["SECRET_KEY"], DEBUG="1", SECRET_KEY="", SECRET_KEY_FILE=str(key_file))
    other = settings_as_json(
        ["SECRET_KEY"], DEBUG="1", SECRET_KEY="", SECRET_KEY_FILE=str(tmp_path / "other-key")
    )
    key = first["SECRET_KEY"]
    assert len(key) >= 50
    assert again["SECRET_KEY"] == key
    assert other["SECRET_KEY"] != key
    assert key_file.read_text().strip() == key
    assert key_file.stat().st_mode & 0o777 == 0o600
    tracked = subprocess.run(  # noqa: S603
        ["git", "grep", "-l", key],  # noqa: S607
        cwd=REPO,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert tracked.stdout == ""
    ignored = subprocess.run(
        ["git", "check-ignore", "-q", ".secret-key"],  # noqa: S607
        cwd=REPO,
        timeout=60,
    )
    assert ignored.returncode == 0, "the default key file is git-ignored"
    assert "insecure-development-key" not in (REPO / "config" / "settings.py").read_text()


@pytest.mark.parametrize("host", ["covenant.example.org", "example.org"])
def test_deploy_check_is_clean_in_production(host):
    result = subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "DEBUG"],
        cwd=REPO,
        env=child_env(**{**PRODUCTION_ENV, "ALLOWED_HOSTS": host, "BASE_URL": f"https://{host}"}),
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "System check identified no issues (0 silenced)." in result.stdout


def test_embedded_defaults_need_no_services():
    values = settings_as_json(["DATABASES", "CHANNEL_LAYERS", "CACHES", "TASKS", "EMAIL_BACKEND"], DEBUG="1")
    assert values["DATABASES"]["default"]["ENGINE"] == "django.db.backends.sqlite3"
    assert values["CHANNEL_LAYERS"]["default"]["BACKEND"] == "cms.channel_layers.SweepingInMemoryChannelLayer"
    assert values["CACHES"]["default"]["BACKEND"].endswith("LocMemCache")
    assert values["TASKS"]["default"]["BACKEND"] == "django_tasks.backends.immediate.ImmediateBackend"
    assert values["EMAIL_BACKEND"] == "django.core.mail.backends.console.EmailBackend"


def test_services_come_from_the_environment():
    values = settings_as_json(
        ["DATABASES", "CHANNEL_LAYERS", "CACHES", "INSTALLED_APPS", "TIME_ZONE"],
        DEBUG="1",
        DATABASE_URL="postgres://covenant:s3cret@db.internal:5432/roundtable",
        REDIS_URL="redis://cache.internal:6379/2",
        TIME_ZONE="Europe/Brussels",
    )
    database = values["DATABASES"]["default"]
    assert database["ENGINE"] == "django.db.backends.postgresql"
    assert (database["HOST"], database["NAME"], database["USER"]) == ("db.internal", "roundtable", "covenant")
    assert "django.contrib.postgres" in values["INSTALLED_APPS"]
    layer = values["CHANNEL_LAYERS"]["default"]
    # Pub/sub: a group message is published once, whatever the number of connections.
    assert layer["BACKEND"] == "channels_redis.pubsub.RedisPubSubChannelLayer"
    [host] = layer["CONFIG"]["hosts"]
    assert host["address"] == "redis://cache.internal:6379/2"
    # A quiet connection waits on its subscription longer than a cache read may take.
    assert host["socket_timeout"] > 5
    assert values["CACHES"]["default"]["LOCATION"] == "redis://cache.internal:6379/2"
    assert values["TIME_ZONE"] == "Europe/Brussels"


def test_production_cookies_and_transport_are_secure():
    values = settings_as_json(
        [
            "SESSION_COOKIE_SECURE",
            "SESSION_COOKIE_HTTPONLY",
            "SESSION_COOKIE_SAMESITE",
            "CSRF_COOKIE_SECURE",
            "CSRF_COOKIE_HTTPONLY",
            "CSRF_COOKIE_SAMESITE",
            "LANGUAGE_COOKIE_SECURE",
            "LANGUAGE_COOKIE_HTTPONLY",
            "CSRF_TRUSTED_ORIGINS",
            "SECURE_SSL_REDIRECT",
            "SECURE_HSTS_SECONDS",
            "SECURE_HSTS_INCLUDE_SUBDOMAINS",
            "SECURE_PROXY_SSL_HEADER",
            "X_FRAME_OPTIONS",
            "SECURE_REFERRER_POLICY",
            "DEBUG",
        ],
        **PRODUCTION_ENV,
    )
    assert values == {
        "SESSION_COOKIE_SECURE": True,
        "SESSION_COOKIE_HTTPONLY": True,
        "SESSION_COOKIE_SAMESITE": "Lax",
        "CSRF_COOKIE_SECURE": True,
        "CSRF_COOKIE_HTTPONLY": True,
        "CSRF_COOKIE_SAMESITE": "Lax",
        "LANGUAGE_COOKIE_SECURE": True,
        "LANGUAGE_COOKIE_HTTPONLY": True,
        "CSRF_TRUSTED_ORIGINS": ["https://covenant.example.org"],
        "SECURE_SSL_REDIRECT": True,
        "SECURE_HSTS_SECONDS": 31536000,
        "SECURE_HSTS_INCLUDE_SUBDOMAINS": True,
        "SECURE_PROXY_SSL_HEADER": ["HTTP_X_FORWARDED_PROTO", "https"],
        "X_FRAME_OPTIONS": "DENY",
        "SECURE_REFERRER_POLICY": "same-origin",
        "DEBUG": False,
    }


def test_the_content_security_policy_upgrades_plain_http_only_on_an_https_site():
    names = ["CONTENT_SECURITY_POLICY", "ROUNDTABLE_ADMIN_CONTENT_SECURITY_POLICY"]
    production = settings_as_json(names, **PRODUCTION_ENV)
    development = settings_as_json(names, DEBUG="1")
    for name in names:
        assert production[name]["DIRECTIVES"]["upgrade-insecure-requests"] is True
        assert development[name]["DIRECTIVES"]["upgrade-insecure-requests"] is False
    site = production["CONTENT_SECURITY_POLICY"]["DIRECTIVES"]
    assert site["script-src"] == site["style-src"] == ["'self'"]
    assert site["frame-ancestors"] == site["object-src"] == ["'none'"]


def test_email_url_forms():
    assert email_settings_from_url("")["EMAIL_BACKEND"].endswith("console.EmailBackend")
    smtp = email_settings_from_url("smtp://mailer%40covenant.example:p%40ss@smtp.example.org:2525")
    assert smtp["EMAIL_HOST"] == "smtp.example.org"
    assert smtp["EMAIL_PORT"] == 2525
    assert smtp["EMAIL_HOST_USER"] == "mailer@covenant.example"
    assert smtp["EMAIL_HOST_PASSWORD"] == "p@ss"
    assert smtp["EMAIL_USE_TLS"] is True
    smtps = email_settings_from_url("smtps://smtp.example.org")
    assert (smtps["EMAIL_PORT"], smtps["EMAIL_USE_SSL"], smtps["EMAIL_USE_TLS"]) == (465, True, False)


def test_unknown_email_scheme_is_refused():
    from django.core.exceptions import ImproperlyConfigured

    with pytest.raises(ImproperlyConfigured, match="EMAIL_URL scheme"):
        email_settings_from_url("sendgrid://key@api")
