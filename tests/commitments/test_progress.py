"""Progress figures (per indicator and overall, both directions, baseline equal to target) and the
server-rendered chart with its text alternative."""

import datetime
from decimal import Decimal

import pytest

from commitments.charts import indicator_chart
from commitments.models import Indicator
from commitments.models.choices import WorkflowState
from commitments.models.progress import indicator_progress, mean_progress
from commitments.services.commitments import commitment_refresh_progress
from tests.factories.commitments import IndicatorFactory, IndicatorValueFactory, ProgressUpdateFactory

D = Decimal


@pytest.mark.parametrize(
    ("baseline", "target", "direction", "value", "expected"),
    [
        (0, 100, "increase", 45, "45.0"),
        (0, 100, "increase", 150, "100.0"),  # clamped
        (0, 100, "increase", -10, "0.0"),  # clamped
        (20, 60, "increase", 30, "25.0"),
        (1000, 700, "decrease", 850, "50.0"),
        (1000, 700, "decrease", 1100, "0.0"),  # went the wrong way
        (1000, 700, "decrease", 600, "100.0"),
        (5, 5, "increase", 5, "100.0"),  # baseline == target: reached
        (5, 5, "increase", 4, "0.0"),
        (5, 5, "decrease", 4, "100.0"),
        (5, 5, "decrease", 6, "0.0"),
        (0, 3, "increase", 1, "33.3"),
    ],
)
def test_indicator_progress(baseline, target, direction, value, expected):
    assert indicator_progress(D(baseline), D(target), direction, D(value)) == D(expected)


def test_mean_progress():
    assert mean_progress([]) is None
    assert mean_progress([D(100), D(0), D(50)]) == D("50.0")


@pytest.mark.django_db
def test_commitment_progress_uses_latest_published_values(covenant):
    commitment = covenant.commitments["public"]
    emissions = commitment.indicators.get()  # 1000 → 700 t CO2, decrease
    women = IndicatorFactory(
        commitment=commitment, name="Women in management", unit="%", baseline=10, target=30
    )
    old = ProgressUpdateFactory(commitment=commitment, reported_on=datetime.date(2025, 3, 1))
    new = ProgressUpdateFactory(commitment=commitment, reported_on=datetime.date(2025, 9, 1))
    draft = ProgressUpdateFactory(
        commitment=commitment, reported_on=datetime.date(2025, 10, 1), workflow_state=WorkflowState.DRAFT
    )
    IndicatorValueFactory(update=old, indicator=emissions, value=900)
    IndicatorValueFactory(update=new, indicator=emissions, value=790)  # 70 %
    IndicatorValueFactory(update=old, indicator=women, value=15)  # 25 %, never reported again
    IndicatorValueFactory(update=draft, indicator=emissions, value=700)  # not published: ignored
    commitment_refresh_progress(commitment)
    commitment.refresh_from_db()
    assert commitment.progress == D("47.5")
    assert commitment.last_reported_on == datetime.date(2025, 9, 1)


@pytest.mark.django_db
def test_unreported_indicator_counts_as_zero(covenant):
    commitment = covenant.commitments["public"]
    IndicatorFactory(commitment=commitment, baseline=3, target=3)
    commitment_refresh_progress(commitment)
    commitment.refresh_from_db()
    assert commitment.progress == D("0.0")


def test_chart_has_a_text_alternative_and_geometry():
    indicator = Indicator(
        name="Smelters mapped", unit="smelters", baseline=D(0), target=D(40), direction="increase"
    )
    chart = indicator_chart(
        indicator,
        [(datetime.date(2025, 6, 1), D(10)), (datetime.date(2025, 12, 1), D("25.5"))],
        datetime.date(2025, 1, 1),
        datetime.date(2026, 12, 31),
    )
    assert len(chart.points) == 2
    assert chart.points[0].x < chart.points[1].x
    assert chart.points[1].y < chart.points[0].y  # higher value, higher on the chart
    assert chart.target_y < chart.baseline_y
    assert "Baseline 0 smelters, target 40 smelters." in chart.description
    assert "25.5 smelters on 1 December 2025" in chart.description
    assert "63.8% of the way" in chart.description


def test_chart_without_values_says_so():
    indicator = Indicator(name="Audits", unit="audits", baseline=D(2), target=D(2), direction="increase")
    chart = indicator_chart(indicator, [], datetime.date(2025, 1, 1), datetime.date(2026, 1, 1))
    assert chart.points == []
    assert "No value has been reported yet." in chart.description


@pytest.mark.django_db
def test_commitment_page_renders_accessible_svg_and_table(covenant, client):
    commitment = covenant.commitments["public"]
    update = ProgressUpdateFactory(commitment=commitment, reported_on=datetime.date(2025, 6, 30))
    IndicatorValueFactory(update=update, indicator=commitment.indicators.get(), value=850)
    commitment_refresh_progress(commitment)
    html = client.get(covenant.register.commitment_url(commitment)).text
    assert 'role="img"' in html
    assert f'aria-labelledby="chart-{commitment.indicators.get().pk}-title chart-' in html
    assert "<desc id=" in html and "Baseline 1000 t CO2, target 700 t CO2." in html
    assert "<table>" in html and "850 t CO2" in html
    assert "<script" not in html.split("<main", 1)[1]
