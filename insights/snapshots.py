"""Published figures: frozen snapshots per closed period, the only figures any page, chart or CSV shows.

Threat model (docs/security.md, "Small-number protection"): someone who may read a set of figures
(the public annual overview, a chair their group's, the secretariat all) wants a count of 1 to 4 people, or
one person's answer, and can create accounts, join open groups, declare a gender, register for events, post,
and reload as often as they like. Three layers, each enough to stop the attack of issue 14 on its own:

1. **Only vetted participants count** (insights.selectors): accounts the secretariat linked to a listed
   covenant party. New accounts move nothing.
2. **Frozen per closed period**: figures are computed once, after their period ended (a quarter, a whole
   year; for the running year, January to the end of the last closed quarter), stored here and shown from
   here on every later request. Nothing done after the freeze — new records, changed answers, deleted
   accounts — moves them, so there is nothing to watch. An open period shows no figures.
3. **Seeded random rounding** (insights.suppression.seeded_rounding) on top of the suppression of cells
   of fewer than five people: even a vetted insider who changes records before a period closes sees
   figures that moved by a random whole base, or not at all.
"""

from __future__ import annotations

from django.conf import settings
from django.db import IntegrityError, transaction
from django.utils import timezone, translation

from insights.filters import Period
from insights.models import FiguresSnapshot
from insights.selectors import (
    PUBLIC_FIGURES,
    Figure,
    InsightsRequest,
    Scope,
    covenant_events,
    insights_figures,
)
from insights.suppression import Cell, ProtectedTable, Row, seeded_rounding


def _now():
    """The current time, for deciding which periods have closed (a test moves it to a year's end)."""
    return timezone.now()


def published_period(period: Period, now=None) -> Period | None:
    """What of `period` is published: the period itself once it has closed; for a running year, January to
    the end of its last closed quarter; nothing for a quarter still running (or a year with none closed)."""
    now = now or _now()
    if period.end <= now:
        return period
    if period.quarter is None and period.through is None:
        closed = [quarter for quarter, end in Period(period.year).quarter_ends() if end <= now]
        if closed:
            return Period(period.year, through=max(closed))
    return None


def _scope_key(scope: Scope) -> str:
    if scope.group_ids is None:
        return "covenant"
    return "groups:" + ",".join(str(group_id) for group_id in sorted(scope.group_ids))


def filters_key(kind: str | None = None, theme=None, public: bool = False) -> str:
    parts = [f"kind={kind or ''}", f"theme={getattr(theme, 'pk', '') or ''}"]
    if public:
        parts.append("public")
    return ";".join(parts)


def _cell(cell: Cell | None) -> list | None:
    return None if cell is None else [cell.value]


def _uncell(value: list | None) -> Cell | None:
    return None if value is None else Cell(value[0])


def _serialise(figure: Figure) -> dict:
    table = figure.table
    return {
        "slug": figure.slug,
        "title": figure.title,
        "description": figure.description,
        "unit": figure.unit,
        "columns": [[key, label] for key, label in table.columns],
        "rows": [
            {
                "key": row.key,
                "label": row.label,
                "cells": [cell.value for cell in row.cells],
                "total": _cell(row.total),
            }
            for row in table.rows
        ],
        "column_totals": None
        if table.column_totals is None
        else [cell.value for cell in table.column_totals],
        "grand_total": _cell(table.grand_total),
    }


def _deserialise(data: dict) -> Figure:
    table = ProtectedTable(
        columns=[(key, label) for key, label in data["columns"]],
        rows=[
            Row(row["key"], row["label"], [Cell(value) for value in row["cells"]], _uncell(row["total"]))
            for row in data["rows"]
        ],
        column_totals=None
        if data["column_totals"] is None
        else [Cell(value) for value in data["column_totals"]],
        grand_total=_uncell(data["grand_total"]),
    )
    return Figure(data["slug"], data["title"], data["description"], table, data["unit"])


