"""Hooks of the OpenAPI description (SPECTACULAR_SETTINGS)."""

API_PREFIX = "/api/v1/"


def only_public_api(endpoints, **kwargs):
    """The description covers this API only, not the DRF views other apps mount (Wagtail's admin API)."""
    return [endpoint for endpoint in endpoints if endpoint[0].startswith(API_PREFIX)]
