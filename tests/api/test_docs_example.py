"""The example in docs/ (docs/api_status_summary.py) rebuilds the register's status summary from the API,
over real HTTP against a running test server, and gets the figures the register page shows."""

import importlib.util
from pathlib import Path

import pytest

from commitments.models.choices import CommitmentStatus

EXAMPLE = Path(__file__).resolve().parents[2] / "docs" / "api_status_summary.py"


def load_example():
    spec = importlib.util.spec_from_file_location("api_status_summary", EXAMPLE)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_the_example_rebuilds_the_register_summary(world, live_server, client):
    example = load_example()
    assert list(CommitmentStatus.values) == example.STATUSES
    for filters in ({}, {"theme": "responsible-sourcing"}, {"stakeholder_type": "trade_union"}):
        rows, total = example.status_summary(live_server.url, filters)
        page = client.get(world.register.url, filters)
        assert page.status_code == 200
        expected = [(row.status, row.count, row.percent) for row in page.context["summary"]]
        assert [(row["status"], row["count"], row["percent"]) for row in rows] == expected, filters
        assert total == page.context["summary_total"]
    # The whole public register of the world: group-only and unpublished commitments stay out.
    assert example.status_summary(live_server.url)[1] == 3