def _with_numbers_of(labelled: dict, numbers: dict) -> dict:
    """`labelled` (one language's words) with the frozen numbers of `numbers` (same figure, same shape)."""
    return {
        **labelled,
        "rows": [
            {**row, "cells": frozen["cells"], "total": frozen["total"]}
            for row, frozen in zip(labelled["rows"], numbers["rows"], strict=True)
        ],
        "column_totals": numbers["column_totals"],
        "grand_total": numbers["grand_total"],
    }


def _language() -> str:
    codes = [code for code, _name in settings.LANGUAGES]
    current = (translation.get_language() or settings.LANGUAGE_CODE).split("-")[0]
    return current if current in codes else settings.LANGUAGE_CODE


def _compute(request: InsightsRequest, seed: str, public: bool) -> list[dict]:
    with seeded_rounding(seed):
        figures = insights_figures(request)
    return [_serialise(figure) for figure in figures if not public or figure.slug in PUBLIC_FIGURES]


def published_figures(
    request: InsightsRequest, *, public: bool = False, now=None
) -> tuple[Period | None, list[Figure]]:
    """The published period for `request.period` and its frozen figures ([] when nothing is published yet).
    The first request after a period closed freezes them; every later one reads them back (one query)."""
    period = published_period(request.period, now)
    if period is None:
        return None, []
    scope, filters = _scope_key(request.scope), filters_key(request.kind, request.theme, public)
    language = _language()
    snapshot = FiguresSnapshot.objects.filter(scope=scope, period=period.key, filters=filters).first()
    if snapshot is not None and language in snapshot.figures:
        return period, [_deserialise(data) for data in snapshot.figures[language]]
    events = request.events.filter(start__gte=period.start, start__lt=period.end)
    computed = _compute(
        InsightsRequest(request.scope, period, events, request.theme),
        f"{scope}|{period.key}|{filters}",
        public,
    )
    if snapshot is None:
        try:
            with transaction.atomic():
                snapshot = FiguresSnapshot.objects.create(
                    scope=scope, period=period.key, filters=filters, figures={language: computed}
                )
        except IntegrityError:  # frozen meanwhile by a concurrent request: show that one
            snapshot = FiguresSnapshot.objects.get(scope=scope, period=period.key, filters=filters)
    if language not in snapshot.figures:
        frozen = next(iter(snapshot.figures.values()))
        snapshot.figures[language] = [
            _with_numbers_of(labelled, numbers) for labelled, numbers in zip(computed, frozen, strict=True)
        ]
        snapshot.save(update_fields=["figures"])
    return period, [_deserialise(data) for data in snapshot.figures[language]]


def published_annual_figures(year: int, now=None) -> tuple[Period | None, list[Figure]]:
    """The public overview of a year: covenant-wide, no per-group breakdown, frozen like every figure."""
    scope, period = Scope(), Period(year)
    request = InsightsRequest(scope, period, covenant_events(scope, period))
    return published_figures(request, public=True, now=now)


def freeze_closed_periods(year: int, now=None) -> int:
    """Freeze the unfiltered figures of every closed period of `year` (each closed quarter and the year or
    the year so far), covenant-wide, per group and for the public overview. Run it soon after a quarter
    closes (`manage.py freeze_insights`), so that figures are frozen before anyone can change the data they
    count; a choice of filters nobody asked for yet is frozen at its first request. Returns how many
    snapshots exist for the year afterwards."""
    from insights.filters import QUARTERS
    from working_groups.models import WorkingGroupPage

    now = now or _now()
    scopes = [
        Scope(),
        *(Scope((group_id,)) for group_id in WorkingGroupPage.objects.values_list("pk", flat=True)),
    ]
    periods = [Period(year, quarter) for quarter, _label in QUARTERS] + [Period(year)]
    for period in periods:
        if published_period(period, now) is None:
            continue
        for scope in scopes:
            events = covenant_events(scope, Period(year)).filter(
                start__gte=period.start, start__lt=period.end
            )
            published_figures(InsightsRequest(scope, period, events), now=now)
    published_annual_figures(year, now=now)
    return FiguresSnapshot.objects.filter(period__startswith=str(year)).count()
