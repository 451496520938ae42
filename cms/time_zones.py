"""The time zones a person may choose (profile, event forms)."""

import zoneinfo
from functools import cache


@cache
def time_zone_choices() -> list[tuple[str, str]]:
    """Every IANA zone Python knows, sorted; built once per process."""
    return [(name, name.replace("_", " ")) for name in sorted(zoneinfo.available_timezones())]
