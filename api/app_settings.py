"""Settings of the public API, with defaults, so the app works on another host site unchanged.

- `ROUNDTABLE_API_RESOURCES`: dotted paths of the modules that each publish one resource (a `RESOURCE`
  attribute, see api.resources). The default lists the resources of this suite; a host site (or the
  integrator of another app, such as the library) appends its own.
- `ROUNDTABLE_API_PAGE_SIZE` / `ROUNDTABLE_API_MAX_PAGE_SIZE`: items per page, and the most a client may ask
  for with `page_size`.
- `ROUNDTABLE_API_CACHE_SECONDS`: `Cache-Control: max-age` of successful answers.
- The rate limit is the `api_read` scope of cms.ratelimits (`ROUNDTABLE_RATE_LIMITS`), counted per address.
"""

from django.conf import settings

DEFAULT_RESOURCES = (
    "api.resources.events",
    "api.resources.commitments",
    "api.resources.parties",
    "api.resources.groups",
    "api.resources.news",
    "api.resources.library",
)


def resources() -> tuple[str, ...]:
    return tuple(getattr(settings, "ROUNDTABLE_API_RESOURCES", DEFAULT_RESOURCES))


def page_size() -> int:
    return int(getattr(settings, "ROUNDTABLE_API_PAGE_SIZE", 20))


def max_page_size() -> int:
    return int(getattr(settings, "ROUNDTABLE_API_MAX_PAGE_SIZE", 100))


def cache_seconds() -> int:
    return int(getattr(settings, "ROUNDTABLE_API_CACHE_SECONDS", 60))
