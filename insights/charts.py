"""Grouped bar charts of protected tables, computed on the server and written as inline SVG (no JavaScript,
presentation attributes only). The chart draws exactly the table beside it: a suppressed cell is drawn as an
empty dashed bar labelled "fewer than 5", never as a length. Axis arithmetic is shared with the commitments'
indicator charts (commitments.charts.linear_position).
"""

from __future__ import annotations

from dataclasses import dataclass

from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from commitments.charts import linear_position
from insights.suppression import ProtectedTable

WIDTH = 640
LABEL_WIDTH = 210
VALUE_WIDTH = 110
BAR_HEIGHT = 11
BAR_GAP = 3
ROW_LABEL_HEIGHT = 18
ROW_GAP = 10
LEGEND_ROW = 20
SUPPRESSED_WIDTH = 6
# Colours with at least 3:1 contrast against white (WCAG 1.4.11), told apart by the legend and the table too.
PALETTE = ["#1f5fa8", "#b3261e", "#2e7d32", "#6a1b9a", "#8a5a00", "#555555", "#00707a"]


@dataclass(frozen=True)
class Bar:
    x: float
    y: float
    width: float
    height: int
    fill: str
    suppressed: bool
    text: str
    text_x: float
    text_y: float


@dataclass(frozen=True)
class Label:
    x: float
    y: float
    text: str
    fill: str = "#1a1a1a"


@dataclass(frozen=True)
class BarChart:
    title: str
    description: str
    width: int
    height: int
    legend: list[tuple[Label, Bar]]
    labels: list[Label]
    bars: list[Bar]


def bar_chart(title: str, table: ProtectedTable, unit: str) -> BarChart:
    """One group of bars per table row, one bar per column, scaled to the largest shown cell."""
    plot_width = WIDTH - LABEL_WIDTH - VALUE_WIDTH
    top = 4
    legend = []
    for index, label in enumerate(table.column_labels):
        column, row = index % 3, index // 3
        x = column * (WIDTH / 3)
        y = top + row * LEGEND_ROW
        colour = PALETTE[index % len(PALETTE)]
        swatch = Bar(x, y, 12, 12, colour, False, "", 0, 0)
        legend.append((Label(x + 18, y + 10, label), swatch))
    y = top + ((len(table.column_labels) + 2) // 3) * LEGEND_ROW + 8
    high = max(table.max_value, 1)
    labels, bars = [], []
    for row in table.rows:
        labels.append(Label(0, y + 12, row.label))
        y += ROW_LABEL_HEIGHT
        for index, cell in enumerate(row.cells):
            colour = PALETTE[index % len(PALETTE)]
            width = SUPPRESSED_WIDTH if cell.suppressed else linear_position(cell.value, 0, high, plot_width)
            text = cell.text
            bars.append(
                Bar(
                    LABEL_WIDTH,
                    y,
                    round(width, 1),
                    BAR_HEIGHT,
                    colour,
                    cell.suppressed,
                    text,
                    LABEL_WIDTH + width + 6,
                    y + BAR_HEIGHT - 1,
                )
            )
            y += BAR_HEIGHT + BAR_GAP
        y += ROW_GAP
    return BarChart(
        title=title,
        description=describe(table, unit),
        width=WIDTH,
        height=int(y),
        legend=legend,
        labels=labels,
        bars=bars,
    )


def describe(table: ProtectedTable, unit: str) -> str:
    """The chart's text alternative: its largest shown groups and how many cells are hidden."""
    shown = [
        (cell.value, row.label, column)
        for row in table.rows
        for cell, column in zip(row.cells, table.column_labels, strict=True)
        if not cell.suppressed and cell.value
    ]
    hidden = sum(cell.suppressed for row in table.rows for cell in row.cells)
    if not shown:
        text = _("No group large enough to show.")
    else:
        largest = sorted(shown, key=lambda item: -item[0])[:3]
        text = _("Largest: %(list)s.") % {
            "list": "; ".join(f"{row}, {column}: {value} {unit}" for value, row, column in largest)
        }
    if hidden:
        hidden_text = ngettext(
            "%(count)s cell holds too few people to show.",
            "%(count)s cells hold too few people to show.",
            hidden,
        )
        text += " " + hidden_text % {"count": hidden}
    return text + " " + _("The table gives every figure.")
