"""Rebuild the commitment register's status summary from the public API.

    python docs/api_status_summary.py https://covenant.example.org
    python docs/api_status_summary.py https://covenant.example.org theme=child-labour overdue=true

The register page shows how many of its (filtered) commitments are in each status. The API filters with the
same FilterSet as the page, so asking for one status at a time with `page_size=1` and reading `count` gives
the same figures: one small request per status, whatever the size of the register. Only the standard
library is used.
"""

import json
import sys
import urllib.parse
import urllib.request

STATUSES = ["planned", "in_progress", "achieved", "delayed", "withdrawn"]


def fetch_json(url: str) -> dict:
    request = urllib.request.Request(url, headers={"Accept": "application/json"})  # noqa: S310
    with urllib.request.urlopen(request, timeout=30) as response:  # noqa: S310 - the address is the caller's
        return json.load(response)


def status_summary(base_url: str, filters: dict[str, str] | None = None) -> tuple[list[dict], int]:
    """[{status, count, percent}] in the register's order, and the total, for the register's filters."""
    counts = {}
    for status in STATUSES:
        query = urllib.parse.urlencode({**(filters or {}), "status": status, "page_size": 1})
        counts[status] = fetch_json(f"{base_url.rstrip('/')}/api/v1/commitments/?{query}")["count"]
    total = sum(counts.values())
    rows = [
        {
            "status": status,
            "count": counts[status],
            "percent": round(100 * counts[status] / total, 1) if total else 0,
        }
        for status in STATUSES
    ]
    return rows, total


def main(argv: list[str]) -> None:
    base_url, *pairs = argv
    filters = dict(pair.split("=", 1) for pair in pairs)
    rows, total = status_summary(base_url, filters)
    for row in rows:
        print(f"{row['status']:<12} {row['count']:>6} {row['percent']:>6}%")
    print(f"{'total':<12} {total:>6}")


if __name__ == "__main__":
    main(sys.argv[1:])
