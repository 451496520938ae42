"""What the public API's commitment list costs with 5,000 commitments, against a bare baseline measured in
the same run: one `values()` query of the same rows plus one per related list (parties, themes, OECD steps,
SDG targets, indicators with their published values), turned into the same fields with `json.dumps`. The
ratio (API / baseline) says what DRF, the FilterSet, pagination, serializers, ETag and the rest add to
reading and dumping the rows, on any machine.

Two measures: the first page (100 rows, the largest page a client may ask for) against the baseline for
those 100 rows, and the whole register read page by page (50 requests) against the baseline for all 5,000.

Run with `make bench` (or `.venv/bin/python bench/bench_api.py`). It builds its own throw-away SQLite
database; nothing else is touched.
"""

import json
import os
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "tests.settings")
os.environ.setdefault("DATABASE_URL", "sqlite://:memory:")

import django

django.setup()

from django.core.serializers.json import DjangoJSONEncoder  # noqa: E402
from django.db import connection  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import setup_test_environment  # noqa: E402

from bench import timing  # noqa: E402

ROUNDS = 5
SIZE = 5000
PAGE = 100
FIELDS = (
    "pk",
    "title",
    "description",
    "kind",
    "status",
    "start_date",
    "target_date",
    "progress",
    "last_reported_on",
    "published_at",
    "updated_at",
)


def _grouped(rows) -> dict:
    grouped: dict = {}
    for commitment_id, *rest in rows:
        grouped.setdefault(commitment_id, []).append(rest)
    return grouped


def baseline(limit: int | None) -> str:
    """The same fields read with bare values() queries and dumped with json.dumps, nothing else."""
    from commitments.models import Commitment, IndicatorValue

    commitments = Commitment.objects.public_register().order_by("-updated_at", "-pk")
    rows = list(commitments.values(*FIELDS)[:limit] if limit else commitments.values(*FIELDS))
    ids = [row["pk"] for row in rows]
    parties = _grouped(
        Commitment.parties.through.objects.filter(commitment_id__in=ids).values_list(
            "commitment_id", "organisation_id", "organisation__slug", "organisation__name"
        )
    )
    themes = _grouped(
        Commitment.themes.through.objects.filter(commitment_id__in=ids).values_list(
            "commitment_id", "theme__slug", "theme__name"
        )
    )
    steps = _grouped(
        Commitment.due_diligence_steps.through.objects.filter(commitment_id__in=ids).values_list(
            "commitment_id", "duediligencestep__number", "duediligencestep__name"
        )
    )
    targets = _grouped(
        Commitment.sdg_targets.through.objects.filter(commitment_id__in=ids).values_list(
            "commitment_id", "sdgtarget__code", "sdgtarget__title"
        )
    )
    values = _grouped(
        IndicatorValue.objects.filter(indicator__commitment_id__in=ids, update__workflow_state="published")
        .order_by("update__reported_on")
        .values_list(
            "indicator__commitment_id",
            "indicator_id",
            "indicator__name",
            "indicator__unit",
            "indicator__baseline",
            "indicator__target",
            "update__reported_on",
            "value",
        )
    )
    for row in rows:
        pk = row["pk"]
        row["parties"], row["themes"] = parties.get(pk, []), themes.get(pk, [])
        row["oecd_steps"], row["sdg_targets"] = steps.get(pk, []), targets.get(pk, [])
        row["indicators"] = values.get(pk, [])
    return json.dumps(rows, cls=DjangoJSONEncoder)


def build() -> None:
    from tests.api.test_queries import add_commitments
    from tests.factories.cms import make_home_site
    from tests.factories.commitments import CommitmentRegisterPageFactory
    from tests.factories.working_groups import ThemeFactory

    home = make_home_site()
    CommitmentRegisterPageFactory(parent=home)
    add_commitments({"theme": ThemeFactory(name="Responsible sourcing")}, SIZE)


def read_all(client: Client) -> int:
    url, rows = f"/api/v1/commitments/?page_size={PAGE}", 0
    while url:
        data = client.get(url.replace("http://testserver", "")).json()
        rows += len(data["results"])
        url = data["next"]
    return rows


def main() -> None:
    setup_test_environment()
    connection.creation.create_test_db(verbosity=0)
    build()
    client = Client()
    first_page = f"/api/v1/commitments/?page_size={PAGE}"
    response = client.get(first_page)
    if response.status_code != 200 or response.json()["count"] != SIZE:
        raise SystemExit(f"{first_page} answered {response.status_code}")
    if read_all(client) != SIZE:
        raise SystemExit("paging through the list did not give every row")

    print(f"API commitment list with {SIZE} public commitments (median of {ROUNDS}; ratio = API / baseline)")
    page_base = timing.median_seconds(lambda: baseline(PAGE), ROUNDS)
    page_api = timing.median_seconds(lambda: client.get(first_page), ROUNDS)
    print(f"{'baseline: values() + json.dumps, 100 rows':<48} {page_base * 1000:9.2f} ms")
    print(f"{'API, first page of 100':<48} {page_api * 1000:9.2f} ms   ratio {page_api / page_base:6.1f}")
    all_base = timing.median_seconds(lambda: baseline(None), ROUNDS)
    all_api = timing.median_seconds(lambda: read_all(client), ROUNDS)
    print(f"{f'baseline: values() + json.dumps, {SIZE} rows':<48} {all_base * 1000:9.2f} ms")
    print(
        f"{f'API, all {SIZE} rows in {SIZE // PAGE} pages':<48} {all_api * 1000:9.2f} ms"
        f"   ratio {all_api / all_base:6.1f}"
    )


if __name__ == "__main__":
    main()
